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
