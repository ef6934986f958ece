"""Learner views of the training app: My learning (courses, hours, assignments, notices), the
secret-URL calendar feed, asking for or rotating its secret, and dismissing a notice. Rules live in
services and selectors; these views translate requests and responses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services


@login_required
def my_learning(request):
    """A learner's own learning: courses in progress and completed, this year's credit hours
    against the requirement, assigned training and notices. A GET: it reads, never writes."""
    context = {"profile": getattr(request.user, "profile", None)}
    context.update(selectors.my_learning_page(user=request.user))
    token = context.pop("calendar_token")
    context["calendar_url"] = (
        request.build_absolute_uri(reverse("training:calendar_feed", kwargs={"token": token}))
        if token
        else None
    )
    return render(request, "training/my_learning.html", context)


def calendar_feed(request, token: str):
    """The learner's due dates as iCalendar. The secret in the URL is the only key: a wrong or
    rotated token is a 404 that reveals nothing about anyone."""
    user = selectors.calendar_feed_owner(token=token)
    if user is None:
        raise Http404
    response = HttpResponse(
        selectors.calendar_feed(user=user), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def calendar_link(request):
    """Make the learner's calendar link the first time they ask; asking again keeps it."""
    services.calendar_feed_token_get(user=request.user)
    return redirect(f"{reverse('training:my_learning')}#assigned")


@login_required
@require_POST
def calendar_feed_rotate(request):
    services.calendar_feed_token_rotate(user=request.user)
    messages.success(request, _("Your calendar link has changed; the old link no longer works."))
    return redirect("training:my_learning")


@login_required
@require_POST
def notice_dismiss(request, notice_id: int):
    services.notice_dismiss(user=request.user, notice_id=notice_id)
    return redirect("training:my_learning")
