"""One login through allauth: every attempt audited, the session key rotates, logout ends the
session on the server, and Wagtail's own login URL is no way around it."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from trust.models import AuditAction, AuditEvent, AuditResult

from .conftest import form_login, is_logged_in

pytestmark = pytest.mark.django_db


def test_successful_login_is_audited_with_who_when_and_where(client, learner):
    response = form_login(client, learner.username, ip="10.1.2.3", HTTP_USER_AGENT="TestBrowser/1")
    assert response.status_code == 302
    assert is_logged_in(client)
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == learner and event.actor_username == learner.username
    assert event.ip == "10.1.2.3" and event.user_agent == "TestBrowser/1"
    assert event.result == AuditResult.SUCCESS
    assert event.occurred_at.utcoffset().total_seconds() == 0


def test_failed_login_is_audited_and_refused_with_a_message(client, learner):
    response = form_login(client, learner.username, password="wrong-password")
    assert response.status_code == 200
    assert not is_logged_in(client)
    assert "您提供的用户名或密码不正确。" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor is None and event.actor_username == learner.username
    assert event.result == AuditResult.FAILURE and event.ip == "10.0.0.1"


def test_login_by_email_address_also_works(client, learner):
    form_login(client, learner.email)
    assert is_logged_in(client)


def test_session_key_rotates_at_login(client, learner):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    assert before
    form_login(client, learner.username)
    assert is_logged_in(client)
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_ends_the_session_on_the_server_and_is_audited(client, learner):
    form_login(client, learner.username)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=learner).exists()


def test_wagtail_login_url_redirects_to_the_site_login_and_never_logs_in(client, expert):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=/admin/pages/" in response["Location"]
    response = client.post(
        "/admin/login/", {"username": expert.username, "password": "Test-passw0rd!"}
    )
    assert response.status_code == 302
    assert not is_logged_in(client)


def test_wagtail_password_reset_is_switched_off(client):
    assert client.get("/admin/password_reset/").status_code in (302, 404)
    response = client.get("/admin/password_reset/")
    if response.status_code == 302:
        assert "password_reset" not in response["Location"]


def test_nobody_can_sign_up(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()
