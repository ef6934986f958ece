"""learner1 completes a course, finds the certificate in My certificates, downloads the PDF, and
opens the verification address printed (and QR-encoded) on it — in real Chromium, axe-clean.

The lessons are completed through the courses services (their UI is covered by
test_courses_flow.py); everything about the certificate goes through the UI.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses import services as course_services
from courses.models import CoursePage, LessonPage
from people.models import User
from tests.certificates.conftest import pdf_text, qr_codes_in_pdf
from tests.conftest import drain_task_queue
from tests.e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def _complete_course(user, course) -> None:
    clock = timezone.now() - dt.timedelta(hours=3)
    course_services.enrolment_create(user=user, course=course, now=clock)
    for lesson in LessonPage.objects.live().child_of(course).order_by("path"):
        course_services.lesson_visit(user=user, lesson=lesson, now=clock)
        for _ in range(0, lesson.min_seconds + 30, 30):
            clock += dt.timedelta(seconds=30)
            course_services.lesson_heartbeat(user=user, lesson=lesson, now=clock)
        for block_id, question in lesson.check_questions().items():
            course_services.check_answer_submit(
                user=user,
                lesson=lesson,
                block_id=block_id,
                choice=question["correct_choice"],
                now=clock,
            )
    course_services.course_completion_record(user=user, course=course, now=clock)


def test_learner_downloads_certificate_and_opens_its_verification_url(
    page, live_demo, settings, tmp_path
):
    settings.PUBLIC_BASE_URL = live_demo.url  # the PDF must point at this server
    base = live_demo.url
    learner = User.objects.get(username="learner1")
    course = (
        CoursePage.objects.live()
        .filter(locale__language_code="zh-hans", certificate_issued=True)
        .exclude(enrolments__user=learner)
        .order_by("path")
        .first()
    )
    assert course is not None, "the demo has a certificate course learner1 has not started"
    _complete_course(learner, course)
    drain_task_queue()  # the render task, as the worker would run it

    login(page, live_demo, "learner1", settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("nav.site-nav a[href='/certificates/mine/']")
    item = page.locator(".certificate-item", has_text=course.title)
    expect(item).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        item.locator("a[href$='/pdf/']").click()
    path = tmp_path / "certificate.pdf"
    download_info.value.save_as(path)
    data = path.read_bytes()
    text = pdf_text(data)
    assert learner.get_full_name() in text and course.title in text
    [url] = qr_codes_in_pdf(data)
    assert url.startswith(f"{base}/certificates/verify/")
    # The printed address may wrap inside the line (text extraction then reads a space there).
    assert url in "".join(text.split())

    page.goto(url)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".certificate-status--valid")).to_be_visible()
    expect(page.locator(".certificate-record")).to_contain_text(learner.get_full_name())
    expect(page.locator(".certificate-record")).to_contain_text(course.title)
    assert_accessible(page)

    page.goto(f"{base}/certificates/verify/not-a-real-code/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
