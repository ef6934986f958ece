from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Assessments and contests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Contest records reach a person's personal-data download with their standings, awards
        # and flags (the generic export would give only the bare registration rows).
        from trust.services import personal_data_register

        from .selectors import contest_records_of

        personal_data_register(
            key="quizzes.contestentry",
            label=_("Contests"),
            exporter=contest_records_of,
        )
