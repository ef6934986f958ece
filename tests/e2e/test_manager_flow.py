"""manager1 (password + authenticator code) opens My team, filters to a section, drills into a
person, exports the credit hours as XLSX and assigns a course to a sub-unit — in real Chromium,
every page axe-clean."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from playwright.sync_api import expect

from people.models import OrgUnit, Profile
from tests.e2e.conftest import assert_accessible, login, staff_code
from training.models import AssignmentTarget

pytestmark = pytest.mark.browser


def test_manager_filters_drills_down_exports_and_assigns(page, live_demo):
    base = live_demo.url
    login(page, live_demo, "manager1", settings.DEMO_PASSWORD)
    page.fill("#id_code", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    page.goto(f"{base}/manage/team/")
    expect(page.locator("h1")).to_have_text("我的团队")
    assert_accessible(page)

    page.select_option("#unit-filter", "data-resources")
    with page.expect_navigation():
        page.click(".filters button[type=submit]")
    section = OrgUnit.objects.get(code="data-resources")
    people = Profile.objects.filter(org_unit=section)
    rows = page.locator("section[aria-labelledby=people-heading] tbody tr")
    expect(rows).to_have_count(people.count())
    assert_accessible(page)

    person = people.get(user__username="learner1")
    with page.expect_navigation():
        page.click(f"a[href$='/manage/team/person/{person.pk}/']")
    expect(page.locator("h1")).to_have_text(person.user.full_name)
    assert_accessible(page)
    page.go_back()

    with page.expect_download() as download_info:
        page.click("nav.exports a[href*='hours.xlsx']")
    # Playwright's download path has no .xlsx extension, which openpyxl rejects: read the bytes.
    data = Path(download_info.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers == set(people.values_list("employee_number", flat=True))

    with page.expect_navigation():
        page.click("a[href$='/manage/team/assign/']")
    assert_accessible(page)
    page.select_option("#id_course", index=1)
    cyber = OrgUnit.objects.get(code="cyber-security")
    page.check(f"input[name=units][value='{cyber.pk}']")
    page.fill("#id_due_date", (dt.date.today() + dt.timedelta(days=20)).isoformat())
    before = AssignmentTarget.objects.count()
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{base}/manage/team/")
    assert AssignmentTarget.objects.count() > before
    assert_accessible(page)
