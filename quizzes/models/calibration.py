"""Item-response parameters of question versions: what quizzes.irt calibrates from the bank's
responses and what ability estimates and adaptive tests read.

Abilities and difficulties share one logit scale (0 is an average candidate of the calibration
sample). A version has at most one row per model; a recalibration replaces the rows it covers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .bank import QuestionVersion


class IrtModel(models.TextChoices):
    RASCH = "rasch", _("Rasch (one parameter)")
    TWO_PL = "2pl", _("Two-parameter logistic")


class ItemParameter(models.Model):
    question_version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.CASCADE,
        related_name="irt_parameters",
        verbose_name=_("question version"),
    )
    model = models.CharField(_("model"), max_length=10, choices=IrtModel.choices)
    # a: how sharply the item separates candidates around its difficulty (1 under Rasch).
    discrimination = models.FloatField(_("discrimination (a)"), default=1.0)
    # b: the ability at which a candidate has an even chance of answering right.
    difficulty = models.FloatField(_("difficulty (b)"))
    difficulty_se = models.FloatField(_("standard error of b"), null=True, blank=True)
    discrimination_se = models.FloatField(_("standard error of a"), null=True, blank=True)
    responses = models.PositiveIntegerField(_("responses used"))
    calibrated_at = models.DateTimeField(_("calibrated at"))

    class Meta:
        ordering = ["question_version", "model"]
        verbose_name = _("item parameter")
        verbose_name_plural = _("item parameters")
        constraints = [
            models.UniqueConstraint(
                fields=["question_version", "model"], name="quizzes_item_parameter_once"
            ),
            models.CheckConstraint(
                condition=models.Q(discrimination__gt=0),
                name="quizzes_item_discrimination_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_version} · {self.model} b={self.difficulty:.2f}"
