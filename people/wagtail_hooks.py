"""The people part of the Wagtail admin: org tree, posts, profiles, roles and HR imports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
    return [
        path("people/imports/", admin_views.import_list, name="people_import_list"),
        path("people/imports/new/", admin_views.import_create, name="people_import_create"),
        path("people/imports/<int:pk>/", admin_views.import_detail, name="people_import_detail"),
        path("people/imports/<int:pk>/file/", admin_views.import_file, name="people_import_file"),
        path(
            "people/imports/template.<str:fmt>",
            admin_views.import_template,
            name="people_import_template",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("people.add_peopleimport")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import people"), reverse("people_import_list"), icon_name="upload", order=260
    )
