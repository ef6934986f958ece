"""The people part of the Wagtail admin: org tree, posts, profiles, roles and HR imports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_menu import ShownToMenuItem, import_admin_urls

from . import admin_views
from .admin_forms import OrgUnitForm
from .models import OrgUnit, Post, Profile, RoleAssignment


class OrgUnitViewSet(SnippetViewSet):
    model = OrgUnit
    icon = "group"
    menu_label = _("Org units")
    list_display = ["name", "code", "kind", "depth"]
    list_filter = ["kind", "depth"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["path"]

    def get_form_class(self, for_update=False):
        return OrgUnitForm


class PostViewSet(SnippetViewSet):
    model = Post
    icon = "tag"
    menu_label = _("Posts")
    list_display = ["name", "name_en"]
    search_fields = ["name", "name_en"]
    form_fields = ["name", "name_en"]


class ProfileViewSet(SnippetViewSet):
    model = Profile
    icon = "user"
    menu_label = _("Profiles")
    list_display = ["employee_number", "user", "org_unit", "post", "rank"]
    list_filter = ["rank", "preferred_language"]
    search_fields = ["employee_number", "user__username", "user__full_name"]
    form_fields = [
        "user",
        "employee_number",
        "org_unit",
        "post",
        "rank",
        "preferred_language",
        "time_zone",
    ]

    def get_queryset(self, request):
        return Profile.objects.select_related("user", "org_unit", "post")


class RoleAssignmentViewSet(SnippetViewSet):
    model = RoleAssignment
    icon = "key"
    menu_label = _("Roles")
    list_display = ["user", "role", "org_unit", "granted_at"]
    list_filter = ["role"]
    form_fields = ["user", "role", "org_unit"]

    def get_queryset(self, request):
        return RoleAssignment.objects.select_related("user", "org_unit")


class PeopleGroup(SnippetViewSetGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 250
    items = (OrgUnitViewSet, PostViewSet, ProfileViewSet, RoleAssignmentViewSet)


register_snippet(PeopleGroup)


@hooks.register("register_admin_urls")
def register_import_urls():
    return import_admin_urls(app="people", views=admin_views)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ShownToMenuItem(
        _("Import people"),
        reverse("people_import_list"),
        shown_to="people.add_peopleimport",
        icon_name="upload",
        order=260,
    )
