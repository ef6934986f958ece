"""Larger text and high contrast (home/display.py): the toggle view, the service behind it and
where the choice is kept (profile, session, cookie)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from home.display import COOKIE_NAME
from people.models import Profile
from people.services import profile_text_size_set
from tests.factories import ProfileFactory, UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _html_class(response) -> str:
    match = re.search(r"<html[^>]*>", response.content.decode())
    assert match, "no <html> tag"
    found = re.search(r'class="([^"]*)"', match.group(0))
    return found.group(1) if found else ""


def _toggle(response) -> str:
    match = re.search(r'<button[^>]*class="text-size__toggle"[^>]*>', response.content.decode())
    assert match, "no text-size toggle in the header"
    return match.group(0)


def test_the_header_offers_the_toggle_unpressed_by_default(client):
    response = client.get(reverse("courses:search"), **ENGLISH)
    assert "text-large" not in _html_class(response)
    button = _toggle(response)
    assert 'aria-pressed="false"' in button and 'value="large"' in button
    # Unprefixed addresses are the Chinese site whatever the browser asks for.
    assert ">大字模式</button>" in response.content.decode()


def test_an_anonymous_visitor_switches_it_on_with_a_cookie_and_returns_to_the_page(client):
    search = reverse("courses:search") + "?q=data"
    response = client.post(reverse("text_size"), {"text_size": "large", "next": search})
    assert response.status_code == 302
    assert response["Location"] == search
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "large" and cookie["httponly"] and cookie["samesite"] == "Lax"

    page = client.get(search)
    assert "text-large" in _html_class(page)
    assert 'aria-pressed="true"' in _toggle(page) and 'value="standard"' in _toggle(page)

    client.post(reverse("text_size"), {"text_size": "standard", "next": search})
    assert "text-large" not in _html_class(client.get(search))


def test_a_signed_in_person_keeps_it_on_the_profile_and_in_every_new_browser(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    client.post(reverse("text_size"), {"text_size": "large", "next": "/"})
    profile.refresh_from_db()
    assert profile.text_size == Profile.TextSize.LARGE

    elsewhere = Client()  # another browser: no cookie, a fresh session
    assert elsewhere.login(username=profile.user.username, password=PASSWORD)
    assert COOKIE_NAME not in elsewhere.cookies
    assert "text-large" in _html_class(elsewhere.get(reverse("courses:search")))


def test_the_profile_choice_wins_over_the_browser_at_login(client):
    profile = ProfileFactory(text_size=Profile.TextSize.STANDARD)
    client.post(reverse("text_size"), {"text_size": "large", "next": "/"})  # anonymous
    assert client.login(username=profile.user.username, password=PASSWORD)
    assert "text-large" not in _html_class(client.get(reverse("courses:search")))


def test_a_person_who_never_chose_keeps_what_the_browser_shows_after_login(client):
    profile = ProfileFactory()
    client.post(reverse("text_size"), {"text_size": "large", "next": "/"})
    assert client.login(username=profile.user.username, password=PASSWORD)
    assert "text-large" in _html_class(client.get(reverse("courses:search")))
    profile.refresh_from_db()
    assert profile.text_size == ""  # logging in wrote nothing


def test_an_account_without_a_profile_can_switch_it_too(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("text_size"), {"text_size": "large", "next": "/"})
    assert response.status_code == 302
    assert "text-large" in _html_class(client.get(reverse("courses:search")))
    assert not Profile.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "bad_next",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "x"],
)
def test_a_next_leaving_the_site_is_ignored(client, bad_next):
    response = client.post(reverse("text_size"), {"text_size": "large", "next": bad_next})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("bad_value", ["", "huge", "LARGE", "large\x00", "1"])
def test_a_bad_value_is_a_400_with_a_message_and_changes_nothing(client, bad_value):
    profile = ProfileFactory()
    client.force_login(profile.user)
    response = client.post(reverse("text_size"), {"text_size": bad_value, "next": "/"}, **ENGLISH)
    assert response.status_code == 400
    if "\x00" not in bad_value:  # NUL bytes are refused earlier, by the hostile-input middleware
        assert "请选择文字大小" in response.content.decode()  # the site's language: Chinese
    assert COOKIE_NAME not in response.cookies
    profile.refresh_from_db()
    assert profile.text_size == ""


def test_a_get_never_changes_it(client):
    response = client.get(reverse("text_size"), {"text_size": "large", "next": "/"})
    assert response.status_code == 405
    assert COOKIE_NAME not in response.cookies


def test_the_toggle_needs_the_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("text_size"), {"text_size": "large", "next": "/"})
    assert response.status_code == 403
    assert COOKIE_NAME not in response.cookies


def test_the_toggle_form_carries_the_token_and_the_page_to_return_to(client):
    html = client.get(reverse("courses:search") + "?q=x").content.decode()
    match = re.search(r'<form class="text-size"([^>]*)>(.*?)</form>', html, re.S)
    assert match, "no text-size form in the header"
    attributes, form = match.groups()
    assert 'method="post"' in attributes and f'action="{reverse("text_size")}"' in attributes
    assert 'name="csrfmiddlewaretoken"' in form
    assert f'name="next" value="{reverse("courses:search")}?q=x"' in form


def test_the_service_saves_a_known_size():
    profile = ProfileFactory()
    profile_text_size_set(profile=profile, text_size=Profile.TextSize.LARGE)
    assert Profile.objects.get(pk=profile.pk).text_size == "large"


@pytest.mark.parametrize("bad_value", ["", "huge"])
def test_the_service_refuses_an_unknown_size(bad_value):
    profile = ProfileFactory(text_size=Profile.TextSize.LARGE)
    with pytest.raises(ValidationError):
        profile_text_size_set(profile=profile, text_size=bad_value)
    assert Profile.objects.get(pk=profile.pk).text_size == "large"
