"""Lockout by account name, never by address: a shared office IP keeps working for others."""

import pytest
from django.test import override_settings
from django.urls import reverse

from trust.models import AuditAction, AuditEvent, AuditResult
from trust.selectors import locked_account_names

from .conftest import form_login, is_logged_in

pytestmark = pytest.mark.django_db


def fail(client, username, times, ip="10.9.9.9"):
    responses = [
        form_login(client, username, password="not-the-password", ip=ip) for _ in range(times)
    ]
    return responses[-1]


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_name_with_a_clear_message(client, learner):
    last = fail(client, learner.username, 3)
    assert last.status_code == 429
    assert 'role="alert"' in last.content.decode()
    # Even the right password is refused while locked.
    response = form_login(client, learner.username, ip="10.9.9.9")
    assert response.status_code == 429
    assert not is_logged_in(client)
    assert [entry["username"] for entry in locked_account_names()] == [learner.username]
    assert AuditEvent.objects.filter(
        action=AuditAction.LOCKOUT, actor_username=learner.username, result=AuditResult.DENIED
    ).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 4


@override_settings(AXES_FAILURE_LIMIT=3)
def test_other_accounts_on_the_same_address_still_log_in(client, learner, other_user):
    fail(client, learner.username, 3, ip="10.20.30.40")
    form_login(client, other_user.username, ip="10.20.30.40")
    assert is_logged_in(client)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_user_name_case_and_email_count_against_the_same_account(client, learner):
    form_login(client, learner.username.upper(), password="x")
    form_login(client, learner.email, password="x")
    last = form_login(client, learner.username, password="x")
    assert last.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_message_is_in_english_under_en(client, learner):
    from django.utils import translation

    with translation.override("en"):
        url = reverse("login")
    for _ in range(3):
        response = client.post(url, {"login": learner.username, "password": "x"})
    assert response.status_code == 429
    assert "This account is locked for 15 minutes after too many failed logins." in (
        response.content.decode()
    )


@override_settings(AXES_FAILURE_LIMIT=3)
def test_platform_admin_unlocks_an_account_from_the_admin(client, learner, platform_admin):
    fail(client, learner.username, 3)
    admin_client = client.__class__()
    admin_client.force_login(platform_admin)
    page = admin_client.get(reverse("trust_lockouts"))
    assert page.status_code == 200 and learner.username in page.content.decode()
    response = admin_client.post(reverse("trust_lockout_unlock"), {"username": learner.username})
    assert response.status_code == 302
    assert locked_account_names() == []
    assert AuditEvent.objects.filter(action=AuditAction.UNLOCK, target_id=learner.username).exists()
    form_login(client, learner.username)
    assert is_logged_in(client)


def test_a_learner_cannot_see_or_use_the_unlock_page(client, learner):
    client.force_login(learner)
    assert client.get(reverse("trust_lockouts")).status_code == 403
    assert client.post(reverse("trust_lockout_unlock"), {"username": "x"}).status_code == 403
