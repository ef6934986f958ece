"""Hostile input (control characters, lone surrogates, undecodable bytes, over-long values, numbers
and dates out of range) gets a translated 400 or form error and changes nothing, on representative
endpoints: the public search, a learner's form, the manager's assignment form and the autosave
JSON endpoint. Runs on SQLite and on PostgreSQL (where a NUL byte used to be a 500)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DataError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from core.middleware import HostileInputMiddleware
from core.text import parse_int
from courses.models import SearchQueryLog
from people.models import Role
from qanda.models import Question
from quizzes.models import Answer
from quizzes.services.attempts import attempt_start
from tests.factories import OrgUnitFactory, ProfileFactory, grant_role
from tests.factories.qanda import course_with_expert
from tests.factories.quizzes import AssessmentFactory, add_fixed, make_question
from training.models import AssignmentTarget, TrainingAssignment
from training.selectors import calendar_feed
from training.services import AssignmentError, calendar_feed_token_get, training_assignment_create

HOSTILE_ZH = "请求中包含不允许的字符"
HOSTILE_EN = "The request contains characters that are not allowed"
TOO_LONG_ZH = "请求中的某个值过长"
UNDECODABLE_ZH = "请求不是有效的 UTF-8 文本"
DATE_RANGE_ZH = "请输入 1900年1月1日 至 2200年12月31日 之间的日期。"
DATE_RANGE_EN = "Enter a date between"


def english(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


# --- public search -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["a%00b", "%1B%5B31m", "%7F", "%C2%85"])
def test_control_characters_in_search_are_a_translated_400_and_log_nothing(client, query):
    url = reverse("courses:search")
    response = client.get(f"{url}?q={query}")
    assert response.status_code == 400
    assert HOSTILE_ZH in response.content.decode()
    assert '<html lang="zh-hans"' in response.content.decode()
    response = client.get(f"{english('courses:search')}?q={query}")
    assert response.status_code == 400
    assert HOSTILE_EN in response.content.decode()
    assert SearchQueryLog.objects.count() == 0


@pytest.mark.django_db
def test_undecodable_bytes_in_search_are_a_400_not_a_replacement_character(client):
    # %ED%A0%80 is a UTF-16 surrogate written as UTF-8, %FF is no UTF-8 at all.
    for query in ("%ED%A0%80", "%FF"):
        response = client.get(f"{reverse('courses:search')}?q={query}")
        assert response.status_code == 400
        assert UNDECODABLE_ZH in response.content.decode()
    assert SearchQueryLog.objects.count() == 0


@pytest.mark.django_db
def test_nul_in_the_path_is_a_translated_400(client):
    response = client.get("/learning/search%00/")
    assert response.status_code == 400
    assert HOSTILE_ZH in response.content.decode()
    response = client.get("/en/learning/%1b/")
    assert response.status_code == 400
    assert HOSTILE_EN in response.content.decode()


@pytest.mark.django_db
def test_undecodable_bytes_in_the_path_are_a_not_found_page(client):
    # Django re-percent-encodes them ("%FF") before routing, so no route matches them.
    assert client.get("/en/learning/%ff/").status_code == 404


@pytest.mark.django_db
def test_an_ordinary_search_still_works_and_is_logged(client):
    response = client.get(reverse("courses:search"), {"q": "数据\t共享"})
    assert response.status_code == 200
    assert SearchQueryLog.objects.count() == 1


# --- a learner's form ------------------------------------------------------------------------------


@pytest.fixture
def course_and_learner(db):
    course, _expert = course_with_expert(lessons=1)
    return course, ProfileFactory().user


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "数据\x00目录", HOSTILE_ZH),
        ("body", "步骤\x08", HOSTILE_ZH),
        ("body", "x" * 20_001, TOO_LONG_ZH),
    ],
)
def test_hostile_values_in_the_ask_form_change_nothing(
    client, course_and_learner, field, value, message
):
    course, learner = course_and_learner
    client.force_login(learner)
    data = {"title": "数据目录怎么编制？", "body": "请问步骤。", "visibility": "private"}
    data[field] = value
    response = client.post(reverse("qanda:ask", kwargs={"course_id": course.pk}), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Question.objects.count() == 0


def test_hostile_values_in_the_ask_form_are_refused_in_english_too(client, course_and_learner):
    course, learner = course_and_learner
    client.force_login(learner)
    response = client.post(
        english("qanda:ask", course_id=course.pk),
        {"title": "\x00", "body": "b", "visibility": "private"},
    )
    assert response.status_code == 400
    assert HOSTILE_EN in response.content.decode()
    assert Question.objects.count() == 0


# --- the manager's assignment form -----------------------------------------------------------------


@pytest.fixture
def team(db):
    bureau = OrgUnitFactory(name="市数据局", code="bureau", kind="division")
    section = OrgUnitFactory(name="数据资源处", code="section", parent=bureau)
    manager = ProfileFactory(org_unit=bureau).user
    grant_role(manager, Role.MANAGER, bureau)
    learner = ProfileFactory(org_unit=section).user
    course, _expert = course_with_expert(lessons=0)
    return {"manager": manager, "learner": learner, "section": section, "course": course}


def _assign(client, team, due_date, *, url=None):
    client.force_login(team["manager"])
    return client.post(
        url or reverse("dashboards:assign"),
        {"course": team["course"].pk, "units": team["section"].pk, "due_date": due_date},
    )


@pytest.mark.parametrize("due_date", ["9999-12-31", "2201-01-01", "1899-12-31"])
def test_the_assignment_form_refuses_a_due_date_out_of_range(client, team, due_date):
    response = _assign(client, team, due_date)
    assert response.status_code == 200
    assert DATE_RANGE_ZH in response.content.decode()
    assert TrainingAssignment.objects.count() == 0


def test_the_assignment_form_says_so_in_english(client, team):
    response = _assign(client, team, "9999-12-31", url=english("dashboards:assign"))
    assert response.status_code == 200
    assert DATE_RANGE_EN in response.content.decode()
    assert TrainingAssignment.objects.count() == 0


@pytest.mark.parametrize("due_date", ["99999999999999999999-01-01", "2026-13-45", "9" * 200])
def test_the_assignment_form_refuses_a_date_that_is_no_date(client, team, due_date):
    response = _assign(client, team, due_date)
    assert response.status_code == 200
    assert "due_date" in response.context["form"].errors
    assert TrainingAssignment.objects.count() == 0


def test_the_assignment_form_still_takes_a_due_date_in_range(client, team):
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = _assign(client, team, due)
    assert response.status_code == 302
    assert TrainingAssignment.objects.count() == 1


def test_the_assignment_service_refuses_a_far_future_due_date(team):
    with pytest.raises(AssignmentError):
        training_assignment_create(
            assigned_by=team["manager"],
            course=team["course"],
            units=[team["section"]],
            due_date=dt.date(9999, 12, 31),
        )
    assert TrainingAssignment.objects.count() == 0


def test_the_calendar_feed_renders_a_stored_far_future_due_date(client, team):
    """Data stored before due dates were bounded still renders for everyone it was assigned to."""
    assignment = training_assignment_create(
        assigned_by=team["manager"],
        course=team["course"],
        units=[team["section"]],
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    TrainingAssignment.objects.filter(pk=assignment.pk).update(due_date=dt.date(9999, 12, 31))
    assert AssignmentTarget.objects.filter(user=team["learner"]).exists()
    token = calendar_feed_token_get(user=team["learner"]).token
    response = client.get(reverse("training:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "DTSTART;VALUE=DATE:99991231" in body
    assert "DTEND" not in body
    assert body.endswith("END:VCALENDAR\r\n")


def test_the_calendar_feed_keeps_dtend_for_ordinary_dates(team):
    training_assignment_create(
        assigned_by=team["manager"],
        course=team["course"],
        units=[team["section"]],
        due_date=dt.date(2200, 12, 31),
    )
    assert "DTEND;VALUE=DATE:22010101" in calendar_feed(user=team["learner"])


# --- the autosave JSON endpoint --------------------------------------------------------------------


@pytest.fixture
def attempt(db):
    learner = ProfileFactory().user
    assessment = add_fixed(AssessmentFactory(), [make_question("fill_in")])
    return attempt_start(user=learner, assessment=assessment)


def _slot(attempt) -> int:
    return attempt.answers.values_list("slot", flat=True).first()


def _stored(attempt):
    return list(Answer.objects.filter(attempt=attempt).values_list("response", flat=True))


@pytest.mark.parametrize("text", ["答案\x00", "\x1f", "x" * 20_001])
def test_autosave_refuses_hostile_text_with_a_json_400(client, attempt, text):
    client.force_login(attempt.user)
    before = _stored(attempt)
    slot = _slot(attempt)
    response = client.post(
        reverse("quizzes:save", kwargs={"pk": attempt.pk}),
        {"slots": str(slot), f"s{slot}": text},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["ok"] is False
    assert response.json()["error"].startswith(("请求中", "Request"))
    assert _stored(attempt) == before


def test_a_json_body_with_a_lone_surrogate_is_refused_in_english(client, attempt):
    client.force_login(attempt.user)
    before = _stored(attempt)
    slot = _slot(attempt)
    response = client.post(
        english("quizzes:save", pk=attempt.pk),
        data=json.dumps({"slots": str(slot), f"s{slot}": "\ud800"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith(HOSTILE_EN)
    assert _stored(attempt) == before


def test_autosave_with_undecodable_bytes_is_refused(client, attempt):
    client.force_login(attempt.user)
    before = _stored(attempt)
    slot = _slot(attempt)
    response = client.post(
        reverse("quizzes:save", kwargs={"pk": attempt.pk}),
        data=f"slots={slot}&s{slot}=%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith(UNDECODABLE_ZH)
    assert _stored(attempt) == before


def test_autosave_ignores_a_slot_number_int_refuses(client, attempt):
    client.force_login(attempt.user)
    response = client.post(
        reverse("quizzes:save", kwargs={"pk": attempt.pk}),
        {"slots": "²"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code < 500


# --- numbers, redirects and the last line of defence -----------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("²", None),
        ("１２", 12),
        ("9" * 20, None),
        ("-1", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_int_takes_only_numbers_a_column_can_hold(value, expected):
    assert parse_int(value) == expected


def test_the_team_filter_with_a_digit_int_refuses_is_a_404(client, team):
    client.force_login(team["manager"])
    response = client.get(reverse("dashboards:my_team"), {"post": "²"})
    assert response.status_code == 404


def test_a_reminder_goes_back_only_to_a_page_of_this_site(client, team):
    training_assignment_create(
        assigned_by=team["manager"],
        course=team["course"],
        units=[team["section"]],
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    target = AssignmentTarget.objects.get(user=team["learner"])
    client.force_login(team["manager"])
    url = reverse("dashboards:remind", kwargs={"target_id": target.pk})
    for hostile in ("https://evil.example/", "%00%ff", "javascript:alert(1)"):
        response = client.post(url, {"next": hostile})
        assert response.status_code == 302
        assert response["Location"] == reverse("dashboards:my_team")


def test_an_out_of_range_value_a_view_let_through_is_a_400(db):
    request = RequestFactory().get("/learning/search/")
    request.user = AnonymousUser()
    middleware = HostileInputMiddleware(lambda request: None)
    response = middleware.process_exception(request, DataError("value too long"))
    assert response.status_code == 400
    assert middleware.process_exception(request, ValueError("other")) is None


@pytest.mark.django_db
def test_a_login_name_longer_than_the_lockout_column_is_a_failed_login_not_an_error(client):
    """django-axes records the typed name in a 255-character column (PostgreSQL enforces it)."""
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"login": "名" * 1000, "password": "wrong"})
    assert response.status_code == 200
    assert all(len(a.username) <= 255 for a in AccessAttempt.objects.all())


def test_a_long_editorial_field_in_the_admin_passes_the_gate_but_not_on_the_site():
    """A lesson's rich text reaches the admin as one long Draftail JSON field: the gate must not
    refuse an expert's long lesson, while the site's forms keep the tight bound."""
    from core.middleware import HostileInputError, check_request

    long_block = json.dumps({"blocks": [{"text": "政务数据共享" * 10_000}]})
    assert len(long_block) > 20_000
    factory = RequestFactory()
    check_request(factory.post("/admin/pages/3/edit/", {"body-0-value": long_block}))
    with pytest.raises(HostileInputError):
        check_request(factory.post("/learning/questions/ask/1/", {"body": long_block}))
    with pytest.raises(HostileInputError):
        check_request(factory.post("/admin/pages/3/edit/", {"body-0-value": "标题\x00"}))
