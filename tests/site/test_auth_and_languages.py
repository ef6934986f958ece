"""One login for the site and the admin; every message translated (the shell's languages are
tested in tests/home/test_languages.py)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
class TestLogin:
    def test_login_then_logout(self, client, demo):
        response = client.post(
            reverse("login"),
            {"login": "learner1", "password": settings.DEMO_PASSWORD},
            follow=True,
        )
        assert response.context["user"].username == "learner1"
        assert "张伟" in response.content.decode()
        response = client.post(reverse("logout"), follow=True)
        assert not response.context["user"].is_authenticated

    def test_wrong_password_is_refused_with_a_message_in_chinese(self, client, demo):
        response = client.post(reverse("login"), {"login": "learner1", "password": "wrong"})
        assert response.status_code == 200
        assert not response.context["user"].is_authenticated
        assert "您提供的用户名或密码不正确。" in response.content.decode()

    def test_wrong_password_message_in_english_under_en(self, client, demo):
        with translation.override("en"):
            url = reverse("login")
        assert url.startswith("/en/")
        response = client.post(url, {"login": "learner1", "password": "wrong"})
        assert (
            "The username and/or password you specified are not correct."
            in response.content.decode()
        )

    def test_logout_needs_post(self, client, demo):
        client.login(username="learner1", password=settings.DEMO_PASSWORD)
        assert client.get(reverse("logout")).status_code == 405

    def test_admin_uses_the_site_login(self, client, demo):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_learner_cannot_enter_the_admin(self, client, demo):
        client.login(username="learner1", password=settings.DEMO_PASSWORD)
        response = client.get("/admin/")
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/admin/" not in response["Location"][:7]

    def test_expert_enters_the_admin(self, client, demo):
        client.login(username="expert1", password=settings.DEMO_PASSWORD)
        assert client.get("/admin/").status_code == 200

    def test_my_learning_requires_login(self, client, demo):
        response = client.get(reverse("training:my_learning"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_every_message_has_a_chinese_translation():
    import polib

    catalogue = polib.pofile(
        str(settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    )
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_compiled_catalogue_is_up_to_date():
    """The .mo shipped in the repository says what the .po says."""
    import polib

    base = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES"
    po = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(base / "django.po"))
        if not e.msgid_plural
    }
    mo = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.mofile(str(base / "django.mo"))
        if not e.msgid_plural
    }
    assert po == mo
