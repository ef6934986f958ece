"""Tests (assessments): which questions, when, how often, and what a learner sees afterwards."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .bank import Difficulty, Language, Question
from .competency import Area, Band, Competence


class ReviewPolicy(models.TextChoices):
    NOTHING = "nothing", _("Nothing (only that it was submitted)")
    SCORE = "score", _("Score and pass or fail")
    AFTER_CLOSE = "after_close", _("Score now; correct answers after the test closes")
    IMMEDIATE = "immediate", _("Full review immediately")


class Assessment(ClusterableModel):
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("competence area"),
        help_text=_("For a competency test: the area it measures."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=Language.choices,
        blank=True,
        help_text=_("Random draws take questions in this language; blank means any language."),
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Blank means no limit.")
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        default=1,
        help_text=_("Blank means unlimited."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, help_text=_("The percentage of the maximum score to pass.")
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    review_policy = models.CharField(
        _("after submitting, learners see"),
        max_length=20,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.SCORE,
    )
    certifies_level = models.PositiveSmallIntegerField(
        _("level it certifies"),
        choices=Band.choices,
        null=True,
        blank=True,
        help_text=_(
            "Passing records this level for each competence in which the learner reached the "
            "pass mark. Blank for a test that does not update competency profiles."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # Adaptive mode (quizzes.services.adaptive): one question at a time, each the most informative
    # at the learner's current ability estimate, until the estimate is precise enough.
    adaptive = models.BooleanField(
        _("adaptive"),
        default=False,
        help_text=_(
            "Ask one question at a time, each chosen for the learner's current level from the "
            "calibrated questions of the random draws (or of the test's area), and stop once the "
            "level is measured precisely enough."
        ),
    )
    adaptive_target_se = models.FloatField(
        _("target standard error"),
        default=0.3,
        help_text=_("An adaptive test stops once the ability's standard error is this small."),
    )
    adaptive_min_items = models.PositiveSmallIntegerField(
        _("minimum questions"),
        default=5,
        help_text=_("An adaptive test asks at least this many questions."),
    )
    adaptive_max_items = models.PositiveSmallIntegerField(
        _("maximum questions"),
        default=30,
        help_text=_("An adaptive test stops after this many questions at the latest."),
    )
    adaptive_randomesque = models.PositiveSmallIntegerField(
        _("choose among the most informative"),
        default=5,
        help_text=_(
            "Exposure control: each question is drawn at random among this many most "
            "informative ones, so that not everyone sees the same questions. 1 means always "
            "the most informative."
        ),
    )
    adaptive_max_exposure = models.FloatField(
        _("maximum exposure rate"),
        null=True,
        blank=True,
        help_text=_(
            "Optional, between 0 and 1: a question already shown in this share of the test's "
            "attempts is left out while others remain. Blank means no limit."
        ),
    )
    # Expert marking (quizzes.services.marking) of essay answers.
    double_marking = models.BooleanField(
        _("double marking"),
        default=False,
        help_text=_(
            "High-stakes test: every essay is marked by two markers independently (always so "
            "for a contest)."
        ),
    )
    marking_margin = models.DecimalField(
        _("marking margin (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
        help_text=_(
            "When two marks differ by more than this share of the question's points, a third "
            "marker is assigned."
        ),
    )
    markers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="marking_assessments",
        verbose_name=_("markers"),
        help_text=_("The experts who mark this test's essays."),
    )
    lead_markers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="lead_marking_assessments",
        verbose_name=_("lead markers"),
        help_text=_("They moderate: they may set an essay's final mark, with a reason."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__lte=100), name="quizzes_pass_mark_percent"
            ),
            models.CheckConstraint(
                condition=models.Q(marking_margin__gte=0, marking_margin__lte=100),
                name="quizzes_marking_margin_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="quizzes_window_order",
            ),
            models.CheckConstraint(
                condition=models.Q(adaptive_target_se__gt=0)
                & models.Q(adaptive_min_items__gte=1)
                & models.Q(adaptive_min_items__lte=models.F("adaptive_max_items"))
                & models.Q(adaptive_randomesque__gte=1),
                name="quizzes_adaptive_settings",
            ),
            models.CheckConstraint(
                condition=models.Q(adaptive_max_exposure__isnull=True)
                | (models.Q(adaptive_max_exposure__gt=0) & models.Q(adaptive_max_exposure__lte=1)),
                name="quizzes_adaptive_exposure_rate",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if (translation.get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def display_description(self) -> str:
        if (translation.get_language() or "").startswith("en") and self.description_en:
            return self.description_en
        return self.description


class AssessmentQuestion(Orderable):
    """A question every attempt of the test gets."""

    assessment = ParentalKey(Assessment, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=Decimal(1))

    class Meta(Orderable.Meta):
        verbose_name = _("fixed question")
        verbose_name_plural = _("fixed questions")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="quizzes_fixed_question_once"
            ),
            models.CheckConstraint(condition=models.Q(points__gt=0), name="quizzes_fixed_points"),
        ]


class DrawRule(Orderable):
    """Draw `count` random questions of a competence (and optionally a difficulty) per attempt."""

    assessment = ParentalKey(Assessment, on_delete=models.CASCADE, related_name="draw_rules")
    competence = models.ForeignKey(
        Competence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competence"),
        help_text=_("Blank means any competence of the test's area (or of the bank)."),
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, blank=True
    )
    count = models.PositiveSmallIntegerField(_("number of questions"), default=1)
    points = models.DecimalField(
        _("points each"), max_digits=6, decimal_places=2, default=Decimal(1)
    )

    class Meta(Orderable.Meta):
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gt=0), name="quizzes_draw_count"),
            models.CheckConstraint(condition=models.Q(points__gt=0), name="quizzes_draw_points"),
        ]
