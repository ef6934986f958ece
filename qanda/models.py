"""Ask the expert: learners' questions on a course, the experts' answers, the working-day
calendar overrides, escalation records and in-site notices.

Questions point at the source-locale (Chinese) course and lesson pages with on_delete=PROTECT,
like all learner data. Status changes go through qanda.services.question_transition only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core.storage import UnguessableName, private_storage

# What qanda.services.attachment_check lets through; any other suffix is dropped from the name.
ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".txt", ".png", ".jpg", ".jpeg")


class CalendarOverride(models.Model):
    """A date whose working-day status the admin sets by hand; it wins over the holiday library.
    Entering dates of a year whose schedule the library does not carry makes that year published:
    its provisional due dates are recomputed (qanda.workdays)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"), help_text=_("Ticked: a working day (e.g. a make-up workday). Empty: off.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.note}".strip()


def source_locale_courses() -> Q:
    """Experts are named on the source-locale (Chinese) course, where learner data points."""
    return Q(locale__language_code=settings.LANGUAGE_CODE)


class CourseExpert(models.Model):
    """A person who answers the questions of a course. A course without any is answered by its
    page owner."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="qanda_experts",
        verbose_name=_("course"),
        limit_choices_to=source_locale_courses,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="qanda_courses",
        verbose_name=_("expert"),
    )

    class Meta:
        verbose_name = _("course expert")
        verbose_name_plural = _("course experts")
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="qanda_expert_once_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.user}"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: other learners of the course can read it")
    PRIVATE = "private", _("Private: only me and the course's experts")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged into another question")


class Question(models.Model):
    """A learner's question to the course's experts, due on the working-day clock."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="qanda_questions",
        verbose_name=_("course"),
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qanda_questions",
        verbose_name=_("lesson"),
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="qanda_questions",
        verbose_name=_("asked by"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("question"), max_length=5000)
    attachment = models.FileField(
        _("attachment"),
        upload_to=UnguessableName("qanda", extensions=ATTACHMENT_SUFFIXES),
        storage=private_storage,
        blank=True,
    )
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    in_faq = models.BooleanField(_("in the FAQ"), default=False)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now, db_index=True)
    # The promise made when the question was asked; the report measures against it.
    first_due_at = models.DateTimeField(_("first due at"))
    # The clock running now: a follow-up restarts it.
    due_at = models.DateTimeField(_("due at"), db_index=True)
    # A due date that counts days of a year whose make-up workdays are not published yet
    # (qanda.workdays); recomputed when an admin enters that year's calendar overrides.
    first_due_provisional = models.BooleanField(_("first due date provisional"), default=False)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    first_response_at = models.DateTimeField(_("first expert answer at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("last expert answer at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=QuestionStatus.MERGED, merged_into__isnull=False)
                | (~Q(status=QuestionStatus.MERGED) & Q(merged_into__isnull=True)),
                name="qanda_merged_has_target",
            ),
            models.CheckConstraint(
                condition=Q(in_faq=False) | Q(visibility=Visibility.PUBLIC),
                name="qanda_faq_is_public",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"], name="qanda_course_status")]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    """A message in a question's thread: an expert's answer or the learner's follow-up."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="qanda_answers",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=10000)
    is_expert = models.BooleanField(_("by an expert"), default=False)
    is_promoted = models.BooleanField(_("shown in the FAQ"), default=False)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class EscalationKind(models.TextChoices):
    DUE_TOMORROW = "due_tomorrow", _("Reminder: due tomorrow")
    OVERDUE = "overdue", _("Escalation: overdue")


class EscalationSent(models.Model):
    """One reminder or escalation sent for one run of a question's clock; never sent twice."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("question")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EscalationKind.choices)
    # A follow-up restarts the clock; its reminders are new ones.
    due_at = models.DateTimeField(_("due at"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.TextField(_("sent to"), blank=True)

    class Meta:
        verbose_name = _("escalation sent")
        verbose_name_plural = _("escalations sent")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "kind", "due_at"], name="qanda_escalation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question} · {self.get_kind_display()}"


class QuestionNotice(models.Model):
    """An in-site notice about a question (new question, new answer, reminder)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="qanda_notices",
        verbose_name=_("user"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="notices", verbose_name=_("question")
    )
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question notice")
        verbose_name_plural = _("question notices")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message


@register_setting(icon="help")
class QandaSettings(BaseSiteSetting):
    """Switches for the Q&A service that admins set per site."""

    public_summary = models.BooleanField(
        _("publish the service-quality summary"),
        default=False,
        help_text=_("Shows answered-in-time figures to everyone at /learning/questions/quality/."),
    )

    class Meta:
        verbose_name = _("questions and answers")
