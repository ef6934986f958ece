"""Trust test helpers: log in through the real form (from a given address), pass MFA."""

import pytest
from django.urls import reverse

from people.models import Role
from tests.factories import ProfileFactory, UserFactory, grant_role
from tests.factories.people import PASSWORD
from tests.factories.trust import totp_code


def form_login(client, username, password=PASSWORD, ip="10.0.0.1", **extra):
    """POST the login form as a browser would."""
    return client.post(
        reverse("login"), {"login": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def pass_mfa(client, code=None, ip="10.0.0.1"):
    return client.post(reverse("mfa_authenticate"), {"code": code or totp_code()}, REMOTE_ADDR=ip)


def reauthenticate(client, password=PASSWORD, ip="10.0.0.1"):
    """allauth asks for the password again before a two-factor change."""
    return client.post(reverse("account_reauthenticate"), {"password": password}, REMOTE_ADDR=ip)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def learner(db):
    return ProfileFactory().user


@pytest.fixture
def expert(db):
    """An expert enrolled in TOTP, as real staff are."""
    user = ProfileFactory().user
    grant_role(user, Role.EXPERT)
    return user


@pytest.fixture
def unenrolled_expert(db):
    user = ProfileFactory().user
    grant_role(user, Role.EXPERT, enrol_mfa=False)
    return user


@pytest.fixture
def platform_admin(db):
    user = ProfileFactory().user
    grant_role(user, Role.PLATFORM_ADMIN)
    return user


@pytest.fixture
def other_user(db):
    return UserFactory()
