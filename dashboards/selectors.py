"""Reads for manager views. Every query starts from the viewer's scope, never from all people."""

from django.db.models import Count, QuerySet

from people.models import OrgUnit, Profile, User
from people.selectors import profiles_in_scope, units_in_scope


def team_members(*, viewer: User, unit: OrgUnit | None = None) -> QuerySet[Profile]:
    """People the viewer manages, optionally narrowed to one unit of their scope (and below)."""
    profiles = profiles_in_scope(user=viewer).filter(user__is_active=True)
    if unit is not None:
        profiles = profiles.filter(org_unit__path__startswith=unit.path)
    return profiles.order_by("org_unit__path", "employee_number")


def team_units(*, viewer: User) -> QuerySet[OrgUnit]:
    """Units in the viewer's scope with how many active people sit directly in each."""
    return units_in_scope(user=viewer).annotate(headcount=Count("profiles")).order_by("path")
