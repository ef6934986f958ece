"""Reads of expert marking: a marker's queue and blind marking screen, the lead marker's
moderation list, what the learner sees of their own marks, and the markers' report with
inter-marker agreement (called by the item-analysis page too).

Blind marking: nothing a marker's read returns names the learner or their unit; an answer is its
anonymous code. A learner's read returns only their own attempt's final marks, without markers.
"""

from __future__ import annotations

import statistics
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, DecimalField, F, Min, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Assessment, Attempt, MarkedAnswer, MarkingTask, MarkingWait

OPEN = ~Q(status=MarkingTask.Status.SUBMITTED)


def counted_score():
    """An answer's score as it counts, for annotate(): what it earned on submit or, for an essay
    marked by experts, its final mark (the answer row itself stays as submitted: finished answers
    are immutable). None while an essay waits for its marks."""
    return Coalesce(
        F("score"),
        Case(
            When(marking__status=MarkedAnswer.Status.FINAL, then=F("marking__score")),
            default=None,
        ),
        output_field=DecimalField(max_digits=8, decimal_places=4),
    )


def marking_queue(*, user, now: datetime | None = None) -> list[dict]:
    """ "My marking": the user's open tasks per test, counts, oldest first, with due dates."""
    now = now or timezone.now()
    tasks = list(
        MarkingTask.objects.filter(OPEN, marker=user)
        .select_related("marked_answer__assessment", "marked_answer__answer")
        .order_by("assigned_at", "pk")
    )
    groups: dict[int, dict] = {}
    for task in tasks:
        assessment = task.marked_answer.assessment
        group = groups.setdefault(
            assessment.pk, {"assessment": assessment, "tasks": [], "overdue": 0}
        )
        group["tasks"].append(
            {
                "pk": task.pk,
                "code": task.marked_answer.code,
                "slot": task.marked_answer.answer.slot,
                "role": task.role,
                "status": task.status,
                "status_label": task.get_status_display(),
                "assigned_at": task.assigned_at,
                "due_at": task.due_at,
                "overdue": task.due_at < now,
            }
        )
        group["overdue"] += task.due_at < now
    rows = sorted(groups.values(), key=lambda g: g["tasks"][0]["assigned_at"])
    for row in rows:
        row["count"] = len(row["tasks"])
    return rows


def marking_task_of(*, task_id: int, user) -> MarkingTask:
    """The user's own task (raises MarkingTask.DoesNotExist for anyone else's: a 404)."""
    return MarkingTask.objects.select_related(
        "marked_answer__assessment", "marked_answer__answer__question_version"
    ).get(pk=task_id, marker=user)


def marking_task_screen(*, task: MarkingTask) -> dict:
    """What the marking screen shows: the question, its material and rubric, the essay and
    whether a file is attached, this marker's own draft. Never the learner, never other marks."""
    marked = task.marked_answer
    answer = marked.answer
    version = answer.question_version
    payload = version.payload
    response = answer.response or {}
    rubric = []
    for criterion in payload.get("rubric", []):
        cid = str(criterion["id"])
        rubric.append(
            {
                "id": cid,
                "criterion": criterion["criterion"],
                "levels": [
                    {
                        "id": str(level["id"]),
                        "label": level["label"],
                        "points": level["points"],
                        "checked": task.levels.get(cid) == str(level["id"]),
                    }
                    for level in criterion["levels"]
                ],
                "comment": task.comments.get(cid, ""),
            }
        )
    return {
        "task": task,
        "code": marked.code,
        "assessment": marked.assessment,
        "question_text": version.text,
        "material": payload.get("material", ""),
        "marker_guide": payload.get("marker_guide", ""),
        "word_limit": payload.get("word_limit") or 0,
        "essay": response.get("text", ""),
        "has_file": bool(response.get("file")),
        "points": answer.points,
        "rubric": rubric,
        "editable": task.status != MarkingTask.Status.SUBMITTED
        and marked.status != MarkedAnswer.Status.FINAL,
    }


def marking_task_file_name(*, task: MarkingTask) -> str:
    """The private storage name of the file attached to the task's essay ("" when none)."""
    return (task.marked_answer.answer.response or {}).get("file") or ""


def assessments_marked_by_lead(*, user) -> list[Assessment]:
    """Tests the user moderates as a lead marker, with essays under marking."""
    return list(
        Assessment.objects.filter(lead_markers=user)
        .annotate(
            open_answers=Count(
                "pk",
                filter=Q(pk__in=MarkedAnswer.objects.exclude(status="final").values("assessment")),
            )
        )
        .order_by("title")
    )


def moderation_rows(*, assessment: Assessment) -> list[dict]:
    """Every answer under marking of a test for its lead marker: code, status, each marker's
    mark (markers named, learners never), final mark. Final answers last."""
    rows = []
    answers = (
        MarkedAnswer.objects.filter(assessment=assessment)
        .select_related("answer", "moderated_by")
        .prefetch_related("tasks__marker")
        .order_by("finalised_at", "created_at", "pk")
    )
    for marked in answers:
        rows.append(
            {
                "marked": marked,
                "points": marked.answer.points,
                "tasks": [
                    {
                        "pk": task.pk,
                        "role": task.role,
                        "marker": task.marker,
                        "status": task.status,
                        "status_label": task.get_status_display(),
                        "score": task.score
                        if task.status == MarkingTask.Status.SUBMITTED
                        else None,
                        "due_at": task.due_at,
                    }
                    for task in sorted(marked.tasks.all(), key=lambda t: t.role)
                ],
            }
        )
    rows.sort(key=lambda row: row["marked"].status == MarkedAnswer.Status.FINAL)
    return rows


def marking_pool(*, assessment: Assessment) -> list:
    return list(assessment.markers.filter(is_active=True).order_by("username"))


def attempt_marking_status(*, attempt: Attempt) -> dict | None:
    """For the learner's result page: {"awaiting": True, "due_at"} while marks are pending,
    None when the attempt had nothing to mark or its result is final."""
    wait = MarkingWait.objects.filter(attempt=attempt, finalised_at__isnull=True).first()
    if wait is None:
        return None
    return {"awaiting": True, "due_at": wait.due_at}


def awaiting_marking_by_assessment(*, user, assessment_ids) -> dict[int, datetime]:
    """ "My tests": the earliest expected date per test where the user's result awaits marking."""
    rows = (
        MarkingWait.objects.filter(
            attempt__user=user, assessment_id__in=list(assessment_ids), finalised_at__isnull=True
        )
        .values("assessment_id")
        .annotate(due=Min("due_at"))
    )
    return {row["assessment_id"]: row["due"] for row in rows}


def attempt_marking_feedback(*, attempt: Attempt) -> dict[int, dict]:
    """The learner's own final marks per slot: points and, per criterion, the levels and comments
    of the markers whose marks counted, with the overall comments. No marker is named, and only a
    final result shows anything (empty dict otherwise)."""
    if (
        not hasattr(attempt, "result")
        or not MarkingWait.objects.filter(attempt=attempt, finalised_at__isnull=False).exists()
    ):
        return {}
    feedback = {}
    answers = (
        MarkedAnswer.objects.filter(attempt=attempt, status=MarkedAnswer.Status.FINAL)
        .select_related("answer__question_version")
        .prefetch_related("tasks")
    )
    for marked in answers:
        payload = marked.answer.question_version.payload
        tasks = [t for t in marked.tasks.all() if t.status == MarkingTask.Status.SUBMITTED]
        tasks.sort(key=lambda t: t.role)
        criteria = []
        for criterion in payload.get("rubric", []):
            cid = str(criterion["id"])
            labels = {str(lv["id"]): lv["label"] for lv in criterion["levels"]}
            criteria.append(
                {
                    "criterion": criterion["criterion"],
                    "levels": [labels.get(t.levels.get(cid), "") for t in tasks],
                    "comments": [t.comments[cid] for t in tasks if t.comments.get(cid)],
                }
            )
        feedback[marked.answer.slot] = {
            "score": marked.score,
            "points": marked.answer.points,
            "criteria": criteria,
            "comments": [t.overall_comment for t in tasks if t.overall_comment],
            "moderated": bool(marked.moderation_reason),
        }
    return feedback


def attempt_result_of(*, attempt: Attempt):
    """The attempt's Result, or None while it awaits marking."""
    from ..models import Result

    return Result.objects.filter(attempt=attempt).first()


def attempt_review_marked(*, attempt: Attempt) -> list[dict]:
    """The full review (attempt_review) with each essay's final points and its markers'
    per-criterion levels and comments (`marking`), no marker named."""
    from .attempts import attempt_review

    rows = attempt_review(attempt=attempt)
    feedback = attempt_marking_feedback(attempt=attempt)
    for row in rows:
        if row["slot"] in feedback:
            row["marking"] = feedback[row["slot"]]
            row["score"] = feedback[row["slot"]]["score"]
            row["awaiting_marking"] = False
    return rows


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def marking_workload(*, assessments=None, now: datetime | None = None) -> dict:
    """Markers' workload and turnaround: assigned, done, overdue (open past due) and the median
    working days from assignment to submission, per marker and per test (of `assessments`, or
    of every test when None)."""
    from ..services.marking import marking_workdays_elapsed

    now = now or timezone.now()
    tasks = MarkingTask.objects.filter(marker__isnull=False).select_related(
        "marked_answer__assessment"
    )
    if assessments is not None:
        tasks = tasks.filter(marked_answer__assessment__in=list(assessments))
    per_marker: dict[int, dict] = {}
    per_test: dict[int, dict] = {}
    names = dict(
        (user.pk, user.get_full_name() or user.username)
        for user in get_user_model().objects.filter(pk__in=tasks.values("marker_id"))
    )
    for task in tasks:
        for key, table, label in (
            (task.marker_id, per_marker, names.get(task.marker_id, "")),
            (
                task.marked_answer.assessment_id,
                per_test,
                task.marked_answer.assessment.display_title,
            ),
        ):
            row = table.setdefault(
                key, {"label": label, "assigned": 0, "done": 0, "overdue": 0, "days": []}
            )
            row["assigned"] += 1
            if task.status == MarkingTask.Status.SUBMITTED:
                row["done"] += 1
                row["days"].append(marking_workdays_elapsed(task.assigned_at, task.submitted_at))
            elif task.due_at < now:
                row["overdue"] += 1
    for table in (per_marker, per_test):
        for row in table.values():
            row["median_days"] = _median(row.pop("days"))
    return {
        "markers": sorted(per_marker.values(), key=lambda r: r["label"]),
        "tests": sorted(per_test.values(), key=lambda r: r["label"]),
    }


DONE_COLOUR = "#1d4e89"
OPEN_COLOUR = "#5b8fc9"
OVERDUE_COLOUR = "#b3261e"


def marking_workload_chart(*, workload: dict) -> dict:
    """A stacked bar per marker: done, open in time, overdue (the per-marker table is its data)."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from core.charts import chart_context

    rows = workload["markers"]
    overdue = sum(row["overdue"] for row in rows)
    return chart_context(
        key="marking-workload",
        title=_("Marking per marker"),
        summary=ngettext(
            "%(count)s marker; %(overdue)s answers overdue.",
            "%(count)s markers; %(overdue)s answers overdue.",
            len(rows),
        )
        % {"count": len(rows), "overdue": overdue},
        option={
            "grid": {"left": 8, "right": 16, "top": 36, "bottom": 24, "containLabel": True},
            "legend": {"top": 0},
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "xAxis": {"type": "value", "minInterval": 1},
            "yAxis": {"type": "category", "data": [r["label"] for r in rows], "inverse": True},
            "series": [
                {
                    "name": _("Done"),
                    "type": "bar",
                    "stack": "tasks",
                    "data": [r["done"] for r in rows],
                    "itemStyle": {"color": DONE_COLOUR},
                },
                {
                    "name": _("Open, in time"),
                    "type": "bar",
                    "stack": "tasks",
                    "data": [r["assigned"] - r["done"] - r["overdue"] for r in rows],
                    "itemStyle": {"color": OPEN_COLOUR},
                },
                {
                    "name": _("Overdue"),
                    "type": "bar",
                    "stack": "tasks",
                    "data": [r["overdue"] for r in rows],
                    "itemStyle": {"color": OVERDUE_COLOUR},
                },
            ],
        },
        height=90 + 28 * max(len(rows), 3),
    )


def _icc_absolute(pairs: list[tuple[float, float]]) -> float | None:
    """ICC(2,1): two-way random effects, absolute agreement, single rater (Shrout & Fleiss)."""
    import numpy as np

    n = len(pairs)
    if n < 2:
        return None
    data = np.array(pairs, dtype=float)
    k = 2
    grand = data.mean()
    ss_rows = k * ((data.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((data.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((data - grand) ** 2).sum()
    ms_rows = ss_rows / (n - 1)
    ms_cols = ss_cols / (k - 1)
    ms_error = (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    denominator = ms_rows + (k - 1) * ms_error + k * (ms_cols - ms_error) / n
    if denominator <= 0:
        return None
    return float((ms_rows - ms_error) / denominator)


def inter_marker_agreement(assessment: Assessment) -> dict:
    """Agreement of the first two markers on a test's double-marked essays (third markers and
    moderation left out): answers compared, exact agreement rate, mean absolute difference (in
    points and in % of the question's points) and ICC(2,1) on the share of points given
    (absolute agreement; None under two answers or without variance)."""
    tasks = MarkingTask.objects.filter(
        marked_answer__assessment=assessment,
        marked_answer__double=True,
        role__in=(1, 2),
        status=MarkingTask.Status.SUBMITTED,
    ).values("marked_answer_id", "role", "score", "marked_answer__answer__points")
    by_answer: dict[int, dict] = {}
    for row in tasks:
        item = by_answer.setdefault(
            row["marked_answer_id"], {"points": row["marked_answer__answer__points"]}
        )
        item[row["role"]] = row["score"]
    pairs = [(a[1], a[2], a["points"]) for a in by_answer.values() if 1 in a and 2 in a]
    if not pairs:
        return {
            "answers": 0,
            "exact_rate": None,
            "mean_abs_diff": None,
            "mean_abs_diff_percent": None,
            "icc": None,
            "method": "ICC(2,1)",
        }
    diffs = [abs(first - second) for first, second, _points in pairs]
    shares = [(float(f / p), float(s / p)) for f, s, p in pairs if p]
    return {
        "answers": len(pairs),
        "exact_rate": sum(d == 0 for d in diffs) / len(pairs),
        "mean_abs_diff": sum(diffs, Decimal(0)) / len(pairs),
        "mean_abs_diff_percent": sum(abs(a - b) for a, b in shares) * 100 / len(shares)
        if shares
        else None,
        "icc": _icc_absolute(shares),
        "method": "ICC(2,1)",
    }


def marking_sees_all(*, user) -> bool:
    """Platform admins see every test's marking in the report."""
    from people.models import Role
    from people.selectors import user_roles

    return getattr(user, "is_authenticated", False) and Role.PLATFORM_ADMIN in user_roles(user=user)


def marking_can_report(*, user) -> bool:
    """The marking report: platform admins, and lead markers of any test."""
    from people.models import Role
    from people.selectors import user_roles

    if not getattr(user, "is_authenticated", False):
        return False
    return (
        Role.PLATFORM_ADMIN in user_roles(user=user)
        or Assessment.objects.filter(lead_markers=user).exists()
    )


def marking_report_assessments(*, user) -> list[Assessment]:
    """Tests whose marking the user may see in the report (all for a platform admin)."""
    from people.models import Role
    from people.selectors import user_roles

    tests = Assessment.objects.filter(pk__in=MarkedAnswer.objects.values("assessment_id")).order_by(
        "title"
    )
    if Role.PLATFORM_ADMIN not in user_roles(user=user):
        tests = tests.filter(lead_markers=user)
    return list(tests)
