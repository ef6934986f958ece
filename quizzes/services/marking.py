"""Expert marking: opening the marking of a finished attempt's essays, assigning markers, marks
(draft and submit), the third marker, moderation, reassignment, and recording the Result once
every mark is final. Every change is written to the audit log.

Final mark of an answer (the agreed rule):
- single marking: the marker's mark;
- double marking: the mean of the two marks when they differ by no more than the test's margin
  (a percentage of the question's points); otherwise a third marker marks, and the final mark is
  the mean of the two closest of the three marks (on a tie, the pair that includes the third
  marker's mark, who was brought in to settle it);
- moderation: a lead marker may set the final mark of an answer not yet final, with a reason;
  that mark replaces the rule above.

Markers are the test's marker pool (Assessment.markers), least loaded first (open tasks), never
the learner themself and never twice for one answer (a database constraint). Due dates run on the
working-day clock (qanda.workdays, plugged in by the qanda app: `marking_clock_register`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trust.services import audit_record

from ..models import (
    Answer,
    Attempt,
    MarkedAnswer,
    MarkingMethod,
    MarkingTask,
    MarkingWait,
    Result,
)
from ..selectors.attempts import attempt_score
from .attempts import AttemptError, result_record

FOUR_PLACES = Decimal("0.0001")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud without doubt

# The working-day clock lives in qanda, a layer above quizzes; qanda.apps plugs it in. Until then
# (a process without qanda) due dates fall back to five weekdays.
_clock: dict[str, Callable] = {}


def marking_clock_register(*, due_at: Callable, elapsed: Callable) -> None:
    """Plug in the working-day clock: due_at(moment) and elapsed(start, end) in working days."""
    _clock["due_at"], _clock["elapsed"] = due_at, elapsed


def marking_due_at(moment: datetime) -> datetime:
    """When marking that starts at `moment` is due (the 5-working-day promise)."""
    if "due_at" in _clock:
        return _clock["due_at"](moment)
    day, left = moment, 5
    while left:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return day


def marking_workdays_elapsed(start: datetime, end: datetime) -> int:
    """Working days between two moments (the turnaround report's count)."""
    if "elapsed" in _clock:
        return _clock["elapsed"](start, end)
    return sum((start + timedelta(days=n)).weekday() < 5 for n in range(1, (end - start).days + 1))


class MarkingError(AttemptError):
    """A refused marking operation; `code` is stable, `message` a translated sentence."""


def _quantize(value) -> Decimal:
    return Decimal(value).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _new_code() -> str:
    while True:
        code = "M-" + "".join(secrets.choice(CODE_ALPHABET) for _n in range(7))
        if not MarkedAnswer.objects.filter(code=code).exists():
            return code


def marking_is_double(*, assessment) -> bool:
    """Contests and tests flagged high-stakes are double marked."""
    from ..models import ContestPage

    return assessment.double_marking or ContestPage.objects.filter(assessment=assessment).exists()


def _pool_by_load(*, assessment, exclude: set[int]) -> list[int]:
    """The test's markers, least open work first (then the longest-idle: lowest id), minus
    `exclude`."""
    rows = (
        get_user_model()
        .objects.filter(marking_assessments=assessment, is_active=True)
        .exclude(pk__in=exclude)
        .annotate(
            load=Count(
                "marking_tasks",
                filter=~Q(marking_tasks__status=MarkingTask.Status.SUBMITTED),
            )
        )
        .order_by("load", "pk")
        .values_list("pk", flat=True)
    )
    return list(rows)


def _task_create(*, marked: MarkedAnswer, role: int, exclude: set[int], now: datetime):
    pool = _pool_by_load(assessment=marked.assessment, exclude=exclude)
    task = MarkingTask.objects.create(
        marked_answer=marked,
        marker_id=pool[0] if pool else None,
        role=role,
        assigned_at=now,
        due_at=marking_due_at(now),
    )
    audit_record(
        action="marking_assigned",
        target=task,
        details={"code": marked.code, "role": role, "marker": task.marker_id},
    )
    return task


def marking_open(*, attempt: Attempt, answers: list[Answer], now: datetime) -> MarkingWait:
    """An attempt just finished with essays to mark: its wait (due on the working-day clock),
    one MarkedAnswer per essay and the first marker(s) assigned. Called inside _finish."""
    wait = MarkingWait.objects.create(
        attempt=attempt, assessment=attempt.assessment, created_at=now, due_at=marking_due_at(now)
    )
    double = marking_is_double(assessment=attempt.assessment)
    for answer in answers:
        marked = MarkedAnswer.objects.create(
            answer=answer,
            attempt=attempt,
            assessment=attempt.assessment,
            code=_new_code(),
            double=double,
            created_at=now,
        )
        taken = {attempt.user_id}
        for role in (1, 2) if double else (1,):
            task = _task_create(marked=marked, role=role, exclude=taken, now=now)
            if task.marker_id:
                taken.add(task.marker_id)
    return wait


def rubric_points(*, payload: dict, levels: dict, points: Decimal) -> Decimal:
    """Points a rubric marking gives: the chosen levels' points over the rubric's maximum, times
    the question's points. Every criterion needs a level (MarkingError otherwise)."""
    from ..formats.base import essay_rubric_maximum

    chosen = Decimal(0)
    for criterion in payload.get("rubric", []):
        level_id = levels.get(str(criterion["id"]))
        level = next((lv for lv in criterion["levels"] if str(lv["id"]) == level_id), None)
        if level is None:
            raise MarkingError(
                "level_missing",
                _("Choose a level for every criterion before submitting the mark."),
            )
        chosen += Decimal(str(level["points"]))
    maximum = Decimal(str(essay_rubric_maximum(payload)))
    if maximum <= 0:
        return Decimal(0)
    return _quantize(min(chosen, maximum) * Decimal(points) / maximum)


def _task_for_marker(task_id: int, user) -> MarkingTask:
    """The user's own task, locked with its answer (raises MarkingTask.DoesNotExist otherwise)."""
    return (
        MarkingTask.objects.select_for_update(of=("self", "marked_answer"))
        .select_related("marked_answer", "marked_answer__answer__question_version")
        .get(pk=task_id, marker=user)
    )


def _clean_mark(task: MarkingTask, *, levels, comments, points, submit: bool):
    version = task.marked_answer.answer.question_version
    payload = version.payload
    slot_points = task.marked_answer.answer.points
    rubric = payload.get("rubric") or []
    criterion_ids = {str(c["id"]) for c in rubric}
    levels = {str(k): str(v) for k, v in (levels or {}).items() if str(k) in criterion_ids and v}
    comments = {
        str(k): str(v)[:4000]
        for k, v in (comments or {}).items()
        if str(k) in criterion_ids and str(v).strip()
    }
    score = None
    if rubric:
        for criterion in rubric:
            chosen = levels.get(str(criterion["id"]))
            if chosen and chosen not in {str(lv["id"]) for lv in criterion["levels"]}:
                raise MarkingError("level_unknown", _("That level is not in the rubric."))
        if submit or len(levels) == len(rubric):
            score = rubric_points(payload=payload, levels=levels, points=slot_points)
    elif points not in (None, ""):
        try:
            score = _quantize(Decimal(str(points)))
        except ArithmeticError as error:
            raise MarkingError("points", _("Enter the points as a number.")) from error
        if not score.is_finite() or score < 0 or score > slot_points:
            raise MarkingError(
                "points",
                _("The points must be between 0 and %(max)s.") % {"max": slot_points.normalize()},
            )
    if submit and score is None:
        raise MarkingError("points", _("Give the points before submitting the mark."))
    return levels, comments, score


@transaction.atomic
def marking_task_save(
    *,
    task_id: int,
    user,
    levels: dict | None = None,
    comments: dict | None = None,
    overall_comment: str = "",
    points=None,
    submit: bool = False,
    now: datetime | None = None,
) -> MarkingTask:
    """Save a marker's draft, or submit it (then it is final for that marker). A submitted mark
    cannot change. Raises MarkingTask.DoesNotExist for a task that is not the user's."""
    now = now or timezone.now()
    task = _task_for_marker(task_id, user)
    if task.status == MarkingTask.Status.SUBMITTED:
        raise MarkingError("submitted", _("This mark is submitted and can no longer change."))
    if task.marked_answer.status == MarkedAnswer.Status.FINAL:
        raise MarkingError("final", _("This answer's mark is already final."))
    levels, comments, score = _clean_mark(
        task, levels=levels, comments=comments, points=points, submit=submit
    )
    task.levels, task.comments, task.score = levels, comments, score
    task.overall_comment = (overall_comment or "")[:8000]
    task.status = MarkingTask.Status.SUBMITTED if submit else MarkingTask.Status.DRAFT
    task.submitted_at = now if submit else None
    task.save()
    audit_record(
        action="mark_submitted" if submit else "mark_draft_saved",
        actor=user,
        target=task,
        details={"code": task.marked_answer.code, "role": task.role, "score": str(score)},
    )
    if submit:
        _after_mark(task.marked_answer, now)
    return task


def _margin_points(marked: MarkedAnswer) -> Decimal:
    return marked.answer.points * marked.assessment.marking_margin / 100


def final_mark(*, scores: list[Decimal], margin: Decimal) -> tuple[Decimal | None, str]:
    """The agreed rule on the submitted marks in marker order: (final points, method), or
    (None, "third") when a third marker is needed. See the module docstring."""
    if len(scores) == 1:
        return _quantize(scores[0]), MarkingMethod.SINGLE
    if len(scores) == 2:
        first, second = scores
        if abs(first - second) <= margin:
            return _quantize((first + second) / 2), MarkingMethod.MEAN
        return None, "third"
    first, second, third = scores[:3]
    pairs = [(abs(first - third), 0, first, third), (abs(second - third), 1, second, third)]
    pairs.append((abs(first - second), 2, first, second))
    _gap, _order, a, b = min(pairs)
    return _quantize((a + b) / 2), MarkingMethod.CLOSEST


def _after_mark(marked: MarkedAnswer, now: datetime) -> None:
    marked = (
        MarkedAnswer.objects.select_for_update(of=("self",))
        .select_related("answer", "assessment")
        .get(pk=marked.pk)
    )
    if marked.status == MarkedAnswer.Status.FINAL:
        return
    tasks = list(marked.tasks.order_by("role"))
    submitted = [t.score for t in tasks if t.status == MarkingTask.Status.SUBMITTED]
    if len(submitted) < len(tasks):
        return
    score, method = final_mark(scores=submitted, margin=_margin_points(marked))
    if score is None:
        marked.status = MarkedAnswer.Status.THIRD
        marked.save(update_fields=["status"])
        _task_create(
            marked=marked,
            role=3,
            exclude={marked.attempt.user_id} | {t.marker_id for t in tasks if t.marker_id},
            now=now,
        )
        return
    _answer_finalise(marked, score=score, method=method, now=now)


def _answer_finalise(marked: MarkedAnswer, *, score: Decimal, method: str, now: datetime) -> None:
    marked.score, marked.method = score, method
    marked.status, marked.finalised_at = MarkedAnswer.Status.FINAL, now
    marked.save(
        update_fields=[
            "score",
            "method",
            "status",
            "finalised_at",
            "moderated_by",
            "moderation_reason",
        ]
    )
    audit_record(
        action="mark_final",
        target=marked,
        details={"code": marked.code, "score": str(score), "method": method},
    )
    attempt_result_if_marked(attempt_id=marked.attempt_id, now=now)


def attempt_marked_score(*, attempt: Attempt) -> dict:
    """attempt_score with each marked answer's final points in place of the 0 it had on submit."""
    scored = attempt_score(attempt=attempt)
    finals = dict(
        MarkedAnswer.objects.filter(attempt=attempt, status=MarkedAnswer.Status.FINAL).values_list(
            "answer_id", "score"
        )
    )
    total = Decimal(0)
    per_competence: dict[int, list[Decimal]] = {}
    for answer in scored["answers"]:
        points = finals.get(answer.pk, scored["scores"][answer.pk])
        total += points
        per_competence.setdefault(answer.competence_id, [Decimal(0), Decimal(0)])
        per_competence[answer.competence_id][0] += points
        per_competence[answer.competence_id][1] += answer.points
    for item in scored["competences"]:
        got, most = per_competence[item["competence"]]
        item["score"] = str(_quantize(got))
        percent = got * 100 / most if most else Decimal(0)
        item["percent"] = str(percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    maximum = scored["max_score"]
    scored["score"] = _quantize(total)
    percent = total * 100 / maximum if maximum else Decimal(0)
    scored["percent"] = percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return scored


def attempt_result_if_marked(*, attempt_id: int, now: datetime | None = None) -> Result | None:
    """Record the attempt's Result once every marked answer is final, exactly once (the wait's
    row lock serialises the last two marks; the one-result constraint backs it up). Then, for a
    contest that has ended, its decision is queued. Returns the Result, or None while waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        wait = (
            MarkingWait.objects.select_for_update(of=("self",))
            .select_related("attempt__assessment", "attempt__user")
            .get(attempt_id=attempt_id)
        )
        existing = Result.objects.filter(attempt_id=attempt_id).first()
        if wait.finalised_at is not None or existing is not None:
            return existing
        if (
            MarkedAnswer.objects.filter(attempt_id=attempt_id)
            .exclude(status=MarkedAnswer.Status.FINAL)
            .exists()
        ):
            return None
        attempt = wait.attempt
        try:
            result = result_record(
                attempt=attempt, scored=attempt_marked_score(attempt=attempt), now=now
            )
        except IntegrityError:
            return Result.objects.filter(attempt_id=attempt_id).first()
        MarkingWait.objects.filter(pk=wait.pk).update(finalised_at=now)
        audit_record(
            action="marking_result_recorded",
            target=attempt,
            details={"score": str(result.score), "percent": str(result.percent)},
        )
        _contest_decision_queue(attempt.assessment_id)
        return result


def _contest_decision_queue(assessment_id: int) -> None:
    """The last mark of an ended contest lands: queue its decision (contest_decide waits for
    all marking to be final and is idempotent)."""
    from ..models import ContestPage

    contest = ContestPage.objects.filter(assessment_id=assessment_id).only("pk", "ends_at").first()
    if contest is None:
        return
    if MarkingWait.objects.filter(assessment_id=assessment_id, finalised_at__isnull=True).exists():
        return
    from ..tasks import decide_contest

    pk = contest.pk
    transaction.on_commit(lambda: decide_contest.enqueue(contest_id=pk))


def marking_can_moderate(*, user, assessment) -> bool:
    """Lead markers of the test, and platform admins."""
    from people.models import Role
    from people.selectors import user_roles

    if not getattr(user, "is_authenticated", False):
        return False
    if assessment.lead_markers.filter(pk=user.pk).exists():
        return True
    return Role.PLATFORM_ADMIN in user_roles(user=user)


@transaction.atomic
def marking_moderate(
    *, marked_id: int, user, points, reason: str, now: datetime | None = None
) -> MarkedAnswer:
    """A lead marker sets the final mark of an answer not yet final, with a reason."""
    now = now or timezone.now()
    marked = (
        MarkedAnswer.objects.select_for_update(of=("self",))
        .select_related("answer", "assessment")
        .get(pk=marked_id)
    )
    if not marking_can_moderate(user=user, assessment=marked.assessment):
        raise MarkingError("forbidden", _("Only the test's lead markers can moderate its marks."))
    if marked.status == MarkedAnswer.Status.FINAL:
        raise MarkingError("final", _("This answer's mark is already final."))
    if not (reason or "").strip():
        raise MarkingError("reason", _("Give the reason for the moderated mark."))
    try:
        score = _quantize(Decimal(str(points)))
    except ArithmeticError as error:
        raise MarkingError("points", _("Enter the points as a number.")) from error
    if not score.is_finite() or score < 0 or score > marked.answer.points:
        raise MarkingError(
            "points",
            _("The points must be between 0 and %(max)s.")
            % {"max": marked.answer.points.normalize()},
        )
    marked.moderated_by, marked.moderation_reason = user, reason.strip()[:4000]
    audit_record(
        action="mark_moderated",
        actor=user,
        target=marked,
        details={"code": marked.code, "score": str(score), "reason": marked.moderation_reason},
    )
    _answer_finalise(marked, score=score, method=MarkingMethod.MODERATED, now=now)
    return marked


@transaction.atomic
def marking_reassign(
    *, task_id: int, user, marker_id: int, now: datetime | None = None
) -> MarkingTask:
    """A lead marker gives an unsubmitted task to another marker of the pool (never the learner,
    never someone who already marks that answer). The draft so far is dropped."""
    now = now or timezone.now()
    task = (
        MarkingTask.objects.select_for_update(of=("self",))
        .select_related("marked_answer__assessment", "marked_answer__attempt")
        .get(pk=task_id)
    )
    marked = task.marked_answer
    if not marking_can_moderate(user=user, assessment=marked.assessment):
        raise MarkingError("forbidden", _("Only the test's lead markers can reassign marking."))
    if task.status == MarkingTask.Status.SUBMITTED:
        raise MarkingError("submitted", _("This mark is submitted and can no longer change."))
    busy = set(marked.tasks.exclude(pk=task.pk).values_list("marker_id", flat=True))
    if (
        marker_id == marked.attempt.user_id
        or marker_id in busy
        or not marked.assessment.markers.filter(pk=marker_id).exists()
    ):
        raise MarkingError(
            "marker",
            _("Choose a marker of this test who is not the learner and does not mark it yet."),
        )
    previous = task.marker_id
    task.marker_id, task.assigned_at, task.due_at = marker_id, now, marking_due_at(now)
    task.status, task.levels, task.comments, task.overall_comment = (
        MarkingTask.Status.ASSIGNED,
        {},
        {},
        "",
    )
    task.score = None
    task.save()
    audit_record(
        action="marking_reassigned",
        actor=user,
        target=task,
        details={"code": marked.code, "from": previous, "to": marker_id},
    )
    return task


__all__ = [
    "MarkingError",
    "attempt_marked_score",
    "attempt_result_if_marked",
    "final_mark",
    "marking_can_moderate",
    "marking_clock_register",
    "marking_due_at",
    "marking_is_double",
    "marking_moderate",
    "marking_open",
    "marking_reassign",
    "marking_task_save",
    "marking_workdays_elapsed",
    "rubric_points",
]
