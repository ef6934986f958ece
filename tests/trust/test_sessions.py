"""Idle and absolute session timeouts; disabling a person or changing their password ends their
sessions on the server; a person sees and ends their other sessions."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from people.services import person_upsert
from tests.factories.people import PASSWORD
from trust.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from trust.models import AuditAction, AuditEvent, AuditResult

from .conftest import form_login, is_logged_in

pytestmark = pytest.mark.django_db


def set_session(client, **values):
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_a_session_idle_longer_than_the_idle_timeout_ends(client, learner, settings):
    form_login(client, learner.username)
    set_session(client, **{SESSION_LAST_SEEN: time.time() - settings.SESSION_IDLE_TIMEOUT - 5})
    response = client.get(reverse("training:my_learning"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not is_logged_in(client)
    event = AuditEvent.objects.get(action=AuditAction.SESSION_EXPIRED)
    assert event.details == {"reason": "idle"} and event.actor == learner


def test_activity_within_the_idle_timeout_keeps_the_session(client, learner, settings):
    form_login(client, learner.username)
    set_session(client, **{SESSION_LAST_SEEN: time.time() - settings.SESSION_IDLE_TIMEOUT + 60})
    assert client.get(reverse("training:my_learning")).status_code == 200
    assert is_logged_in(client)
    assert client.session[SESSION_LAST_SEEN] > time.time() - 5  # the activity was noted


def test_a_session_older_than_the_absolute_timeout_ends_even_if_active(client, learner, settings):
    form_login(client, learner.username)
    set_session(
        client,
        **{
            SESSION_STARTED: time.time() - settings.SESSION_ABSOLUTE_TIMEOUT - 5,
            SESSION_LAST_SEEN: time.time(),
        },
    )
    client.get(reverse("training:my_learning"))
    assert not is_logged_in(client)
    assert AuditEvent.objects.get(action=AuditAction.SESSION_EXPIRED).details == {
        "reason": "absolute"
    }


def test_defaults_are_thirty_minutes_idle_and_twelve_hours_absolute(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 3600
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_TIMEOUT


def two_sessions(user):
    first, second = Client(), Client()
    form_login(first, user.username, ip="10.0.0.1")
    form_login(second, user.username, ip="10.0.0.2")
    assert is_logged_in(first) and is_logged_in(second)
    return first, second


def test_disabling_a_person_ends_all_their_sessions(learner):
    first, second = two_sessions(learner)
    keys = [first.session.session_key, second.session.session_key]
    learner.is_active = False
    learner.save()
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert first.get(reverse("training:my_learning")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.PERSON_DISABLED, target_id=str(learner.pk))
    assert AuditEvent.objects.get(action=AuditAction.SESSION_ENDED).details == {
        "reason": "disabled",
        "sessions": 2,
    }


def test_an_hr_import_that_disables_a_person_ends_their_sessions(learner):
    first, _ = two_sessions(learner)
    profile = learner.profile
    person_upsert(
        employee_number=profile.employee_number,
        username=learner.username,
        full_name=learner.full_name,
        email=learner.email,
        org_unit=profile.org_unit,
        is_active=False,
    )
    assert not Session.objects.filter(session_key=first.session.session_key).exists()


def test_changing_the_password_ends_the_other_sessions_but_keeps_this_one(learner):
    first, second = two_sessions(learner)
    new_password = "another long passphrase 77"
    response = first.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert first.get(reverse("training:my_learning")).status_code == 200
    assert second.get(reverse("training:my_learning")).status_code == 302
    assert not is_logged_in(second)
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED, target_id=str(learner.pk))


def test_a_password_set_by_an_administrator_ends_every_session(learner):
    first, second = two_sessions(learner)
    learner.set_password("set by the administrator 1")
    learner.save()
    for client in (first, second):
        assert client.get(reverse("training:my_learning")).status_code == 302


def test_a_person_sees_their_sessions_and_ends_another_one(learner):
    first, second = two_sessions(learner)
    page = first.get(reverse("trust:sessions"))
    items = page.context["items"]
    assert len(items) == 2
    assert [item["is_current"] for item in items].count(True) == 1
    other = next(item["session"] for item in items if not item["is_current"])
    response = first.post(reverse("trust:session_end", args=[other.pk]))
    assert response.status_code == 302
    assert (
        not is_logged_in(second) or second.get(reverse("training:my_learning")).status_code == 302
    )
    assert not Session.objects.filter(session_key=second.session.session_key).exists()
    assert is_logged_in(first)


def test_ending_all_other_sessions_keeps_this_one(learner):
    first, second = two_sessions(learner)
    first.post(reverse("trust:sessions_end_others"))
    assert first.get(reverse("training:my_learning")).status_code == 200
    assert second.get(reverse("training:my_learning")).status_code == 302


def test_ending_someone_elses_session_is_404_and_audited(learner, other_user):
    _, victim = two_sessions(other_user)
    from allauth.usersessions.models import UserSession

    their_session = UserSession.objects.filter(user=other_user).first()
    attacker = Client()
    form_login(attacker, learner.username)
    response = attacker.post(reverse("trust:session_end", args=[their_session.pk]))
    assert response.status_code == 404
    assert is_logged_in(victim)
    event = AuditEvent.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert event.result == AuditResult.DENIED and event.actor == learner
    assert event.details["reason"] == "out_of_scope"
    assert event.target_id == str(their_session.pk)
