import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from people.models import Role
from tests.factories import OrgUnitFactory, ProfileFactory, UserFactory, grant_role
from tests.factories import courses as course_factories
from training.models import AssignmentTarget, Notice, ReminderSent
from training.selectors import assignments_of_learner, calendar_feed
from training.services import (
    AssignmentError,
    calendar_feed_token_get,
    calendar_feed_token_rotate,
    training_assignment_create,
    training_reminders_send,
)

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def team():
    division = OrgUnitFactory(name="数据局")
    section = OrgUnitFactory(name="数据处", parent=division)
    sibling = OrgUnitFactory(name="财政局")
    manager = UserFactory()
    grant_role(manager, Role.MANAGER, division, enrol_mfa=False)
    return {
        "division": division,
        "section": section,
        "sibling": sibling,
        "manager": manager,
        "inside": ProfileFactory(org_unit=section).user,
        "outside": ProfileFactory(org_unit=sibling).user,
    }


@pytest.fixture
def course():
    return course_factories.course(lessons=1)


NOW = dt.datetime(2026, 6, 1, 4, 0, tzinfo=UTC)


def test_unit_assignment_expands_to_people_in_the_subtree(team, course):
    ProfileFactory(org_unit=team["division"])
    assignment = training_assignment_create(
        assigned_by=team["manager"],
        course=course,
        units=[team["division"]],
        due_date=dt.date(2026, 6, 30),
        now=NOW,
    )
    assert assignment.targets.count() == 2
    assert not assignment.targets.filter(user=team["outside"]).exists()


def test_manager_cannot_assign_outside_their_scope(team, course):
    for kwargs in ({"units": [team["sibling"]]}, {"users": [team["outside"]]}):
        with pytest.raises(AssignmentError):
            training_assignment_create(
                assigned_by=team["manager"],
                course=course,
                due_date=dt.date(2026, 6, 30),
                now=NOW,
                **kwargs,
            )
    assert not AssignmentTarget.objects.exists()


def test_reminders_go_out_once_per_rule_however_often_the_task_runs(team, course):
    training_assignment_create(
        assigned_by=team["manager"],
        course=course,
        users=[team["inside"]],
        due_date=dt.date(2026, 6, 5),
        now=NOW,
    )
    assert training_reminders_send(now=NOW) == 1  # due in 4 days: due soon
    assert training_reminders_send(now=NOW) == 0
    later = dt.datetime(2026, 6, 7, 4, 0, tzinfo=UTC)
    assert training_reminders_send(now=later) == 1  # now overdue
    call_command("send_training_reminders")  # the real clock: nothing new for these rules
    assert training_reminders_send(now=later) == 0
    assert sorted(ReminderSent.objects.values_list("rule", flat=True)) == ["due_soon", "overdue"]
    assert len(mail.outbox) == 2 and Notice.objects.filter(user=team["inside"]).count() == 2


def test_overdue_uses_the_due_date_in_the_persons_time_zone(team, course):
    shanghai = team["inside"]
    new_york = ProfileFactory(org_unit=team["section"], time_zone="America/New_York").user
    training_assignment_create(
        assigned_by=team["manager"],
        course=course,
        users=[shanghai, new_york],
        due_date=dt.date(2026, 6, 5),
        now=NOW,
    )
    # 02:00 UTC on 6 June: already 6 June in Shanghai, still 5 June in New York.
    moment = dt.datetime(2026, 6, 6, 2, 0, tzinfo=UTC)
    assert assignments_of_learner(user=shanghai, now=moment)[0].overdue
    assert not assignments_of_learner(user=new_york, now=moment)[0].overdue
    assert assignments_of_learner(user=new_york, now=moment + dt.timedelta(hours=4))[0].overdue


def test_calendar_feed_shows_only_the_token_owners_due_dates(client, team, course):
    other_course = course_factories.course(lessons=1, title="别人的课程")
    training_assignment_create(
        assigned_by=team["manager"],
        course=course,
        users=[team["inside"]],
        due_date=dt.date(2026, 6, 30),
        now=NOW,
    )
    admin = UserFactory(is_superuser=True)
    training_assignment_create(
        assigned_by=admin,
        course=other_course,
        users=[team["outside"]],
        due_date=dt.date(2026, 7, 9),
        now=NOW,
    )
    token = calendar_feed_token_get(user=team["inside"]).token
    response = client.get(reverse("training:calendar_feed", kwargs={"token": token}))
    body = response.content.decode()
    assert response.status_code == 200 and "DTSTART;VALUE=DATE:20260630" in body
    assert "别人的课程" not in body and "20260709" not in body
    assert (
        client.get(reverse("training:calendar_feed", kwargs={"token": "x" * 43})).status_code == 404
    )
    calendar_feed_token_rotate(user=team["inside"])
    assert client.get(reverse("training:calendar_feed", kwargs={"token": token})).status_code == 404


def test_calendar_lines_are_escaped_and_folded_at_75_octets(team):
    long_title = "数据安全,个人信息;保护" * 6
    course = course_factories.course(lessons=1, title=long_title)
    training_assignment_create(
        assigned_by=team["manager"],
        course=course,
        users=[team["inside"]],
        due_date=dt.date(2026, 6, 30),
        now=NOW,
    )
    text = calendar_feed(user=team["inside"], now=NOW)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "数据安全\\,个人信息\\;保护" in unfolded


def test_my_learning_shows_progress_and_assignments(client, team, course):
    training_assignment_create(
        assigned_by=team["manager"],
        course=course,
        users=[team["inside"]],
        due_date=dt.date(2030, 6, 30),
    )
    client.force_login(team["inside"])
    page = client.get(reverse("training:my_learning")).content.decode()
    assert course.title in page and "calendar/" in page
