"""The organizer's contest screen in the Wagtail admin: one contest's registrations and integrity
flags (flagged for the organizer, not silently dropped), the flagged-only filter, pages, the empty
state, the way to it from the contest's edit page, who may see it, and a query count that does not
grow with the number of people."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Role
from quizzes.models import ContestEntry, ContestMode
from quizzes.selectors import organizer as selectors_organizer
from quizzes.services.contests import (
    challenge_answer,
    contest_answer,
    contest_decide,
    contest_enter,
    contest_register,
    contest_session_claim,
    contest_submit,
)
from tests.factories.contests import contest_page
from tests.factories.people import OrgUnitFactory, ProfileFactory, UserFactory, grant_role
from tests.quizzes.conftest import right_responses
from trust.models import AuditAction, AuditEvent, AuditResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer():
    user = ProfileFactory().user
    grant_role(user, Role.ORGANIZER)  # enrolled in two-factor authentication, as staff are
    return user


@pytest.fixture
def organizer_client(organizer):
    from wagtail.users.models import UserProfile

    # Some assertions read English wording; the admin speaks the user's preferred language.
    profile = UserProfile.get_for_user(organizer)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(organizer)
    return client


def _detail(contest, **query) -> str:
    url = reverse("quizzes_contests:detail", args=[contest.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def play(contest, user, *, fast: bool = False, submit: bool = True) -> ContestEntry:
    """Register and answer every question right, a minute apart (or 0.2 s apart: flagged); a
    challenge run ends by itself after the last question."""
    entry = contest_register(contest=contest, user=user, now=contest.starts_at)
    token = contest_session_claim(entry=entry)
    start = contest.starts_at + timedelta(seconds=5)
    attempt = contest_enter(entry=entry, token=token, now=start)
    step = timedelta(seconds=0.2) if fast else timedelta(minutes=1)
    answer = challenge_answer if contest.mode == ContestMode.CHALLENGE else contest_answer
    for index, (slot, response) in enumerate(sorted(right_responses(attempt).items()), start=1):
        answer(entry=entry, token=token, slot=slot, response=response, now=start + index * step)
    if submit:
        contest_submit(entry=entry, token=token, now=start + timedelta(minutes=5))
    return entry


def test_an_organizer_sees_the_registrations_and_flags_of_a_contest(organizer_client):
    contest = contest_page(questions=2)
    unit = OrgUnitFactory(name="数据局", name_en="Data Bureau")
    honest = ProfileFactory(org_unit=unit, user__full_name="张三").user
    hasty = ProfileFactory(user__full_name="李四").user
    waiting = ProfileFactory(user__full_name="王五").user
    play(contest, honest)
    play(contest, hasty, fast=True)
    contest_register(contest=contest, user=waiting, now=contest.starts_at)

    response = organizer_client.get(_detail(contest))

    assert response.status_code == 200
    html = response.content.decode()
    registrations = response.context["registrations"]
    assert [row["name"] for row in registrations["rows"]] == ["张三", "李四", "王五"]
    assert registrations["rows"][0]["unit"] == "Data Bureau"
    assert [row["flags"] for row in registrations["rows"]] == [0, 2, 0]
    assert registrations["rows"][2]["status"] == "Not started"
    assert registrations["rows"][0]["status"] == "Submitted"
    assert response.context["counts"] == {
        "registrations": 3,
        "took_part": 2,
        "flagged": 1,
        "flags": 2,
    }
    flags = response.context["flags"]["rows"]
    assert {(flag["name"], flag["slot"]) for flag in flags} == {("李四", 1), ("李四", 2)}
    assert all(flag["seconds"] < contest.human_floor_seconds for flag in flags)
    assert "Answer faster than a person can read the question" in html
    assert "2 people registered" not in html and "3 people registered" in html
    # Before the contest is decided, the live ranks the public ranking shows (a tie, then the one
    # who has not started, unranked); the export the organizer already has is linked.
    assert [row["rank"] for row in registrations["rows"]] == [1, 1, None]
    assert reverse("quizzes:contest_export", args=[contest.pk, "csv"]) in html
    assert reverse("quizzes:contest_export", args=[contest.pk, "xlsx"]) in html


def test_once_decided_the_screen_shows_rank_and_score(organizer_client):
    contest = contest_page(questions=2)
    play(contest, ProfileFactory(user__full_name="张三").user)
    contest_register(contest=contest, user=UserFactory(), now=contest.starts_at)
    contest_decide(contest=contest, now=contest.ends_at + timedelta(minutes=1))

    rows = organizer_client.get(_detail(contest)).context["registrations"]["rows"]

    assert (rows[0]["name"], rows[0]["rank"], rows[0]["percent"]) == ("张三", 1, 100)
    assert rows[1]["rank"] is None and rows[1]["score"] is None


def test_the_flagged_only_filter_lists_only_people_with_flags(organizer_client):
    contest = contest_page(questions=2)
    play(contest, ProfileFactory(user__full_name="张三").user)
    play(contest, ProfileFactory(user__full_name="李四").user, fast=True)

    response = organizer_client.get(_detail(contest, flagged=1))

    registrations = response.context["registrations"]
    assert [row["name"] for row in registrations["rows"]] == ["李四"]
    assert registrations["total"] == 1
    assert 'name="flagged" value="1" id="id_flagged" checked' in response.content.decode()


def test_an_empty_contest_says_so_instead_of_an_empty_table(organizer_client):
    contest = contest_page()

    response = organizer_client.get(_detail(contest))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nobody has registered for this contest yet." in html
    assert "No suspicious answer so far." in html
    assert 'data-role="registrations"' not in html and 'data-role="flags"' not in html
    flagged = organizer_client.get(_detail(contest, flagged=1)).content.decode()
    assert "Nobody in this contest has been flagged." in flagged


def test_a_challenge_contest_shows_runs_and_which_run_was_flagged(organizer_client):
    contest = contest_page(questions=2, mode=ContestMode.CHALLENGE)
    player = ProfileFactory(user__full_name="赵六").user
    play(contest, player, fast=True, submit=False)

    response = organizer_client.get(_detail(contest))

    (row,) = response.context["registrations"]["rows"]
    assert row["status"] == "1 run finished"
    assert {(flag["run"], flag["slot"]) for flag in response.context["flags"]["rows"]} == {
        (1, 1),
        (1, 2),
    }


def test_registrations_are_paged_and_queries_do_not_grow_with_people(
    organizer_client, django_assert_num_queries
):
    contest = contest_page(questions=1)
    play(contest, UserFactory(), fast=True)

    # The screen's reads: counts, the ranking (final standings, else live rows), the order of
    # registrations, one page of them, one page of flags.
    with django_assert_num_queries(6):
        selectors_organizer.contest_organizer_screen(contest=contest)
    organizer_client.get(_detail(contest))  # the session's first request records the session
    # The live ranking is cached for a few seconds: start both measured requests from an empty
    # cache, or a slow run compares a recomputed ranking with a cached one.
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert organizer_client.get(_detail(contest)).status_code == 200

    for _ in range(selectors_organizer.ORGANIZER_PAGE_SIZE + 4):
        play(contest, UserFactory(), fast=True)

    with django_assert_num_queries(6):
        screen = selectors_organizer.contest_organizer_screen(contest=contest, page=2, flags_page=2)
    assert len(screen["registrations"]["rows"]) == 5
    assert screen["registrations"]["pages"] == 2 and screen["flags"]["pages"] == 2
    cache.clear()
    with django_assert_num_queries(len(few)):
        response = organizer_client.get(_detail(contest))
    assert len(response.context["registrations"]["rows"]) == selectors_organizer.ORGANIZER_PAGE_SIZE
    response = organizer_client.get(_detail(contest, p=2))
    assert len(response.context["registrations"]["rows"]) == 5
    assert "?p=1" in response.content.decode()


def test_the_contest_list_and_edit_page_lead_to_the_screen(organizer_client):
    contest = contest_page()
    play(contest, UserFactory(), fast=True)

    listing = organizer_client.get(reverse("quizzes_contests:index"))
    assert listing.status_code == 200
    assert _detail(contest) in listing.content.decode()
    (listed,) = listing.context["page"]
    assert (listed.registrations, listed.flags) == (1, 3)  # three answers, each too fast
    edit = organizer_client.get(reverse("wagtailadmin_pages:edit", args=[contest.pk]))
    assert _detail(contest) in edit.content.decode()
    explorer = organizer_client.get(reverse("wagtailadmin_explore", args=[contest.get_parent().pk]))
    assert _detail(contest) in explorer.content.decode()
    home = organizer_client.get(reverse("wagtailadmin_home"))
    assert reverse("quizzes_contests:index") in home.content.decode()


def test_the_way_to_the_screen_is_not_offered_to_an_expert():
    contest = contest_page()
    expert = ProfileFactory().user
    grant_role(expert, Role.EXPERT)
    client = Client()
    client.force_login(expert)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("quizzes_contests:index") not in html
    assert _detail(contest) not in html


@pytest.mark.parametrize("role", [None, Role.MANAGER, Role.EXPERT])
@pytest.mark.parametrize("view", ["index", "detail"])
def test_people_who_do_not_organize_are_refused_and_it_is_audited(role, view):
    contest = contest_page()
    user = ProfileFactory().user
    if role is not None:
        grant_role(user, role, ProfileFactory().org_unit if role == Role.MANAGER else None)
    client = Client()
    client.force_login(user)
    url = reverse("quizzes_contests:index") if view == "index" else _detail(contest)

    response = client.get(url)

    assert response.status_code == 403
    event = AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).get()
    assert event.actor == user and event.result == AuditResult.DENIED
    assert event.details["path"] == url


def test_a_platform_admin_may_see_it_and_an_unknown_contest_is_a_404(client):
    admin = ProfileFactory().user
    grant_role(admin, Role.PLATFORM_ADMIN)
    client.force_login(admin)
    contest = contest_page()
    assert client.get(_detail(contest)).status_code == 200
    missing = reverse("quizzes_contests:detail", args=[contest.pk + 1000])
    assert client.get(missing).status_code == 404
