"""The trust part of the Wagtail admin, and the audit of admin edits of people."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from core.admin_menu import ShownToMenuItem
from people.models import Role
from people.selectors import user_has_role

from . import admin_views
from .models import AuditAction
from .services import audit_record

PEOPLE_MODELS = {"people.orgunit", "people.post", "people.profile", "people.roleassignment"}


@hooks.register("register_admin_urls")
def register_trust_urls():
    return [
        path("trust/audit/", admin_views.audit_list, name="trust_audit_list"),
        path("trust/audit/export.csv", admin_views.audit_export, name="trust_audit_export"),
        path("trust/lockouts/", admin_views.lockouts, name="trust_lockouts"),
        path("trust/daily-jobs/", admin_views.daily_jobs, name="trust_daily_jobs"),
        path(
            "trust/lockouts/unlock/", admin_views.lockout_unlock_view, name="trust_lockout_unlock"
        ),
        path(
            "trust/people/<int:user_id>/anonymise/",
            admin_views.person_anonymise_view,
            name="trust_person_anonymise",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    return ShownToMenuItem(
        _("Audit log"),
        reverse("trust_audit_list"),
        shown_to=_is_platform_admin,
        icon_name="list-ul",
        order=270,
    )


@hooks.register("register_admin_menu_item")
def register_lockout_menu_item():
    return ShownToMenuItem(
        _("Locked accounts"),
        reverse("trust_lockouts"),
        shown_to=_is_platform_admin,
        icon_name="lock",
        order=271,
    )


@hooks.register("register_admin_menu_item")
def register_daily_jobs_menu_item():
    return ShownToMenuItem(
        _("Daily jobs"),
        reverse("trust_daily_jobs"),
        shown_to=_is_platform_admin,
        icon_name="time",
        order=272,
    )


def _is_platform_admin(user) -> bool:
    # Asked once per listed row: remember the answer on the user object for this request.
    if not hasattr(user, "_trust_is_platform_admin"):
        user._trust_is_platform_admin = user_has_role(user=user, role=Role.PLATFORM_ADMIN)
    return user._trust_is_platform_admin


@hooks.register("register_user_listing_buttons")
def anonymise_button(user, request_user):
    if user.pk != request_user.pk and _is_platform_admin(request_user):
        yield ListingButton(
            _("Anonymise"),
            reverse("trust_person_anonymise", args=[user.pk]),
            priority=90,
        )


def _person_event(action):
    def hook(request, user):
        audit_record(action=action, request=request, target=user, details={"via": "admin"})

    return hook


hooks.register("after_create_user", _person_event(AuditAction.PERSON_CREATED))
hooks.register("after_edit_user", _person_event(AuditAction.PERSON_CHANGED))
hooks.register("after_delete_user", _person_event(AuditAction.PERSON_DELETED))

_SNIPPET_ACTIONS = {
    "create": AuditAction.PERSON_CREATED,
    "edit": AuditAction.PERSON_CHANGED,
    "delete": AuditAction.PERSON_DELETED,
}
_ROLE_ACTIONS = {
    "create": AuditAction.ROLE_GRANTED,
    "edit": AuditAction.ROLE_GRANTED,
    "delete": AuditAction.ROLE_REVOKED,
}


def _snippet_event(kind):
    def hook(request, instance):
        label = instance._meta.label_lower
        if label not in PEOPLE_MODELS:
            return
        actions = _ROLE_ACTIONS if label == "people.roleassignment" else _SNIPPET_ACTIONS
        audit_record(
            action=actions[kind],
            request=request,
            target=instance,
            details={"via": "admin", "operation": kind},
        )

    return hook


hooks.register("after_create_snippet", _snippet_event("create"))
hooks.register("after_edit_snippet", _snippet_event("edit"))


@hooks.register("after_delete_snippet")
def _snippets_deleted(request, instances):
    hook = _snippet_event("delete")
    for instance in instances:
        hook(request, instance)
