"""manager1 assigns a test (not a course) to two people chosen with the people picker, at 1280 px
with the mouse and at 360 px with the keyboard, then reminds an overdue person once: the button
gives way to "reminded" and a second press from a stale tab is refused. Real Chromium, axe-clean,
no page wider than the screen."""

import datetime as dt

import pytest
from django.conf import settings
from playwright.sync_api import expect

from people.models import Profile
from tests.e2e.conftest import MOBILE, assert_accessible, login, staff_code
from training.models import ReminderRule, ReminderSent, TrainingAssignment

pytestmark = pytest.mark.browser


def _sign_in(page, live_server) -> None:
    login(page, live_server, "manager1", settings.DEMO_PASSWORD)
    page.fill("#id_code", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _fits(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def _due() -> str:
    return (dt.date.today() + dt.timedelta(days=21)).isoformat()


def _assigned_people(assignment: TrainingAssignment) -> set[str]:
    return set(assignment.targets.values_list("user__username", flat=True))


def test_assign_a_test_to_two_chosen_people_with_the_mouse(page, live_demo):
    base = live_demo.url
    _sign_in(page, live_demo)
    page.goto(f"{base}/manage/team/assign/")
    assert_accessible(page)
    _fits(page)

    page.select_option("#id_assessment", index=1)
    chosen = page.locator("#id_assessment option:checked").inner_text()
    first = Profile.objects.get(user__username="learner1")
    second = Profile.objects.get(user__username="learner7")
    for profile, query in ((first, first.user.full_name), (second, second.employee_number)):
        page.fill("#id_q", query)
        with page.expect_navigation():
            page.click("input[name=search]")
        page.check(f"#person-{profile.pk}")
    # Both stay chosen after the second search; nobody outside the bureau was ever offered.
    expect(page.locator("input[name=people]:checked")).to_have_count(2)
    outside = Profile.objects.get(user__username="learner13")
    page.fill("#id_q", outside.user.full_name)
    with page.expect_navigation():
        page.click("input[name=search]")
    expect(page.locator(f"#person-{outside.pk}")).to_have_count(0)
    expect(page.locator("input[name=people]:checked")).to_have_count(2)
    expect(page.locator("#id_assessment option:checked")).to_have_text(chosen)
    assert_accessible(page)

    page.fill("#id_due_date", _due())
    before = TrainingAssignment.objects.count()
    with page.expect_navigation():
        page.click(".assign-form__submit")
    expect(page).to_have_url(f"{base}/manage/team/")
    assert TrainingAssignment.objects.count() == before + 1
    assignment = TrainingAssignment.objects.order_by("-pk").first()
    assert assignment.assessment_id is not None and assignment.course_id is None
    assert _assigned_people(assignment) == {"learner1", "learner7"}
    assert_accessible(page)


def test_assign_a_test_to_two_chosen_people_with_the_keyboard_on_a_phone(new_page, live_demo):
    page = new_page(**MOBILE)
    base = live_demo.url
    _sign_in(page, live_demo)
    page.goto(f"{base}/manage/team/assign/")
    _fits(page)
    assert_accessible(page)

    page.select_option("#id_assessment", index=1)
    first = Profile.objects.get(user__username="learner2")
    second = Profile.objects.get(user__username="learner4")
    for profile in (first, second):
        page.fill("#id_q", profile.user.full_name)
        with page.expect_navigation():
            page.press("#id_q", "Enter")  # Enter in the search box searches
        page.focus(f"#person-{profile.pk}")
        page.keyboard.press("Space")
        expect(page.locator(f"#person-{profile.pk}")).to_be_checked()
    _fits(page)
    assert_accessible(page)
    page.fill("#id_due_date", _due())
    page.focus(".assign-form__submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/manage/team/")
    assignment = TrainingAssignment.objects.order_by("-pk").first()
    assert assignment.assessment_id is not None
    assert _assigned_people(assignment) == {"learner2", "learner4"}
    # My team's own fit at 360 px is the table work of issue 18 and is tested with it.


def test_remind_once_then_the_button_gives_way_and_a_stale_second_press_is_refused(page, live_demo):
    base = live_demo.url
    _sign_in(page, live_demo)
    page.goto(f"{base}/manage/team/")
    stale = page.context.new_page()  # the same manager's second tab, opened before the click
    stale.goto(f"{base}/manage/team/")
    manual = ReminderSent.objects.filter(rule=ReminderRule.MANUAL).count()
    form = page.locator("form[action*='/manage/team/remind/']").first
    action = form.get_attribute("action")
    with page.expect_navigation():
        form.locator("button").click()
    expect(page.locator(".message").first).to_be_visible()
    expect(page.locator(f"form[action='{action}']")).to_have_count(0)
    expect(page.locator(".remind-cell__last--recent").first).to_be_visible()
    assert_accessible(page)
    assert ReminderSent.objects.filter(rule=ReminderRule.MANUAL).count() == manual + 1

    with stale.expect_navigation():
        stale.locator(f"form[action='{action}'] button").click()
    expect(stale.locator(".message--error")).to_have_count(1)
    assert ReminderSent.objects.filter(rule=ReminderRule.MANUAL).count() == manual + 1
