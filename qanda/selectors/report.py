"""The service-quality report: answered within the deadline, open and overdue questions per course
and per expert, content health (from courses.selectors) and searches that found nothing.

Definitions (the test recomputes them from the stored questions):
- Counted questions: every question except merged duplicates (their answer is the target's).
- Due: a counted question whose first deadline (first_due_at) has passed or that has an expert
  answer. Answered within the deadline: first expert answer at or before first_due_at.
  Share = within / due.
- Median working days: median of qanda.workdays.workdays_elapsed(asked_at, first_response_at) over
  counted questions with an expert answer.
- Open: status open. Overdue: open and past its current due_at.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils import timezone

from courses.models import CoursePage, SearchQueryLog
from courses.selectors import content_health

from .. import workdays
from ..models import CourseExpert, Question, QuestionStatus


@dataclass
class Figures:
    """Answered-in-time figures of a set of questions."""

    questions: int = 0
    due: int = 0
    within_deadline: int = 0
    answered: int = 0
    open: int = 0
    overdue: int = 0
    workdays_to_answer: list[int] = field(default_factory=list)

    @property
    def within_share(self) -> float | None:
        return self.within_deadline / self.due if self.due else None

    @property
    def median_workdays(self) -> float | None:
        return statistics.median(self.workdays_to_answer) if self.workdays_to_answer else None


def _add(figures: Figures, question: Question, now: dt.datetime, calendar) -> None:
    figures.questions += 1
    answered = question.first_response_at is not None
    if answered or question.first_due_at < now:
        figures.due += 1
    if answered:
        figures.answered += 1
        if question.first_response_at <= question.first_due_at:
            figures.within_deadline += 1
        figures.workdays_to_answer.append(
            workdays.workdays_elapsed(
                question.asked_at, question.first_response_at, calendar=calendar
            )
        )
    if question.status == QuestionStatus.OPEN:
        figures.open += 1
        if question.due_at < now:
            figures.overdue += 1


def service_quality(*, now: dt.datetime | None = None) -> dict:
    """Overall, per-course and per-expert figures; a course's questions count for each of its
    experts (its page owner when it names none)."""
    now = now or timezone.now()
    calendar = workdays.WorkdayCalendar()
    questions = list(
        Question.objects.exclude(status=QuestionStatus.MERGED)
        .only("course_id", "status", "asked_at", "first_due_at", "due_at", "first_response_at")
        .order_by("pk")
    )
    courses = {
        course.pk: course
        for course in CoursePage.objects.filter(
            pk__in={q.course_id for q in questions}
        ).select_related("owner")
    }
    named: dict[int, list] = {}
    for link in CourseExpert.objects.select_related("user").order_by("user_id"):
        named.setdefault(link.course_id, []).append(link.user)
    overall, per_course, per_expert, experts = Figures(), {}, {}, {}
    for question in questions:
        _add(overall, question, now, calendar)
        _add(per_course.setdefault(question.course_id, Figures()), question, now, calendar)
        course = courses[question.course_id]
        for expert in named.get(course.pk) or ([course.owner] if course.owner else []):
            experts[expert.pk] = expert
            _add(per_expert.setdefault(expert.pk, Figures()), question, now, calendar)
    return {
        "now": now,
        "overall": overall,
        "courses": [
            (courses[pk], figures)
            for pk, figures in sorted(per_course.items(), key=lambda item: courses[item[0]].path)
        ],
        "experts": [(experts[pk], figures) for pk, figures in sorted(per_expert.items())],
    }


def empty_searches(*, limit: int = 100) -> list[dict]:
    """Search queries that found nothing: how often, and when last, most frequent first."""
    return list(
        SearchQueryLog.objects.filter(results_count=0)
        .values("query", "locale")
        .annotate(count=Count("pk"), last_seen=Max("created_at"))
        .order_by("-count", "-last_seen")[:limit]
    )


def full_report(*, now: dt.datetime | None = None) -> dict:
    """Everything the admin report shows."""
    return {
        **service_quality(now=now),
        "health": content_health(),
        "empty_searches": empty_searches(),
    }


def report_rows(*, report: dict) -> list[list]:
    """The report as rows for CSV/XLSX export (section, name, figures)."""

    def figures_row(section, name, figures: Figures):
        share = figures.within_share
        median = figures.median_workdays
        return [
            section,
            name,
            figures.questions,
            figures.due,
            figures.within_deadline,
            "" if share is None else round(share * 100, 1),
            "" if median is None else median,
            figures.open,
            figures.overdue,
        ]

    rows = [
        [
            "section",
            "name",
            "questions",
            "due",
            "answered within deadline",
            "share within deadline (%)",
            "median working days to first answer",
            "open",
            "overdue",
        ],
        figures_row("overall", "", report["overall"]),
    ]
    rows += [figures_row("course", course.title, figures) for course, figures in report["courses"]]
    rows += [
        figures_row("expert", expert.full_name or expert.get_username(), figures)
        for expert, figures in report["experts"]
    ]
    health = report.get("health") or {}
    rows += [["empty topic", topic.title] for topic in health.get("empty_topics", [])]
    rows += [
        ["incomplete guide", row["course"].title, "; ".join(str(p) for p in row["problems"])]
        for row in health.get("courses", [])
    ]
    rows += [["broken document", document.title] for document in health.get("broken_documents", [])]
    rows += [["empty lesson", lesson.title] for lesson in health.get("empty_lessons", [])]
    rows += [
        [
            "search with no result",
            row["query"],
            row["count"],
            row["locale"],
            row["last_seen"].isoformat(),
        ]
        for row in report.get("empty_searches", [])
    ]
    return rows
