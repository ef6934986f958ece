from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisation")


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our user form (one full-name field)."""

    user_viewset = "people.viewsets.UserViewSet"
