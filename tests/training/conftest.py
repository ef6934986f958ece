import pytest

from tests.factories import UserFactory
from tests.factories import courses as course_factories


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def course(db):
    """A live course with a complete guide and three plain lessons (120 s minimum each)."""
    return course_factories.course(lessons=3)


@pytest.fixture
def enrolled(learner, course):
    from courses.services import enrolment_create

    return enrolment_create(user=learner, course=course)


@pytest.fixture
def staff_admin(db):
    """A superuser who can use the Wagtail admin, enrolled in two-factor authentication (the trust
    app requires it for staff)."""
    from tests.factories.trust import enrol_totp

    admin = UserFactory(is_superuser=True, is_staff=True)
    enrol_totp(admin)
    return admin
