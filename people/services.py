"""Writes for people, org units and roles. Other apps call these; views and forms delegate here."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from core.imports import import_job_run, import_job_start

from .models import OrgUnit, Post, Profile, Role, RoleAssignment, User
from .roles import ROLE_GROUPS, ROLE_PAGE_PERMISSIONS
from .signals import role_granted, role_revoked


def org_unit_create(
    *, name: str, code: str, kind: str, parent: OrgUnit | None = None, name_en: str = ""
) -> OrgUnit:
    """Create an org unit under `parent` (or as a root) after validating its fields."""
    unit = OrgUnit(name=name, code=code, kind=kind, name_en=name_en)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return OrgUnit.add_root(instance=unit)
    return parent.add_child(instance=unit)


@transaction.atomic
def org_unit_update(
    *,
    unit: OrgUnit,
    name: str,
    code: str,
    kind: str,
    name_en: str = "",
    parent: OrgUnit | None = None,
) -> OrgUnit:
    """Rename or move an org unit; moving carries its whole subtree (and so managers' scope)."""
    unit.name, unit.code, unit.kind, unit.name_en = name, code, kind, name_en
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save()
    current_parent = unit.get_parent()
    if parent is not None and (current_parent is None or current_parent.pk != parent.pk):
        if parent.pk == unit.pk or parent.is_descendant_of(unit):
            raise ValueError("A unit cannot be moved below itself.")
        unit.move(parent, pos="last-child")
        unit.refresh_from_db()
    return unit


def post_get_or_create(*, name: str) -> Post:
    """The post with this name, created on first use (HR sheets name posts freely)."""
    post, _ = Post.objects.get_or_create(name=name.strip())
    return post


def _group_for_role(role: str) -> Group | None:
    """Get (and bring up to date) the Django group that carries a role's permissions."""
    if role not in ROLE_GROUPS:
        return None
    name, permission_names = ROLE_GROUPS[role]
    group, _ = Group.objects.get_or_create(name=name)
    wanted = []
    for dotted in permission_names:
        app_label, codename = dotted.split(".")
        wanted.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    group.permissions.add(*wanted)
    _grant_page_permissions(group, ROLE_PAGE_PERMISSIONS.get(role, ()))
    return group


def _grant_page_permissions(group: Group, codenames: tuple[str, ...]) -> None:
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None or not codenames:
        return
    for codename in codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def roles_sync_groups() -> None:
    """Create or refresh every role's group; safe to run any number of times."""
    for role in ROLE_GROUPS:
        _group_for_role(role)


@transaction.atomic
def role_grant(*, user: User, role: str, org_unit: OrgUnit | None = None) -> RoleAssignment:
    """Give `user` a role (a manager role needs the unit they oversee). Granting twice is a no-op."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, org_unit=org_unit
    )
    group = _group_for_role(role)
    if group is not None:
        user.groups.add(group)
    if created:  # Announced for the audit log (trust); a repeated grant changes nothing.
        role_granted.send(sender=RoleAssignment, user=user, role=role, org_unit=org_unit)
    return assignment


@transaction.atomic
def role_revoke(*, user: User, role: str, org_unit: OrgUnit | None = None) -> None:
    """Take a role away, and its admin permissions once no assignment of that role is left."""
    deleted, _ = RoleAssignment.objects.filter(user=user, role=role, org_unit=org_unit).delete()
    if deleted:
        role_revoked.send(sender=RoleAssignment, user=user, role=role, org_unit=org_unit)
    if role in ROLE_GROUPS and not RoleAssignment.objects.filter(user=user, role=role).exists():
        user.groups.remove(*Group.objects.filter(name=ROLE_GROUPS[role][0]))


@transaction.atomic
def roles_set(*, user: User, roles: set[str], org_unit: OrgUnit) -> None:
    """Make a person's roles exactly `roles`; a manager role oversees `org_unit` (their own unit)."""
    for role in Role.values:
        scope = org_unit if role == Role.MANAGER else None
        held = RoleAssignment.objects.filter(user=user, role=role)
        if role in roles:
            if role == Role.MANAGER:
                for stale in held.exclude(org_unit=org_unit):
                    role_revoke(user=user, role=role, org_unit=stale.org_unit)
            role_grant(user=user, role=role, org_unit=scope)
        elif held.exists():
            for assignment in held:
                role_revoke(user=user, role=role, org_unit=assignment.org_unit)


@transaction.atomic
def profile_text_size_set(*, profile: Profile, text_size: str) -> Profile:
    """Remember the text size this person chose (Profile.TextSize); every browser they log in on
    then shows it. An unknown size raises ValidationError and changes nothing."""
    if not text_size:
        raise ValidationError({"text_size": gettext("Choose a text size.")})
    profile.text_size = text_size
    # Only this field is judged: a preference must save even when HR left another field of the
    # row invalid (the HR import, not this toggle, answers for those).
    others = [field.name for field in Profile._meta.concrete_fields if field.name != "text_size"]
    profile.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    profile.save(update_fields=["text_size", "updated_at"])
    return profile


@transaction.atomic
def person_upsert(
    *,
    employee_number: str,
    username: str,
    full_name: str,
    email: str,
    org_unit: OrgUnit,
    post: Post | None = None,
    rank: str = "",
    preferred_language: str = Profile.Language.ZH_HANS,
    is_active: bool = True,
    password: str | None = None,
) -> tuple[User, bool]:
    """Create or update the person with this employee number. Returns (user, created)."""
    profile = Profile.objects.select_related("user").filter(employee_number=employee_number).first()
    created = profile is None
    user = profile.user if profile else User(username=username)
    user_fields = {
        "username": username,
        "full_name": full_name,
        "email": email,
        "is_active": is_active,
    }
    user_changed = created or any(
        getattr(user, name) != value for name, value in user_fields.items()
    )
    for name, value in user_fields.items():
        setattr(user, name, value)
    if password:
        user.set_password(password)
        user_changed = True
    elif created:
        user.set_unusable_password()
    if user_changed:
        user.full_clean(exclude=["password"])
        user.save()
    if profile is None:
        profile = Profile(user=user, employee_number=employee_number)
    profile_fields = {
        "org_unit_id": org_unit.pk,
        "post_id": post.pk if post else None,
        "rank": rank,
        "preferred_language": preferred_language,
    }
    # Saving only on change keeps re-imports and seed_demo from touching unchanged rows.
    if created or any(getattr(profile, name) != value for name, value in profile_fields.items()):
        for name, value in profile_fields.items():
            setattr(profile, name, value)
        profile.full_clean()
        profile.save()
    return user, created


# --- HR import -------------------------------------------------------------------------------------


def _unit_for_names(
    names: list[str], cache: dict[tuple[str, ...], OrgUnit], counts: dict
) -> OrgUnit:
    """Find or create each unit on the path, top down."""
    from .import_sheet import unit_code_for
    from .selectors import org_unit_by_path_names

    key = tuple(names)
    if key in cache:
        return cache[key]
    unit = org_unit_by_path_names(names=list(names))
    if unit is None:
        parent = _unit_for_names(names[:-1], cache, counts) if len(names) > 1 else None
        kinds = [OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.DIVISION]
        kind = kinds[len(names) - 1] if len(names) <= len(kinds) else OrgUnit.Kind.SECTION
        unit = org_unit_create(
            name=names[-1], code=unit_code_for(list(names)), kind=kind, parent=parent
        )
        counts["units_created"] += 1
    cache[key] = unit
    return unit


def people_import_rows(*, rows, on_progress=None) -> dict:
    """Write validated rows in one transaction: all of them or, on any error, none."""
    counts = {"created": 0, "updated": 0, "units_created": 0}
    cache: dict[tuple[str, ...], OrgUnit] = {}
    with transaction.atomic():
        for done, row in enumerate(rows, start=1):
            unit = _unit_for_names(row.unit_names, cache, counts)
            post = post_get_or_create(name=row.post) if row.post else None
            user, created = person_upsert(
                employee_number=row.employee_number,
                username=row.username,
                full_name=row.name,
                email=row.email,
                org_unit=unit,
                post=post,
                rank=row.rank,
                preferred_language=row.language,
                is_active=row.active,
            )
            roles_set(user=user, roles=row.roles, org_unit=unit)
            counts["created" if created else "updated"] += 1
            if on_progress and done % 100 == 0:
                on_progress(done)
    return counts


def people_import_file(
    *, data: bytes, filename: str, encoding: str = "utf-8", on_progress=None
) -> dict:
    """Validate a whole HR sheet and, only if every row is good, apply it. Returns the report:
    {"ok": bool, "rows": n, "problems": [...], "created": n, "updated": n, "units_created": n}."""
    from .import_sheet import parse_people, read_table

    table, problems = read_table(data, filename, encoding)
    if problems:
        return {"ok": False, "rows": 0, "problems": [p.as_dict() for p in problems]}
    sheet = parse_people(table)
    report = {
        "ok": sheet.ok,
        "rows": max(len(table) - 1, 0),
        "problems": [p.as_dict() for p in sheet.problems],
    }
    if not sheet.ok:
        report["problems"].sort(key=lambda p: (p["row"] or 0, p["column"] or ""))
        return report
    report.update(people_import_rows(rows=sheet.rows, on_progress=on_progress))
    return report


def people_import_start(*, uploaded_file, encoding: str, user: User):
    """Store an uploaded sheet and queue its import as a background task."""
    from .models import PeopleImport
    from .tasks import run_people_import

    record = PeopleImport(
        file=uploaded_file,
        original_name=uploaded_file.name[:255],
        encoding=encoding,
        created_by=user,
    )
    return import_job_start(record=record, task=run_people_import)


def people_import_execute(*, import_id: int) -> None:
    """Run a stored HR import (called by the task worker); progress and report land on the record."""
    from .models import PeopleImport

    def work(record, data, progress):
        return people_import_file(
            data=data, filename=record.original_name, encoding=record.encoding, on_progress=progress
        )

    import_job_run(model=PeopleImport, import_id=import_id, work=work, total_key="rows")
