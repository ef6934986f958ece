"""Hostile text pushed through every export: names imported from HR, org units, course titles,
searches and user names typed on the login page come out of every CSV and XLSX as inert text, never
a live formula, for the person entitled to download it (manager, organizer, platform admin)."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.spreadsheets import is_dangerous
from courses.services import search_query_log
from people.models import Role
from quizzes.formats.xlsx import parse_xlsx
from tests.factories import courses as course_factories
from tests.factories.contests import contest_page
from tests.factories.people import OrgUnitFactory, ProfileFactory, UserFactory, grant_role
from tests.factories.qanda import ask, course_with_expert, shanghai
from tests.factories.quizzes import make_question
from tests.factories.trust import enrol_totp
from tests.quizzes.test_contest_ranking import play

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://x","点我")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "＝1+1",
]
FORMATS = ["csv", "xlsx"]
TEAM_KINDS = ["hours", "competency", "assignments"]


def cell_values(data: bytes, fmt: str) -> list[str]:
    """Every text cell of the file, after asserting that none of them is live: no CSV cell starts
    a formula; no XLSX cell is a formula, and a text cell that looks like one is quote-prefixed."""
    if fmt == "csv":
        assert data.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        values = [cell for row in rows for cell in row]
        assert [cell for cell in values if is_dangerous(cell)] == []
        return values
    values = []
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        assert sheet.title  # every sheet is named
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    assert cell.quotePrefix or not is_dangerous(cell.value), cell.value
                    values.append(cell.value.replace("\n", "\r"))  # XML reads CR back as LF
    return values


def assert_safe_and_present(data: bytes, fmt: str, expected: list[str]) -> None:
    values = cell_values(data, fmt)
    for text in expected:
        assert any(text in value for value in values), text


def body(response) -> bytes:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- manager: team exports ------------------------------------------------------------------------


@pytest.fixture
def hostile_team():
    root = OrgUnitFactory(name="市政府", code="root", kind="department")
    manager = UserFactory(full_name="王经理")
    grant_role(manager, Role.MANAGER, root)
    for index, text in enumerate(HOSTILE):
        unit = OrgUnitFactory(name=f"{text}", code=f"hostile-{index}", parent=root)
        ProfileFactory(org_unit=unit, user__full_name=text)
    client = Client()
    client.force_login(manager)
    course = course_factories.course(lessons=1, title=HOSTILE[0])
    response = client.post(
        reverse("dashboards:assign"),
        {
            "course": course.pk,
            "units": [root.pk],
            "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", TEAM_KINDS)
def test_team_exports_hold_no_live_formula(hostile_team, kind, fmt):
    response = hostile_team.get(reverse("dashboards:export", args=[kind, fmt]))
    assert_safe_and_present(body(response), fmt, HOSTILE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_team_exports_built_in_the_background_hold_no_live_formula(
    hostile_team, fmt, run_tasks, monkeypatch
):
    from dashboards import exports

    monkeypatch.setattr(exports, "INLINE_MAX_ROWS", 0)
    with run_tasks():
        response = hostile_team.get(reverse("dashboards:export", args=["assignments", fmt]))
    assert response.status_code == 302
    result_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    download = hostile_team.get(reverse("dashboards:export_download", args=[result_id]))
    assert_safe_and_present(body(download), fmt, HOSTILE)


# --- organizer: contest results -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_contest_results_hold_no_live_formula(client, fmt):
    contest = contest_page(questions=1)
    for index, text in enumerate(HOSTILE):
        unit = OrgUnitFactory(name=text, code=f"contest-unit-{index}")
        play(contest, ProfileFactory(org_unit=unit, user__full_name=text).user, right=1, seconds=9)
    organizer = UserFactory()
    grant_role(organizer, Role.ORGANIZER)
    client.force_login(organizer)
    response = client.get(reverse("quizzes:contest_export", args=[contest.pk, fmt]))
    assert_safe_and_present(body(response), fmt, HOSTILE)


# --- platform admin: Q&A report, audit log, question bank, templates ------------------------------


@pytest.fixture
def staff_admin():
    admin = UserFactory(is_superuser=True, is_staff=True)
    enrol_totp(admin)
    return admin


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_quality_report_holds_no_live_formula(client, staff_admin, fmt):
    for text in HOSTILE:
        course, expert = course_with_expert(lessons=1, title=text)
        expert.full_name = text
        expert.save(update_fields=["full_name"])
        ask(course=course, at=shanghai(2025, 3, 3, 9))
        search_query_log(query=text, language="zh-hans", results_count=0)
    client.force_login(staff_admin)
    response = client.get(reverse("qanda_quality_export", args=[fmt]))
    assert_safe_and_present(body(response), fmt, HOSTILE)


def test_audit_log_export_holds_no_live_formula_from_names_typed_at_login(client):
    typed = ['=HYPERLINK("http://x","点我")', "+1+1", "-2+3", "@SUM(A1)", "＝1+1"]
    for index, text in enumerate(typed):
        Client().post(
            reverse("login"),
            {"login": text, "password": "wrong-password"},
            REMOTE_ADDR=f"10.9.0.{index + 1}",
        )
    admin = ProfileFactory().user
    grant_role(admin, Role.PLATFORM_ADMIN)
    client.force_login(admin)
    response = client.get(reverse("trust_audit_export"), {"action": "login_failed"})
    assert_safe_and_present(body(response), "csv", typed)


def test_question_bank_export_holds_no_formula_and_reads_back_exactly(client, staff_admin):
    texts = [text for text in HOSTILE if "\r" not in text]  # XML keeps no bare CR
    for text in texts:
        make_question("single", name=text, text=f"{text} 题干", explanation=text)
    client.force_login(staff_admin)
    response = client.get(reverse("quizzes_export"), {"format": "xlsx"})
    data = body(response)
    assert_safe_and_present(data, "xlsx", texts)
    parsed = parse_xlsx(data)
    assert parsed.problems == []
    # The importer strips whitespace around a cell (its rule, not the writer's); nothing else changes.
    assert sorted(q.name for q in parsed.questions) == sorted(t.strip() for t in texts)
    assert sorted(q.text for q in parsed.questions) == sorted(f"{t} 题干".strip() for t in texts)


@pytest.mark.parametrize(
    ("url", "fmt"),
    [
        (("people_import_template", "csv"), "csv"),
        (("people_import_template", "xlsx"), "xlsx"),
        (("training_signin_sheet_template", "csv"), "csv"),
        (("training_signin_sheet_template", "xlsx"), "xlsx"),
        (("quizzes_import_template", None), "xlsx"),
    ],
)
def test_downloadable_templates_come_from_the_safe_writer(client, staff_admin, url, fmt):
    name, arg = url
    client.force_login(staff_admin)
    response = client.get(reverse(name, args=[arg] if arg else []))
    assert response["Content-Type"].startswith(
        "text/csv" if fmt == "csv" else "application/vnd.openxmlformats"
    )
    assert cell_values(body(response), fmt)
