"""allauth adapters: nobody signs up (accounts come from HR), and single sign-on links to the
person HR already created — by employee number, else by verified e-mail — never a duplicate."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.client_ip import client_ip
from people.models import Profile

from .models import AuditAction, AuditResult
from .services import audit_record


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False  # People are created by the HR import or an administrator.

    def get_client_ip(self, request) -> str:
        return client_ip(request) or "0.0.0.0"  # noqa: S104 — a placeholder, never bound


def _claims(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    merged = dict(data.get("id_token") or {})
    merged.update(data.get("userinfo") or {})
    return merged


def person_for_claims(claims: dict):
    """The existing person these identity-provider claims describe, or None."""
    number = str(claims.get(settings.OIDC_EMPLOYEE_NUMBER_CLAIM) or "").strip()
    if number:
        profile = Profile.objects.select_related("user").filter(employee_number=number).first()
        if profile is not None:
            return profile.user
    email = str(claims.get("email") or "").strip()
    if email and claims.get("email_verified") is True:
        matches = list(get_user_model().objects.filter(email__iexact=email)[:2])
        if len(matches) == 1:
            return matches[0]
    return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Only reached when no existing person matched (pre_social_login refuses otherwise).
        return settings.OIDC_AUTO_CREATE

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.is_existing:
            return
        claims = _claims(sociallogin)
        user = person_for_claims(claims)
        if user is not None and user.is_active:
            sociallogin.connect(request, user)
            audit_record(
                action=AuditAction.SSO_LINKED,
                request=request,
                actor=user,
                target=user,
                details={
                    "provider": sociallogin.account.provider,
                    "subject": sociallogin.account.uid,
                },
            )
            return
        if settings.OIDC_AUTO_CREATE and user is None:
            return  # allauth creates the account (populate_user fills the name).
        audit_record(
            action=AuditAction.SSO_REFUSED,
            request=request,
            actor_username=str(claims.get("preferred_username") or claims.get("sub") or "")[:150],
            result=AuditResult.DENIED,
            details={
                "provider": sociallogin.account.provider,
                "subject": sociallogin.account.uid,
                "reason": "inactive" if user is not None else "no_matching_person",
            },
        )
        message = (
            _("Your account on this platform is disabled. Please contact a platform administrator.")
            if user is not None
            else _(
                "No GovLearn account matches your identity (employee number or verified e-mail "
                "address). Please ask a platform administrator to add you; no new account was "
                "created."
            )
        )
        request._trust_denial_recorded = True
        raise ImmediateHttpResponse(
            render(request, "trust/sso_refused.html", {"message": message}, status=403)
        )

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or ""
        if name and hasattr(user, "full_name"):
            user.full_name = name[:150]
        return user
