"""RemindAction: a manager's reminder goes out once per cool-down (after any reminder, a manager's
or an automatic one), never for training already done, never for someone outside the manager's
units; a refused reminder sends no e-mail, posts no notice and records nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from people.models import Role
from tests.factories import OrgUnitFactory, ProfileFactory, UserFactory, grant_role
from tests.factories import courses as course_factories
from training.actions import RemindAction, reminder_cooldown
from training.models import Notice, ReminderRule, ReminderSent
from training.selectors import assignments_of_learner
from training.services import (
    training_assignment_create,
    training_remind_now,
    training_reminders_send,
)

pytestmark = pytest.mark.django_db
UTC = dt.UTC
NOW = dt.datetime(2026, 6, 1, 4, 0, tzinfo=UTC)


@pytest.fixture
def team():
    division = OrgUnitFactory(name="数据局")
    sibling = OrgUnitFactory(name="财政局")
    manager = UserFactory()
    grant_role(manager, Role.MANAGER, division, enrol_mfa=False)
    return {
        "manager": manager,
        "inside": ProfileFactory(org_unit=division, user__full_name="组内张三").user,
        "outside": ProfileFactory(org_unit=sibling).user,
        "other_manager": UserFactory(),
        "sibling": sibling,
    }


@pytest.fixture
def target(team):
    assignment = training_assignment_create(
        assigned_by=team["manager"],
        course=course_factories.course(lessons=1),
        users=[team["inside"]],
        due_date=dt.date(2026, 6, 5),
        now=NOW - dt.timedelta(days=20),
    )
    return assignment.targets.get()


def _nothing_more_sent(mailoutbox, *, reminders: int, notices: int, mails: int) -> None:
    assert ReminderSent.objects.count() == reminders
    assert Notice.objects.count() == notices
    assert len(mailoutbox) == mails


def test_first_reminder_sends_a_notice_and_an_email_recording_who_sent_it(team, target, mailoutbox):
    sent = RemindAction(target, now=NOW).execute(team["manager"])
    assert sent.rule == ReminderRule.MANUAL and sent.sent_by == team["manager"]
    assert sent.sent_at == NOW
    _nothing_more_sent(mailoutbox, reminders=1, notices=1, mails=1)
    assert mailoutbox[0].to == [team["inside"].email]


def test_a_second_reminder_within_the_cool_down_is_refused_and_changes_nothing(
    team, target, mailoutbox, english
):
    RemindAction(target, now=NOW).execute(team["manager"])
    later = NOW + dt.timedelta(hours=2)
    action = RemindAction(target, now=later)
    assert action.cooling_down and not action.allowed(team["manager"])
    with pytest.raises(ValidationError) as refused:
        action.execute(team["manager"])
    message = " ".join(refused.value.messages)
    assert "组内张三 was reminded 2\xa0hours ago" in message
    assert "Another reminder can be sent from" in message
    _nothing_more_sent(mailoutbox, reminders=1, notices=1, mails=1)


def test_after_the_cool_down_the_manager_may_remind_again(team, target, mailoutbox):
    RemindAction(target, now=NOW).execute(team["manager"])
    after = NOW + reminder_cooldown() + dt.timedelta(seconds=1)
    assert RemindAction(target, now=after).allowed(team["manager"])
    RemindAction(target, now=after).execute(team["manager"])
    _nothing_more_sent(mailoutbox, reminders=2, notices=2, mails=2)


def test_the_cool_down_is_a_setting(team, target, settings, mailoutbox):
    settings.TRAINING_REMINDER_COOLDOWN_HOURS = 1
    RemindAction(target, now=NOW).execute(team["manager"])
    assert not RemindAction(target, now=NOW + dt.timedelta(minutes=59)).allowed(team["manager"])
    assert RemindAction(target, now=NOW + dt.timedelta(minutes=61)).allowed(team["manager"])


def test_an_automatic_reminder_starts_the_cool_down_too(team, target, mailoutbox):
    assert training_reminders_send(now=NOW - dt.timedelta(hours=1)) == 1  # overdue reminder
    action = RemindAction(target, now=NOW)
    assert action.last_reminded_at == NOW - dt.timedelta(hours=1)
    with pytest.raises(ValidationError):
        action.execute(team["manager"])
    _nothing_more_sent(mailoutbox, reminders=1, notices=1, mails=1)


def test_training_already_done_is_not_reminded(team, target, mailoutbox, english):
    from courses.models import Enrolment
    from courses.services import enrolment_create

    enrolment = enrolment_create(user=team["inside"], course=target.assignment.course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=Enrolment.Status.COMPLETED, completed_at=NOW
    )
    with pytest.raises(ValidationError, match="already finished this training"):
        RemindAction(target, now=NOW).execute(team["manager"])
    _nothing_more_sent(mailoutbox, reminders=0, notices=0, mails=0)


def test_someone_outside_the_managers_units_is_refused(team, mailoutbox, english):
    admin = UserFactory(is_superuser=True)
    assignment = training_assignment_create(
        assigned_by=admin,
        course=course_factories.course(lessons=1),
        users=[team["outside"]],
        due_date=dt.date(2026, 6, 5),
        now=NOW - dt.timedelta(days=20),
    )
    target = assignment.targets.get()
    with pytest.raises(PermissionDenied, match="only people in the units you manage"):
        RemindAction(target, now=NOW).execute(team["manager"])
    assert not RemindAction(target, now=NOW).allowed(team["other_manager"])
    assert RemindAction(target, now=NOW).allowed(admin)
    _nothing_more_sent(mailoutbox, reminders=0, notices=0, mails=0)


def test_a_row_read_for_the_page_answers_without_asking_the_database(
    team, target, django_assert_num_queries
):
    RemindAction(target, now=NOW).execute(team["manager"])
    row = assignments_of_learner(user=team["inside"], now=NOW)[0]
    assert row.last_reminded_at == NOW
    with django_assert_num_queries(0):
        action = RemindAction.for_row(row, now=NOW + dt.timedelta(hours=1))
        assert action.cooling_down
        assert not action.allowed(team["manager"], in_scope=True)
        assert action.available_at == NOW + reminder_cooldown()


def test_the_service_asks_the_action(team, target, mailoutbox):
    training_remind_now(target=target, sent_by=team["manager"], now=NOW)
    with pytest.raises(ValidationError):
        training_remind_now(target=target, sent_by=team["manager"], now=NOW + dt.timedelta(hours=1))
    _nothing_more_sent(mailoutbox, reminders=1, notices=1, mails=1)


def test_a_deleted_assignment_is_refused_with_a_sentence(team, target, english):
    action = RemindAction(target, now=NOW)
    target.assignment.delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        action.execute(team["manager"])


def test_a_manual_reminder_is_in_the_audit_log_and_a_refused_one_is_not(team, target):
    from trust.models import AuditAction, AuditEvent

    RemindAction(target, now=NOW).execute(team["manager"])
    event = AuditEvent.objects.get(action=AuditAction.REMINDER_SENT)
    assert event.actor == team["manager"]
    assert event.target_id == str(team["inside"].pk)
    assert event.details == {
        "assignment": target.assignment_id,
        "assignment_target": target.pk,
    }
    with pytest.raises(ValidationError):
        RemindAction(target, now=NOW + dt.timedelta(hours=1)).execute(team["manager"])
    assert AuditEvent.objects.filter(action=AuditAction.REMINDER_SENT).count() == 1
    # Automatic reminders are the platform's own routine, not a person's act.
    training_reminders_send(now=NOW + dt.timedelta(days=3))
    assert AuditEvent.objects.filter(action=AuditAction.REMINDER_SENT).count() == 1
