"""The service-quality report: its numbers equal a recomputation from the stored questions, it is
for platform admins, it exports, and it lists searches that found nothing."""

import csv
import io
import statistics

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.services import search_query_log
from qanda.models import Question, QuestionStatus
from qanda.selectors import service_quality
from qanda.services import answer_post, question_close, question_merge
from qanda.workdays import workdays_elapsed
from tests.factories.people import UserFactory
from tests.factories.qanda import ask, course_with_expert, shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(course_and_expert):
    course, expert = course_and_expert
    other_course, other_expert = course_with_expert(lessons=1, title="网络安全")
    on_time = ask(course=course, at=shanghai(2025, 9, 26, 15))  # due Fri 10 Oct
    answer_post(question=on_time, author=expert, body="按时", now=shanghai(2025, 10, 9, 9))
    late = ask(course=course, at=shanghai(2025, 3, 3, 9))  # due Mon 10 Mar
    answer_post(question=late, author=expert, body="晚了", now=shanghai(2025, 3, 12, 9))
    ask(course=course, at=shanghai(2025, 3, 3, 9))  # overdue, open
    closed = ask(course=other_course, at=shanghai(2025, 4, 1, 9))
    question_close(question=closed, user=other_expert)
    duplicate = ask(course=other_course, at=shanghai(2025, 4, 2, 9))
    question_merge(question=duplicate, into=closed, user=other_expert)
    ask(course=other_course)  # asked now: not due yet
    return course, expert, other_course


def recompute(now):
    counted = [q for q in Question.objects.all() if q.status != QuestionStatus.MERGED]
    answered = [q for q in counted if q.first_response_at]
    due = [q for q in counted if q.first_response_at or q.first_due_at < now]
    within = [q for q in answered if q.first_response_at <= q.first_due_at]
    days = [workdays_elapsed(q.asked_at, q.first_response_at) for q in answered]
    open_ = [q for q in counted if q.status == QuestionStatus.OPEN]
    return {
        "questions": len(counted),
        "due": len(due),
        "within": len(within),
        "share": len(within) / len(due),
        "median": statistics.median(days),
        "open": len(open_),
        "overdue": len([q for q in open_ if q.due_at < now]),
    }


def test_the_report_numbers_equal_a_recomputation_from_the_stored_questions(questions):
    course, expert, other_course = questions
    now = timezone.now()
    report = service_quality(now=now)
    expected = recompute(now)
    overall = report["overall"]
    assert (overall.questions, overall.due, overall.within_deadline) == (
        expected["questions"],
        expected["due"],
        expected["within"],
    )
    assert overall.within_share == pytest.approx(expected["share"])
    assert overall.median_workdays == expected["median"]
    assert (overall.open, overall.overdue) == (expected["open"], expected["overdue"])
    # And the concrete numbers of this data set, so a wrong recomputation cannot hide a bug.
    assert (overall.questions, overall.due, overall.within_deadline, overall.open) == (5, 4, 1, 2)
    assert overall.median_workdays == 5.5  # 4 working days (on time) and 7 (late)
    by_course = {c.pk: figures for c, figures in report["courses"]}
    assert by_course[course.pk].overdue == 1 and by_course[other_course.pk].overdue == 0
    by_expert = {person.pk: figures for person, figures in report["experts"]}
    assert by_expert[expert.pk].open == 1 and by_expert[expert.pk].questions == 3


def test_admins_see_and_export_the_report_with_empty_searches(client, questions, staff_admin):
    search_query_log(query="区块链政务", language="zh-hans", results_count=0)
    search_query_log(query="区块链政务", language="zh-hans", results_count=0)
    client.force_login(staff_admin)
    page = client.get(reverse("qanda_quality_report"))
    assert page.status_code == 200 and "区块链政务" in page.content.decode()
    exported = client.get(reverse("qanda_quality_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1][:5] == ["overall", "", "5", "4", "1"]
    assert rows[-1][:3] == ["search with no result", "区块链政务", "2"]
    xlsx = client.get(reverse("qanda_quality_export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_learner_cannot_open_the_admin_report(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("qanda_quality_report")).status_code in (302, 403)


def test_the_public_summary_exists_only_when_switched_on(client, questions):
    from wagtail.models import Site

    from qanda.models import QandaSettings

    assert client.get(reverse("qanda:quality_summary")).status_code == 404
    site = Site.objects.get(is_default_site=True)
    settings_row = QandaSettings.for_site(site)
    settings_row.public_summary = True
    settings_row.save()
    assert client.get(reverse("qanda:quality_summary")).status_code == 200


def test_the_report_counts_answers_dated_2027_and_later_across_year_boundaries(
    client, course_and_expert, staff_admin
):
    course, expert = course_and_expert
    # Asked Fri 25 Dec 2026, answered Tue 5 Jan 2027: Dec 28-31 and Jan 4, 5 (New Year's Day
    # off) is 6 working days, past the provisional due date Mon 4 Jan.
    late = ask(course=course, at=shanghai(2026, 12, 25, 10))
    answer_post(question=late, author=expert, body="晚了", now=shanghai(2027, 1, 5, 9))
    # Asked Thu 4 Feb 2027 before the Spring Festival, answered Thu 11 Feb: 1 working day.
    festival = ask(course=course, at=shanghai(2027, 2, 4, 10))
    answer_post(question=festival, author=expert, body="节后答复", now=shanghai(2027, 2, 11, 9))
    # Far years the holiday library has no schedule for.
    far = ask(course=course, at=shanghai(2035, 3, 5, 10))  # Monday
    answer_post(question=far, author=expert, body="好", now=shanghai(2035, 3, 7, 9))
    last = ask(course=course, at=shanghai(2099, 12, 29, 10))  # Tuesday
    answer_post(question=last, author=expert, body="好", now=shanghai(2100, 1, 4, 9))
    report = service_quality(now=shanghai(2100, 6, 1))
    overall = report["overall"]
    assert (overall.questions, overall.due, overall.within_deadline) == (4, 4, 3)
    assert sorted(overall.workdays_to_answer) == [1, 2, 3, 6]
    assert overall.median_workdays == 2.5
    client.force_login(staff_admin)
    assert client.get(reverse("qanda_quality_report")).status_code == 200
    exported = client.get(reverse("qanda_quality_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1][:7] == ["overall", "", "4", "4", "3", "75.0", "2.5"]
