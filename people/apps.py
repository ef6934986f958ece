from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisation")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_role_groups, dispatch_uid="people.sync_role_groups")


def _sync_role_groups(sender, app_config=None, using="default", **kwargs):
    """Keep role groups' permissions current on every install and upgrade, not only in the demo.

    Permissions are created app by app after migrate, so the sync waits for the last app."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    from .services import roles_sync_groups

    roles_sync_groups()


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our user form (one full-name field)."""

    user_viewset = "people.viewsets.UserViewSet"
