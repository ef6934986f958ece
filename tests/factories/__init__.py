"""factory_boy factories, one module per app; import them from here."""

from . import courses
from .people import OrgUnitFactory, PostFactory, ProfileFactory, UserFactory, grant_role

__all__ = [
    "OrgUnitFactory",
    "PostFactory",
    "ProfileFactory",
    "UserFactory",
    "courses",
    "grant_role",
]
