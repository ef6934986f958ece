"""Contest pages for contestants and the organizer's export. Views call selectors, services and
actions only; who may register is quizzes.actions.EnterContestAction, the other rules (entry
time, one session, flags) live in quizzes.services.contests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from core.ratelimit import rate_limited
from core.spreadsheets import table_response
from core.text import parse_int
from people.models import Role
from people.selectors import user_roles

from .. import selectors
from ..actions import EnterContestAction
from ..forms import responses_from_post, slots_in_post, wants_json
from ..models import Answer, ContestEntry, ContestMode, ContestPage
from ..selectors import contests as selectors_contests
from ..services import contests as contest_services

ANSWER_RATE = {"limit": 120, "per_seconds": 60}


def _contest(pk: int) -> ContestPage:
    try:
        return selectors_contests.contest_for_learner(contest_id=pk)
    except ContestPage.DoesNotExist as error:
        raise Http404(_("No such contest.")) from error


def _entry(request, contest: ContestPage) -> ContestEntry | None:
    return selectors_contests.contest_entry_of(contest=contest, user=request.user)


def _token_key(contest: ContestPage) -> str:
    return f"quizzes:contest:{contest.pk}:token"


def _refusal(request, contest, error, *, status=409):
    if wants_json(request):
        return JsonResponse(
            {"ok": False, "code": error.code, "message": error.message, "finished": True},
            status=status,
        )
    messages.error(request, error.message)
    return redirect("quizzes:contest_play", pk=contest.pk)


@login_required
def contest_list(request):
    contests = selectors_contests.contests_listed()
    phases = [(c, selectors_contests.contest_phase(contest=c)) for c in contests]
    return render(request, "quizzes/contests/contest_list.html", {"contests": phases})


@login_required
@require_POST
def contest_register(request, pk):
    contest = _contest(pk)
    try:
        EnterContestAction(contest).execute(request.user)
    except contest_services.ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You are registered. Your entry time is shown below."))
    return redirect(contest.url)


@login_required
@require_POST
def contest_claim(request, pk):
    """Continue here: this session takes over from any other one."""
    contest = _contest(pk)
    entry = _entry(request, contest)
    if entry is None:
        raise Http404(_("You are not registered for this contest."))
    request.session[_token_key(contest)] = contest_services.contest_session_claim(entry=entry)
    return redirect("quizzes:contest_play", pk=contest.pk)


@login_required
def contest_play(request, pk):
    contest = _contest(pk)
    entry = _entry(request, contest)
    if entry is None:
        messages.error(request, _("Please register for this contest first."))
        return redirect(contest.url)
    token = request.session.get(_token_key(contest))
    if not token:  # a new session (first visit, another device): it takes over
        token = contest_services.contest_session_claim(entry=entry)
        request.session[_token_key(contest)] = token
    elif token != entry.session_token:
        return render(
            request, "quizzes/contests/taken_over.html", {"contest": contest, "entry": entry}
        )
    now = timezone.now()
    if now < entry.entry_not_before:
        wait = max(1, int((entry.entry_not_before - now).total_seconds() + 0.999))
        return render(
            request,
            "quizzes/contests/waiting.html",
            {"contest": contest, "entry": entry, "wait_seconds": wait},
        )
    try:
        attempt = contest_services.contest_enter(entry=entry, token=token, now=now)
    except contest_services.ContestError as error:
        messages.error(request, error.message)
        return redirect(contest.url)
    attempt = selectors.attempt_of_user(attempt_id=attempt.pk, user=request.user)
    remaining = selectors.attempt_remaining_seconds(attempt=attempt)
    context = {
        "contest": contest,
        "entry": entry,
        "attempt": attempt,
        "remaining_seconds": remaining,
    }
    if contest.mode == ContestMode.CHALLENGE:
        current = selectors_contests.contest_current_slot(attempt_id=attempt.pk)
        slots = [s for s in selectors.attempt_slots(attempt=attempt) if s["slot"] == current]
        context.update(slots=slots, streak=(current or 1) - 1)
        return render(request, "quizzes/contests/challenge.html", context)
    context["slots"] = selectors.attempt_slots(attempt=attempt)
    return render(request, "quizzes/contests/play.html", context)


@login_required
@require_POST
@rate_limited("quizzes.contest_answer", **ANSWER_RATE)
def contest_answer(request, pk):
    """Autosave of the paper (JSON) and the challenge's one answer (form post). Answers are
    checked only here, on the server; the page never holds the right answer."""
    contest = _contest(pk)
    entry = _entry(request, contest)
    if entry is None:
        raise Http404(_("You are not registered for this contest."))
    token = request.session.get(_token_key(contest))
    slots = slots_in_post(request.POST)
    try:
        attempt_id = contest_services.contest_current_attempt_id(entry=entry)
        qtypes = selectors_contests.contest_slot_types(attempt_id=attempt_id, slots=slots)
        responses = responses_from_post(request.POST, qtypes)
        if contest.mode == ContestMode.CHALLENGE:
            if len(responses) != 1:
                raise contest_services.ContestError(
                    "not_current", _("Answer the current question first.")
                )
            ((slot, response),) = responses.items()
            outcome = contest_services.challenge_answer(
                entry=entry, token=token, slot=slot, response=response
            )
            if outcome["correct"] and not outcome["finished"]:
                messages.success(request, _("Right! Next question."))
            elif outcome["correct"]:
                messages.success(request, _("Right! You answered every question of this run."))
            else:
                messages.error(
                    request,
                    _("Not right: this run ends with %(n)s right answers in a row.")
                    % {"n": outcome["streak"]},
                )
            if outcome["finished"]:
                return redirect(contest.url)
            return redirect("quizzes:contest_play", pk=contest.pk)
        saved = [
            contest_services.contest_answer(entry=entry, token=token, slot=slot, response=response)
            for slot, response in sorted(responses.items())
        ]
    except contest_services.ContestError as error:
        return _refusal(request, contest, error)
    except ValidationError as error:
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "code": "invalid", "message": " ".join(error.messages)}, status=400
            )
        messages.error(request, " ".join(error.messages))
        return redirect("quizzes:contest_play", pk=contest.pk)
    except Answer.DoesNotExist as error:
        raise Http404(_("No such question.")) from error
    if wants_json(request):
        attempt = saved[0].attempt if saved else None
        return JsonResponse(
            {
                "ok": True,
                "saved": {str(answer.slot): answer.revision for answer in saved},
                "saved_at": timezone.now().isoformat(),
                "remaining_seconds": selectors.attempt_remaining_seconds(attempt=attempt)
                if attempt
                else None,
            }
        )
    messages.success(request, _("Your answers are saved."))
    return redirect("quizzes:contest_play", pk=contest.pk)


@login_required
@require_POST
@rate_limited("quizzes.contest_submit", limit=20, per_seconds=60)
def contest_submit(request, pk):
    """Save what the form carries, then submit. After the end nothing new is saved and the
    attempt finishes on what was saved in time."""
    contest = _contest(pk)
    entry = _entry(request, contest)
    if entry is None:
        raise Http404(_("You are not registered for this contest."))
    token = request.session.get(_token_key(contest))
    try:
        attempt_id = contest_services.contest_current_attempt_id(entry=entry)
        qtypes = selectors_contests.contest_slot_types(
            attempt_id=attempt_id, slots=slots_in_post(request.POST)
        )
        responses = selectors.answers_changed(
            attempt_id=attempt_id, responses=responses_from_post(request.POST, qtypes)
        )
        for slot, response in sorted(responses.items()):
            try:
                contest_services.contest_answer(
                    entry=entry, token=token, slot=slot, response=response
                )
            except contest_services.ContestError as error:
                if error.code == "taken_over":
                    raise
                # Too late to change answers: the submit finishes the attempt as it stands.
        contest_services.contest_submit(entry=entry, token=token)
    except contest_services.ContestError as error:
        if error.code != "not_started":
            messages.error(request, error.message)
        if error.code == "taken_over":
            return redirect("quizzes:contest_play", pk=contest.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("quizzes:contest_play", pk=contest.pk)
    else:
        messages.success(request, _("Your answers are submitted. Good luck!"))
    return redirect(contest.url)


@login_required
def contest_ranking(request, pk):
    """The live leaderboard as JSON, polled by static/js/contest.js (cached for a few seconds)."""
    contest = _contest(pk)
    page = request.GET.get("page", "1")
    board = selectors_contests.contest_leaderboard(
        contest=contest, user=request.user, page=parse_int(page, default=1, min_value=1)
    )

    def row(item):
        return {
            "rank": item["rank"],
            "name": item["name"],
            "unit": item["unit"],
            "score": str(item["score"].normalize()),
            "percent": str(item["percent"]),
            "time_seconds": item["time_seconds"],
            "mine": item["user_id"] == request.user.pk,
        }

    departments = selectors_contests.contest_department_ranking(contest=contest)
    return JsonResponse(
        {
            "final": board["final"],
            "page": board["page"],
            "pages": board["pages"],
            "total": board["total"],
            "rows": [row(item) for item in board["rows"]],
            "mine": row(board["mine"]) if board["mine"] else None,
            "departments": [
                {
                    "rank": d["rank"],
                    "unit": d["unit"],
                    "headcount": d["headcount"],
                    "participants": d["participants"],
                    "participation": str(d["participation"]),
                    "mean_percent": str(d["mean_percent"]),
                }
                for d in departments
            ],
        }
    )


# Lazy: the headers are in the language of the request that exports, not of the import.
EXPORT_HEADERS = [
    ("rank", pgettext_lazy("contest ranking", "Rank")),
    ("name", gettext_lazy("Name")),
    ("unit", gettext_lazy("Org unit")),
    ("score", gettext_lazy("Score")),
    ("max_score", gettext_lazy("Maximum score")),
    ("percent", gettext_lazy("Percent")),
    ("time_seconds", gettext_lazy("Time (seconds)")),
    ("flags", gettext_lazy("Flags")),
]


@login_required
def contest_export(request, pk, fmt):
    """The organizer's results export (CSV or XLSX): every ranked contestant with flags."""
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("No such export format."))
    contest = _contest(pk)
    if not user_roles(user=request.user) & {Role.ORGANIZER, Role.PLATFORM_ADMIN}:
        raise PermissionDenied(_("Only contest organizers can export results."))
    rows = selectors_contests.contest_export_rows(contest=contest)
    headers = [str(label) for _key, label in EXPORT_HEADERS]
    values = [[row[key] for key, _label in EXPORT_HEADERS] for row in rows]
    return table_response(
        headers,
        values,
        fmt,
        filename=f"contest-{contest.pk}-results",
        sheet_title=_("Contest results"),
    )
