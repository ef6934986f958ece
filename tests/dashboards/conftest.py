import pytest

from people.models import Role
from tests.factories import OrgUnitFactory, ProfileFactory, UserFactory, grant_role


@pytest.fixture
def tree(db):
    root = OrgUnitFactory(name="市政府", code="root", kind="department")
    bureau = OrgUnitFactory(name="市数据局", code="bureau", kind="division", parent=root)
    section = OrgUnitFactory(name="数据资源处", code="section", parent=bureau)
    sibling = OrgUnitFactory(name="市政务服务中心", code="sibling", kind="division", parent=root)
    return {"root": root, "bureau": bureau, "section": section, "sibling": sibling}


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
