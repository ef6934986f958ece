from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QandaConfig(AppConfig):
    name = "qanda"
    verbose_name = _("Questions and answers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the calendar check)
