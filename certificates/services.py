"""Writes of the certificates app: issue (automatic, bulk, contest awards, transcripts), revoke,
reissue, expire, and storing rendered PDFs. Rendering itself runs in tasks (certificates.tasks)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import secrets
import zipfile
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    DEFAULT_DESIGN,
    STATUS_LIST_SIZE,
    AchievementKind,
    BulkIssue,
    Certificate,
    CertificateRule,
    CertificateStatus,
    SerialCounter,
)

logger = logging.getLogger(__name__)
SERIAL_PREFIX = "GL"


def default_issuer() -> str:
    """The issuing body printed when a rule names none."""
    return getattr(settings, "CERTIFICATE_ISSUER", "") or settings.WAGTAIL_SITE_NAME


def _next_serial(*, year: int) -> str:
    """The next human-readable serial of `year` (GL-2026-000123). The UPDATE takes the counter's
    row lock until the transaction ends, so concurrent issuers queue here and never share a
    number."""
    SerialCounter.objects.get_or_create(year=year)
    SerialCounter.objects.filter(year=year).update(last=F("last") + 1)
    number = SerialCounter.objects.get(year=year).last
    return f"{SERIAL_PREFIX}-{year}-{number:06d}"


def _new_code() -> str:
    """An unguessable, URL-safe verification code (192 random bits)."""
    return secrets.token_urlsafe(24)


STATUS_INDEX_TRIES = 5


def _free_status_index() -> int:
    """A random free place in the status list being filled (the first list with room; a list is
    STATUS_LIST_SIZE places). Random, so a list's bits say nothing about issue order; the unique
    constraint on Certificate.status_index is the backstop when two issuers draw alike."""
    placed = Certificate.objects.filter(status_index__isnull=False)
    low = placed.count() // STATUS_LIST_SIZE * STATUS_LIST_SIZE
    draw = secrets.SystemRandom()
    while True:
        candidate = low + draw.randrange(STATUS_LIST_SIZE)
        if not placed.filter(status_index=candidate).exists():
            return candidate


def _live_certificate(*, holder, kind: str, achievement_key: str) -> Certificate | None:
    return (
        Certificate.objects.filter(holder=holder, kind=kind, achievement_key=achievement_key)
        .exclude(status=CertificateStatus.REVOKED)
        .first()
    )


def _add_months(value: dt.datetime, months: int) -> dt.datetime:
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    day = min(value.day, 28)  # every month has a 28th; avoids 31 Feb
    return value.replace(year=year, month=month, day=day)


def _enqueue_render(certificate: Certificate) -> None:
    from .tasks import render_certificate_pdf

    certificate_id = certificate.pk
    transaction.on_commit(lambda: render_certificate_pdf.enqueue(certificate_id=certificate_id))


@transaction.atomic
def certificate_issue(
    *,
    holder,
    kind: str,
    achievement_key: str,
    title: str,
    credit_hours: Decimal | None = None,
    design: str | None = None,
    issuer: str = "",
    valid_for_months: int | None = None,
    details: dict | None = None,
    replaces: Certificate | None = None,
    now: dt.datetime | None = None,
) -> Certificate:
    """Issue the one certificate for `holder`'s achievement, or return the one already issued —
    safe when the trigger runs twice or concurrently (a partial unique constraint decides). The PDF
    is rendered by a task queued after commit."""
    existing = _live_certificate(holder=holder, kind=kind, achievement_key=achievement_key)
    if existing is not None:
        return existing
    now = now or timezone.now()
    serial = _next_serial(year=now.year)
    # The counter lock serialises issuers: look again, a concurrent issuer may have just committed.
    existing = _live_certificate(holder=holder, kind=kind, achievement_key=achievement_key)
    if existing is not None:
        return existing
    issuer = issuer or default_issuer()
    expires_at = _add_months(now, valid_for_months) if valid_for_months else None
    certificate = Certificate(
        serial=serial,
        code=_new_code(),
        holder=holder,
        kind=kind,
        achievement_key=achievement_key,
        title=title[:300],
        credit_hours=credit_hours,
        issuer=issuer,
        issued_at=now,
        expires_at=expires_at,
        design=design or DEFAULT_DESIGN[AchievementKind(kind)],
        replaces=replaces,
    )
    certificate.snapshot = {
        "serial": serial,
        "holder_name": holder.get_full_name(),
        "kind": kind,
        "title": certificate.title,
        "credit_hours": None if credit_hours is None else str(credit_hours),
        "issuer": issuer,
        "issued_on": timezone.localdate(now).isoformat(),
        "expires_on": timezone.localdate(expires_at).isoformat() if expires_at else None,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        **({"details": details} if details else {}),
    }
    certificate.full_clean(validate_constraints=False)
    for tries_left in reversed(range(STATUS_INDEX_TRIES)):
        certificate.status_index = _free_status_index()
        try:
            with transaction.atomic():
                certificate.save()
            break
        except IntegrityError:
            # A concurrent issuer won the race between our check and our insert (the constraint
            # is the arbiter): theirs is the certificate. Otherwise a concurrent issuer drew the
            # same status list place: draw again.
            existing = _live_certificate(holder=holder, kind=kind, achievement_key=achievement_key)
            if existing is not None:
                return existing
            if not tries_left:
                raise
    _enqueue_render(certificate)
    return certificate


def _rule_for(*, course=None, assessment=None) -> CertificateRule | None:
    filters = {"course": course} if course is not None else {"assessment": assessment}
    return CertificateRule.objects.filter(**filters).first()


def certificate_issue_for_enrolment(*, enrolment) -> Certificate | None:
    """The course-completion certificate of a completed enrolment, when the course's guide says
    a certificate is issued; None otherwise."""
    course = enrolment.course
    if enrolment.status != "completed" or not course.certificate_issued:
        return None
    rule = _rule_for(course=course)
    return certificate_issue(
        holder=enrolment.user,
        kind=AchievementKind.COURSE_COMPLETION,
        achievement_key=f"course:{course.pk}",
        title=course.title,
        credit_hours=course.credit_hours,
        design=rule.design if rule else None,
        issuer=rule.issuer if rule else "",
        valid_for_months=rule.valid_for_months if rule else None,
        details={"completed_on": timezone.localdate(enrolment.completed_at).isoformat()},
        now=None,
    )


def certificate_issue_for_result(*, result) -> Certificate | None:
    """The test-pass certificate of a passed result, when the test has a certificate rule. The
    achievement is passing the test, not one attempt: passing it again returns the certificate
    already issued (the partial unique constraint on holder, kind and key decides under races)."""
    if not result.passed:
        return None
    rule = _rule_for(assessment=result.assessment)
    if rule is None:
        return None
    return certificate_issue(
        holder=result.user,
        kind=AchievementKind.ASSESSMENT_PASS,
        achievement_key=f"assessment:{result.assessment_id}",
        title=result.assessment.title,
        design=rule.design,
        issuer=rule.issuer,
        valid_for_months=rule.valid_for_months,
        details={"percent": str(result.percent), "pass_mark": result.assessment.pass_mark},
    )


def certificate_issue_for_award(
    *,
    holder,
    award_key: str,
    contest_title: str,
    award_title: str,
    credit_hours: Decimal | None = None,
    issuer: str = "",
    design: str | None = None,
) -> Certificate:
    """For the contests app (issue 5): the award certificate of a decided award. `award_key` is
    the contest's stable id for the award (e.g. "<contest id>:<award id>"); calling twice returns
    the same certificate. Printed title: "<contest> — <award>"."""
    return certificate_issue(
        holder=holder,
        kind=AchievementKind.CONTEST_AWARD,
        achievement_key=f"contest-award:{award_key}",
        title=f"{contest_title} — {award_title}",
        credit_hours=credit_hours,
        design=design,
        issuer=issuer,
        details={"contest": contest_title, "award": award_title},
    )


@transaction.atomic
def certificate_issue_transcript(*, user, year: int) -> Certificate:
    """The annual credit-hour transcript of `user` for `year`. A transcript of a year still
    collecting hours is superseded (old one revoked) when the hours changed since it was issued."""
    from .selectors import transcript_for_year

    transcript = transcript_for_year(user=user, year=year)
    key = f"transcript:{year}"
    existing = _live_certificate(holder=user, kind=AchievementKind.TRANSCRIPT, achievement_key=key)
    if existing is not None:
        if existing.snapshot.get("details") == transcript:
            return existing
        certificate_revoke(
            certificate=existing,
            reason=_("Superseded by a newer transcript of the same year."),
            by=None,
        )
    return certificate_issue(
        holder=user,
        kind=AchievementKind.TRANSCRIPT,
        achievement_key=key,
        title=_("Credit-hour transcript %(year)s") % {"year": year},
        credit_hours=Decimal(transcript["total"]),
        details=transcript,
    )


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, by=None, request=None
) -> Certificate:
    """Revoke a certificate with a reason (shown on the verification page) and audit it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking this certificate."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == CertificateStatus.REVOKED:
        raise ValidationError(_("This certificate has already been revoked."))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = by
    certificate.full_clean(validate_constraints=False)
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason", "revoked_by"])
    from trust.services import AuditAction, audit_record

    audit_record(
        action=AuditAction.CERTIFICATE_REVOKED,
        request=request,
        actor=by,
        target=certificate,
        details={"serial": certificate.serial, "reason": reason},
    )
    return certificate


# Stored as typed, in both languages: the verification page shows it to anyone in either.
HOLDER_ANONYMISED_REASON = (
    "持有人的个人信息已按规定删除。 The holder's personal data has been erased."
)


def certificates_anonymise(*, user) -> int:
    """For trust's anonymisation (run inside its transaction, after the person got a pseudonym):
    a printed copy must no longer verify as theirs, and the public page must not show their name.
    Each certificate not yet revoked is revoked with HOLDER_ANONYMISED_REASON; every one's printed
    content takes the pseudonym instead of the name, and its stored PDF is deleted. Returns how
    many certificates were touched."""
    now = timezone.now()
    touched = 0
    for certificate in Certificate.objects.select_for_update().filter(holder=user):
        fields = {"snapshot": {**certificate.snapshot, "holder_name": user.full_name}, "pdf": ""}
        if certificate.status != CertificateStatus.REVOKED:
            fields.update(
                status=CertificateStatus.REVOKED,
                revoked_at=now,
                revoked_reason=HOLDER_ANONYMISED_REASON,
                revoked_by=None,
            )
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        Certificate.objects.filter(pk=certificate.pk).update(**fields)
        if "revoked_at" in fields:
            # The same revocation event certificate_revoke records, so the log shows each one.
            from trust.services import AuditAction, audit_record

            audit_record(
                action=AuditAction.CERTIFICATE_REVOKED,
                actor_username="system",
                target_type=Certificate._meta.label_lower,
                target_id=certificate.pk,
                target_repr=certificate.serial,
                details={"serial": certificate.serial, "reason": HOLDER_ANONYMISED_REASON},
            )
        touched += 1
    return touched


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, reason: str, by=None, request=None):
    """Revoke `certificate` and issue its replacement with a new serial and code, printing the
    same achievement (the holder's current name, e.g. after a correction)."""
    old = certificate_revoke(certificate=certificate, reason=reason, by=by, request=request)
    snapshot = old.snapshot
    with translation.override(snapshot.get("language") or settings.LANGUAGE_CODE):
        return certificate_issue(
            holder=old.holder,
            kind=old.kind,
            achievement_key=old.achievement_key,
            title=old.title,
            credit_hours=old.credit_hours,
            design=old.design,
            issuer=old.issuer,
            details=snapshot.get("details"),
            replaces=old,
        )


def certificates_mark_expired(*, now: dt.datetime | None = None) -> int:
    """Write `expired` on valid certificates whose expiry has passed (the nightly sweep)."""
    now = now or timezone.now()
    return Certificate.objects.filter(
        status=CertificateStatus.VALID, expires_at__isnull=False, expires_at__lte=now
    ).update(status=CertificateStatus.EXPIRED)


def certificate_pdf_render(*, certificate_id: int, force: bool = False) -> Certificate:
    """Render and store a certificate's PDF from its snapshot (called by the render task); a
    PDF already rendered is kept unless `force`, so a task that runs twice renders once."""
    from .qr import verification_url
    from .rendering import render_pdf

    certificate = Certificate.objects.get(pk=certificate_id)
    if certificate.pdf and not force:
        return certificate
    pdf = render_pdf(
        design=certificate.design,
        snapshot=certificate.snapshot,
        verification_url=verification_url(certificate.code),
    )
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.serial}.pdf", ContentFile(pdf), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return certificate


# --- bulk issue ------------------------------------------------------------------------------------


@transaction.atomic
def bulk_issue_start(*, by, course=None, assessment=None, people=None) -> BulkIssue:
    """Queue issuing certificates to everyone who completed `course` (or passed `assessment`),
    or only to `people` (users), each of whom must have earned it: otherwise nothing is queued
    and the error names who has not."""
    if (course is None) == (assessment is None):
        raise ValidationError(_("Choose either a course or a test to issue certificates for."))
    if course is not None and not course.certificate_issued:
        raise ValidationError(_("This course's guide does not say that a certificate is issued."))
    if assessment is not None and _rule_for(assessment=assessment) is None:
        raise ValidationError(_("This test has no certificate rule; add one first."))
    people = list(people or [])
    if people:
        from .selectors import achievements_for_bulk_issue

        earned = {
            target.user_id
            for target in achievements_for_bulk_issue(
                course_id=course.pk if course else None,
                assessment_id=assessment.pk if assessment else None,
                user_ids=[person.pk for person in people],
            )
        }
        missing = [person for person in people if person.pk not in earned]
        if missing:
            names = "、".join(person.get_full_name() or person.get_username() for person in missing)
            raise ValidationError(
                (
                    _(
                        "These people have not completed the course, so no certificate can be "
                        "issued to them: %(names)s."
                    )
                    if course is not None
                    else _(
                        "These people have not passed the test, so no certificate can be "
                        "issued to them: %(names)s."
                    )
                )
                % {"names": names}
            )
    bulk = BulkIssue(course=course, assessment=assessment, requested_by=by)
    bulk.full_clean()
    bulk.save()
    if people:
        bulk.people.set(people)
    from .tasks import run_bulk_issue

    transaction.on_commit(lambda: run_bulk_issue.enqueue(bulk_id=bulk.pk))
    return bulk


def bulk_issue_run(*, bulk_id: int) -> BulkIssue:
    """Issue one by one, counting progress; one person's failure is counted, not fatal. PDFs
    are rendered inline here (this already is a task) so the ZIP can follow."""
    from .selectors import bulk_issue_targets

    bulk = BulkIssue.objects.get(pk=bulk_id)
    targets = list(bulk_issue_targets(bulk=bulk))
    BulkIssue.objects.filter(pk=bulk.pk).update(
        status=BulkIssue.Status.RUNNING, total=len(targets), done=0, failed=0
    )
    for target in targets:
        try:
            with transaction.atomic():
                if bulk.course_id:
                    certificate = certificate_issue_for_enrolment(enrolment=target)
                else:
                    certificate = certificate_issue_for_result(result=target)
            if certificate is not None and not certificate.pdf:
                certificate_pdf_render(certificate_id=certificate.pk)
            bulk.certificates.add(certificate)
            BulkIssue.objects.filter(pk=bulk.pk).update(done=F("done") + 1)
        except Exception:
            logger.exception("Bulk issue %s: could not issue for %r", bulk.pk, target)
            BulkIssue.objects.filter(pk=bulk.pk).update(failed=F("failed") + 1)
    BulkIssue.objects.filter(pk=bulk.pk).update(
        status=BulkIssue.Status.DONE, finished_at=timezone.now()
    )
    bulk.refresh_from_db()
    return bulk


def bulk_issue_archive_build(*, bulk_id: int) -> BulkIssue:
    """Build the ZIP of a finished bulk issue's PDFs (called by its task)."""
    bulk = BulkIssue.objects.get(pk=bulk_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in bulk.certificates.exclude(pdf=""):
            with certificate.pdf.open("rb") as pdf:
                archive.writestr(f"{certificate.serial}.pdf", pdf.read())
    bulk.archive.save(f"bulk-{bulk.pk}.zip", ContentFile(buffer.getvalue()), save=False)
    BulkIssue.objects.filter(pk=bulk.pk).update(archive=bulk.archive.name, archive_status="ready")
    bulk.refresh_from_db()
    return bulk


def bulk_issue_archive_request(*, bulk: BulkIssue) -> BulkIssue:
    """Queue the ZIP of a finished bulk issue."""
    if bulk.status != BulkIssue.Status.DONE:
        raise ValidationError(_("The certificates are still being issued; try again when done."))
    from .tasks import build_bulk_archive

    BulkIssue.objects.filter(pk=bulk.pk).update(archive_status="building")
    transaction.on_commit(lambda: build_bulk_archive.enqueue(bulk_id=bulk.pk))
    bulk.refresh_from_db()
    return bulk
