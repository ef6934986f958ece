"""The site shell speaks both languages: Chinese at /, English under /en/, and the language switch
links to the same page in the other language."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
class TestLanguages:
    def test_home_page_in_chinese_at_root(self, client, demo):
        response = client.get("/")
        body = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="zh-hans">' in body
        assert "政务学堂" in body and "跳到主要内容" in body

    def test_home_page_in_english_under_en(self, client, demo):
        response = client.get("/en/")
        body = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="en">' in body
        assert "Skip to main content" in body and "Digital-government learning" in body

    def test_language_switch_links_to_the_translated_page(self, client, demo):
        body = client.get("/").content.decode()
        assert 'href="/en/" lang="en"' in body
        body = client.get("/en/").content.decode()
        assert 'href="/" lang="zh-hans"' in body

    def test_language_switch_on_a_plain_view_keeps_the_view(self, client, demo):
        client.login(username="learner1", password=settings.DEMO_PASSWORD)
        body = client.get(reverse("training:my_learning")).content.decode()
        assert 'href="/en/learning/my-learning/"' in body

    def test_the_cached_language_switch_follows_an_unpublished_translation(self, client, demo):
        """The switch's links are cached per page and language; unpublishing the translation
        retires them, and the link falls back to that language's home page."""
        from courses.models import CoursePage

        english = next(
            page
            for page in CoursePage.objects.live().filter(locale__language_code="en")
            if page.get_translation_or_none(page.locale.get_default()) is not None
        )
        chinese = english.get_translation(english.locale.get_default())
        path = chinese.get_url()
        assert f'href="{english.get_url()}" lang="en"' in client.get(path).content.decode()
        assert f'href="{english.get_url()}" lang="en"' in client.get(path).content.decode()
        english.unpublish()
        body = client.get(path).content.decode()
        assert f'href="{english.get_url()}" lang="en"' not in body
        assert 'href="/en/" lang="en"' in body
