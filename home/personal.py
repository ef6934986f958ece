"""The signed-in learner's own home-page data, cached per person, retired by what changes it.

Reading it costs ten queries (hours, requirement, assignments, gaps, notices, courses in progress,
their lessons, recommendations, profile, contest registrations); almost every home page view of a
learner sees the very same answer as the last one. So the answer is kept in the cache under a key
made of three generation tokens:

- the person's own (`personal_forget(user_id)`), replaced whenever a row of theirs that the page
  shows is written: enrolments, lesson progress, credit hours, assignment targets, notices,
  competence levels, results, contest registrations and their profile (home.receivers);
- everyone's (`personal_forget_everyone()`), replaced when a row the page reads for everybody is
  written: annual requirements, assignments, course competences, post targets, competences and
  tests (titles);
- the shared home facts' (home.front_page.shared_generation), replaced whenever a page is
  published, unpublished, moved or deleted (course and lesson titles, addresses, lessons live).

Each token is read before the data, so an answer computed while a change commits is stored under
the old token and never read again; the tokens are replaced both at once and again when the
writing transaction commits, so no reader can cache the pre-commit state under the new one. The
days left and the credit year depend on the calendar: the value remembers the days it was
computed for and is rebuilt when either changes. A timeout bounds anything else.

The cache must be shared by every process that serves or writes (Redis when REDIS_URL is set, or
the one process of a development server): `HOME_PERSONAL_CACHE` (settings) switches it off where
it is not, e.g. several gunicorn workers on local memory.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from wagtail.models import Site

from core.clock import local_today, person_today
from quizzes.selectors import contest_ids_registered
from training.selectors import learner_home

from .front_page import GENERATION_KEY as SHARED_GENERATION_KEY

PERSONAL_CACHE_SECONDS = 600
EVERYONE_KEY = "home:personal:everyone"


def _user_key(user_id: int) -> str:
    return f"home:personal:user:{user_id}"


def personal_cache_enabled() -> bool:
    return getattr(settings, "HOME_PERSONAL_CACHE", True)


def _replace(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, timeout=None)


def _replace_now_and_on_commit(key: str) -> None:
    _replace(key)
    transaction.on_commit(lambda: _replace(key))


def personal_forget(user_id: int | None) -> None:
    """Retire this person's cached home data (now, and once more when the write commits)."""
    if user_id is not None:
        _replace_now_and_on_commit(_user_key(user_id))


def personal_forget_everyone() -> None:
    """Retire every person's cached home data (a rule or title they all read has changed)."""
    _replace_now_and_on_commit(EVERYONE_KEY)


def _generations(user_id: int) -> tuple[str, str, str]:
    keys = (SHARED_GENERATION_KEY, EVERYONE_KEY, _user_key(user_id))
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            value = cache.get(key)
        values.append(value)
    return tuple(values)


def _compute(*, user, english: bool, request, contest_ids: list[int]) -> dict:
    personal = learner_home(user=user, english=english, request=request)
    return {
        "personal": personal,
        "contest_ids": contest_ids,
        "registered": contest_ids_registered(user=user, contest_ids=contest_ids),
    }


def personal_home(*, user, request, contest_ids: list[int]) -> tuple[dict, set[int]]:
    """`training.selectors.learner_home` for this person and their registrations among these
    contests, from the cache when nothing they show has changed since it was read."""
    english = (translation.get_language() or "").startswith("en")
    if not personal_cache_enabled():
        value = _compute(user=user, english=english, request=request, contest_ids=contest_ids)
        return value["personal"], value["registered"]
    shared, everyone, own = _generations(user.pk)
    site = Site.find_for_request(request) if request is not None else None
    language = translation.get_language() or ""
    key = f"home:personal:{user.pk}:{language}:{site.pk if site else 0}:{shared}:{everyone}:{own}"
    value = cache.get(key)
    if value is not None and (
        value["contest_ids"] != contest_ids
        or value["today"] != local_today()
        or value["own_today"] != person_today(time_zone=value["time_zone"])
    ):
        value = None
    if value is None:
        value = _compute(user=user, english=english, request=request, contest_ids=contest_ids)
        time_zone = value["personal"]["time_zone"]
        value.update(
            today=local_today(),
            own_today=person_today(time_zone=time_zone),
            time_zone=time_zone,
        )
        cache.set(key, value, timeout=PERSONAL_CACHE_SECONDS)
    return value["personal"], value["registered"]
