"""The question bank. A Question is a stable identity (competence, difficulty, tags, category); its
content lives in immutable QuestionVersions, so an attempt always shows and scores the exact version
it started with, however the question is edited afterwards."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .competency import Competence

# How long question content may be, whichever way it arrives (admin form, GIFT, Moodle XML,
# spreadsheet): room for a case-study stem, not for a pasted document. Options, answers, feedback
# and matching sides live in the payload and are checked by quizzes.formats.base.validate_question.
QUESTION_TEXT_MAX_LENGTH = 10_000
OPTION_TEXT_MAX_LENGTH = 1_000
MAX_OPTIONS = 20


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    FILL_IN = "fill_in", _("Fill in the blank")
    MATCHING = "matching", _("Matching")
    NUMERICAL = "numerical", _("Numerical")
    ESSAY = "essay", _("Essay or case analysis")


# Types whose score an expert gives (quizzes.marking); every other type is scored on submit.
MARKED_TYPES = frozenset({QuestionType.ESSAY})


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"


class Question(models.Model):
    name = models.CharField(
        _("title"), max_length=255, help_text=_("A short title that identifies the question.")
    )
    category = models.CharField(
        _("category"),
        max_length=255,
        blank=True,
        help_text=_("A path such as “E-government/Security”, kept in GIFT and Moodle XML files."),
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="questions", verbose_name=_("competence")
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    tags = TaggableManager(_("tags"), blank=True)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Retired questions are never drawn into new attempts."),
    )
    current_version = models.ForeignKey(
        "quizzes.QuestionVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["competence", "difficulty", "language", "is_active"]),
            models.Index(fields=["category", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def qtype(self) -> str:
        return self.current_version.qtype if self.current_version_id else ""


class QuestionVersion(models.Model):
    """Immutable content of a question. `payload` holds, by type:

    - single / multiple / true_false: {"options": [{"id", "text", "fraction", "feedback"}]}
    - fill_in: {"answers": [{"text", "fraction", "feedback", "regex"}], "case_sensitive": bool}
    - matching: {"pairs": [{"left", "right"}], "distractors": [str]}
    - numerical: {"answers": [{"value": float, "tolerance": float, "fraction", "feedback"}],
      "units": [{"unit": str, "multiplier": float}], "unit_handling": "none" | "optional" |
      "required", "unit_penalty": float}. Moodle's meaning: an answer is right when the number
      given, divided by its unit's multiplier, lies within `tolerance` of `value`; the first unit
      has multiplier 1 (the base unit). "optional": a number without a unit is read in the base
      unit; "required": a missing or unknown unit loses `unit_penalty` (a share of the points).
    - essay: {"material": str, "word_limit": int (0: none), "allow_file": bool,
      "rubric": [{"id", "criterion", "levels": [{"id", "label", "points": float}]}],
      "marker_guide": str}. Marked by experts (quizzes.marking); with a rubric, the share earned
      is the chosen levels' points over the rubric's maximum, otherwise the marker gives it.

    Option ids are random so that the page never reveals which option was written first.
    """

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="versions", verbose_name=_("question")
    )
    number = models.PositiveIntegerField(_("version"))
    qtype = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    text = models.TextField(
        _("question text"), validators=[MaxLengthValidator(QUESTION_TEXT_MAX_LENGTH)]
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Shown in the review after the test."),
        validators=[MaxLengthValidator(QUESTION_TEXT_MAX_LENGTH)],
    )
    payload = models.JSONField(_("answers"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["question", "-number"]
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="quizzes_version_unique"),
            models.CheckConstraint(
                condition=models.Q(qtype__in=QuestionType.values), name="quizzes_version_qtype"
            ),
            models.CheckConstraint(
                condition=models.lookups.LessThanOrEqual(Length("text"), QUESTION_TEXT_MAX_LENGTH)
                & models.lookups.LessThanOrEqual(Length("explanation"), QUESTION_TEXT_MAX_LENGTH),
                name="quizzes_version_text_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.name} · v{self.number}"
