"""A learner answers a numerical and an essay question in real Chromium: the number is autosaved
as typed (full-width digits too), the essay's word count follows the typing and the server's
refusal over the limit is shown beside it, a file is attached and removed without leaving the
page, and the page fits a phone. axe-core clean."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from quizzes.models import Answer
from quizzes.services import attempt_start
from tests.e2e.conftest import assert_accessible
from tests.factories import UserFactory
from tests.factories.quizzes import assessment_with_new_types

pytestmark = pytest.mark.browser

SAVED = (
    "() => document.getElementById('attempt-status').textContent === "
    "document.getElementById('attempt-form').dataset.msgSaved"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _signed_in(page, live_server, user) -> None:
    """The learner's session cookie in the browser (the login form has tests of its own)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture
def attempt(transactional_db):
    learner = UserFactory()
    return attempt_start(
        user=learner, assessment=assessment_with_new_types(word_limit=10, allow_file=True)
    )


def _response(attempt, qtype):
    return Answer.objects.get(attempt=attempt, question_version__qtype=qtype).response


def test_numbers_essays_and_files_are_answered_and_autosaved(page, live_server, attempt, tmp_path):
    _signed_in(page, live_server, attempt.user)
    page.goto(live_server.url + "/en" + reverse("quizzes:take", args=[attempt.pk]))
    number = page.locator("input.attempt-number")
    essay = page.locator("textarea.attempt-essay")
    count = page.locator("[data-role=word-count]")

    number.fill("１２．５ km")
    page.wait_for_function(SAVED)
    assert _response(attempt, "numerical") == {"text": "１２．５ km"}

    essay.fill("数据共享 works")
    assert count.inner_text() == "5"
    page.wait_for_function(SAVED)
    assert _response(attempt, "essay") == {"text": "数据共享 works"}

    essay.fill("一二三四五六七八九十十一")  # 12 characters, the limit is 10
    assert count.inner_text() == "12"
    message = page.locator("fieldset:has(textarea) [data-role=message]")
    message.wait_for(state="visible")
    assert "10" in message.inner_text()
    assert essay.get_attribute("aria-invalid") == "true"
    assert _response(attempt, "essay") == {"text": "数据共享 works"}  # refused, kept as it was
    essay.fill("一网通办")
    page.wait_for_function(SAVED)
    assert message.inner_text() == "" and essay.get_attribute("aria-invalid") is None

    report = tmp_path / "案例分析.pdf"
    report.write_bytes(PDF)
    page.set_input_files("input[type=file]", str(report))
    link = page.locator("[data-role=file-link]")
    link.wait_for(state="visible")
    assert link.inner_text() == "案例分析.pdf"
    page.wait_for_function(SAVED)
    stored = _response(attempt, "essay")
    assert stored["text"] == "一网通办" and stored["file"].startswith("quiz-essays/")
    assert_accessible(page)

    page.click("[data-role=remove-file]")
    link.wait_for(state="hidden")
    page.wait_for_function(SAVED)
    assert _response(attempt, "essay") == {"text": "一网通办"}

    page.reload()
    assert number.input_value() == "１２．５ km" and essay.input_value() == "一网通办"
    assert count.inner_text() == "4"


def test_the_attempt_page_with_the_new_types_fits_a_phone(mobile_page, live_server, attempt):
    _signed_in(mobile_page, live_server, attempt.user)
    mobile_page.goto(live_server.url + reverse("quizzes:take", args=[attempt.pk]))
    widths = mobile_page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]
    assert_accessible(mobile_page)
