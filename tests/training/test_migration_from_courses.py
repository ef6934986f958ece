"""Upgrading a database from before the training app (ledger and plans inside courses) keeps every
row, its foreign keys, its content type and the permissions granted on it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import OrgUnitFactory, ProfileFactory, UserFactory
from tests.factories import courses as course_factories
from tests.factories.quizzes import AssessmentFactory

BEFORE = [("courses", "0003_ledger_and_training_plans"), ("training", None)]
MOVED = [
    "annualrequirement",
    "assessmentcreditrule",
    "assignmenttarget",
    "calendarfeedtoken",
    "credithourentry",
    "notice",
    "onsiteattendance",
    "onsitesession",
    "remindersent",
    "trainingassignment",
]
NOW = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC)


def _migrate(targets):
    """Migrate to `targets` and return the historical apps of the whole schema as it then is."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor = MigrationExecutor(connection)  # a fresh loader that sees what is applied now
    return executor._create_project_state(with_applied_migrations=True).apps


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def _seed_pre_move_rows(apps, *, learner, manager, unit, course, assessment) -> dict:
    """Rows of every moved model, written through the pre-move (courses) historical models."""
    Entry = apps.get_model("courses", "CreditHourEntry")
    entry = Entry.objects.create(
        user_id=learner.pk,
        source_kind="course_completion",
        source_key=f"course:{course.pk}",
        source_title="数据共享",
        hours=Decimal("4.0"),
        category="required",
        earned_on=dt.date(2026, 5, 4),
        recorded_at=NOW,
    )
    correction = Entry.objects.create(
        user_id=learner.pk,
        source_kind="correction",
        source_key=f"corrects:{entry.pk}",
        hours=Decimal("-1.0"),
        category="required",
        earned_on=dt.date(2026, 5, 4),
        recorded_at=NOW,
        recorded_by_id=manager.pk,
        reason="重复计入",
        corrects_id=entry.pk,
    )
    apps.get_model("courses", "AnnualRequirement").objects.create(
        rank="clerk", total_hours=Decimal("80"), required_percent=40
    )
    session = apps.get_model("courses", "OnsiteSession").objects.create(
        title="面授", date=dt.date(2026, 4, 1), hours=Decimal("8"), category="required"
    )
    apps.get_model("courses", "OnsiteAttendance").objects.create(
        session_id=session.pk, user_id=learner.pk
    )
    apps.get_model("courses", "AssessmentCreditRule").objects.create(
        assessment_id=assessment.pk, hours=Decimal("1.5"), category="elective"
    )
    assignment = apps.get_model("courses", "TrainingAssignment").objects.create(
        course_id=course.pk,
        due_date=dt.date(2026, 6, 30),
        assigned_by_id=manager.pk,
        created_at=NOW,
    )
    assignment.units.add(unit.pk)
    test_assignment = apps.get_model("courses", "TrainingAssignment").objects.create(
        assessment_id=assessment.pk, due_date=dt.date(2026, 7, 1), created_at=NOW
    )
    target = apps.get_model("courses", "AssignmentTarget").objects.create(
        assignment_id=assignment.pk, user_id=learner.pk, created_at=NOW
    )
    apps.get_model("courses", "ReminderSent").objects.create(
        target_id=target.pk, rule="due_soon", sent_at=NOW
    )
    apps.get_model("courses", "Notice").objects.create(
        user_id=learner.pk, message="请按时完成", created_at=NOW
    )
    apps.get_model("courses", "CalendarFeedToken").objects.create(
        user_id=learner.pk, token="secret-token", created_at=NOW
    )
    return {
        "entry": entry.pk,
        "correction": correction.pk,
        "session": session.pk,
        "assignment": assignment.pk,
        "test_assignment": test_assignment.pk,
        "target": target.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_upgrade_from_courses_keeps_every_row_foreign_key_content_type_and_grant():
    learner = ProfileFactory().user
    manager = UserFactory()
    unit = OrgUnitFactory(name="数据局")
    course = course_factories.course(lessons=1)
    assessment = AssessmentFactory()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        assert "courses_credithourentry" in _tables()
        assert "training_credithourentry" not in _tables()
        ids = _seed_pre_move_rows(
            old, learner=learner, manager=manager, unit=unit, course=course, assessment=assessment
        )
        OldContentType = old.get_model("contenttypes", "ContentType")
        OldPermission = old.get_model("auth", "Permission")
        old_types = {
            ct.model: ct.pk
            for ct in OldContentType.objects.filter(app_label="courses", model__in=MOVED)
        }
        assert set(old_types) == set(MOVED)
        recorders = old.get_model("auth", "Group").objects.create(name="学时登记员")
        recorders.permissions.add(
            OldPermission.objects.get(
                codename="add_onsitesession", content_type_id=old_types["onsitesession"]
            )
        )
        # A post_migrate that ran early would have made a second content type under training.
        stale = OldContentType.objects.create(app_label="training", model="notice")
        OldPermission.objects.create(content_type=stale, codename="view_notice", name="stale")

        _migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)

    from training.models import (
        AnnualRequirement,
        AssessmentCreditRule,
        AssignmentTarget,
        CalendarFeedToken,
        CreditHourEntry,
        Notice,
        OnsiteAttendance,
        OnsiteSession,
        ReminderSent,
        TrainingAssignment,
    )

    tables = _tables()
    assert {f"training_{name}" for name in MOVED} <= tables
    assert "training_trainingassignment_units" in tables
    assert not {f"courses_{name}" for name in MOVED} & tables
    assert "courses_trainingassignment_units" not in tables

    correction = CreditHourEntry.objects.get(pk=ids["correction"])
    assert correction.corrects_id == ids["entry"] and correction.reason == "重复计入"
    assert CreditHourEntry.objects.get(pk=ids["entry"]).hours == Decimal("4.0")
    assert AnnualRequirement.objects.get(rank="clerk").required_hours == Decimal("32.0")
    assert OnsiteSession.objects.get(pk=ids["session"]).title == "面授"
    assert OnsiteAttendance.objects.get(session_id=ids["session"]).user == learner
    assert AssessmentCreditRule.objects.get().assessment == assessment
    assignment = TrainingAssignment.objects.get(pk=ids["assignment"])
    assert assignment.target.pk == course.pk and list(assignment.units.all()) == [unit]
    assert TrainingAssignment.objects.get(pk=ids["test_assignment"]).target == assessment
    target = AssignmentTarget.objects.get(pk=ids["target"])
    assert target.user == learner and target.assignment == assignment
    assert ReminderSent.objects.get().target == target
    assert Notice.objects.get().user == learner
    assert CalendarFeedToken.objects.get().token == "secret-token"

    ContentType.objects.clear_cache()
    moved_types = {
        ct.model: ct.pk for ct in ContentType.objects.filter(app_label="training", model__in=MOVED)
    }
    assert moved_types == old_types
    assert ContentType.objects.filter(app_label="training", model__in=MOVED).count() == len(MOVED)
    assert not ContentType.objects.filter(app_label="courses", model__in=MOVED).exists()
    assert ContentType.objects.get_for_model(CreditHourEntry).pk == old_types["credithourentry"]
    group = Group.objects.get(name="学时登记员")
    assert [(p.content_type.app_label, p.codename) for p in group.permissions.all()] == [
        ("training", "add_onsitesession")
    ]
    recorder = UserFactory()
    recorder.groups.add(group)
    assert recorder.has_perm("training.add_onsitesession")
