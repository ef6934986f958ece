"""The courses part of the Wagtail admin: the publish guard for course guides, the
content-health report and the blank sign-in sheet for on-site sessions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .models import CoursePage
from .selectors import course_publish_problems


@hooks.register("before_publish_page")
def refuse_incomplete_course(request, page):
    """Publishing a course with guide gaps or without a published lesson is refused with a message
    naming what is missing. The draft the editor just saved is kept."""
    specific = page.specific if not isinstance(page, CoursePage) else page
    if not isinstance(specific, CoursePage):
        return None
    problems = course_publish_problems(course=specific)
    if not problems:
        return None
    for problem in problems:
        messages.error(request, problem)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_admin_urls")
def register_content_health_url():
    return [
        path(
            "courses/content-health/",
            admin_views.content_health,
            name="courses_content_health",
        ),
        path(
            "courses/sign-in-sheet.<slug:fmt>",
            admin_views.signin_sheet_template,
            name="courses_signin_sheet_template",
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


from . import wagtail_hooks_ledger  # noqa: E402, F401  (ledger snippets and hooks)
