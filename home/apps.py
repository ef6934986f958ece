from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site shell")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import receivers
        from .display import text_size_on_login

        # A person's text size follows them to whichever browser they log in on.
        user_logged_in.connect(text_size_on_login, dispatch_uid="home_text_size_on_login")
        receivers.connect()
