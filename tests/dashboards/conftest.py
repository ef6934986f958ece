import pytest

from people.models import Role
from tests.factories import ProfileFactory, UserFactory, grant_role


@pytest.fixture
def manager(tree):
    user = UserFactory(full_name="王经理")
    grant_role(user, Role.MANAGER, tree["bureau"])  # with TOTP, as staff must
    return user


@pytest.fixture
def inside(tree):
    return ProfileFactory(org_unit=tree["section"], user__full_name="组内张三")


@pytest.fixture
def outside(tree):
    return ProfileFactory(org_unit=tree["sibling"], user__full_name="组外李四")


def make_admin():
    """A superuser enrolled in two-factor authentication (staff must be)."""
    admin = UserFactory(is_superuser=True)
    try:
        from tests.factories.trust import enrol_totp
    except ImportError:
        return admin
    enrol_totp(admin)
    return admin
