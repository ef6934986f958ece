"""learner1 searches in Chinese, opens a course, enrols, completes a lesson and sees the progress in
My learning — in real Chromium, every page axe-clean.

Study time is measured by the server, so a test cannot simply wait three minutes. Instead the test
moves the learner's clock mark (LessonProgress.last_heartbeat_at) 60 seconds into the past in the
database — exactly what 60 seconds of real time would have done — and then lets the lesson page's
own script send the heartbeat (window.govlearnLessonBeat). The server still decides what to credit.
"""

import datetime as dt

import pytest
from django.conf import settings
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage, LessonProgress
from tests.e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.browser

LEARNER = "learner1"
COURSE_SLUG = "wangluo-anquan-geren-xinxi"  # demo course learner1 is not enrolled in


def test_learner_finds_enrols_completes_a_lesson_and_sees_progress(page, live_demo):
    base = live_demo.url
    login(page, live_demo, LEARNER, settings.DEMO_PASSWORD)

    page.goto(f"{base}/")
    page.fill("#site-search-q", "个人信息")
    with page.expect_navigation():
        page.press("#site-search-q", "Enter")
    expect(page.locator(".search-result").first).to_be_visible()
    expect(page.locator(".search-result mark").first).to_have_text("个人信息")
    assert_accessible(page)

    course = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="zh-hans")
    with page.expect_navigation():
        page.click(f".search-result a[href='{course.url}']")
    expect(page.locator("h1")).to_have_text(course.title)
    assert_accessible(page)

    with page.expect_navigation():
        page.click(".enrol-panel button[type=submit]")
    expect(page.locator(".enrol-panel .status")).to_be_visible()
    assert_accessible(page)

    lesson = LessonPage.objects.live().child_of(course).order_by("path").first()
    with page.expect_navigation():
        page.click(f".lesson-list a[href='{lesson.url}']")
    expect(page.locator("h1")).to_have_text(lesson.title)
    assert_accessible(page)

    # Answer the check question (the page does not know the answer; the test reads the lesson).
    block_id, question = next(iter(lesson.check_questions().items()))
    page.check(f"#q-{block_id}-{question['correct_choice']}")
    with page.expect_navigation():
        page.click(f"#question-{block_id} button[type=submit]")
    expect(page.locator(f"#question-{block_id}.check-question--right")).to_be_visible()
    assert_accessible(page)

    # The page posts the start of the visit once shown (a GET writes nothing): let it land first.
    page.evaluate("window.govlearnLessonStart")
    progress = LessonProgress.objects.get(user__username=LEARNER, lesson=lesson)
    assert progress.completed_at is None  # right answers, but no time yet
    while progress.seconds_spent < lesson.min_seconds:
        LessonProgress.objects.filter(pk=progress.pk).update(
            last_heartbeat_at=progress.last_heartbeat_at - dt.timedelta(seconds=60)
        )
        before = progress.seconds_spent
        # The beat returns its fetch promise, which evaluate() awaits: the page has updated after.
        page.evaluate("window.govlearnLessonBeat(false)")
        progress.refresh_from_db()
        assert progress.seconds_spent > before
    assert progress.completed_at is not None
    expect(page.locator(".lesson-progress__status")).not_to_contain_text(str(lesson.min_seconds))
    assert_accessible(page)

    page.goto(f"{base}/learning/my-learning/")
    item = page.locator(".learning-item", has_text=course.title)
    expect(item.locator("progress")).to_have_attribute("value", "1")
    expect(item.locator("progress")).to_have_attribute("max", "3")
    assert_accessible(page)
