"""My team (managers, their unit subtree) and the platform view (admins, the whole tree). Anything
outside the viewer's scope is a 404, never a partial page: filters, drill-downs, exports, reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.clock import local_today
from core.private_files import StoredFile, serve_private_file
from core.redirects import safe_next
from core.replicas import replica_reads
from core.storage import private_storage
from courses.selectors import course_titles_in_active_language
from people.models import Post, Rank
from people.selectors import managed_unit_paths
from quizzes.selectors import competency_profile
from training.actions import RemindAction
from training.selectors import (
    assignments_of_learner,
    credit_hour_entries_for_year,
    credit_hours_summary,
)
from training.services import AssignmentError, training_assignment_create

from . import charts, exports, selectors
from .forms import AssignForm
from .tasks import build_team_export

PAGE_SIZE = 50


def _require_manager(request, *, platform: bool = False) -> None:
    paths = managed_unit_paths(user=request.user)
    if paths == [] or (platform and paths is not None):
        raise Http404  # Not a manager (or not an admin): the page does not exist for them.


def _audit(request, action: str, target=None, details=None) -> None:
    try:
        from trust.services import audit_record
    except ImportError:  # trust not installed
        return
    audit_record(action=action, request=request, target=target, details=details or {})


def _team_context(request, *, platform: bool) -> dict:
    _require_manager(request, platform=platform)
    units = list(selectors.team_units(viewer=request.user))
    selected = selectors.team_filter(units=units, params=request.GET)
    if selected is None:
        raise Http404
    people = selectors.team_people(viewer=request.user, selected=selected)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    page_people = list(page.object_list)
    year = local_today().year
    # Per-person numbers only for the page; team and unit totals are grouped in SQL.
    hours = selectors.team_credit_hours(profiles=people, year=year, page_profiles=page_people)
    competency = selectors.team_competency(profiles=people, page_profiles=page_people)
    rows = [
        {
            "profile": p,
            "hours": hours["summaries"].get(p.user_id),
            "cells": competency["cells"].get(p.user_id, []),
        }
        for p in page_people
    ]
    query = selected.as_query()
    assignments = selectors.team_assignments(profiles=people)
    team_charts = charts.team_charts(
        profiles=people,
        rows=rows,
        hours=hours,
        competency=competency,
        year=year,
        platform=platform,
        query=query,
    )
    return {
        "platform": platform,
        "units": units,
        "posts": Post.objects.order_by("name"),
        "ranks": Rank.choices,
        "selected": selected.unit,
        "filter": selected,
        "filter_query": urlencode(query),
        "page": page,
        "rows": rows,
        "year": year,
        "hours": hours,
        "competency": competency,
        "assignments": assignments,
        # English pages show a course's English title where a translation exists (one query).
        "course_titles": course_titles_in_active_language(
            courses=[a["assignment"].course for a in assignments["assignments"]]
            + [row.target.assignment.course for row in assignments["overdue"]]
        ),
        "contest_awards": selectors.contest_awards(profiles=people, year=year),
        "export_kinds": exports.KINDS,
        "charts": team_charts,
    }


@login_required
@replica_reads
def my_team(request):
    return render(request, "dashboards/my_team.html", _team_context(request, platform=False))


@login_required
@replica_reads
def platform(request):
    return render(request, "dashboards/my_team.html", _team_context(request, platform=True))


@login_required
@replica_reads
def person(request, profile_id: int):
    """One person of the viewer's team with the evidence behind their levels."""
    _require_manager(request)
    profile = selectors.team_person(viewer=request.user, profile_id=profile_id)
    if profile is None:
        raise Http404
    year = local_today().year
    assignments = assignments_of_learner(user=profile.user)
    return render(
        request,
        "dashboards/person.html",
        {
            "person": profile,
            "year": year,
            "summary": credit_hours_summary(user=profile.user, year=year),
            "entries": credit_hour_entries_for_year(user=profile.user, year=year),
            "competency": competency_profile(user=profile.user),
            "assignments": assignments,
            "course_titles": course_titles_in_active_language(
                courses=[row.target.assignment.course for row in assignments]
            ),
        },
    )


@login_required
@replica_reads
def export(request, kind: str, fmt: str):
    """The view as CSV or XLSX: inline when small, otherwise built in the background."""
    _require_manager(request)
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise Http404
    params = {k: request.GET.get(k, "") for k in ("unit", "post", "rank")}
    try:
        size = exports.export_size(viewer=request.user, kind=kind, params=params)
        _audit(
            request,
            "export",
            details={"view": "dashboards.team", "kind": kind, "format": fmt, **params},
        )
        if size > exports.INLINE_MAX_ROWS:
            result = build_team_export.enqueue(
                viewer_id=request.user.pk, kind=kind, params=params, fmt=fmt
            )
            return redirect("dashboards:export_status", result_id=result.id)
        header, rows = exports.export_rows(viewer=request.user, kind=kind, params=params)
    except LookupError as error:
        raise Http404 from error
    response = HttpResponse(
        exports.render(header, rows, fmt, kind=kind), content_type=exports.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="team-{kind}.{fmt}"'
    return response


def _own_export(request, result_id: str):
    _require_manager(request)
    try:
        result = build_team_export.get_result(result_id)
    except Exception as error:  # unknown or malformed id
        raise Http404 from error
    if result.kwargs.get("viewer_id") != request.user.pk:
        raise Http404  # someone else's export does not exist for this viewer
    return result


@login_required
def export_status(request, result_id: str):
    result = _own_export(request, result_id)
    return render(request, "dashboards/export_status.html", {"result": result})


@login_required
def export_download(request, result_id: str):
    result = _own_export(request, result_id)
    if result.status != "SUCCESSFUL":
        raise Http404
    name = result.return_value
    fmt = name.rsplit(".", 1)[-1]
    kind = result.kwargs.get("kind", "team")
    return serve_private_file(
        request,
        StoredFile(name=name, storage=private_storage()),
        download_name=f"team-{kind}.{fmt}",
        content_type=exports.CONTENT_TYPES[fmt],
    )


@login_required
@require_POST
def remind(request, target_id: int):
    """One click: remind one person of one assignment now (e-mail and notice). The ReminderSent
    row (who, when) is the record of it. A second click within the cool-down is refused by
    `RemindAction` with a message and sends nothing."""
    _require_manager(request)
    target = selectors.team_target(viewer=request.user, target_id=target_id)
    if target is None:
        raise Http404
    try:
        RemindAction(target).execute(request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s has been reminded.") % {"name": target.user.get_full_name()}
        )
    return HttpResponseRedirect(safe_next(request, reverse("dashboards:my_team")))


@login_required
def assign(request):
    """Assign a course or a test, due on a date, to units of the viewer's scope and/or people
    chosen in it. "Search" re-shows the form with the people matching a name, and writes
    nothing."""
    _require_manager(request)
    options = {"units": selectors.team_units(viewer=request.user), "assigned_by": request.user}
    if request.method == "POST" and "search" in request.POST:
        form = AssignForm.for_search(request.POST, **options)
    else:
        form = AssignForm(request.POST or None, **options)
    if request.method == "POST" and "search" not in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = training_assignment_create(
                assigned_by=request.user,
                course=data["course"],
                assessment=data["assessment"],
                units=list(data["units"]),
                users=[profile.user for profile in data["people"]],
                due_date=data["due_date"],
            )
        except AssignmentError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Assigned to %(count)s people.") % {"count": assignment.targets.count()},
            )
            return redirect("dashboards:my_team")
    chosen = form.chosen_people()
    return render(
        request,
        "dashboards/assign.html",
        {
            "form": form,
            "chosen_people": chosen,
            "people_matches": form.people_matches(chosen),
            "search_query": form.search_query(),
        },
    )
