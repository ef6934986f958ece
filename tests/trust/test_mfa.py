"""Two-factor authentication is required for staff roles (and optional for learners), and the
admin login URL or a password reset is no way around it."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from people.models import Role
from tests.factories import grant_role
from tests.factories.trust import TOTP_SECRET, totp_code
from trust.models import AuditAction, AuditEvent, AuditResult

from .conftest import form_login, is_logged_in, pass_mfa, reauthenticate

pytestmark = pytest.mark.django_db

STAFF_ROLES = [Role.EXPERT, Role.MANAGER, Role.ORGANIZER, Role.PLATFORM_ADMIN]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_an_authenticator_are_sent_to_enrolment_from_every_page(
    client, learner, role
):
    grant_role(learner, role, learner.profile.org_unit, enrol_mfa=False)
    form_login(client, learner.username)
    assert is_logged_in(client)
    enrol_url = reverse("mfa_activate_totp")
    for url in [reverse("training:my_learning"), "/", "/admin/", reverse("trust:account")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == enrol_url, url
    # allauth asks for the password again before any two-factor change; that page stays open.
    assert client.get(enrol_url)["Location"].startswith(reverse("account_reauthenticate"))
    reauthenticate(client)
    assert client.get(enrol_url).status_code == 200


def test_superuser_counts_as_platform_admin_and_must_enrol(client, learner):
    learner.is_superuser = True
    learner.save()
    form_login(client, learner.username)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_learners_are_not_asked_to_enrol(client, learner):
    form_login(client, learner.username)
    assert client.get(reverse("training:my_learning")).status_code == 200


def test_a_role_gained_while_logged_in_asks_for_enrolment_at_once(client, learner):
    form_login(client, learner.username)
    assert client.get(reverse("training:my_learning")).status_code == 200
    grant_role(learner, Role.EXPERT, enrol_mfa=False)
    assert client.get(reverse("training:my_learning"))["Location"] == reverse("mfa_activate_totp")


def test_enrolling_lifts_the_redirect_and_is_audited(
    client, unenrolled_expert, django_capture_on_commit_callbacks
):
    form_login(client, unenrolled_expert.username)
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=unenrolled_expert, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get(reverse("training:my_learning")).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_ENABLED, actor=unenrolled_expert
    ).exists()


def test_enrolled_staff_must_give_a_code_after_the_password(client, expert):
    response = form_login(client, expert.username)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_logged_in(client)
    assert client.get("/admin/").status_code == 302 and not is_logged_in(client)
    response = pass_mfa(client, code="000000" if totp_code() != "000000" else "111111")
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_FAILED, result=AuditResult.FAILURE
    ).exists()
    pass_mfa(client)
    assert is_logged_in(client)
    assert client.get("/admin/").status_code == 200


def test_admin_login_url_cannot_skip_the_second_factor(client, expert):
    client.post("/admin/login/", {"username": expert.username, "password": "Test-passw0rd!"})
    assert not is_logged_in(client)
    response = client.get("/admin/")
    assert response.status_code == 302 and not is_logged_in(client)


def test_password_reset_does_not_log_in_and_the_next_login_still_needs_the_code(client, expert):
    client.post(reverse("account_reset_password"), {"email": expert.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S+/password/reset/key/\S+/)", mail.outbox[0].body).group(
        1
    )
    form_page = client.get(link, follow=True)
    new_password = "a fresh long passphrase 2026"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert not is_logged_in(client)
    expert.refresh_from_db()
    assert expert.check_password(new_password)
    response = form_login(client, expert.username, password=new_password)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET, actor=expert).exists()


def test_removing_the_authenticator_is_audited_and_staff_must_enrol_again(
    client, expert, django_capture_on_commit_callbacks
):
    form_login(client, expert.username)
    pass_mfa(client)
    reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=expert, type=Authenticator.Type.TOTP).exists()
    assert AuditEvent.objects.filter(action=AuditAction.MFA_DISABLED, actor=expert).exists()
    assert client.get(reverse("training:my_learning"))["Location"] == reverse("mfa_activate_totp")


def test_demo_staff_are_enrolled_with_the_documented_secret(demo):
    from allauth.mfa.totp.internal.auth import TOTP

    from demo.management.commands.demo_totp import demo_totp_code
    from people.models import User

    for username in ("admin", "expert1", "manager1", "organizer1"):
        authenticator = Authenticator.objects.get(
            user__username=username, type=Authenticator.Type.TOTP
        )
        assert TOTP(authenticator).validate_code(demo_totp_code()), username
    assert not Authenticator.objects.filter(user=User.objects.get(username="learner1")).exists()
    assert TOTP_SECRET  # the factories' secret differs from the demo's
