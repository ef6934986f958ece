"""Admin viewsets: the user editor with one full-name field."""

from wagtail.users.views.users import UserViewSet as WagtailUserViewSet


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        from .admin_forms import PersonCreationForm, PersonEditForm

        return PersonEditForm if for_update else PersonCreationForm
