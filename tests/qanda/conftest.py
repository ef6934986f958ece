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


def enter_next_year_if_unknown() -> None:
    """Questions asked 'now' late in December fall due next year. When the holiday library does
    not know that year yet, enter New Year's Day as an admin would (qanda.workdays)."""
    import datetime as dt

    from qanda import workdays
    from qanda.services import calendar_override_set

    next_year = workdays.local_today().year + 1
    if not workdays.library_covers(next_year):
        calendar_override_set(date=dt.date(next_year, 1, 1), is_workday=False, note="元旦")


@pytest.fixture(autouse=True)
def _calendar_known_ahead(db):
    enter_next_year_if_unknown()
