"""Issuing: automatic on completion or pass, exactly once per achievement, serials, reissue."""

import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates import services
from certificates.models import AchievementKind, Certificate
from courses.models import Enrolment
from courses.signals import course_completed
from quizzes.signals import assessment_passed
from tests.factories.certificates import (
    assessment_rule,
    certificate,
    completed_enrolment,
    passed_result,
)
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def _send_completed(enrolment):
    course_completed.send(
        sender=Enrolment, enrolment=enrolment, user=enrolment.user, course=enrolment.course
    )


def test_completing_a_course_that_issues_certificates_issues_one_with_a_frozen_snapshot(
    django_capture_on_commit_callbacks,
):
    enrolment = completed_enrolment(title="网络安全基础", credit_hours=Decimal("3.5"))
    with django_capture_on_commit_callbacks() as callbacks:
        _send_completed(enrolment)
    # (home.personal also retires the learner's cached home page on commit: not counted here.)
    renders = [c for c in callbacks if "_enqueue_render" in c.__qualname__]
    assert len(renders) == 1, "the PDF render is queued on commit"
    cert = Certificate.objects.get(holder=enrolment.user)
    assert cert.kind == AchievementKind.COURSE_COMPLETION
    assert cert.achievement_key == f"course:{enrolment.course.pk}"
    assert cert.credit_hours == Decimal("3.5")
    assert cert.design == "completion"
    assert cert.snapshot["title"] == "网络安全基础"
    assert cert.snapshot["holder_name"] == enrolment.user.full_name
    enrolment.course.title = "改名后的课程"
    enrolment.course.save()
    cert.refresh_from_db()
    assert cert.snapshot["title"] == "网络安全基础"


def test_course_whose_guide_issues_no_certificate_gets_none():
    enrolment = completed_enrolment(certificate_issued=False)
    _send_completed(enrolment)
    assert not Certificate.objects.exists()


def test_the_same_completion_signalled_twice_yields_one_certificate():
    enrolment = completed_enrolment()
    _send_completed(enrolment)
    _send_completed(enrolment)
    assert Certificate.objects.filter(holder=enrolment.user).count() == 1


def test_passing_a_test_with_a_rule_issues_a_pass_certificate_valid_for_the_rule_months():
    result = passed_result()
    assessment_rule(assessment=result.assessment, valid_for_months=24)
    assessment_passed.send(
        sender=type(result.assessment),
        attempt=result.attempt,
        user=result.user,
        assessment=result.assessment,
        result=result,
    )
    cert = Certificate.objects.get(holder=result.user)
    assert cert.kind == AchievementKind.ASSESSMENT_PASS
    assert cert.design == "pass"
    assert cert.achievement_key == f"assessment:{result.assessment_id}"
    months = (
        (cert.expires_at.year - cert.issued_at.year) * 12
        + cert.expires_at.month
        - cert.issued_at.month
    )
    assert months == 24


def test_passing_a_test_without_a_rule_issues_nothing():
    result = passed_result()
    assessment_passed.send(
        sender=type(result.assessment),
        attempt=result.attempt,
        user=result.user,
        assessment=result.assessment,
        result=result,
    )
    assert not Certificate.objects.exists()


def test_serials_are_human_readable_sequential_and_codes_unguessable():
    first = certificate(achievement_key="course:1")
    second = certificate(achievement_key="course:2")
    year = timezone.now().year
    assert re.fullmatch(rf"GL-{year}-\d{{6}}", first.serial)
    assert int(second.serial[-6:]) == int(first.serial[-6:]) + 1
    assert first.code != second.code and len(first.code) >= 32
    assert re.fullmatch(r"[A-Za-z0-9_-]+", first.code)


def test_database_refuses_a_second_live_certificate_for_the_same_achievement():
    cert = certificate()
    duplicate = Certificate(
        serial="GL-2000-999999",
        code="another-code",
        holder=cert.holder,
        kind=cert.kind,
        achievement_key=cert.achievement_key,
        title=cert.title,
        issuer="x",
        issued_at=timezone.now(),
        design=cert.design,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_database_refuses_a_revoked_certificate_without_reason_or_time():
    cert = certificate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=cert.pk).update(status="revoked")


def test_reissue_revokes_the_old_certificate_and_issues_a_new_serial_for_the_same_achievement():
    admin = UserFactory(is_superuser=True)
    old = certificate()
    new = services.certificate_reissue(certificate=old, reason="姓名有误，已更正。", by=admin)
    old.refresh_from_db()
    assert old.status == "revoked" and old.revoked_reason == "姓名有误，已更正。"
    assert old.revoked_by == admin and old.revoked_at is not None
    assert new.serial != old.serial and new.code != old.code
    assert (new.holder, new.kind, new.achievement_key) == (
        old.holder,
        old.kind,
        old.achievement_key,
    )
    assert new.replaces == old
    # Issuing the achievement again now returns the reissued certificate, not a third one.
    again = services.certificate_issue(
        holder=old.holder, kind=old.kind, achievement_key=old.achievement_key, title=old.title
    )
    assert again == new


def test_revoking_without_a_reason_is_refused_and_changes_nothing():
    from django.core.exceptions import ValidationError

    cert = certificate()
    with pytest.raises(ValidationError):
        services.certificate_revoke(certificate=cert, reason="  ", by=None)
    cert.refresh_from_db()
    assert cert.status == "valid"


def test_revocation_is_audited():
    from trust.models import AuditEvent

    cert = certificate()
    services.certificate_revoke(certificate=cert, reason="作弊", by=UserFactory(is_staff=True))
    event = AuditEvent.objects.get(action="certificate_revoked")
    assert event.target_id == str(cert.pk) and event.details["reason"] == "作弊"


def test_contest_award_issue_is_ready_for_contests_and_idempotent():
    user = UserFactory()
    first = services.certificate_issue_for_award(
        holder=user,
        award_key="7:1",
        contest_title="2026年信息化竞赛",
        award_title="一等奖",
        credit_hours=Decimal("2"),
    )
    second = services.certificate_issue_for_award(
        holder=user,
        award_key="7:1",
        contest_title="2026年信息化竞赛",
        award_title="一等奖",
    )
    assert first == second
    assert first.kind == "contest_award" and first.design == "award"
    assert first.snapshot["details"]["award"] == "一等奖"


def test_expired_certificates_are_marked_by_the_sweep():
    cert = certificate()
    Certificate.objects.filter(pk=cert.pk).update(
        issued_at=timezone.now() - timezone.timedelta(days=10),
        expires_at=timezone.now() - timezone.timedelta(days=1),
    )
    cert.refresh_from_db()
    assert cert.effective_status == "expired"
    assert services.certificates_mark_expired() == 1
    cert.refresh_from_db()
    assert cert.status == "expired"


def test_the_daily_command_marks_expired_certificates(capsys):
    from django.core.management import call_command

    cert = certificate()
    Certificate.objects.filter(pk=cert.pk).update(
        issued_at=timezone.now() - timezone.timedelta(days=10),
        expires_at=timezone.now() - timezone.timedelta(days=1),
    )
    call_command("expire_certificates")
    assert "1 certificate(s) marked expired." in capsys.readouterr().out
    cert.refresh_from_db()
    assert cert.status == "expired"
