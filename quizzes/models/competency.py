"""The competency framework: framework -> area -> competence -> level, and targets per post.

Shipped as data (quizzes/data/default_framework.json, loaded by a migration) and edited in Wagtail.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class Band(models.IntegerChoices):
    """The four proficiency bands every competence is measured in."""

    FOUNDATION = 1, _("Foundation")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")
    EXPERT = 4, _("Expert")


LEVEL_RANGE = models.Q(level__gte=1) & models.Q(level__lte=4)

# The ability (θ, in logits of the calibration sample, where 0 is its average candidate and 1 its
# standard deviation) from which a band is reached when a level has no cut score of its own:
# about 84% of that sample reach Foundation, half Intermediate, a fifth Advanced, one in twenty
# Expert.
DEFAULT_CUT_SCORES = {1: -1.0, 2: 0.0, 3: 0.8, 4: 1.6}


class Bilingual(models.Model):
    """Name and description in Chinese (the default) with an optional English translation."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (falls back to Chinese)."""
        if (translation.get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def display_description(self) -> str:
        if (translation.get_language() or "").startswith("en") and self.description_en:
            return self.description_en
        return self.description


class Framework(Bilingual):
    code = models.SlugField(_("code"), max_length=64, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")


# The one order competences and areas are listed in everywhere (learner profile, team views,
# admin): by framework, then the area's place, then its code; in an area, by place then code.
# The codes break ties so that two areas or competences with the same place never swap.
AREA_ORDER = ("framework__code", "sort_order", "code")
COMPETENCE_IN_AREA_ORDER = ("sort_order", "code")
COMPETENCE_ORDER = (
    "area__framework__code",
    "area__sort_order",
    "area__code",
    *COMPETENCE_IN_AREA_ORDER,
)


class Area(Bilingual):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="areas", verbose_name=_("framework")
    )
    code = models.CharField(_("code"), max_length=20)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = list(AREA_ORDER)
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="quizzes_area_code_unique")
        ]


class Competence(Bilingual, ClusterableModel):
    """One competence. Its code (e.g. "6.2") is what question files and spreadsheets refer to, so it
    is unique across all frameworks."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="competences", verbose_name=_("area")
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = list(COMPETENCE_ORDER)
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"


class Level(models.Model):
    """What a band means for one competence."""

    competence = ParentalKey(
        Competence, on_delete=models.CASCADE, related_name="levels", verbose_name=_("competence")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Band.choices)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    cut_score = models.FloatField(
        _("ability cut score (θ)"),
        null=True,
        blank=True,
        help_text=_(
            "The lowest ability, in logits of the calibrated bank, that reaches this level. "
            "Blank uses the default: -1.0, 0.0, 0.8 and 1.6 for levels 1 to 4."
        ),
    )

    class Meta:
        ordering = ["competence", "level"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["competence", "level"], name="quizzes_level_unique"),
            models.CheckConstraint(condition=LEVEL_RANGE, name="quizzes_level_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.competence.code} · {self.get_level_display()}"

    @property
    def effective_cut_score(self) -> float:
        """The cut score in force: the level's own, or the default for its band."""
        return self.cut_score if self.cut_score is not None else DEFAULT_CUT_SCORES[self.level]

    @property
    def display_description(self) -> str:
        if (translation.get_language() or "").startswith("en") and self.description_en:
            return self.description_en
        return self.description


class PostTarget(models.Model):
    """The level a post needs in a competence, e.g. a data officer needs level 3 in data sharing."""

    post = models.ForeignKey(
        "people.Post",
        on_delete=models.CASCADE,
        related_name="competence_targets",
        verbose_name=_("post"),
    )
    competence = models.ForeignKey(
        Competence,
        on_delete=models.CASCADE,
        related_name="post_targets",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(_("target level"), choices=Band.choices)

    class Meta:
        ordering = ["post", "competence"]
        verbose_name = _("post target")
        verbose_name_plural = _("post targets")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "competence"], name="quizzes_post_target_unique"
            ),
            models.CheckConstraint(condition=LEVEL_RANGE, name="quizzes_post_target_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.post} · {self.competence.code} ≥ {self.level}"


class CompetenceLevelRecord(models.Model):
    """A level a person reached in a competence, with the attempt that showed it. Records are never
    edited: the person's current level is the highest one recorded, and the rows are the history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="competence_levels",
        verbose_name=_("user"),
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="records", verbose_name=_("competence")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Band.choices)
    achieved_at = models.DateTimeField(_("achieved at"))
    attempt = models.ForeignKey(
        "quizzes.Attempt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="level_records",
        verbose_name=_("evidence"),
    )

    class Meta:
        ordering = ["-achieved_at"]
        verbose_name = _("competence level record")
        verbose_name_plural = _("competence level records")
        indexes = [models.Index(fields=["user", "competence", "level"])]
        constraints = [
            models.CheckConstraint(condition=LEVEL_RANGE, name="quizzes_record_in_range"),
            # One attempt is evidence for a competence once, however often its result is read.
            models.UniqueConstraint(
                fields=["attempt", "competence"], name="quizzes_record_once_per_attempt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.competence.code} · {self.level}"
