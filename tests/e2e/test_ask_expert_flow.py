"""learner1 asks the course expert a question, expert1 (password + authenticator code, as the
trust app requires of staff) answers it, and learner1 sees the answer with its status — in real
Chromium, every page axe-clean."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from courses.models import CoursePage
from qanda.models import Question, QuestionStatus
from tests.e2e.conftest import assert_accessible, login, staff_code

pytestmark = pytest.mark.browser

COURSE_SLUG = "wangluo-anquan-geren-xinxi"
TITLE = "个人信息出境需要做安全评估吗？"


def _log_out(page, base):
    page.context.clear_cookies()
    page.goto(f"{base}/")


def test_learner_asks_expert_answers_learner_sees_the_answer(page, live_demo):
    base = live_demo.url
    course = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="zh-hans")

    login(page, live_demo, "learner1", settings.DEMO_PASSWORD)
    page.goto(f"{base}{course.url}")
    with page.expect_navigation():
        page.click(f".qanda-course-link a[href$='/learning/questions/course/{course.pk}/']")
    assert_accessible(page)
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "我们要把办事人的信息传到境外合作方，需要哪些手续？")
    page.check("#id_visibility_1")  # private
    with page.expect_navigation():
        page.click(".qanda-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_accessible(page)
    question = Question.objects.get(title=TITLE)
    assert question.status == QuestionStatus.OPEN and question.visibility == "private"

    _log_out(page, base)
    login(page, live_demo, "expert1", settings.DEMO_PASSWORD)
    page.fill("#id_code", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.goto(f"{base}/learning/questions/inbox/")
    expect(page.locator(f"a:has-text('{TITLE}')")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.click(f"a:has-text('{TITLE}')")
    page.fill("#id_body", "需要先做个人信息出境安全评估或签订标准合同，详见第三课。")
    with page.expect_navigation():
        page.click(".qanda-form button[type=submit]")
    expect(page.locator(".qanda-thread__item--expert")).to_have_count(1)
    assert_accessible(page)

    _log_out(page, base)
    login(page, live_demo, "learner1", settings.DEMO_PASSWORD)
    page.goto(f"{base}/learning/questions/mine/")
    expect(page.locator(".qanda-notices a").first).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.click(f"td a:has-text('{TITLE}')")
    expect(page.locator(".qanda-answer")).to_contain_text("安全评估")
    assert_accessible(page)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.first_response_at
