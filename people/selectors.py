"""Reads about people and scope. Manager scope is always "own unit and everything below it"."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from .models import OrgUnit, Profile, Role, RoleAssignment, User


def user_roles(*, user: User) -> set[str]:
    """The roles a user holds (superusers count as platform admins)."""
    if not user.is_authenticated:
        return set()
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    if user.is_superuser:
        roles.add(Role.PLATFORM_ADMIN)
    return roles


def profile_text_size(*, user: User) -> str:
    """The text size this person chose (a Profile.TextSize value), "" when they never chose one
    or have no profile (a staff account made by hand)."""
    if not user.is_authenticated:
        return ""
    return Profile.objects.filter(user=user).values_list("text_size", flat=True).first() or ""


def user_has_role(*, user: User, role: str) -> bool:
    return role in user_roles(user=user)


def managed_unit_paths(*, user: User) -> list[str] | None:
    """Tree paths of the units a user oversees; None means the whole platform (admins)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    assignments = RoleAssignment.objects.filter(user=user).filter(
        Q(role=Role.MANAGER) | Q(role=Role.PLATFORM_ADMIN)
    )
    paths = []
    for role, path in assignments.values_list("role", "org_unit__path"):
        if role == Role.PLATFORM_ADMIN:
            return None
        paths.append(path)
    # Drop paths already inside another managed subtree so queries stay short.
    paths.sort()
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(parent) for parent in kept):
            kept.append(path)
    return kept


def _path_filter(paths: list[str], field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def units_in_scope(*, user: User) -> QuerySet[OrgUnit]:
    """Org units a user may see as a manager: their managed units and everything below them."""
    paths = managed_unit_paths(user=user)
    units = OrgUnit.objects.all()
    if paths is None:
        return units
    return units.filter(_path_filter(paths, "path"))


def profiles_in_scope(*, user: User) -> QuerySet[Profile]:
    """Profiles of people a user may see as a manager (never a sibling unit's people)."""
    paths = managed_unit_paths(user=user)
    profiles = Profile.objects.select_related("user", "org_unit", "post")
    if paths is None:
        return profiles
    return profiles.filter(_path_filter(paths, "org_unit__path"))


def unit_subtree(*, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """A unit and every unit below it."""
    return OrgUnit.objects.filter(path__startswith=unit.path)


def org_unit_by_path_names(*, names: list[str]) -> OrgUnit | None:
    """Find a unit by its names from the root down, e.g. ["市政府办公室", "市数据局"]."""
    parent: OrgUnit | None = None
    for depth, name in enumerate(names, start=1):
        candidates = OrgUnit.objects.filter(depth=depth, name=name)
        if parent is not None:
            candidates = candidates.filter(path__startswith=parent.path)
        parent = candidates.first()
        if parent is None:
            return None
    return parent
