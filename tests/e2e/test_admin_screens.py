"""In real Chromium: a platform admin opens the main admin screens — dashboard, page explorer,
course and lesson edit, our snippet and report views, the account page — and none of them logs a
console error or a Content-Security-Policy violation."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import login, staff_code

pytestmark = pytest.mark.browser


def _admin_screens() -> list[str]:
    from django.urls import reverse

    from courses.models import CoursePage, LessonPage

    course = CoursePage.objects.filter(locale__language_code="zh-hans").order_by("path").first()
    lesson = LessonPage.objects.filter(locale__language_code="zh-hans").order_by("path").first()
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[course.get_parent().pk]),
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        reverse("courses_content_health"),
        reverse("wagtailsnippets:index"),
        reverse("wagtailadmin_account"),
    ]


def _snippet_listings() -> list[str]:
    from wagtail.snippets.models import get_snippet_models

    return [model.snippet_viewset.get_url_name("list") for model in get_snippet_models()]


def test_the_main_admin_screens_log_no_console_error_or_csp_violation(page, live_demo):
    from django.urls import reverse

    base = live_demo.url
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    login(page, live_demo, "admin", settings.DEMO_PASSWORD)
    page.fill("input[name=code]", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    screens = _admin_screens() + [reverse(name) for name in _snippet_listings()]
    for path in screens:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        expect(page.locator("main, #main").first).to_be_visible()
        page.wait_for_load_state("networkidle")
    assert problems == [], "\n".join(problems)


def test_the_account_page_labels_every_time_zone_it_offers(page, live_demo):
    """Wagtail's script labels each time zone with its local name; a zone the browser rejects
    stopped it with an error, leaving the rest unlabelled."""
    from django.urls import reverse

    login(page, live_demo, "admin", settings.DEMO_PASSWORD)
    page.fill("input[name=code]", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.goto(f"{live_demo.url}{reverse('wagtailadmin_account')}")
    options = page.locator("select[name$='current_time_zone'] option")
    expect(options.last).to_contain_text(": ")
    labels = options.all_inner_texts()
    assert len(labels) > 100
    assert all(": " in label for label in labels[1:]), [x for x in labels if ": " not in x][:5]
