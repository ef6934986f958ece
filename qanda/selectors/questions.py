"""Reads about questions: who may see and answer them, the per-course FAQ, a learner's questions,
an expert's inbox and notices. The service-quality report is in qanda.selectors.report."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from courses.models import CoursePage, LessonPage
from courses.search import parse_query, text_tokens
from courses.selectors import source_page
from people.models import Role, RoleAssignment, User
from people.selectors import user_roles

from ..models import Answer, CourseExpert, Question, QuestionNotice, QuestionStatus, Visibility

OPEN_STATUSES = (QuestionStatus.OPEN,)


def course_experts(*, course: CoursePage) -> list[User]:
    """The people who answer the course's questions: its named experts, else its page owner."""
    course = source_page(page=course)
    experts = list(User.objects.filter(qanda_courses__course=course).order_by("pk"))
    if not experts and course.owner_id:
        experts = [course.owner]
    return experts


def platform_admins() -> list[User]:
    """Active platform admins (role holders and superusers)."""
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(pk__in=RoleAssignment.objects.filter(role=Role.PLATFORM_ADMIN).values("user_id"))
        )
        .order_by("pk")
    )


def is_platform_admin(*, user) -> bool:
    return user.is_authenticated and Role.PLATFORM_ADMIN in user_roles(user=user)


def can_answer(*, user, course: CoursePage) -> bool:
    """Whether `user` answers this course's questions (an expert of it, its owner, an admin)."""
    if not user.is_authenticated:
        return False
    course = source_page(page=course)
    if course.owner_id == user.pk or is_platform_admin(user=user):
        return True
    return CourseExpert.objects.filter(course=course, user=user).exists()


def can_see(*, user, question: Question) -> bool:
    """Public questions are for everyone; private ones for the asker and the course's experts."""
    if question.visibility == Visibility.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    return question.asker_id == user.pk or can_answer(user=user, course=question.course)


def may_download_attachment(*, user, question: Question) -> bool:
    """Whether `user` may have the question's attachment: its asker, or someone who answers the
    course (expert, owner, admin). Attachments often hold personal documents, so unlike the
    text of a public question they are never for everyone."""
    if not user.is_authenticated:
        return False
    return user.pk == question.asker_id or can_answer(user=user, course=question.course)


def question_for_user(*, question_id: int, user) -> Question | None:
    """The question if `user` may see it, else None (the view answers 404 either way)."""
    question = (
        Question.objects.select_related("course", "lesson", "asker", "merged_into")
        .filter(pk=question_id)
        .first()
    )
    if question is None or not can_see(user=user, question=question):
        return None
    return question


def question_thread(*, question: Question) -> QuerySet[Answer]:
    """The answers and follow-ups of `question` with their authors, in the thread's order."""
    return question.answers.select_related("author")


def course_for_id(*, course_id: int) -> CoursePage | None:
    """A live course by id (either language), as its source-locale page."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    return source_page(page=course) if course else None


def lessons_of(*, course: CoursePage) -> QuerySet[LessonPage]:
    """The live lessons of the source course, for the question form's lesson choice."""
    return LessonPage.objects.live().child_of(course).order_by("path")


def _matches(question: Question, required: set[str]) -> bool:
    tokens = text_tokens(" ".join([question.title, question.body, *question.answer_texts]))
    return required.issubset(tokens.keys())


def course_faq(*, course: CoursePage, query: str = "", limit: int = 200) -> list[Question]:
    """Public questions of the course (promoted ones first), optionally those matching every word
    of `query`, cut the way the catalogue search cuts text (courses.search)."""
    course = source_page(page=course)
    questions = list(
        Question.objects.filter(course=course, visibility=Visibility.PUBLIC)
        .exclude(status=QuestionStatus.MERGED)
        .annotate(
            faq_rank=Case(
                When(in_faq=True, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("faq_rank", "-asked_at")
        .select_related("asker")
        .prefetch_related(
            Prefetch(
                "answers", queryset=Answer.objects.filter(is_expert=True), to_attr="expert_answers"
            )
        )[:limit]
    )
    for question in questions:
        question.answer_texts = [answer.body for answer in question.expert_answers]
    parsed = parse_query(query or "")
    if not parsed:
        return questions
    return [question for question in questions if _matches(question, parsed.required)]


def my_questions(*, user) -> QuerySet[Question]:
    """The questions a learner asked, newest first."""
    return Question.objects.filter(asker=user).select_related("course", "lesson")


def expert_inbox(
    *, user, only_open: bool = False, now: dt.datetime | None = None
) -> QuerySet[Question]:
    """Questions `user` answers, waiting ones first by due time (admins see every course); each
    carries `overdue` (still waiting after its due time, as of `now`). `only_open`: only the
    questions still waiting for an answer."""
    now = now or timezone.now()
    questions = Question.objects.select_related("course", "asker").exclude(
        status=QuestionStatus.MERGED
    )
    if only_open:
        questions = questions.filter(status=QuestionStatus.OPEN)
    if not is_platform_admin(user=user):
        named = CourseExpert.objects.filter(user=user).values("course_id")
        unnamed_owned = CoursePage.objects.filter(owner=user).exclude(
            pk__in=CourseExpert.objects.values("course_id")
        )
        questions = questions.filter(Q(course_id__in=named) | Q(course__in=unnamed_owned))
    return questions.annotate(
        waiting=Case(
            When(status=QuestionStatus.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        overdue=Case(
            When(status=QuestionStatus.OPEN, due_at__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).order_by("waiting", "due_at")


def is_overdue(*, question: Question, now: dt.datetime | None = None) -> bool:
    return question.status == QuestionStatus.OPEN and (now or timezone.now()) > question.due_at


def notices_for(*, user, limit: int = 20) -> list[QuestionNotice]:
    """The person's latest question notices."""
    return list(QuestionNotice.objects.filter(user=user).select_related("question")[:limit])


def unread_notice_count(*, user) -> int:
    return QuestionNotice.objects.filter(user=user, read_at__isnull=True).count()
