"""The attempt engine. Every status change of an attempt goes through this module:

    attempt_start -> in_progress --answer_save*--> attempt_submit -> submitted
    (a contest paper: attempt_prepare ahead of the start, attempt_stamp_start at it)
                                                 \\-> attempt_expire -> expired (deadline passed)

The deadline is server time; nothing the browser sends about time is used. A finished attempt is
immutable: these services refuse, and database triggers (migration 0002) refuse too. Every write
locks the attempt row first, so a save and a submit cannot interleave: an answer the learner was
told was saved is always in the score.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Answer, Assessment, Attempt, Question, Result
from ..scoring import clean_response, keep_stored_file, matching_choices, needs_marking
from ..selectors.attempts import attempt_deadline, attempt_score
from ..signals import assessment_passed
from .abilities import learner_abilities_queue
from .competency import competence_levels_record


class AttemptError(Exception):
    """A refused attempt operation. `code` is stable for callers; the message is a sentence."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _finished_error() -> AttemptError:
    return AttemptError(
        "finished", _("This attempt is finished; its answers can no longer change.")
    )


def _deadline_error() -> AttemptError:
    return AttemptError("deadline", _("The time for this attempt is up; the answer was not saved."))


def _draw(assessment: Assessment, rng: random.Random) -> list[tuple[Question, Decimal]]:
    """Fixed questions first, then each draw rule's random sample (never the same question twice)."""
    chosen: list[tuple[Question, Decimal]] = []
    taken: set[int] = set()
    fixed = assessment.fixed_questions.select_related("question__current_version").order_by(
        "sort_order", "pk"
    )
    for item in fixed:
        if item.question.current_version_id and item.question_id not in taken:
            chosen.append((item.question, item.points))
            taken.add(item.question_id)
    for rule in assessment.draw_rules.select_related("competence").order_by("sort_order", "pk"):
        pool = Question.objects.filter(is_active=True, current_version__isnull=False)
        if rule.competence_id:
            pool = pool.filter(competence_id=rule.competence_id)
        elif assessment.area_id:
            pool = pool.filter(competence__area_id=assessment.area_id)
        if rule.difficulty:
            pool = pool.filter(difficulty=rule.difficulty)
        if assessment.language:
            pool = pool.filter(language=assessment.language)
        ids = sorted(set(pool.values_list("pk", flat=True)) - taken)
        if len(ids) < rule.count:
            raise AttemptError(
                "not_enough_questions",
                _(
                    "This test cannot start: a random draw needs %(count)s questions but the bank "
                    "has only %(available)s. Please tell the test's organiser."
                )
                % {"count": rule.count, "available": len(ids)},
            )
        picked = rng.sample(ids, rule.count)
        questions = Question.objects.select_related("current_version").in_bulk(picked)
        for pk in picked:
            chosen.append((questions[pk], rule.points))
            taken.add(pk)
    return chosen


def _option_order(version, shuffle: bool, rng: random.Random) -> list:
    payload = version.payload
    if "options" in payload:
        order = [option["id"] for option in payload["options"]]
        if version.qtype == "true_false":
            return order  # True before False reads naturally; shuffling it helps nobody.
    elif "pairs" in payload:
        order = matching_choices(payload)
    else:
        return []
    if shuffle:
        rng.shuffle(order)
    return order


def _resume_or_close(attempt: Attempt, now: datetime) -> Attempt | None:
    """The open attempt to resume, or None after finishing it because its time is up."""
    if attempt.deadline and now >= attempt.deadline:
        attempt_expire(attempt_id=attempt.pk, now=now)
        return None
    return attempt


@transaction.atomic
def attempt_start(*, user, assessment: Assessment, now: datetime | None = None) -> Attempt:
    """Start an attempt, or return the learner's attempt in progress (resuming it on any device)."""
    now = now or timezone.now()
    # Serialise one learner's starts; the partial unique constraint backs this up.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    open_attempt = Attempt.objects.filter(
        user=user, assessment=assessment, status=Attempt.Status.IN_PROGRESS
    ).first()
    if open_attempt is not None and _resume_or_close(open_attempt, now) is not None:
        return open_attempt
    if not assessment.is_published:
        raise AttemptError("unpublished", _("This test is not open to learners."))
    if assessment.opens_at and now < assessment.opens_at:
        raise AttemptError("not_open", _("This test has not opened yet."))
    if assessment.closes_at and now >= assessment.closes_at:
        raise AttemptError("closed", _("This test has closed."))
    previous = Attempt.objects.filter(user=user, assessment=assessment).aggregate(n=Max("number"))
    number = (previous["n"] or 0) + 1
    if assessment.attempts_allowed and number > assessment.attempts_allowed:
        raise AttemptError("no_attempts_left", _("You have used all your attempts at this test."))
    deadline = attempt_deadline(assessment=assessment, started_at=now)
    if assessment.adaptive:
        from .adaptive import adaptive_attempt_build

        attempt = adaptive_attempt_build(
            attempt=Attempt(
                user=user,
                assessment=assessment,
                number=number,
                started_at=now,
                deadline=deadline,
                seed=secrets.randbits(62),
            )
        )
    else:
        attempt = _paper_build(
            user_id=user.pk,
            assessment=assessment,
            number=number,
            started_at=now,
            deadline=deadline,
        )
    attempt.user = user
    _deadline_queue(attempt)
    return attempt


def _paper_build(
    *,
    user_id: int,
    assessment: Assessment,
    number: int,
    started_at: datetime,
    deadline: datetime | None,
) -> Attempt:
    """The draw, the per-player shuffles, the Attempt row and its Answer slots."""
    seed = secrets.randbits(62)
    # A seeded generator so the draw and shuffles can be reproduced; the seed itself is secret.
    rng = random.Random(seed)  # noqa: S311
    slots = _draw(assessment, rng)
    if not slots:
        raise AttemptError("empty", _("This test has no questions yet."))
    if assessment.shuffle_questions:
        rng.shuffle(slots)
    attempt = Attempt(
        user_id=user_id,
        assessment=assessment,
        number=number,
        started_at=started_at,
        deadline=deadline,
        seed=seed,
    )
    # Field checks only: the user and test were just read, the user's row lock serialises their
    # starts, and the database's unique constraints back that up; re-asking the database for each
    # (five queries) is what a contest's start minute cannot afford a thousand times.
    attempt.full_clean(
        exclude=["user", "assessment"], validate_unique=False, validate_constraints=False
    )
    attempt.save()
    Answer.objects.bulk_create(
        Answer(
            attempt=attempt,
            slot=position,
            question_version=question.current_version,
            competence_id=question.competence_id,
            points=points,
            option_order=_option_order(question.current_version, assessment.shuffle_options, rng),
        )
        for position, (question, points) in enumerate(slots, start=1)
    )
    return attempt


def _deadline_queue(attempt: Attempt) -> None:
    if attempt.deadline:
        from ..tasks import expire_attempt

        deadline, pk = attempt.deadline, attempt.pk
        transaction.on_commit(
            lambda: expire_attempt.using(run_after=deadline).enqueue(attempt_id=pk)
        )


@transaction.atomic
def attempt_prepare(*, user_id: int, assessment: Assessment, not_before: datetime) -> Attempt:
    """Build a contest paper ahead of its start: drawn, shuffled, slots created, but without a
    deadline until `attempt_stamp_start`. `not_before` stands in as its start time meanwhile.
    The caller (the contest's entry row lock) makes sure one person gets one paper."""
    # Built early, it must not run out early: no deadline until the contestant starts.
    return _paper_build(
        user_id=user_id, assessment=assessment, number=1, started_at=not_before, deadline=None
    )


def attempt_stamp_start(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Start a prepared attempt: its start time and deadline from the server clock (one UPDATE)
    and the deadline task queued. Nothing else is read or written."""
    now = now or timezone.now()
    deadline = attempt_deadline(assessment=attempt.assessment, started_at=now)
    Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
        started_at=now, deadline=deadline
    )
    attempt.started_at, attempt.deadline = now, deadline
    _deadline_queue(attempt)
    return attempt


def _answer_store(answer: Answer, cleaned, now: datetime) -> Answer:
    """Write a cleaned response into a slot whose attempt row the caller has locked, and read the
    new revision back from the same statement.

    The database counts: revision = revision + 1 in the UPDATE itself. The row read before may be
    stale (only the attempt's row was locked, and PostgreSQL re-reads only locked rows after a
    wait), so a Python "read + 1" let two concurrent saves write the same number. The UPDATE takes
    the answer's row lock, and RETURNING (PostgreSQL, SQLite >= 3.35) gives the number it wrote
    without a second query: autosave is the hottest write of every test."""
    fields = {name: Answer._meta.get_field(name) for name in ("response", "saved_at")}
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Answer._meta.db_table} SET response = %s, saved_at = %s,"  # noqa: S608
            " revision = revision + 1 WHERE id = %s RETURNING revision",
            [
                fields["response"].get_db_prep_save(cleaned, connection),
                fields["saved_at"].get_db_prep_save(now, connection),
                answer.pk,
            ],
        )
        (answer.revision,) = cursor.fetchone()
    answer.response, answer.saved_at = cleaned, now
    return answer


def _answer_locked(
    *, attempt_id: int, user, slot: int, now: datetime, only=(), **filters
) -> Answer:
    """The user's slot with its attempt row locked (the save and the submit serialise on it);
    refused once the attempt is finished or its deadline has passed."""
    answers = Answer.objects.select_related("attempt", "question_version")
    if only:
        answers = answers.only(*only)
    answer = answers.select_for_update(of=("attempt",)).get(
        attempt_id=attempt_id, attempt__user=user, slot=slot, **filters
    )
    attempt = answer.attempt
    if attempt.is_finished:
        raise _finished_error()
    if attempt.deadline and now >= attempt.deadline:
        raise _deadline_error()
    if answer.score is not None:
        # Only an adaptive attempt scores slots before it finishes: the ones the learner moved
        # on from, which no longer change (quizzes.services.adaptive).
        raise AttemptError(
            "moved_on",
            _("You have moved on from this question; its answer can no longer change."),
        )
    return answer


def answer_save(
    *, attempt_id: int, user, slot: int, response, now: datetime | None = None
) -> Answer:
    """Store the learner's latest response for one slot. Refused once the attempt is finished or
    its deadline has passed. Raises Answer.DoesNotExist for an attempt that is not the user's."""
    now = now or timezone.now()
    with transaction.atomic():
        answer = _answer_locked(attempt_id=attempt_id, user=user, slot=slot, now=now)
        version = answer.question_version
        response = keep_stored_file(qtype=version.qtype, response=response, stored=answer.response)
        cleaned = clean_response(qtype=version.qtype, payload=version.payload, response=response)
        return _answer_store(answer, cleaned, now)


AUTOSAVE_FIELDS = (
    "slot",
    "score",
    "attempt__status",
    "attempt__deadline",
    "question_version__qtype",
    "question_version__payload",
    # An essay's text save keeps the file the server stored for it (scoring.keep_stored_file).
    "response",
)


def answer_save_typed(
    *, attempt_id: int, user, slot: int, response_for, now: datetime | None = None
) -> Answer:
    """The autosave of one slot of a test that is not a contest's: as answer_save, but the
    response is built by `response_for(qtype)` once the locked read has told the slot's question
    type, so the request needs no query of its own to learn it. Raises Answer.DoesNotExist for
    an attempt that is not the user's, a contest's attempt or an unknown slot."""
    now = now or timezone.now()
    with transaction.atomic():
        answer = _answer_locked(
            attempt_id=attempt_id,
            user=user,
            slot=slot,
            now=now,
            # What the save and the autosave's reply read, and no more: the widest rows are the
            # answer's and the attempt's, and this read runs on every autosave.
            only=AUTOSAVE_FIELDS,
            attempt__assessment__contest__isnull=True,
        )
        version = answer.question_version
        response = keep_stored_file(
            qtype=version.qtype, response=response_for(version.qtype), stored=answer.response
        )
        cleaned = clean_response(qtype=version.qtype, payload=version.payload, response=response)
        return _answer_store(answer, cleaned, now)


def answers_save(*, attempt_id: int, user, responses: dict[int, object], now=None) -> list[Answer]:
    """Save several slots at once (the plain form post); all of them or, on any error, none."""
    if len(responses) == 1:  # the autosave: one slot, no need for an enclosing transaction
        ((slot, response),) = responses.items()
        return [
            answer_save(attempt_id=attempt_id, user=user, slot=slot, response=response, now=now)
        ]
    with transaction.atomic():
        return [
            answer_save(attempt_id=attempt_id, user=user, slot=slot, response=response, now=now)
            for slot, response in sorted(responses.items())
        ]


def _finish(attempt: Attempt, status: str, now: datetime) -> Result | None:
    """Score and close a locked, in-progress attempt; record its one Result. An attempt with an
    essay to mark gets no Result yet: it waits for its marks (quizzes.services.marking), and
    hours, levels, certificates and ranks follow only from the Result recorded then."""
    scored = attempt_score(attempt=attempt)
    to_mark = [
        answer
        for answer in scored["answers"]
        if needs_marking(answer.question_version.qtype, answer.response)
    ]
    waiting = {answer.pk for answer in to_mark}
    for answer in scored["answers"]:
        # An essay to mark keeps no score of its own (None, not a 0 that would count as wrong in
        # item analysis and calibration): its final mark is recorded by marking, and
        # quizzes.selectors.marking.counted_score reads either.
        answer.score = None if answer.pk in waiting else scored["scores"][answer.pk]
    Answer.objects.bulk_update(scored["answers"], ["score"])
    result = None if to_mark else result_record(attempt=attempt, scored=scored, now=now)
    final = {"status": status, "finished_at": now}
    if attempt.assessment.adaptive and attempt.irt_model:
        from .adaptive import attempt_ability

        # The final ability counts the last slot too when an answer to it was saved in time.
        ability = attempt_ability(attempt=attempt, answers=scored["answers"])
        final.update(ability=ability.theta, ability_se=ability.se)
    Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(**final)
    for name, value in final.items():
        setattr(attempt, name, value)
    if to_mark:
        from .marking import marking_open

        marking_open(attempt=attempt, answers=to_mark, now=now)
    return result


def result_record(*, attempt: Attempt, scored: dict, now: datetime) -> Result:
    """Record an attempt's one Result from its score (attempt_score, with any experts' marks in),
    then its competence levels and, after commit, `assessment_passed`. The one-to-one constraint
    refuses a second Result (IntegrityError), so nothing is ever counted twice."""
    assessment = attempt.assessment
    with transaction.atomic():
        result = Result.objects.create(
            attempt=attempt,
            user_id=attempt.user_id,
            assessment=assessment,
            score=scored["score"],
            max_score=scored["max_score"],
            percent=scored["percent"],
            passed=scored["max_score"] > 0 and scored["percent"] >= assessment.pass_mark,
            competences=scored["competences"],
            created_at=now,
        )
    # Passed or not, the answers move the learner's ability estimate (once they count: after
    # marking, for an attempt with essays).
    learner_abilities_queue(
        user_id=attempt.user_id, competence_ids=[item["competence"] for item in result.competences]
    )
    if result.passed:
        competence_levels_record(attempt=attempt, result=result)
        transaction.on_commit(
            lambda: assessment_passed.send(
                sender=Assessment,
                attempt=attempt,
                user=attempt.user,
                assessment=assessment,
                result=result,
            )
        )
    return result


def _locked(attempt_id: int, user=None) -> Attempt:
    attempts = Attempt.objects.select_for_update().select_related("assessment", "user")
    if user is not None:
        attempts = attempts.filter(user=user)
    return attempts.get(pk=attempt_id)


def attempt_submit(*, attempt_id: int, user=None, now: datetime | None = None) -> Result | None:
    """Finish an attempt at the learner's request and return its Result (None while an essay
    awaits marking). Submitting again returns the same Result (counted once). Past the deadline the attempt finishes as expired, scored on
    the answers saved in time. Raises Attempt.DoesNotExist for an attempt that is not the user's."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            attempt = _locked(attempt_id, user)
            if attempt.is_finished:
                return Result.objects.filter(attempt_id=attempt.pk).first()
            late = attempt.deadline is not None and now >= attempt.deadline
            return _finish(
                attempt, Attempt.Status.EXPIRED if late else Attempt.Status.SUBMITTED, now
            )
    except IntegrityError:
        # Another submit got there first (the one-result constraint is the last line of defence).
        return Result.objects.filter(attempt_id=attempt_id).first()


def attempt_expire(*, attempt_id: int, now: datetime | None = None) -> Result | None:
    """Finish an attempt whose deadline has passed, scoring its saved answers. Returns None when
    the deadline has not passed yet (an early call changes nothing) and while an essay awaits
    marking; a finished attempt's Result is returned unchanged."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            attempt = _locked(attempt_id)
            if attempt.is_finished:
                return Result.objects.filter(attempt_id=attempt.pk).first()
            if attempt.deadline is None or now < attempt.deadline:
                return None
            return _finish(attempt, Attempt.Status.EXPIRED, now)
    except IntegrityError:
        return Result.objects.filter(attempt_id=attempt_id).first()


def attempt_expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Called by the attempt pages: finish an overdue attempt before showing it."""
    now = now or timezone.now()
    if (
        attempt.status == Attempt.Status.IN_PROGRESS
        and attempt.deadline
        and now >= attempt.deadline
    ):
        attempt_expire(attempt_id=attempt.pk, now=now)
        attempt.refresh_from_db()
    return attempt


def attempts_expire_overdue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Finish every in-progress attempt past its deadline (the sweep). Returns how many."""
    now = now or timezone.now()
    ids = list(
        Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline__lte=now)
        .order_by("deadline")
        .values_list("pk", flat=True)[:limit]
    )
    closed = 0
    for pk in ids:
        attempt_expire(attempt_id=pk, now=now)
        closed += Attempt.objects.filter(pk=pk).exclude(status=Attempt.Status.IN_PROGRESS).exists()
    return closed
