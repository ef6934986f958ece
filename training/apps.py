from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training and credit hours")

    def ready(self):
        from . import receivers

        receivers.connect()
