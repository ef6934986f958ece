"""While a year the clock needs has no published make-up workdays, the admin home page says its
due dates are provisional, linking to Calendar overrides only for those who may edit them; entering
the year's overrides silences it. No system check depends on the date."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import checks as django_checks
from django.urls import reverse

from qanda import workdays
from qanda.services import calendar_override_set
from tests.factories.qanda import shanghai

pytestmark = pytest.mark.django_db

NOTICE = 'id="qanda-calendar-notice"'


def overrides_link():
    return f'href="{reverse("wagtailsnippets_qanda_calendaroverride:list")}"'


def admin_home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.fixture
def in_june_2027():
    with time_machine.travel(shanghai(2027, 6, 1, 10), tick=False):
        yield


def test_the_admin_home_says_2027_due_dates_are_provisional_with_a_link_for_admins(
    client, staff_admin, in_june_2027
):
    page = admin_home(client, staff_admin)
    assert NOTICE in page and "2027" in page
    assert overrides_link() in page


def test_an_expert_who_may_not_edit_overrides_sees_the_notice_without_the_link(
    client, course_and_expert, in_june_2027
):
    _course, expert = course_and_expert
    assert not expert.has_perm("qanda.change_calendaroverride")
    page = admin_home(client, expert)
    assert NOTICE in page and "2027" in page
    assert overrides_link() not in page
    # And the screen the link would lead to is indeed closed to them.
    response = client.get(reverse("wagtailsnippets_qanda_calendaroverride:list"))
    assert response.status_code in (302, 403)


def test_an_expert_granted_the_override_permission_gets_the_link(
    client, course_and_expert, in_june_2027
):
    _course, expert = course_and_expert
    expert.user_permissions.add(Permission.objects.get(codename="change_calendaroverride"))
    page = admin_home(client, expert)
    assert NOTICE in page and overrides_link() in page


def test_entering_the_years_overrides_removes_the_notice(client, staff_admin, in_june_2027):
    assert NOTICE in admin_home(client, staff_admin)
    calendar_override_set(date=dt.date(2027, 2, 20), is_workday=True, note="春节调休")
    assert NOTICE not in admin_home(client, staff_admin)


def test_late_december_announces_the_coming_year(client, staff_admin):
    with time_machine.travel(shanghai(2026, 12, 20, 10), tick=False):
        page = admin_home(client, staff_admin)
    assert NOTICE in page and "2027" in page and "2026" not in page.split(NOTICE)[1][:600]


def test_no_notice_while_every_needed_year_is_published(client, staff_admin):
    last = workdays.library_last_published_year()
    with time_machine.travel(shanghai(last, 6, 1, 10), tick=False):
        assert NOTICE not in admin_home(client, staff_admin)


@pytest.mark.parametrize(
    "moment",
    [shanghai(2026, 12, 25), shanghai(2027, 6, 1), shanghai(2031, 1, 1), shanghai(2099, 12, 20)],
)
def test_the_system_checks_are_silent_about_the_calendar_on_any_date(moment):
    with time_machine.travel(moment, tick=False):
        issues = django_checks.run_checks(tags=["qanda"], include_deployment_checks=True)
    assert issues == []


def test_a_due_count_below_one_working_day_is_a_configuration_error(settings):
    settings.QANDA_DUE_WORKING_DAYS = 0
    issues = django_checks.run_checks(tags=["qanda"])
    assert [issue.id for issue in issues] == ["qanda.E001"]
