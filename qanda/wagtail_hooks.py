"""The Q&A part of the Wagtail admin: course experts and calendar overrides as snippets, the
service-quality report, and a home notice while a year's make-up workdays are unpublished."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_menu import ShownToMenuItem

from . import admin_views, selectors, services, workdays
from .models import CalendarOverride, CourseExpert


class CalendarOverrideViewSet(SnippetViewSet):
    model = CalendarOverride
    icon = "date"
    menu_label = _("Calendar overrides")
    add_to_settings_menu = True
    list_display = ["date", "is_workday", "note"]
    ordering = ["-date"]


class CourseExpertViewSet(SnippetViewSet):
    model = CourseExpert
    icon = "help"
    menu_label = _("Course experts")
    list_display = ["course", "user"]


register_snippet(CalendarOverrideViewSet)
register_snippet(CourseExpertViewSet)


class ProvisionalCalendarPanel(Component):
    """An admin home notice naming each year the clock needs whose make-up workdays are not
    published: due dates there are provisional. The link to Calendar overrides is shown only to
    those who may enter them."""

    name = "qanda_provisional_calendar"
    order = 10
    template_name = "qanda/admin/provisional_calendar_panel.html"

    def __init__(self, years: list[int], overrides_url: str | None):
        self.years = years
        self.overrides_url = overrides_url

    def get_context_data(self, parent_context):
        return {"years": self.years, "overrides_url": self.overrides_url}


def overrides_url_for(user) -> str | None:
    """The Calendar overrides screen, for a user who may enter overrides there; else None."""
    policy = CalendarOverride.snippet_viewset.permission_policy
    if policy.user_has_any_permission(user, ["add", "change"]):
        return reverse("wagtailsnippets_qanda_calendaroverride:list")
    return None


@hooks.register("construct_homepage_panels")
def add_provisional_calendar_panel(request, panels):
    years = workdays.unpublished_years(years=workdays.years_needed())
    if years:
        panels.insert(0, ProvisionalCalendarPanel(years, overrides_url_for(request.user)))


def _override_changed(request, instance):
    if isinstance(instance, CalendarOverride):
        services.provisional_due_dates_recompute_later(years=[instance.date.year])


hooks.register("after_create_snippet", _override_changed)
hooks.register("after_edit_snippet", _override_changed)


@hooks.register("after_delete_snippet")
def _overrides_deleted(request, instances):
    years = [instance.date.year for instance in instances if isinstance(instance, CalendarOverride)]
    services.provisional_due_dates_recompute_later(years=years)


@hooks.register("register_admin_urls")
def register_quality_urls():
    return [
        path("qanda/quality/", admin_views.quality_report, name="qanda_quality_report"),
        path(
            "qanda/quality/export.<str:file_format>",
            admin_views.quality_report_export,
            name="qanda_quality_export",
        ),
    ]


def _is_platform_admin(user) -> bool:
    return selectors.is_platform_admin(user=user)


@hooks.register("register_reports_menu_item")
def register_quality_menu_item():
    return ShownToMenuItem(
        _("Questions: service quality"),
        reverse("qanda_quality_report"),
        shown_to=_is_platform_admin,
        icon_name="help",
        order=710,
    )
