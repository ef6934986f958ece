import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Profile, Rank
from tests.factories import PostFactory, ProfileFactory, UserFactory
from tests.factories import ledger as ledger_factories
from training.models import (
    AnnualRequirement,
    AssessmentCreditRule,
    CreditCategory,
    CreditHourEntry,
    OnsiteSession,
)
from training.selectors import (
    credit_hour_entries_for_year,
    credit_hours_summaries,
    credit_hours_summary,
)
from training.services import (
    LedgerError,
    credit_hours_correct,
    credit_hours_for_course_completion,
    onsite_session_credit,
)

pytestmark = pytest.mark.django_db
REQ, ELE = CreditCategory.REQUIRED, CreditCategory.ELECTIVE
MID_YEAR = dt.date(2026, 7, 2)


def test_year_totals_split_required_and_elective_and_exclude_other_years():
    user = ProfileFactory().user
    ledger_factories.entry(user, "10", category=REQ, earned_on=dt.date(2026, 1, 1))
    ledger_factories.entry(user, "4.5", category=ELE, earned_on=dt.date(2026, 12, 31))
    ledger_factories.entry(user, "20", category=REQ, earned_on=dt.date(2025, 12, 31))
    summary = credit_hours_summary(user=user, year=2026, today=MID_YEAR)
    assert (summary.total, summary.required, summary.elective) == (
        Decimal("14.5"),
        Decimal("10"),
        Decimal("4.5"),
    )
    assert summary.requirement_total == Decimal("90")
    assert summary.requirement_required == Decimal("45.0")
    assert summary.remaining == Decimal("75.5")
    assert not summary.on_track
    assert [e.hours for e in credit_hour_entries_for_year(user=user, year=2026)] == [
        Decimal("10"),
        Decimal("4.5"),
    ]


def test_correction_is_a_new_entry_with_reason_and_changes_the_total():
    user = ProfileFactory().user
    admin = UserFactory()
    original = ledger_factories.entry(user, "8", category=REQ)
    correction = credit_hours_correct(
        entry=original, hours=Decimal("-3"), reason="签到表有误", recorded_by=admin
    )
    original.refresh_from_db()
    assert original.hours == Decimal("8")
    assert correction.corrects == original and correction.earned_on == original.earned_on
    summary = credit_hours_summary(user=user, year=2026, today=MID_YEAR)
    assert summary.required == Decimal("5")
    assert CreditHourEntry.objects.filter(user=user).count() == 2


def test_correction_without_reason_or_beyond_the_entry_is_refused():
    entry = ledger_factories.entry(ProfileFactory().user, "2")
    with pytest.raises(LedgerError):
        credit_hours_correct(entry=entry, hours=Decimal("-1"), reason="  ", recorded_by=None)
    with pytest.raises(LedgerError):
        credit_hours_correct(entry=entry, hours=Decimal("-2.5"), reason="多记", recorded_by=None)
    assert CreditHourEntry.objects.count() == 1


def test_an_entry_cannot_be_edited_or_deleted():
    entry = ledger_factories.entry(ProfileFactory().user, "2")
    entry.hours = Decimal("20")
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert CreditHourEntry.objects.get().hours == Decimal("2")


def test_the_same_source_credits_once_even_past_the_service():
    user = ProfileFactory().user
    first = ledger_factories.entry(user, "2")
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditHourEntry.objects.create(
            user=user,
            source_kind=first.source_kind,
            source_key=first.source_key,
            hours=Decimal("2"),
            category=ELE,
            earned_on=first.earned_on,
            recorded_at=first.recorded_at,
        )


def test_requirement_by_post_wins_over_rank_and_default():
    post = PostFactory()
    AnnualRequirement.objects.create(post=post, total_hours=Decimal("50"), required_percent=40)
    AnnualRequirement.objects.create(rank=Rank.CLERK, total_hours=Decimal("60"))
    by_post = ProfileFactory(post=post, rank=Rank.CLERK)
    by_rank = ProfileFactory(rank=Rank.CLERK)
    default = ProfileFactory()
    summaries = credit_hours_summaries(profiles=Profile.objects.all(), year=2026, today=MID_YEAR)
    assert summaries[by_post.user_id].requirement_total == Decimal("50")
    assert summaries[by_post.user_id].requirement_required == Decimal("20.0")
    assert summaries[by_rank.user_id].requirement_total == Decimal("60")
    assert summaries[default.user_id].requirement_total == Decimal("90")


def test_bulk_summaries_match_single_ones_with_constant_queries(django_assert_num_queries):
    profiles = [ProfileFactory() for _ in range(5)]
    for index, profile in enumerate(profiles):
        ledger_factories.entry(profile.user, str(12 * index + 1), category=REQ)
        ledger_factories.entry(profile.user, "3", category=ELE)
    with django_assert_num_queries(3):
        summaries = credit_hours_summaries(
            profiles=Profile.objects.all(), year=2026, today=MID_YEAR
        )
    for profile in profiles:
        assert summaries[profile.user_id] == credit_hours_summary(
            user=profile.user, year=2026, today=MID_YEAR
        )
    assert summaries[profiles[4].user_id].on_track  # 52 h (49 required) by early July of 90 (45)
    assert not summaries[profiles[0].user_id].on_track


def test_course_completion_credits_once_and_required_only_when_assigned():
    from courses.services import enrolment_create
    from tests.factories import courses as course_factories

    user = ProfileFactory().user
    course = course_factories.course(lessons=1)
    enrolment = enrolment_create(user=user, course=course)
    enrolment.status = enrolment.Status.COMPLETED
    enrolment.completed_at = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)  # 01:00 on 2 March CST
    enrolment.save()
    first = credit_hours_for_course_completion(enrolment=enrolment)
    again = credit_hours_for_course_completion(enrolment=enrolment)
    assert first == again and first.category == ELE and first.hours == course.credit_hours
    assert first.earned_on == dt.date(2026, 3, 2)
    assert CreditHourEntry.objects.filter(user=user).count() == 1


def test_onsite_session_credits_each_attendee_once():
    people = [ProfileFactory().user for _ in range(3)]
    session = OnsiteSession.objects.create(
        title="数据安全专题讲座", date=dt.date(2026, 5, 20), hours=Decimal("3"), category=REQ
    )
    assert onsite_session_credit(session=session, users=people[:2]) == 2
    assert onsite_session_credit(session=session, users=people) == 1
    assert CreditHourEntry.objects.filter(source_key=f"onsite:{session.pk}").count() == 3


def test_assessment_pass_credits_the_rule_hours_once_and_failures_nothing():
    from django.utils import timezone

    from quizzes.models import Attempt, Result
    from tests.factories.quizzes import AssessmentFactory
    from training.services import credit_hours_for_assessment_pass

    user = ProfileFactory().user
    assessment = AssessmentFactory()
    AssessmentCreditRule.objects.create(assessment=assessment, hours=Decimal("1.5"))
    now = timezone.now()

    def result(passed):
        attempt = Attempt.objects.create(
            user=user,
            assessment=assessment,
            number=Attempt.objects.count() + 1,
            started_at=now,
            seed=1,
            status=Attempt.Status.SUBMITTED,
            finished_at=now,
        )
        return Result(
            attempt=attempt,
            user=user,
            assessment=assessment,
            score=1,
            max_score=1,
            percent=100 if passed else 0,
            passed=passed,
            created_at=now,
        )

    assert credit_hours_for_assessment_pass(result=result(False)) is None
    first = credit_hours_for_assessment_pass(result=result(True))
    second = credit_hours_for_assessment_pass(result=result(True))
    assert first == second and first.hours == Decimal("1.5") and first.category == ELE
