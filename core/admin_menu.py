"""Wagtail admin plumbing every app's hooks share: a menu item shown only to the people a rule
admits, and the admin URLs of an all-or-nothing import screen (core.imports)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import path
from wagtail.admin.menu import MenuItem


class ShownToMenuItem(MenuItem):
    """An admin menu item shown only to whom `shown_to` admits: a permission name
    ("app.add_model") or a predicate taking the user."""

    def __init__(self, label, url, *, shown_to: str | Callable, **kwargs):
        super().__init__(label, url, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        if isinstance(self.shown_to, str):
            return request.user.has_perm(self.shown_to)
        return bool(self.shown_to(request.user))


def import_admin_urls(*, app: str, views, template: str = "<str:fmt>") -> list:
    """The five admin URLs of `app`'s import screen (`{app}_import_list`, `_create`, `_detail`,
    `_file`, `_template`), served by `views` (a module with those five views)."""
    prefix = f"{app}/imports"
    return [
        path(f"{prefix}/", views.import_list, name=f"{app}_import_list"),
        path(f"{prefix}/new/", views.import_create, name=f"{app}_import_create"),
        path(f"{prefix}/<int:pk>/", views.import_detail, name=f"{app}_import_detail"),
        path(f"{prefix}/<int:pk>/file/", views.import_file, name=f"{app}_import_file"),
        path(f"{prefix}/template.{template}", views.import_template, name=f"{app}_import_template"),
    ]
