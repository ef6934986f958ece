"""Writes of the Q&A service: asking, answering, following up, resolving, closing, merging,
promoting to the FAQ, notices and the daily escalation. Every status change goes through
`question_transition`."""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import clock
from core.uploads import check_upload
from courses.models import CoursePage, LessonPage
from courses.selectors import source_page

from . import selectors, workdays
from .models import (
    Answer,
    CalendarOverride,
    EscalationKind,
    EscalationSent,
    Question,
    QuestionNotice,
    QuestionStatus,
    Visibility,
)

# Which status may follow which; anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    QuestionStatus.OPEN: {QuestionStatus.ANSWERED, QuestionStatus.CLOSED, QuestionStatus.MERGED},
    QuestionStatus.ANSWERED: {
        QuestionStatus.OPEN,
        QuestionStatus.RESOLVED,
        QuestionStatus.CLOSED,
        QuestionStatus.MERGED,
    },
    QuestionStatus.RESOLVED: {QuestionStatus.OPEN, QuestionStatus.CLOSED, QuestionStatus.MERGED},
    QuestionStatus.CLOSED: set(),
    QuestionStatus.MERGED: set(),
}
ATTACHMENT_EXTENSIONS = {"pdf", "docx", "xlsx", "txt", "png", "jpg", "jpeg"}
IMAGE_MAGIC = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def attachment_check(*, upload) -> None:
    """Refuse an attachment of the wrong type or size (judged by its content, not its name)."""
    name = os.path.basename(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("Attach a PDF, Word, Excel, text, PNG or JPEG file."), code="attachment_type"
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    check_upload(
        head=head, name=name, size=upload.size, max_size=settings.QANDA_ATTACHMENT_MAX_BYTES
    )
    magic = IMAGE_MAGIC.get(extension)
    if magic and not head.startswith(magic):
        raise ValidationError(
            _("The content of this file is not a .%(extension)s file. Please upload the original.")
            % {"extension": extension},
            code="content_mismatch",
        )


def notify(*, users, question: Question, message: str) -> None:
    """An in-site notice for each person, and an e-mail sent by a background task."""
    from .tasks import send_question_email

    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    QuestionNotice.objects.bulk_create(
        [
            QuestionNotice(user=user, question=question, message=message[:300])
            for user in recipients.values()
        ]
    )
    addresses = sorted({user.email for user in recipients.values() if user.email})
    if addresses:
        transaction.on_commit(
            lambda: send_question_email.enqueue(
                question_id=question.pk, addresses=addresses, message=message
            )
        )


def transition_refusal(*, current: str, to: str) -> ValidationError | None:
    """The refusal a change of status from `current` to `to` meets, or None when the workflow
    allows it (asked by question_transition and by the actions)."""
    if to in TRANSITIONS[current]:
        return None
    return ValidationError(
        _("A question that is “%(current)s” cannot become “%(new)s”.")
        % {"current": QuestionStatus(current).label, "new": QuestionStatus(to).label},
        code="invalid_transition",
    )


@transaction.atomic
def question_transition(
    *, question: Question, to: str, now: dt.datetime | None = None, merged_into=None
) -> Question:
    """The one way a question's status changes; refuses a change the workflow does not allow."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    refusal = transition_refusal(current=question.status, to=to)
    if refusal is not None:
        raise refusal
    now = _now(now)
    if to == QuestionStatus.OPEN:
        # A follow-up restarts the clock: the experts owe an answer within the same promise.
        due = workdays.due_for(now)
        question.due_at, question.due_provisional = due.at, due.provisional
    question.status = to
    question.status_changed_at = now
    question.merged_into = merged_into if to == QuestionStatus.MERGED else None
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_ask(
    *,
    user,
    course: CoursePage,
    title: str,
    body: str,
    visibility: str = Visibility.PRIVATE,
    lesson: LessonPage | None = None,
    attachment=None,
    now: dt.datetime | None = None,
) -> Question:
    """A learner asks the course's experts; due on the working-day clock; experts are notified."""
    now = _now(now)
    course = source_page(page=course)
    if lesson is not None:
        lesson = source_page(page=lesson)
        if not lesson.is_descendant_of(course):
            raise ValidationError({"lesson": _("This lesson is not part of the course.")})
    if attachment:
        attachment_check(upload=attachment)
    due = workdays.due_for(now)
    question = Question(
        course=course,
        lesson=lesson,
        asker=user,
        title=(title or "").strip(),
        body=(body or "").strip(),
        visibility=visibility,
        asked_at=now,
        first_due_at=due.at,
        due_at=due.at,
        first_due_provisional=due.provisional,
        due_provisional=due.provisional,
        status_changed_at=now,
    )
    if attachment:
        question.attachment = attachment
        question.attachment_name = os.path.basename(attachment.name)[:200]
    question.full_clean()
    question.save()
    notify(
        users=selectors.course_experts(course=course),
        question=question,
        message=_("New question on %(course)s: %(title)s")
        % {"course": course.title, "title": question.title},
    )
    return question


@transaction.atomic
def answer_post(*, question: Question, author, body: str, now: dt.datetime | None = None) -> Answer:
    """An expert answers (the question becomes answered, the learner is notified), or the asker
    follows up (an answered or resolved question opens again, the experts are notified)."""
    now = _now(now)
    body = (body or "").strip()
    is_expert = selectors.can_answer(user=author, course=question.course)
    if not is_expert and author.pk != question.asker_id:
        raise PermissionDenied(_("Only the asker and the course's experts can write here."))
    if question.status in (QuestionStatus.CLOSED, QuestionStatus.MERGED):
        raise ValidationError(_("This question is closed; ask a new question instead."))
    answer = Answer(
        question=question, author=author, body=body, is_expert=is_expert, created_at=now
    )
    answer.full_clean()
    answer.save()
    if is_expert:
        if question.status == QuestionStatus.OPEN:
            question = question_transition(question=question, to=QuestionStatus.ANSWERED, now=now)
        Question.objects.filter(pk=question.pk, first_response_at__isnull=True).update(
            first_response_at=now
        )
        Question.objects.filter(pk=question.pk).update(answered_at=now)
        notify(
            users=[question.asker],
            question=question,
            message=_("Your question has an answer: %(title)s") % {"title": question.title},
        )
    else:
        if question.status in (QuestionStatus.ANSWERED, QuestionStatus.RESOLVED):
            question_transition(question=question, to=QuestionStatus.OPEN, now=now)
        notify(
            users=selectors.course_experts(course=question.course),
            question=question,
            message=_("A learner followed up on: %(title)s") % {"title": question.title},
        )
    return answer


def question_resolve(*, question: Question, user, now: dt.datetime | None = None) -> Question:
    """The asker says the answer solved it."""
    if user.pk != question.asker_id:
        raise PermissionDenied(_("Only the person who asked can mark the question resolved."))
    return question_transition(question=question, to=QuestionStatus.RESOLVED, now=now)


def question_close(*, question: Question, user, now: dt.datetime | None = None) -> Question:
    """An expert closes a question that needs no (further) answer (the rule:
    actions.CloseQuestionAction)."""
    from .actions import CloseQuestionAction

    return CloseQuestionAction(question).execute(user, now=now)


@transaction.atomic
def question_merge(
    *, question: Question, into: Question, user, now: dt.datetime | None = None
) -> Question:
    """An expert merges a duplicate into another question of the same course; the asker is told."""
    if not selectors.can_answer(user=user, course=question.course):
        raise PermissionDenied(_("Only the course's experts can merge questions."))
    if into.pk == question.pk or into.course_id != question.course_id:
        raise ValidationError(
            _("A question can only be merged into another question of the same course.")
        )
    if into.status == QuestionStatus.MERGED:
        raise ValidationError(
            _("That question was itself merged; merge into the one it was merged into.")
        )
    question = question_transition(
        question=question, to=QuestionStatus.MERGED, now=now, merged_into=into
    )
    notify(
        users=[question.asker],
        question=question,
        message=_("Your question was merged into: %(title)s") % {"title": into.title},
    )
    return question


def answer_promote(*, answer: Answer, user) -> Answer:
    """An expert puts a good answer in the course's FAQ, public questions only (the rule:
    actions.PromoteAnswerAction)."""
    from .actions import PromoteAnswerAction

    return PromoteAnswerAction(answer).execute(user)


def notices_mark_read(*, user, now: dt.datetime | None = None) -> int:
    """Mark all of a person's question notices read."""
    return QuestionNotice.objects.filter(user=user, read_at__isnull=True).update(read_at=_now(now))


@transaction.atomic
def calendar_override_set(*, date: dt.date, is_workday: bool, note: str = "") -> CalendarOverride:
    """Set one date's working-day status by hand (wins over the holiday library); provisional
    due dates of that year are recomputed after commit."""
    override = CalendarOverride.objects.filter(date=date).first() or CalendarOverride(date=date)
    override.is_workday = is_workday
    override.note = note
    override.full_clean()
    override.save()
    provisional_due_dates_recompute_later(years=[date.year])
    return override


def provisional_due_dates_recompute_later(*, years) -> None:
    """Queue the recomputation of the provisional due dates of `years` once the overrides are
    committed (a year can hold many questions: a background task does it)."""
    from .tasks import recompute_provisional_due_dates

    years = sorted({int(year) for year in years})
    if years:
        transaction.on_commit(lambda: recompute_provisional_due_dates.enqueue(years=years))


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, 1, 1, tzinfo=clock.CIVIL_TIME_ZONE)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=clock.CIVIL_TIME_ZONE)


def provisional_due_dates_recompute(*, years) -> int:
    """Recompute the provisional due dates whose count crosses one of `years`, with the override
    table as it is now; returns how many questions changed. The promise (first_due_at) counts
    from asking; the running clock (due_at) of an open question from its last (re)opening, and a
    stopped clock that was the promise follows it."""
    calendar = workdays.WorkdayCalendar()
    span = Q()
    for year in set(years):
        start, end = _year_bounds(year)
        span |= Q(asked_at__lt=end) & (Q(due_at__gte=start) | Q(first_due_at__gte=start))
    if not span:
        return 0
    candidates = (
        Question.objects.filter(span)
        .filter(Q(first_due_provisional=True) | Q(due_provisional=True))
        .only(
            "status",
            "asked_at",
            "status_changed_at",
            "first_due_at",
            "due_at",
            "first_due_provisional",
            "due_provisional",
        )
        .order_by("pk")
    )
    changed = []
    for question in candidates.iterator(chunk_size=500):
        before = (
            question.first_due_at,
            question.due_at,
            question.first_due_provisional,
            question.due_provisional,
        )
        clock_was_the_promise = question.due_at == question.first_due_at
        if question.first_due_provisional:
            first = workdays.due_for(question.asked_at, calendar=calendar)
            question.first_due_at, question.first_due_provisional = first.at, first.provisional
        if question.due_provisional:
            if question.status == QuestionStatus.OPEN:
                # An open question's clock started when it was asked or last reopened.
                due = workdays.due_for(question.status_changed_at, calendar=calendar)
                question.due_at, question.due_provisional = due.at, due.provisional
            elif clock_was_the_promise:
                question.due_at = question.first_due_at
                question.due_provisional = question.first_due_provisional
        if before != (
            question.first_due_at,
            question.due_at,
            question.first_due_provisional,
            question.due_provisional,
        ):
            changed.append(question)
    Question.objects.bulk_update(
        changed,
        ["first_due_at", "due_at", "first_due_provisional", "due_provisional"],
        batch_size=500,
    )
    return len(changed)


def _send_once(*, question: Question, kind: str, users, message: str, now: dt.datetime) -> bool:
    """Record the escalation first; the unique constraint makes a second run (or a concurrent
    worker) send nothing."""
    users = [user for user in users if user is not None]
    try:
        with transaction.atomic():
            EscalationSent.objects.create(
                question=question,
                kind=kind,
                due_at=question.due_at,
                sent_at=now,
                recipients=", ".join(sorted({user.get_username() for user in users})),
            )
            notify(users=users, question=question, message=message)
    except IntegrityError:
        return False
    return True


def escalate_questions(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The daily run: open questions due by the end of tomorrow remind the course's experts;
    overdue ones go to the course owner and the platform admins. Each once per clock run."""
    now = _now(now)
    tomorrow_end = clock.end_of_day(clock.local_date(now) + dt.timedelta(days=1))
    sent = {EscalationKind.DUE_TOMORROW: 0, EscalationKind.OVERDUE: 0}
    admins = selectors.platform_admins()
    waiting = Question.objects.filter(status=QuestionStatus.OPEN, due_at__lte=tomorrow_end)
    already = set(
        EscalationSent.objects.filter(question__in=waiting).values_list(
            "question_id", "kind", "due_at"
        )
    )
    for question in waiting.select_related("course", "course__owner").order_by("due_at"):
        if question.due_at < now:
            kind = EscalationKind.OVERDUE
            users = [question.course.owner, *admins]
            message = _("Overdue, no answer within %(days)s working days: %(title)s") % {
                "days": settings.QANDA_DUE_WORKING_DAYS,
                "title": question.title,
            }
        else:
            kind = EscalationKind.DUE_TOMORROW
            users = selectors.course_experts(course=question.course)
            message = _("Please answer by tomorrow: %(title)s") % {"title": question.title}
        if (question.pk, kind, question.due_at) in already:
            continue
        if _send_once(question=question, kind=kind, users=users, message=message, now=now):
            sent[kind] += 1
    return {str(kind): count for kind, count in sent.items()}
