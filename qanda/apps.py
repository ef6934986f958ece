from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QandaConfig(AppConfig):
    name = "qanda"
    verbose_name = _("Questions and answers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from quizzes.services.marking import marking_clock_register

        from . import checks  # noqa: F401  (registers the calendar check)
        from .workdays import due_at_for, workdays_elapsed

        # Essay marking (quizzes, a layer below) runs on this working-day clock too.
        marking_clock_register(due_at=due_at_for, elapsed=workdays_elapsed)
