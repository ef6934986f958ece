"""Reads of the Q&A service, split by domain and re-exported here: questions, threads, an
expert's inbox and notices (`questions`), the service-quality report (`report`)."""

from .questions import (
    OPEN_STATUSES,
    can_answer,
    can_see,
    course_experts,
    course_faq,
    course_for_id,
    expert_inbox,
    is_overdue,
    is_platform_admin,
    lessons_of,
    may_download_attachment,
    my_questions,
    notices_for,
    platform_admins,
    question_for_user,
    question_thread,
    unread_notice_count,
)
from .report import (
    Figures,
    empty_searches,
    full_report,
    report_rows,
    service_quality,
)

__all__ = [
    "OPEN_STATUSES",
    "Figures",
    "can_answer",
    "can_see",
    "course_experts",
    "course_faq",
    "course_for_id",
    "empty_searches",
    "expert_inbox",
    "full_report",
    "is_overdue",
    "is_platform_admin",
    "lessons_of",
    "may_download_attachment",
    "my_questions",
    "notices_for",
    "platform_admins",
    "question_for_user",
    "question_thread",
    "report_rows",
    "service_quality",
    "unread_notice_count",
]
