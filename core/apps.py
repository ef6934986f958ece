from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform plumbing")

    def ready(self):
        from . import checks, storage  # noqa: F401 — registers the checks and signal receiver
