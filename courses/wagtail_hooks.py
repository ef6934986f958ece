"""The courses part of the Wagtail admin: the publish guard for course guides (PublishCourseAction
asked by the publish button and by the reviewer's Approve in the editor), the content-health
report and the blank sign-in sheet for on-site sessions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .actions import CoursePublishRefused, PublishCourseAction
from .models import CoursePage


@hooks.register("before_publish_page")
def refuse_incomplete_course(request, page):
    """Publishing a course with guide gaps or without a published lesson is refused with a message
    naming what is missing. The draft the editor just saved is kept."""
    specific = page.specific if not isinstance(page, CoursePage) else page
    if not isinstance(specific, CoursePage):
        return None
    try:
        PublishCourseAction(specific, user=request.user).check()
    except CoursePublishRefused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


def _posted_course(request, page: CoursePage) -> CoursePage | None:
    """The course as the edit form just posted would save it, or None when the form is invalid
    (the edit view then shows the form's errors and performs no workflow action)."""
    course = page.get_latest_revision_as_object()
    form_class = course.get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=course,
        parent_page=page.get_parent(),
        for_user=request.user,
    )
    if not form.is_valid():
        return None
    return form.save(commit=False)


@hooks.register("before_edit_page")
def refuse_approving_incomplete_course(request, page):
    """The reviewer's Approve in the editor's action menu posts the edit form; approving the last
    task publishes, so the course as posted is asked to PublishCourseAction first. When refused,
    the edits are saved as a draft (nothing typed is lost), the review stays open and the reasons
    are shown."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if request.POST.get("workflow-action-name") != "approve":
        return None
    specific = page.specific
    task_state = getattr(specific, "current_workflow_task_state", None)
    if not isinstance(specific, CoursePage) or task_state is None:
        return None
    course = _posted_course(request, specific)
    if course is None:
        return None
    refusal = admin_views.approval_refusal(task_state=task_state, course=course, user=request.user)
    if refusal is None:
        return None
    for reason in refusal.reasons:
        messages.error(request, reason)
    # Let Wagtail's edit view go on as a plain save of the draft.
    data = request.POST.copy()
    data.pop("action-workflow-action", None)
    data.pop("workflow-action-name", None)
    request.POST = data
    return None


@hooks.register("register_admin_urls")
def register_content_health_url():
    return [
        path(
            "courses/content-health/",
            admin_views.content_health,
            name="courses_content_health",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_content_health_menu_item():
    return MenuItem(
        _("Content health"),
        reverse("courses_content_health"),
        icon_name="warning",
        order=700,
    )
