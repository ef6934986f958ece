from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Assessments and contests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Assessment, ContestPage
        from .selectors.attempts import nav_answers_forget

        # The header's "is there an open test / a contest" answers are cached (selectors).
        for model in (Assessment, ContestPage):
            for signal in (post_save, post_delete):
                signal.connect(
                    nav_answers_forget,
                    sender=model,
                    dispatch_uid=f"quizzes_nav_{signal is post_save}_{model.__name__}",
                )
        # Contest records reach a person's personal-data download with their standings, awards
        # and flags (the generic export would give only the bare registration rows).
        from trust.services import personal_data_register

        from .selectors import contest_records_of

        personal_data_register(
            key="quizzes.contestentry",
            label=_("Contests"),
            exporter=contest_records_of,
        )
