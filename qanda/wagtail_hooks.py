"""The Q&A part of the Wagtail admin: course experts and calendar overrides as snippets, the
service-quality report, and a dashboard warning when the working-day calendar misses a year."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, selectors, workdays
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


class UnknownCalendarPanel(Component):
    """A dashboard warning naming each year (this one and the next) the clock does not know."""

    name = "qanda_unknown_calendar"
    order = 10
    template_name = "qanda/admin/unknown_calendar_panel.html"

    def __init__(self, years: list[int]):
        self.years = years

    def get_context_data(self, parent_context):
        return {
            "years": self.years,
            "overrides_url": reverse("wagtailsnippets_qanda_calendaroverride:list"),
        }


@hooks.register("construct_homepage_panels")
def add_unknown_calendar_panel(request, panels):
    today = workdays.local_today()
    years = workdays.unknown_years(years=[today.year, today.year + 1])
    if years:
        panels.insert(0, UnknownCalendarPanel(years))


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


class PlatformAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.is_platform_admin(user=request.user)


@hooks.register("register_reports_menu_item")
def register_quality_menu_item():
    return PlatformAdminMenuItem(
        _("Questions: service quality"),
        reverse("qanda_quality_report"),
        icon_name="help",
        order=710,
    )
