"""A question-file upload, imported by a background task with progress and a row report."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ImportJob
from core.storage import UnguessableName, private_storage


class QuestionImport(ImportJob):
    total_field = "questions_total"
    done_field = "questions_done"

    class Format(models.TextChoices):
        GIFT = "gift", "GIFT"
        MOODLE_XML = "moodle-xml", "Moodle XML"
        XLSX = "xlsx", _("Spreadsheet (XLSX)")

    file = models.FileField(
        _("file"),
        upload_to=UnguessableName(
            "imports/questions", extensions=(".txt", ".gift", ".xml", ".xlsx")
        ),
        storage=private_storage,
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    default_competence = models.ForeignKey(
        "quizzes.Competence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default competence"),
    )
    default_language = models.CharField(_("default language"), max_length=10, default="zh-hans")
    questions_total = models.PositiveIntegerField(_("questions"), default=0)
    questions_done = models.PositiveIntegerField(_("questions processed"), default=0)

    class Meta(ImportJob.Meta):
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")
