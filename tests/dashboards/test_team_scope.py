"""A manager never sees a person outside their subtree: not on the page, not in a drill-down, an
export, a reminder or a filter. Outside scope is a 404, never a partial page."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.dashboards.conftest import make_admin
from tests.factories import courses as course_factories
from tests.factories import ledger as ledger_factories
from training.services import training_assignment_create

pytestmark = pytest.mark.django_db


def test_team_page_lists_only_people_in_scope(client, manager, inside, outside):
    client.force_login(manager)
    page = client.get(reverse("dashboards:my_team")).content.decode()
    assert "组内张三" in page and "组外李四" not in page


def test_drill_down_outside_scope_is_404(client, manager, inside, outside):
    client.force_login(manager)
    assert client.get(reverse("dashboards:person", args=[inside.pk])).status_code == 200
    assert client.get(reverse("dashboards:person", args=[outside.pk])).status_code == 404


def test_learner_gets_404_everywhere(client, inside, outside):
    client.force_login(inside.user)
    for url in (
        reverse("dashboards:my_team"),
        reverse("dashboards:platform"),
        reverse("dashboards:person", args=[outside.pk]),
        reverse("dashboards:export", args=["hours", "csv"]),
        reverse("dashboards:assign"),
    ):
        assert client.get(url).status_code == 404, url


def test_platform_view_is_for_admins_and_covers_the_whole_tree(client, manager, inside, outside):
    client.force_login(manager)
    assert client.get(reverse("dashboards:platform")).status_code == 404
    admin = make_admin()
    client.force_login(admin)
    page = client.get(reverse("dashboards:platform")).content.decode()
    assert "组内张三" in page and "组外李四" in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_contain_only_people_in_scope(client, manager, inside, outside, fmt):
    ledger_factories.entry(inside.user, "12")
    ledger_factories.entry(outside.user, "30")
    client.force_login(manager)
    response = client.get(reverse("dashboards:export", args=["hours", fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        text = "\n".join(",".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True))
    assert inside.employee_number in text and "组内张三" in text
    assert outside.employee_number not in text and "组外李四" not in text


def test_export_filtered_to_a_unit_outside_scope_is_404(client, manager, tree):
    client.force_login(manager)
    url = reverse("dashboards:export", args=["hours", "csv"])
    assert client.get(url, {"unit": "sibling"}).status_code == 404
    assert client.get(reverse("dashboards:my_team"), {"unit": "sibling"}).status_code == 404
    assert client.get(url, {"unit": "section"}).status_code == 200


def test_remind_someone_outside_scope_is_404_and_sends_nothing(
    client, manager, inside, outside, mailoutbox
):
    course = course_factories.course(lessons=1)
    admin = make_admin()
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    assignment = training_assignment_create(
        assigned_by=admin,
        course=course,
        users=[inside.user, outside.user],
        due_date=dt.date(2020, 1, 10),
        now=past,
    )
    client.force_login(manager)
    theirs = assignment.targets.get(user=outside.user)
    ours = assignment.targets.get(user=inside.user)
    assert client.post(reverse("dashboards:remind", args=[theirs.pk])).status_code == 404
    assert mailoutbox == []
    assert client.post(reverse("dashboards:remind", args=[ours.pk])).status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [inside.user.email]


def test_overdue_list_and_completion_rate(client, manager, inside):
    course = course_factories.course(lessons=1)
    training_assignment_create(
        assigned_by=make_admin(),
        course=course,
        users=[inside.user],
        due_date=dt.date(2020, 1, 10),
        now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    client.force_login(manager)
    response = client.get(reverse("dashboards:my_team"))
    assert response.context["assignments"]["rate"] == 0
    assert [r.target.user for r in response.context["assignments"]["overdue"]] == [inside.user]


def test_assign_a_course_to_a_sub_unit(client, manager, tree, inside, outside):
    course = course_factories.course(lessons=1)
    client.force_login(manager)
    due = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("dashboards:assign"),
        {"course": course.pk, "units": [tree["section"].pk], "due_date": due},
    )
    assert response.status_code == 302
    from training.models import AssignmentTarget

    assert list(AssignmentTarget.objects.values_list("user", flat=True)) == [inside.user_id]
    # A unit outside scope is not even a valid choice.
    response = client.post(
        reverse("dashboards:assign"),
        {"course": course.pk, "units": [tree["sibling"].pk], "due_date": due},
    )
    assert response.status_code == 200 and AssignmentTarget.objects.count() == 1


def test_big_export_is_built_in_the_background_for_its_owner_only(
    client, manager, inside, run_tasks, monkeypatch
):
    from dashboards import exports

    monkeypatch.setattr(exports, "INLINE_MAX_ROWS", 0)
    client.force_login(manager)
    with run_tasks():
        response = client.get(reverse("dashboards:export", args=["hours", "xlsx"]))
    assert response.status_code == 302
    status_url = response["Location"]
    assert (
        "Download" in client.get(status_url).content.decode()
        or client.get(status_url).status_code == 200
    )
    result_id = status_url.rstrip("/").rsplit("/", 1)[-1]
    download = client.get(reverse("dashboards:export_download", args=[result_id]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert inside.employee_number in [row[0] for row in sheet.iter_rows(values_only=True)]
    client.force_login(make_admin())
    assert client.get(status_url).status_code == 404
