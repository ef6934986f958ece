"""Password policy profiles: asvs (default: length 12+, breached-password check, no composition
rules) and mlps (length 8+, three of four character classes, periodic change)."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from trust.models import PasswordState

from .conftest import form_login

pytestmark = pytest.mark.django_db


def refused(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


def test_asvs_is_the_default(settings):
    assert settings.PASSWORD_POLICY == "asvs"


def test_asvs_wants_length_and_no_breached_password_but_no_composition():
    assert "password_too_short" in refused("Short1!x")
    assert "password_breached" in refused("woaini5201314")
    assert "password_breached" in refused("Zhengwu@123456")
    assert "password_breached" in refused("123456789012")
    assert refused("correct horse battery staple") == []
    assert refused("只用中文也可以的长密码短语吧") == []


def test_mlps_wants_three_character_classes(settings):
    settings.PASSWORD_POLICY = "mlps"
    settings.AUTH_PASSWORD_VALIDATORS = settings.PASSWORD_POLICIES["mlps"]
    assert "password_too_simple" in refused("onlylowercase1")
    assert "password_too_short" in refused("Ab1!")
    assert refused("Gov-Learn7") == []


def test_mlps_forces_a_change_after_the_maximum_age(client, learner, settings):
    settings.PASSWORD_POLICY = "mlps"
    settings.AUTH_PASSWORD_VALIDATORS = settings.PASSWORD_POLICIES["mlps"]
    PasswordState.objects.update_or_create(
        user=learner,
        defaults={
            "changed_at": timezone.now() - dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)
        },
    )
    form_login(client, learner.username)
    response = client.get(reverse("training:my_learning"))
    assert response["Location"] == reverse("account_change_password")
    new_password = "Renewed-Pass9"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "Test-passw0rd!", "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert client.get(reverse("training:my_learning")).status_code == 200
    assert timezone.now() - PasswordState.objects.get(user=learner).changed_at < dt.timedelta(
        minutes=1
    )


def test_asvs_never_forces_periodic_change(client, learner, settings):
    PasswordState.objects.update_or_create(
        user=learner, defaults={"changed_at": timezone.now() - dt.timedelta(days=1000)}
    )
    form_login(client, learner.username)
    assert client.get(reverse("training:my_learning")).status_code == 200
