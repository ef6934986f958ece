"""Learner views of training plans: the secret-URL calendar feed, rotating its secret, and
dismissing a notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors_plans, services_plans


def calendar_feed(request, token: str):
    """The learner's due dates as iCalendar. The secret in the URL is the only key: a wrong or
    rotated token is a 404 that reveals nothing about anyone."""
    user = selectors_plans.calendar_feed_owner(token=token)
    if user is None:
        raise Http404
    response = HttpResponse(
        selectors_plans.calendar_feed(user=user), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def calendar_feed_rotate(request):
    services_plans.calendar_feed_token_rotate(user=request.user)
    messages.success(request, _("Your calendar link has changed; the old link no longer works."))
    return redirect("courses:my_learning")


@login_required
@require_POST
def notice_dismiss(request, notice_id: int):
    services_plans.notice_dismiss(user=request.user, notice_id=notice_id)
    return redirect("courses:my_learning")
