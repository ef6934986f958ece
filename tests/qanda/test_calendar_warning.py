"""A year the working-day calendar does not know is reported loudly: a warning panel on the admin
dashboard and a system check warning; entering overrides for the year silences both."""

import datetime as dt

import pytest
from django.urls import reverse

from qanda import checks, workdays
from qanda.services import calendar_override_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2099_is_needed(monkeypatch):
    # Late December of a year the library does not know, with the next one unknown as well.
    monkeypatch.setattr(workdays, "local_today", lambda: dt.date(2098, 12, 20))


def test_the_system_check_warns_about_a_missing_year_until_overrides_fill_it(year_2099_is_needed):
    warnings = checks.calendar_years_known()
    assert [w.id for w in warnings] == ["qanda.W001", "qanda.W001"]
    assert "2099" in warnings[1].msg
    calendar_override_set(date=dt.date(2098, 1, 1), is_workday=False, note="元旦")
    calendar_override_set(date=dt.date(2099, 1, 1), is_workday=False, note="元旦")
    assert checks.calendar_years_known() == []


def test_the_admin_dashboard_shows_a_warning_panel_for_a_missing_year(
    client, staff_admin, year_2099_is_needed
):
    client.force_login(staff_admin)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="qanda-calendar-warning"' in page and "2099" in page
    calendar_override_set(date=dt.date(2098, 1, 1), is_workday=False)
    calendar_override_set(date=dt.date(2099, 1, 1), is_workday=False)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="qanda-calendar-warning"' not in page
