import pytest

from tests.factories.qanda import course_with_expert


@pytest.fixture
def course_and_expert(db):
    return course_with_expert(lessons=2)


@pytest.fixture
def staff_admin(db):
    """A superuser enrolled in two-factor authentication, as the trust app requires of staff."""
    from tests.factories.people import UserFactory
    from tests.factories.trust import enrol_totp

    admin = UserFactory(is_superuser=True, is_staff=True)
    enrol_totp(admin)
    return admin
