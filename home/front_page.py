"""What the home page shows, for a visitor or a signed-in learner.

What is the same for everyone (catalogue highlights, contests open or coming) is cached per home
page, i.e. per language tree, under a generation token that home.receivers replaces whenever a
page is published, unpublished, moved or deleted; a short timeout bounds how long a contest that
has just ended or opened can lag. The phase of each contest is decided with the request's clock,
so an ended contest is never offered. A person's own data is read through the owning apps'
selectors and cached per person by home.personal, whose generation tokens the person's own writes
replace (home.receivers), so their change shows on the next page.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.utils import timezone, translation

from courses.selectors import catalogue_highlights
from quizzes.selectors import contest_phase_at, contests_open_or_coming

from .charts import credit_chart

SHARED_CACHE_SECONDS = 300
GENERATION_KEY = "home:shared:generation"


def shared_generation() -> str:
    """The current generation of the shared home-page facts (made on first use)."""
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, timeout=None)


def shared_forget() -> None:
    """Retire every cached copy of the shared facts: the next home page rebuilds them."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def shared_facts(*, page, request) -> dict:
    """Catalogue highlights and contests not ended under this home page, as plain data; cached
    per page and language (one cache round trip when warm). `key` names this version, for the
    visitor's page, whose rendered sections are cached under it too."""
    language = translation.get_language() or ""
    key = f"home:shared:{shared_generation()}:{page.pk}:{language}"
    facts = cache.get(key)
    if facts is None:
        facts = {
            "highlights": catalogue_highlights(root=page, request=request),
            "contests": contests_open_or_coming(root=page, request=request),
        }
        cache.set(key, facts, timeout=SHARED_CACHE_SECONDS)
    return {**facts, "key": key}


def _contests_now(contests: list[dict], registered: set[int]) -> list[dict]:
    now = timezone.now()
    rows = []
    for contest in contests:
        phase = contest_phase_at(contest=contest, now=now)
        if phase != "ended":
            rows.append({**contest, "phase": phase, "registered": contest["pk"] in registered})
    return rows


def home_context(*, page, request) -> dict:
    """The home page's context: the shared facts, and for a signed-in learner their own."""
    facts = shared_facts(page=page, request=request)
    user = request.user
    if not user.is_authenticated:
        contests = _contests_now(facts["contests"], set())
        # What a visitor sees is the same for every visitor: the rendered sections are cached
        # under the facts' version and each contest's phase (a phase change renders anew).
        phases = "-".join(f"{c['pk']}.{c['phase']}" for c in contests)
        return {
            "highlights": facts["highlights"],
            "contests": contests,
            "visitor_fragment_key": f"{facts['key']}:{phases}",
        }
    from .personal import personal_home

    personal, registered = personal_home(
        user=user, request=request, contest_ids=[c["pk"] for c in facts["contests"]]
    )
    return {
        "contests": _contests_now(facts["contests"], registered),
        "credit_chart": credit_chart(personal["credit_summary"]),
        **personal,
    }
