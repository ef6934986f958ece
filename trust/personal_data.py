"""Personal-data rights (PIPL): export everything held about a person, and anonymise a person who
has left.

Each app contributes what it holds through a registry, so the export grows with the platform:

    # in <app>/apps.py  AppConfig.ready()
    from trust.services import personal_data_register

    def export_enrolments(*, user) -> list[dict]:
        return list(Enrolment.objects.filter(user=user).values("course_id", "status", ...))

    personal_data_register(
        key="courses.enrolments", label=_("Course enrolments"), exporter=export_enrolments
    )

An exporter takes `user=` and returns JSON-serialisable data (dates and decimals are fine) about
that person only. An app may also register an anonymiser (`personal_data_register_anonymiser`)
that removes identity from its own records when an administrator anonymises a departed person;
certificates use it to revoke that person's certificates ("the holder's personal data has been
erased") and take the name off them, so verification still answers truthfully.

Anonymisation policy (docs/operations.md): name, user name, e-mail and employee number are replaced
by a pseudonym; the account is deactivated with no usable password; sessions, MFA devices, SSO
links and e-mail records are removed; roles are revoked. The profile keeps its org unit, post and
rank, and every learning record stays attached to the pseudonymous person, so unit headcounts,
credit hours and competency statistics do not change. Audit events keep the user name they were
written with until they are pruned (at least 180 days: the log is evidence, and append-only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Exporter:
    key: str
    label: Any
    exporter: Callable[..., Any]


_EXPORTERS: dict[str, Exporter] = {}
_ANONYMISERS: dict[str, Callable[..., None]] = {}


def personal_data_register(*, key: str, label, exporter: Callable[..., Any]) -> None:
    """Register (or replace) the exporter of one kind of record about a person."""
    _EXPORTERS[key] = Exporter(key=key, label=label, exporter=exporter)


def personal_data_register_anonymiser(*, key: str, anonymiser: Callable[..., None]) -> None:
    """Register a function `anonymiser(user=...)` run inside the anonymisation transaction."""
    _ANONYMISERS[key] = anonymiser


def registered_exporters() -> list[Exporter]:
    return [_EXPORTERS[key] for key in sorted(_EXPORTERS)]


def personal_data_collect(*, user) -> dict:
    """Everything every app holds about `user`, as one JSON-serialisable dictionary."""
    sections = []
    for entry in registered_exporters():
        sections.append(
            {"key": entry.key, "label": str(entry.label), "data": entry.exporter(user=user)}
        )
    return {
        "format": "govlearn-personal-data/1",
        "generated_at": timezone.now(),
        "user_id": user.pk,
        "sections": sections,
    }


# --- What people and trust themselves hold ----------------------------------------------------


def _export_account(*, user) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _export_profile(*, user) -> dict | None:
    from people.models import Profile

    profile = Profile.objects.select_related("org_unit", "post").filter(user=user).first()
    if profile is None:
        return None
    return {
        "employee_number": profile.employee_number,
        "org_unit": profile.org_unit.name,
        "org_unit_code": profile.org_unit.code,
        "post": profile.post.name if profile.post else None,
        "rank": profile.get_rank_display() if profile.rank else "",
        "preferred_language": profile.preferred_language,
        "time_zone": profile.time_zone,
        "text_size": profile.text_size,
    }


def _export_roles(*, user) -> dict:
    """Roles however they were given: GovLearn's role assignments, and what the Django/Wagtail
    admin screens grant directly (groups, permissions, staff and superuser flags)."""
    from people.models import RoleAssignment

    return {
        "assignments": [
            {
                "role": assignment.get_role_display(),
                "role_code": assignment.role,
                "org_unit": assignment.org_unit.name if assignment.org_unit_id else None,
                "granted_at": assignment.granted_at,
            }
            for assignment in RoleAssignment.objects.filter(user=user).select_related("org_unit")
        ],
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
    }


def _export_security(*, user) -> dict:
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from allauth.usersessions.models import UserSession

    return {
        "two_factor": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user)
        ],
        "single_sign_on": [
            {"provider": s.provider, "subject": s.uid, "date_joined": s.date_joined}
            for s in SocialAccount.objects.filter(user=user)
        ],
        "sessions": [
            {"ip": s.ip, "user_agent": s.user_agent, "created_at": s.created_at}
            for s in UserSession.objects.filter(user=user)
        ],
    }


def _export_audit(*, user) -> list[dict]:
    from .selectors import audit_events_about

    rows = []
    for event in audit_events_about(user=user):
        by_them = event.actor_id == user.pk
        rows.append(
            {
                "occurred_at": event.occurred_at,
                "action": event.action,
                "action_label": event.get_action_display(),
                "result": event.result,
                "actor": event.actor_username,
                "target": event.target_repr,
                # Where someone else acted on the person, their address and browser are that
                # other person's personal data, not this person's.
                "ip": event.ip if by_them else None,
                "user_agent": event.user_agent if by_them else "",
            }
        )
    return rows


# Fields that name the person a record is about (not who recorded or assigned it: a manager's
# "recorded_by" rows are about other people, and are not the manager's personal data).
SUBJECT_FIELD_NAMES = {"user", "asker", "learner", "holder", "owner", "person", "recipient"}
# Covered by their own exporters above, or security internals not to be handed out (an
# authenticator's encrypted secret, session keys).
_GENERIC_SKIP = {"people.profile", "people.roleassignment", "people.user"}


def _project_models():
    """Models of GovLearn's own apps (not Django's, Wagtail's or other libraries')."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base not in path.parents or ".venv" in path.parts or config.label in {"trust", "demo"}:
            continue
        yield from config.get_models()


def _subject_fields(model):
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    for field in model._meta.get_fields():
        if (
            getattr(field, "concrete", False)
            and field.is_relation
            and field.related_model is user_model
            and field.name in SUBJECT_FIELD_NAMES
        ):
            yield field


SECRET_WORDS = {"token", "secret", "password", "passwd", "salt", "otp"}
# "key" alone names many things that are not secrets (an award key, a sort key): only these kinds.
SECRET_KEY_KINDS = {
    "api",
    "private",
    "session",
    "access",
    "signing",
    "encryption",
    "feed",
    "secret",
}


def _is_secret(column: str) -> bool:
    # A download may end up anywhere: credentials (a calendar feed token, say) stay out of it.
    words = set(column.lower().split("_"))
    return bool(words & SECRET_WORDS) or ("key" in words and bool(words & SECRET_KEY_KINDS))


_MAX_DEPTH = 3


def _subject_paths() -> dict:
    """{model: [lookup to the person, ...]}: a model's own subject fields ("user"), and for a
    model without one, the way through its parent to the parent's subject (a test answer's
    "attempt__user", an essay mark's "answer__attempt__user"), up to three levels. A record with a
    subject of its own (a notice to an expert about the person's question) is about that subject,
    not reached through the parent."""
    models = list(_project_models())
    paths = {m: [f.name for f in _subject_fields(m)] for m in models}
    for _level in range(_MAX_DEPTH):
        added = False
        for model in models:
            if any(f.name in SUBJECT_FIELD_NAMES for f in _subject_fields(model)):
                continue
            for field in model._meta.get_fields():
                if not (getattr(field, "concrete", False) and field.many_to_one):
                    continue
                for parent_path in paths.get(field.related_model, []):
                    path = f"{field.name}__{parent_path}"
                    if path.count("__") <= _MAX_DEPTH and path not in paths[model]:
                        paths[model].append(path)
                        added = True
        if not added:
            break
    return paths


def _export_records_about(*, user) -> dict:
    """Every row of every GovLearn app about this person (enrolments, credit hours, attempts and
    each answer with its mark, questions with their attachments, certificates …), so apps that
    register no exporter of their own are still in the download. Columns as stored; related
    people appear only as ids."""
    records = {}
    for model, paths in _subject_paths().items():
        label = model._meta.label_lower
        if label in _GENERIC_SKIP or any(key.startswith(label) for key in _EXPORTERS):
            continue
        seen = set()
        for path in paths:
            rows = []
            for row in model._default_manager.filter(**{path: user}).values():
                if row.get("id") in seen:
                    continue
                seen.add(row.get("id"))
                rows.append({k: ("(hidden)" if _is_secret(k) else v) for k, v in row.items()})
            if rows:
                records.setdefault(f"{model._meta.verbose_name_plural} ({label})", []).extend(rows)
    return records


personal_data_register(key="people.account", label=_("Account"), exporter=_export_account)
personal_data_register(key="people.profile", label=_("Profile"), exporter=_export_profile)
personal_data_register(key="people.roles", label=_("Roles"), exporter=_export_roles)
personal_data_register(key="trust.security", label=_("Sign-in security"), exporter=_export_security)
personal_data_register(key="trust.audit", label=_("Audit log entries"), exporter=_export_audit)
personal_data_register(
    key="zz.records", label=_("Learning and other records"), exporter=_export_records_about
)


# --- Anonymisation ----------------------------------------------------------------------------


@transaction.atomic
def person_anonymise(*, user, request=None) -> str:
    """Remove a departed person's identity, keeping their records for statistics. Returns the
    pseudonym. Refuses to anonymise the person doing it."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from axes.utils import reset as axes_reset

    from people.models import Profile, RoleAssignment
    from people.services import role_revoke

    from .models import AuditAction
    from .services import audit_record, sessions_end_for_user

    actor = getattr(request, "user", None)
    if actor is not None and actor.is_authenticated and actor.pk == user.pk:
        raise ValueError(_("You cannot anonymise your own account."))
    old_username = user.username
    pseudonym = f"anonymised-{user.pk}"
    for assignment in list(RoleAssignment.objects.filter(user=user)):
        role_revoke(user=user, role=assignment.role, org_unit=assignment.org_unit)
    sessions_end_for_user(user=user, reason="anonymised")
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    axes_reset(username=old_username)
    user.username = pseudonym
    user.full_name = pseudonym
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    Profile.objects.filter(user=user).update(employee_number=pseudonym)
    for anonymiser in _ANONYMISERS.values():
        anonymiser(user=user)
    audit_record(
        action=AuditAction.PERSONAL_DATA_ANONYMISED,
        request=request,
        target=user,
        details={"pseudonym": pseudonym},
    )
    return pseudonym
