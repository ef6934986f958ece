"""Learner pages: tests, taking an attempt (with autosave), results and "My competencies".
Views call selectors and services only; the rules live there."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.private_files import StoredFile, serve_private_file
from core.storage import private_storage

from .. import selectors, services
from ..forms import (
    file_removals_in_post,
    files_in_post,
    responses_from_post,
    slots_in_post,
    wants_json,
)
from ..models import Answer, Assessment, Attempt


def _own_attempt(request, pk: int) -> Attempt:
    try:
        attempt = selectors.attempt_of_user(attempt_id=pk, user=request.user)
    except Attempt.DoesNotExist as error:
        raise Http404(_("No such attempt.")) from error
    if selectors.attempt_is_contest(attempt=attempt):
        # Contest attempts are played through the contest's own pages (session takeover, flags).
        raise Http404(_("No such attempt."))
    return services.attempt_expire_if_due(attempt=attempt)


@login_required
def assessment_list(request):
    rows = selectors.assessments_for_learner(user=request.user)
    return render(request, "quizzes/assessment_list.html", {"rows": rows})


@login_required
def assessment_detail(request, slug):
    try:
        assessment = selectors.assessment_for_learner(slug=slug)
    except Assessment.DoesNotExist as error:
        raise Http404(_("No such test.")) from error
    attempts = list(selectors.attempts_of(user=request.user, assessment=assessment))
    in_progress = next((a for a in attempts if a.status == Attempt.Status.IN_PROGRESS), None)
    return render(
        request,
        "quizzes/assessment_detail.html",
        {"assessment": assessment, "attempts": attempts, "in_progress": in_progress},
    )


@login_required
@require_POST
def attempt_start(request, slug):
    try:
        assessment = selectors.assessment_for_learner(slug=slug)
    except Assessment.DoesNotExist as error:
        raise Http404(_("No such test.")) from error
    try:
        attempt = services.attempt_start(user=request.user, assessment=assessment)
    except services.AttemptError as error:
        messages.error(request, error.message)
        return redirect("quizzes:detail", slug=slug)
    return redirect("quizzes:take", pk=attempt.pk)


@login_required
def attempt_take(request, pk):
    attempt = _own_attempt(request, pk)
    if attempt.is_finished:
        return redirect("quizzes:result", pk=attempt.pk)
    remaining = selectors.attempt_remaining_seconds(attempt=attempt)
    slots = selectors.attempt_slots(attempt=attempt)
    context = {
        "attempt": attempt,
        "assessment": attempt.assessment,
        "slots": slots,
        "remaining_seconds": remaining,
        # Essay files are attached on a test's own page (contest papers take text only).
        "essay_uploads": True,
        "essay_file_max_bytes": settings.QUIZ_ESSAY_FILE_MAX_BYTES,
    }
    if attempt.assessment.adaptive:
        # One question at a time: the current slot only, no way back to the earlier ones.
        context["slots"] = slots[-1:]
        context["adaptive"] = selectors.adaptive_progress(attempt=attempt)
    return render(request, "quizzes/attempt.html", context)


@login_required
@require_POST
def attempt_next(request, pk):
    """An adaptive attempt: answer the current question and go on to the next one (or to the
    result when the test has measured enough). A plain form post; a repeated post for the same
    slot (a double click) changes nothing."""
    attempt = _own_attempt(request, pk)
    if attempt.is_finished:
        return redirect("quizzes:result", pk=attempt.pk)
    slots = slots_in_post(request.POST)
    if len(slots) != 1:
        messages.error(request, _("Answer this question before going on to the next one."))
        return redirect("quizzes:take", pk=attempt.pk)
    qtypes = _qtypes(attempt, slots)
    response = responses_from_post(request.POST, qtypes).get(slots[0])
    try:
        attempt = services.attempt_next(
            attempt_id=attempt.pk, user=request.user, slot=slots[0], response=response
        )
    except services.AttemptError as error:
        messages.error(request, error.message)
        return redirect("quizzes:take", pk=attempt.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("quizzes:take", pk=attempt.pk)
    if attempt.is_finished:
        return redirect("quizzes:result", pk=attempt.pk)
    return redirect("quizzes:take", pk=attempt.pk)


def _save_one(request, pk: int, slot: int) -> list[Answer] | None:
    """Save the one slot the post carries; None when the user's non-contest attempt has no such
    slot (the caller then tells a 404 from an unknown slot as for several slots)."""
    try:
        answer = services.answer_save_typed(
            attempt_id=pk,
            user=request.user,
            slot=slot,
            response_for=lambda qtype: responses_from_post(request.POST, {slot: qtype})[slot],
        )
    except Answer.DoesNotExist:
        return None
    return [answer]


def _save_with_files(request, pk: int, responses: dict, uploads: dict, removals: list[int]):
    """A post that attaches or removes essay files: its answers and files saved together."""
    return services.attempt_form_save(
        attempt_id=pk,
        user=request.user,
        responses=responses,
        uploads=uploads,
        removals=removals,
    )


def _file_states(pk: int, saved: list[Answer], slots) -> dict[str, dict | None]:
    """What the page shows of each touched slot's file: its name and download link, or None."""
    states = {}
    for answer in saved:
        if answer.slot not in slots:
            continue
        response = answer.response or {}
        states[str(answer.slot)] = (
            {
                "name": response.get("file_name") or _("Attached file"),
                "url": reverse("quizzes:answer_file", args=[pk, answer.slot]),
            }
            if response.get("file")
            else None
        )
    return states


def _qtypes(attempt: Attempt, slots: list[int]) -> dict[int, str]:
    return selectors.attempt_slot_types(attempt_id=attempt.pk, user=attempt.user, slots=slots)


@login_required
@require_POST
def attempt_save(request, pk):
    """Autosave (fetch, JSON reply) and the plain "Save" button (redirect back). The hot path of
    every test. One slot (the autosave): the service's locked read of the slot also tells its
    question type and that the attempt is the user's, then one UPDATE. Several slots, or a slot
    that read found nothing for: one query for the slots' types, then the lock and updates."""
    slots = slots_in_post(request.POST)
    uploads = files_in_post(request.FILES)
    removals = file_removals_in_post(request.POST)
    try:
        saved = None
        if uploads or removals:
            qtypes = selectors.attempt_slot_types(attempt_id=pk, user=request.user, slots=slots)
            if not selectors.attempt_exists_for(attempt_id=pk, user=request.user):
                raise Http404(_("No such attempt."))
            responses = responses_from_post(request.POST, qtypes)
            saved = _save_with_files(request, pk, responses, uploads, removals)
        elif len(slots) == 1:
            saved = _save_one(request, pk, slots[0])
        if saved is None:
            qtypes = selectors.attempt_slot_types(attempt_id=pk, user=request.user, slots=slots)
            if not qtypes and not selectors.attempt_exists_for(attempt_id=pk, user=request.user):
                raise Http404(_("No such attempt."))
            responses = responses_from_post(request.POST, qtypes)
            saved = services.answers_save(attempt_id=pk, user=request.user, responses=responses)
    except services.AttemptError as error:
        _own_attempt(request, pk)  # finishes the attempt if its time is up
        # "moved_on": a stale page of an adaptive attempt; the attempt itself goes on.
        finished = error.code != "moved_on"
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "code": error.code, "message": error.message, "finished": finished},
                status=409,
            )
        messages.error(request, error.message)
        return redirect("quizzes:result" if finished else "quizzes:take", pk=pk)
    except ValidationError as error:
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "code": "invalid", "message": " ".join(error.messages)}, status=400
            )
        messages.error(request, " ".join(error.messages))
        return redirect("quizzes:take", pk=pk)
    except Answer.DoesNotExist as error:
        raise Http404(_("No such attempt.")) from error
    if wants_json(request):
        attempt = saved[0].attempt if saved else _own_attempt(request, pk)
        reply = {
            "ok": True,
            "saved": {str(answer.slot): answer.revision for answer in saved},
            "saved_at": timezone.now().isoformat(),
            "remaining_seconds": selectors.attempt_remaining_seconds(attempt=attempt),
        }
        if uploads or removals:
            reply["files"] = _file_states(pk, saved, set(uploads) | set(removals))
        return JsonResponse(reply)
    messages.success(request, _("Your answers are saved."))
    return redirect("quizzes:take", pk=pk)


@login_required
@require_POST
def attempt_submit(request, pk):
    """Save what the form carries (answers arriving after the deadline are refused and the attempt
    finishes on what was saved in time), then submit. Submitting twice shows the same result."""
    attempt = _own_attempt(request, pk)
    if not attempt.is_finished:
        # Autosave has usually stored every answer already: save only what differs, as the
        # contest submit does, so a submit is not one locked write per unchanged answer.
        responses = selectors.answers_changed(
            attempt_id=attempt.pk,
            responses=responses_from_post(
                request.POST, _qtypes(attempt, slots_in_post(request.POST))
            ),
        )
        uploads = files_in_post(request.FILES)
        removals = file_removals_in_post(request.POST)
        try:
            if uploads or removals:
                _save_with_files(request, attempt.pk, responses, uploads, removals)
            else:
                services.answers_save(attempt_id=attempt.pk, user=request.user, responses=responses)
        except services.AttemptError:
            pass  # Too late to change answers: the submit below finishes the attempt as it stands.
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("quizzes:take", pk=attempt.pk)
        except Answer.DoesNotExist as error:
            raise Http404(_("No such attempt.")) from error
        services.attempt_submit(attempt_id=attempt.pk, user=request.user)
    return redirect("quizzes:result", pk=attempt.pk)


@login_required
def attempt_result(request, pk):
    attempt = _own_attempt(request, pk)
    if not attempt.is_finished:
        return redirect("quizzes:take", pk=attempt.pk)
    level = selectors.attempt_review_level(attempt=attempt)
    result = selectors.attempt_result_of(attempt=attempt)
    context = {
        "attempt": attempt,
        "assessment": attempt.assessment,
        "level": level,
        "result": result,
        # Awaiting marking: no score and no pass until every mark is final.
        "marking": selectors.attempt_marking_status(attempt=attempt),
    }
    if result is None:
        # Awaiting marking: under a full review the learner still sees what they submitted (and
        # their attached files), each essay marked as awaiting; no total, no pass until final.
        if level == "full":
            context["review"] = selectors.attempt_review_marked(attempt=attempt)
        return render(request, "quizzes/attempt_result.html", context)
    if level in ("score", "full"):
        context["ability"] = selectors.adaptive_result(attempt=attempt)
        context["competences"] = selectors.result_competences(result=result)
    if level == "full":
        context["review"] = selectors.attempt_review_marked(attempt=attempt)
    return render(request, "quizzes/attempt_result.html", context)


@require_GET
def answer_file(request, pk, slot):
    """The file a learner attached to an essay answer, to that learner only, always as a download.
    Anyone else, signed in or not, gets a 404: the file does not exist for them. (Markers reach
    answer files through the marking pages, which check their own permission.)"""
    try:
        stored = selectors.answer_file_of_user(attempt_id=pk, user=request.user, slot=slot)
    except Answer.DoesNotExist as error:
        raise Http404(_("No such file.")) from error
    return serve_private_file(
        request,
        StoredFile(name=stored["file"], storage=private_storage()),
        download_name=stored["file_name"] or "answer" + os.path.splitext(stored["file"])[1],
    )


@login_required
def my_competencies(request):
    profile = selectors.competency_profile(user=request.user)
    return render(request, "quizzes/my_competencies.html", {"profile": profile})
