"""Demo credit hours and training plans: manager1's division (市数据局, data-bureau) has people
ahead of, on and behind their annual requirement, overdue and open assignments, and (with the
quizzes demo's post targets) visible competency gaps. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.clock import local_today
from courses.models import CoursePage
from courses.selectors import source_language_code
from people.models import OrgUnit, Rank, User
from training.models import (
    AnnualRequirement,
    CreditCategory,
    OnsiteSession,
    TrainingAssignment,
)
from training.services import onsite_session_credit, training_assignment_create

REQ, ELE = CreditCategory.REQUIRED, CreditCategory.ELECTIVE

# (title, month, day, hours, category, location)
SESSIONS = [
    ("数字政府建设专题培训班（集中面授）", 3, 16, "40", REQ, "市委党校"),
    ("数据共享交换平台实操培训", 4, 20, "24", ELE, "市数据局培训室"),
    ("个人信息保护法专题讲座", 5, 18, "8", REQ, "市政府第一会议室"),
    ("网络安全攻防演练", 6, 22, "16", ELE, "市网络安全中心"),
    ("一网通办业务培训", 9, 14, "12", REQ, "市政务服务中心"),
]
# username -> sessions attended (index into SESSIONS)
ATTENDANCE = {
    "learner1": [0, 1, 2, 3, 4],  # 100 h: requirement met, ahead
    "learner2": [0, 1, 2, 4],  # 84 h: on track late in the year
    "learner7": [0, 1, 3, 4],  # 92 h but 52 required: on track
    "learner4": [0, 2],  # 48 h: behind
    "learner3": [2],  # 8 h: far behind
    "learner10": [0, 4],  # 52 h: behind
}


def seed_requirements() -> None:
    """Cadre-level ranks follow the cadre online academy's 50 hours; everyone else the default."""
    for rank in (Rank.INSPECTOR_1, Rank.INSPECTOR_2):
        AnnualRequirement.objects.get_or_create(
            rank=rank, defaults={"total_hours": Decimal("50"), "required_percent": 40}
        )


def seed_sessions(users: dict[str, User]) -> None:
    today = local_today()
    admin = users.get("admin")
    for index, (title, month, day, hours, category, location) in enumerate(SESSIONS):
        date = min(dt.date(today.year, month, day), today)
        session = OnsiteSession.objects.filter(title=title, date__year=today.year).first()
        if session is None:
            session = OnsiteSession.objects.create(
                title=title,
                date=date,
                hours=Decimal(hours),
                category=category,
                location=location,
                recorded_by=admin,
            )
        attendees = [users[name] for name, sessions in ATTENDANCE.items() if index in sessions]
        onsite_session_credit(session=session, users=attendees, recorded_by=admin)


def seed_assignments(users: dict[str, User]) -> None:
    manager = users["manager1"]
    courses = list(
        CoursePage.objects.live()
        .filter(locale__language_code=source_language_code())
        .order_by("path")[:2]
    )
    if len(courses) < 2 or TrainingAssignment.objects.filter(assigned_by=manager).exists():
        return
    now = timezone.now()
    # Assigned six weeks ago, due ten days ago: overdue for everyone who has not finished it.
    training_assignment_create(
        assigned_by=manager,
        course=courses[0],
        units=[OrgUnit.objects.get(code="data-resources")],
        due_date=local_today() - dt.timedelta(days=10),
        now=now - dt.timedelta(days=42),
    )
    training_assignment_create(
        assigned_by=manager,
        course=courses[1],
        units=[OrgUnit.objects.get(code="cyber-security")],
        due_date=local_today() + dt.timedelta(days=30),
        now=now,
    )


def seed_ledger(users: dict[str, User]) -> None:
    seed_requirements()
    seed_sessions(users)
    seed_assignments(users)
