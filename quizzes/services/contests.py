"""Contests on top of the attempt engine.

    contest_register -> entry (entry_not_before = start + random delay, decided by the server)
    contest_papers_prepare -> every entry's paper built ahead of the start (attempt_prepare),
                        in a background task; a late registrant's is built on demand
    contest_enter    -> the paper's one attempt, stamped started (attempt_stamp_start), or a new
                        challenge run
    contest_answer   -> answer_save, guarded by the session token, flagged when inhumanly fast
    contest_submit   -> attempt_submit (after the end the engine finishes it as expired)
    contest_decide   -> final standings and awards, then `contest_awarded` per award (on commit)

The engine does the draw, per-player shuffles, server-side deadline and scoring; the contest's
schedule is copied onto its test (`contest_assessment_sync`) so the engine enforces it too.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Answer,
    Attempt,
    AwardBasis,
    ContestAwardGrant,
    ContestEntry,
    ContestFlag,
    ContestMode,
    ContestOutcome,
    ContestPage,
    ContestStanding,
    MarkingWait,
    Result,
)
from ..scoring import response_fraction
from ..signals import contest_awarded
from .attempts import (
    AttemptError,
    answer_save,
    attempt_expire,
    attempt_prepare,
    attempt_stamp_start,
    attempt_start,
    attempt_submit,
)

logger = logging.getLogger(__name__)

# Papers are built when registration closes, or this long before the start if registration stays
# open later: an hour leaves time for a thousand papers and for the sweep below to retry.
PAPERS_LEAD = timedelta(hours=1)
# The daily sweep builds papers for contests starting within this window; more than a day, so a
# contest starting just after tomorrow's run is still caught by today's.
PAPERS_SWEEP_WINDOW = timedelta(hours=36)


class ContestError(AttemptError):
    """A refused contest operation; `code` is stable, `message` a translated sentence."""


def contest_assessment_sync(*, contest: ContestPage) -> None:
    """Copy the contest's schedule onto its test so the engine enforces it: opens at the start,
    closes at the end, one attempt for a paper (unlimited runs in challenge mode), shuffled."""
    assessment = contest.assessment
    wanted = {
        "opens_at": contest.starts_at,
        "closes_at": contest.ends_at,
        "time_limit_minutes": contest.time_limit_minutes,
        "attempts_allowed": 1 if contest.mode == ContestMode.PAPER else None,
        "is_published": True,
        "shuffle_questions": True,
        "shuffle_options": True,
    }
    changed = [name for name, value in wanted.items() if getattr(assessment, name) != value]
    if changed:
        for name in changed:
            setattr(assessment, name, wanted[name])
        assessment.full_clean()
        assessment.save(update_fields=changed)


def contest_register(*, contest: ContestPage, user, now: datetime | None = None) -> ContestEntry:
    """Register `user` (registering twice returns the same entry); who may register and when is
    quizzes.actions.EnterContestAction, which this asks and which writes the entry."""
    from ..actions import EnterContestAction

    return EnterContestAction(contest, now=now).execute(user)


def contest_session_claim(*, entry: ContestEntry) -> str:
    """Make the caller's session the only one allowed to play this entry; the session that held
    it before is refused from now on (a second session takes over, never runs in parallel)."""
    token = secrets.token_urlsafe(24)
    ContestEntry.objects.filter(pk=entry.pk).update(session_token=token)
    entry.session_token = token
    return token


def _check_session(entry: ContestEntry, token: str | None) -> None:
    if not token or not secrets.compare_digest(entry.session_token or "", token):
        raise ContestError(
            "taken_over",
            _(
                "This contest continues in another window or device; this one has stopped. "
                "Open the contest again here to continue here."
            ),
        )


def contest_enter(
    *, entry: ContestEntry, token: str | None, now: datetime | None = None
) -> Attempt:
    """Start (or resume) the contestant's attempt: the paper's one attempt, or a challenge run.
    Refused before the entrant's own entry time and after the end; the engine refuses too."""
    now = now or timezone.now()
    contest = entry.contest
    _check_session(entry, token)
    if now < entry.entry_not_before:
        raise ContestError(
            "not_yet", _("Your entry time has not come yet; please wait for the countdown.")
        )
    if now >= contest.ends_at:
        raise ContestError("ended", _("This contest has ended."))
    contest_assessment_sync(contest=contest)
    if contest.mode == ContestMode.PAPER:
        with transaction.atomic():
            # The entry's row lock: a second tab, the papers task and this start take turns.
            locked = ContestEntry.objects.select_for_update().get(pk=entry.pk)
            if locked.attempt_id is None:  # not prepared yet (a late registrant): build it now
                _paper_attach(locked, contest)
            attempt = Attempt.objects.get(pk=locked.attempt_id)
            attempt.assessment = contest.assessment
            if attempt.is_finished:
                raise ContestError("finished", _("You have already taken part in this contest."))
            if locked.started_at is None:
                attempt_stamp_start(attempt=attempt, now=now)
                ContestEntry.objects.filter(pk=entry.pk).update(started_at=now)
                locked.started_at = now
            entry.attempt, entry.started_at = attempt, locked.started_at
            return attempt
    return attempt_start(user=entry.user, assessment=contest.assessment, now=now)


def contest_papers_due_at(*, contest: ContestPage) -> datetime:
    """When the papers are built: at registration close, or PAPERS_LEAD before the start if
    registration stays open later (people registering after that get theirs one by one)."""
    return min(contest.registration_closes_at, contest.starts_at - PAPERS_LEAD)


def _paper_attach(locked: ContestEntry, contest: ContestPage) -> Attempt:
    """Build the paper of an entry whose row the caller holds locked, and link it."""
    attempt = attempt_prepare(
        user_id=locked.user_id, assessment=contest.assessment, not_before=locked.entry_not_before
    )
    ContestEntry.objects.filter(pk=locked.pk).update(attempt=attempt)
    locked.attempt = attempt
    return attempt


def contest_paper_prepare(*, entry: ContestEntry) -> bool:
    """Get or create one entry's paper (a paper contest's one attempt, built but not started).
    Returns whether this call built it. Safe to race: the entry's row lock serialises builders,
    and the one-attempt constraints refuse a second paper should anything slip past it."""
    contest = entry.contest
    # After the end nobody may start, so a paper built then would only linger, undecided.
    if contest.mode != ContestMode.PAPER or timezone.now() >= contest.ends_at:
        return False
    try:
        with transaction.atomic():
            locked = ContestEntry.objects.select_for_update().get(pk=entry.pk)
            if locked.attempt_id is not None:
                entry.attempt_id = locked.attempt_id
                return False
            _paper_attach(locked, contest)
    except IntegrityError:  # another connection built it first: theirs is the paper
        entry.attempt_id = ContestEntry.objects.values_list("attempt_id", flat=True).get(
            pk=entry.pk
        )
        return False
    entry.attempt_id = locked.attempt_id
    return True


def contest_papers_prepare(*, contest: ContestPage, now: datetime | None = None) -> int:
    """Build every registered contestant's paper not built yet (the background task); running
    it again builds only what is missing. One transaction per paper, so the organizer's count
    moves as it goes and a failure keeps the papers already built. Returns how many it built."""
    now = now or timezone.now()
    if contest.mode != ContestMode.PAPER or not contest.live or now >= contest.ends_at:
        return 0
    contest_assessment_sync(contest=contest)
    # Soonest entry time first: the people who may start first get their papers first.
    pending = ContestEntry.objects.filter(contest=contest, attempt__isnull=True).order_by(
        "entry_not_before", "pk"
    )
    built = 0
    # A list, not a server-side cursor: a thousand small rows, and each paper commits on its own.
    for entry in list(pending):
        entry.contest = contest
        built += contest_paper_prepare(entry=entry)
    return built


def contests_papers_prepare_due(*, now: datetime | None = None) -> int:
    """The sweep: build the missing papers of every published paper contest starting within
    PAPERS_SWEEP_WINDOW (or running). Returns how many papers it built."""
    now = now or timezone.now()
    due = ContestPage.objects.live().filter(
        mode=ContestMode.PAPER, ends_at__gt=now, starts_at__lte=now + PAPERS_SWEEP_WINDOW
    )
    return sum(contest_papers_prepare(contest=contest, now=now) for contest in due)


def contest_paper_schedule_late(*, entry: ContestEntry, now: datetime | None = None) -> None:
    """After a registration: if the contest's papers are already being built (their time has
    come, or some exist), queue this one person's paper on commit. The start builds it anyway
    should the task be late."""
    from ..tasks import prepare_contest_paper

    now = now or timezone.now()
    contest = entry.contest
    if contest.mode != ContestMode.PAPER:
        return
    if (
        now < contest_papers_due_at(contest=contest)
        and not ContestEntry.objects.filter(contest=contest, attempt__isnull=False).exists()
    ):
        return
    pk = entry.pk
    transaction.on_commit(lambda: prepare_contest_paper.enqueue(entry_id=pk))


def contest_current_attempt_id(*, entry: ContestEntry) -> int:
    """The attempt the contestant is playing: the paper's attempt, or the open challenge run.
    Never taken from the browser. Raises ContestError when there is none."""
    if entry.contest.mode == ContestMode.PAPER:
        # A prepared paper is not playable before its start stamp.
        attempt_id = entry.attempt_id if entry.started_at else None
    else:
        attempt_id = (
            Attempt.objects.filter(
                user_id=entry.user_id,
                assessment_id=entry.contest.assessment_id,
                status=Attempt.Status.IN_PROGRESS,
            )
            .values_list("pk", flat=True)
            .first()
        )
    if attempt_id is None:
        raise ContestError("not_started", _("You have no contest attempt in progress."))
    return attempt_id


def contest_answer(
    *, entry: ContestEntry, token: str | None, slot: int, response, now=None
) -> Answer:
    """Save one answer through the engine, for the session that holds the entry. Answers faster
    than the contest's human floor (since the previous answer, or the start) are flagged."""
    now = now or timezone.now()
    _check_session(entry, token)
    contest = entry.contest
    if now >= contest.ends_at:
        raise ContestError("ended", _("This contest has ended; the answer was not saved."))
    attempt_id = contest_current_attempt_id(entry=entry)
    answer = answer_save(
        attempt_id=attempt_id, user=entry.user, slot=slot, response=response, now=now
    )
    attempt = answer.attempt
    since = max(filter(None, [attempt.started_at, entry.last_answer_at]))
    seconds = Decimal(str((now - since).total_seconds())).quantize(Decimal("0.001"))
    ContestEntry.objects.filter(pk=entry.pk).update(last_answer_at=now)
    entry.last_answer_at = now
    if answer.response is not None and seconds < contest.human_floor_seconds:
        ContestFlag.objects.get_or_create(
            attempt=attempt,
            kind=ContestFlag.Kind.FAST_ANSWER,
            slot=slot,
            defaults={"entry": entry, "seconds": max(seconds, Decimal(0)), "created_at": now},
        )
    return answer


def contest_submit(*, entry: ContestEntry, token: str | None, now=None) -> Result:
    """Submit the attempt. After the end the engine finishes it as expired, on what was saved in
    time: nothing sent after the end counts."""
    _check_session(entry, token)
    attempt_id = contest_current_attempt_id(entry=entry)
    return attempt_submit(attempt_id=attempt_id, user=entry.user, now=now)


def challenge_answer(
    *, entry: ContestEntry, token: str | None, slot: int, response, now=None
) -> dict:
    """Challenge mode: answer the current question (only the first unanswered slot). A wrong (not
    fully right) answer ends the run; so does answering the last question. Returns
    {"correct": bool, "finished": bool, "streak": int}."""
    now = now or timezone.now()
    _check_session(entry, token)
    attempt_id = contest_current_attempt_id(entry=entry)
    current = (
        Answer.objects.filter(
            attempt_id=attempt_id, attempt__user=entry.user, response__isnull=True
        )
        .order_by("slot")
        .values_list("slot", flat=True)
        .first()
    )
    if current is None or slot != current:
        raise ContestError("not_current", _("Answer the current question first."))
    answer = contest_answer(entry=entry, token=token, slot=slot, response=response, now=now)
    if answer.response is None:
        raise ContestError("empty", _("Choose or type an answer before going on."))
    version = answer.question_version
    correct = (
        response_fraction(qtype=version.qtype, payload=version.payload, response=answer.response)
        == 1
    )
    last = not Answer.objects.filter(attempt_id=attempt_id, response__isnull=True).exists()
    if not correct or last:
        attempt_submit(attempt_id=attempt_id, user=entry.user, now=now)
    streak = Answer.objects.filter(attempt_id=attempt_id, response__isnull=False).count() - (
        0 if correct else 1
    )
    return {"correct": correct, "finished": (not correct) or last, "streak": streak}


@transaction.atomic
def contest_decide(*, contest: ContestPage, now: datetime | None = None) -> ContestOutcome | None:
    """At the end: finish attempts still open, write the final standings and award grants, and
    announce each award with `contest_awarded` after commit. Deciding twice changes nothing.
    Returns None before the end, and while any essay of the contest awaits marking (the last
    final mark queues the decision again: quizzes.services.marking)."""
    from ..selectors import contest_ranking

    now = now or timezone.now()
    if now < contest.ends_at:
        return None
    contest = ContestPage.objects.select_for_update().get(pk=contest.pk)
    existing = ContestOutcome.objects.filter(contest=contest).first()
    if existing is not None:
        return existing
    # Papers prepared for people who never started: dropped, so a no-show has no attempt (as
    # before papers were prepared) and nothing is left in progress.
    unstarted = ContestEntry.objects.filter(
        contest=contest, attempt__isnull=False, started_at__isnull=True
    )
    paper_ids = list(unstarted.values_list("attempt_id", flat=True))
    if paper_ids:
        unstarted.update(attempt=None)
        Attempt.objects.filter(pk__in=paper_ids, status=Attempt.Status.IN_PROGRESS).delete()
    open_ids = Attempt.objects.filter(
        assessment_id=contest.assessment_id, status=Attempt.Status.IN_PROGRESS
    ).values_list("pk", flat=True)
    for attempt_id in list(open_ids):
        attempt_expire(attempt_id=attempt_id, now=max(now, contest.ends_at))
    if MarkingWait.objects.filter(
        assessment_id=contest.assessment_id, finalised_at__isnull=True
    ).exists():
        return None
    rows = contest_ranking(contest=contest, use_cache=False)
    ContestStanding.objects.bulk_create(
        ContestStanding(
            contest=contest,
            entry_id=row["entry_id"],
            rank=row["rank"],
            score=row["score"],
            max_score=row["max_score"],
            time_seconds=row["time_seconds"],
        )
        for row in rows
    )
    grants = []
    for award in contest.awards.all():
        for row in rows:
            if award.basis == AwardBasis.RANK:
                wins = award.rank_from <= row["rank"] <= award.rank_to
            elif award.basis == AwardBasis.SCORE:
                wins = row["percent"] >= award.min_percent
            else:
                wins = True
            if wins:
                grants.append(
                    ContestAwardGrant(
                        entry_id=row["entry_id"],
                        award=award,
                        credit_hours=award.credit_hours,
                        granted_at=now,
                    )
                )
    ContestAwardGrant.objects.bulk_create(grants)
    outcome = ContestOutcome.objects.create(contest=contest, decided_at=now)
    grant_ids = [grant.pk for grant in ContestAwardGrant.objects.filter(award__contest=contest)]

    def announce():
        for grant in ContestAwardGrant.objects.filter(pk__in=grant_ids).select_related(
            "award", "entry__user"
        ):
            # send_robust: one receiver's failure (logged) must not stop the other awards.
            for receiver, error in contest_awarded.send_robust(
                sender=ContestPage,
                contest=contest,
                user=grant.entry.user,
                award_key=grant.award_key,
                contest_title=contest.title,
                award_title=grant.award.title,
                credit_hours=grant.credit_hours,
                decided_on=timezone.localdate(now),
            ):
                if isinstance(error, Exception):
                    logger.error(
                        "contest_awarded receiver %r failed for %s: %r",
                        receiver,
                        grant.award_key,
                        error,
                    )

    transaction.on_commit(announce)
    return outcome


def contests_decide_due(*, now: datetime | None = None) -> int:
    """The sweep: decide every ended contest not decided yet. Returns how many."""
    now = now or timezone.now()
    due = ContestPage.objects.filter(ends_at__lte=now, outcome__isnull=True)
    return sum(1 for contest in due if contest_decide(contest=contest, now=now) is not None)


def contest_schedule_decision(*, contest: ContestPage) -> None:
    """At publish: queue the papers' preparation for their time (paper mode) and the decision
    for the end time, on commit; the daily sweeps back both up."""
    from ..tasks import decide_contest, prepare_contest_papers

    ends_at, pk = contest.ends_at, contest.pk
    if contest.mode == ContestMode.PAPER:
        papers_at = contest_papers_due_at(contest=contest)
        transaction.on_commit(
            lambda: prepare_contest_papers.using(run_after=papers_at).enqueue(contest_id=pk)
        )
    transaction.on_commit(lambda: decide_contest.using(run_after=ends_at).enqueue(contest_id=pk))


__all__ = [
    "ContestError",
    "challenge_answer",
    "contest_answer",
    "contest_assessment_sync",
    "contest_current_attempt_id",
    "contest_decide",
    "contest_enter",
    "contest_paper_prepare",
    "contest_paper_schedule_late",
    "contest_papers_due_at",
    "contest_papers_prepare",
    "contest_register",
    "contest_schedule_decision",
    "contest_session_claim",
    "contest_submit",
    "contests_decide_due",
    "contests_papers_prepare_due",
]
