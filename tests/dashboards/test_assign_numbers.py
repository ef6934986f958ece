"""People chosen by name count exactly like people reached through a unit: in My team's
completion, per-assignment and overdue numbers, the learner's own list, the export, and the
hours a finished assigned test credits. And assigning is all-or-nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards import selectors
from tests.dashboards.conftest import make_admin
from tests.factories import ProfileFactory
from tests.factories import courses as course_factories
from tests.factories import quizzes as quiz_factories
from training.models import AssessmentCreditRule, AssignmentTarget, TrainingAssignment
from training.selectors import assignments_of_learner, credit_hours_summary
from training.services import AssignmentError, training_assignment_create

pytestmark = pytest.mark.django_db
PAST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
DUE = dt.date(2020, 1, 10)  # overdue whatever today is


@pytest.fixture
def pair(tree, manager):
    """Two people of the section and a manager: one course given to the section (a unit), the
    same kind of course given to the same two people by name."""
    people = [ProfileFactory(org_unit=tree["section"]) for _ in range(2)]
    admin = make_admin()
    by_unit = training_assignment_create(
        assigned_by=admin,
        course=course_factories.course(lessons=1),
        units=[tree["section"]],
        due_date=DUE,
        now=PAST,
    )
    by_name = training_assignment_create(
        assigned_by=admin,
        course=course_factories.course(lessons=1),
        users=[p.user for p in people],
        due_date=DUE,
        now=PAST,
    )
    return {"people": people, "by_unit": by_unit, "by_name": by_name}


def _complete(user, course):
    from courses.models import Enrolment
    from courses.services import enrolment_create

    enrolment = enrolment_create(user=user, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=Enrolment.Status.COMPLETED, completed_at=PAST
    )


def _rows(manager):
    numbers = selectors.team_assignments(profiles=selectors.team_members(viewer=manager))
    return numbers, {
        r["assignment"].pk: (r["people"], r["done"], r["overdue"]) for r in numbers["assignments"]
    }


def test_team_numbers_are_the_same_for_units_and_chosen_people(manager, pair):
    numbers, rows = _rows(manager)
    assert rows[pair["by_unit"].pk] == rows[pair["by_name"].pk] == (2, 0, 2)
    assert numbers["overdue_count"] == 4 and numbers["total"] == 4
    first = pair["people"][0].user
    _complete(first, pair["by_unit"].course)
    _complete(first, pair["by_name"].course)
    numbers, rows = _rows(manager)
    assert rows[pair["by_unit"].pk] == rows[pair["by_name"].pk] == (2, 1, 1)
    assert numbers["rate"] == 50 and numbers["overdue_count"] == 2


def test_the_learner_and_the_page_see_both_kinds_alike(client, manager, pair):
    user = pair["people"][0].user
    rows = assignments_of_learner(user=user)
    assert {r.target.assignment_id for r in rows} == {pair["by_unit"].pk, pair["by_name"].pk}
    assert all(r.overdue for r in rows)
    client.force_login(manager)
    context = client.get(reverse("dashboards:my_team")).context
    overdue = {
        (r.target.user_id, r.target.assignment_id) for r in context["assignments"]["overdue"]
    }
    assert overdue == {
        (p.user_id, a.pk) for p in pair["people"] for a in (pair["by_unit"], pair["by_name"])
    }


def test_the_export_lists_both_kinds(client, manager, pair):
    client.force_login(manager)
    text = client.get(reverse("dashboards:export", args=["assignments", "csv"])).content.decode(
        "utf-8-sig"
    )
    # Both courses share the factory's title: four rows, each person twice (once per course).
    assert text.count(pair["by_unit"].course.title) == 4
    for profile in pair["people"]:
        assert text.count(profile.employee_number) == 2


@pytest.mark.parametrize("how", ["unit", "name"])
def test_a_passed_test_counts_as_required_hours_however_it_was_assigned(tree, how):
    from tests.factories.certificates import passed_result
    from training.models import CreditCategory
    from training.services import credit_hours_for_assessment_pass

    profile = ProfileFactory(org_unit=tree["section"])
    paper = quiz_factories.AssessmentFactory()
    AssessmentCreditRule.objects.create(
        assessment=paper, hours=Decimal("2"), category=CreditCategory.ELECTIVE
    )
    who = {"units": [tree["section"]]} if how == "unit" else {"users": [profile.user]}
    training_assignment_create(
        assigned_by=make_admin(), assessment=paper, due_date=DUE, now=PAST, **who
    )
    result = passed_result(user=profile.user, assessment=paper)
    entry = credit_hours_for_assessment_pass(result=result)
    assert entry.category == CreditCategory.REQUIRED and entry.hours == Decimal("2")
    summary = credit_hours_summary(user=profile.user, year=entry.earned_on.year)
    assert summary.required == Decimal("2")


def test_chosen_people_are_recorded_beside_the_units(tree, manager):
    inside = ProfileFactory(org_unit=tree["section"])
    colleague = ProfileFactory(org_unit=tree["bureau"])
    assignment = training_assignment_create(
        assigned_by=manager,
        assessment=quiz_factories.AssessmentFactory(),
        units=[tree["section"]],
        users=[colleague.user, inside.user],
        due_date=DUE,
        now=PAST,
    )
    assert set(assignment.people.all()) == {colleague.user, inside.user}
    assert list(assignment.units.all()) == [tree["section"]]
    assert assignment.targets.count() == 2  # each person once


def test_one_person_outside_scope_refuses_the_whole_assignment(tree, manager):
    inside = ProfileFactory(org_unit=tree["section"])
    outside = ProfileFactory(org_unit=tree["sibling"])
    with pytest.raises(AssignmentError):
        training_assignment_create(
            assigned_by=manager,
            assessment=quiz_factories.AssessmentFactory(),
            users=[inside.user, outside.user],
            due_date=DUE,
            now=PAST,
        )
    assert TrainingAssignment.objects.count() == 0 and AssignmentTarget.objects.count() == 0


def test_an_inactive_person_cannot_be_chosen(tree, manager):
    profile = ProfileFactory(org_unit=tree["section"])
    profile.user.is_active = False
    profile.user.save()
    with pytest.raises(AssignmentError):
        training_assignment_create(
            assigned_by=manager,
            assessment=quiz_factories.AssessmentFactory(),
            users=[profile.user],
            due_date=DUE,
            now=PAST,
        )
