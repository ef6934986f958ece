"""Larger text and high contrast (适老化): the header's toggle and where the choice is kept.

The choice lives in three places, each for a reason:
- the person's Profile (people.services.profile_text_size_set), so it follows them to every
  browser they log in on;
- the session, copied from the profile when they log in, so rendering a page never costs a query;
- a cookie, so an anonymous visitor keeps it too (and the browser keeps it after logging out).

Pages read it through `text_size_of(request)` (home.context_processors.display puts it in every
template); base.html turns it into a class on <html> that static/css/site.css styles.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.middleware import bad_request_response
from core.redirects import safe_next
from people.models import Profile
from people.selectors import profile_text_size
from people.services import profile_text_size_set

TextSize = Profile.TextSize
COOKIE_NAME = "govlearn_text_size"
SESSION_KEY = "govlearn_text_size"
# A year: a preference is not a secret and should outlive a browser restart; it is refreshed
# every time the toggle is pressed.
COOKIE_MAX_AGE = 365 * 24 * 3600


def text_size_of(request: HttpRequest) -> str:
    """`large` or `standard` for this request: the signed-in person's choice, else this browser's
    (the cookie), else standard. Never a query."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is not None and user.is_authenticated and session is not None:
        chosen = session.get(SESSION_KEY)
        if chosen in TextSize.values:
            return chosen
    cookie = request.COOKIES.get(COOKIE_NAME)
    return cookie if cookie in TextSize.values else TextSize.STANDARD


@require_POST
def text_size_set(request: HttpRequest) -> HttpResponse:
    """Switch larger text on or off (POST `text_size`: large|standard, `next`: where to return).
    A signed-in person's profile remembers it; every visitor's browser does too."""
    chosen = request.POST.get("text_size", "")
    if chosen not in TextSize.values:
        return bad_request_response(
            request, _("Choose a text size: larger text, or standard text.")
        )
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    if profile is not None:
        profile_text_size_set(profile=profile, text_size=chosen)
    if request.user.is_authenticated:
        request.session[SESSION_KEY] = chosen
    response = redirect(safe_next(request, reverse("home")))
    response.set_cookie(
        COOKIE_NAME,
        chosen,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def text_size_on_login(sender, request, user, **kwargs) -> None:
    """When someone logs in (any way: password, OIDC, CAS, SAML), their profile's choice becomes
    this browser's; a person who never chose keeps what this browser shows."""
    if request is None or not hasattr(request, "session"):
        return
    chosen = profile_text_size(user=user)
    if chosen in TextSize.values:
        request.session[SESSION_KEY] = chosen
