"""The home page: where it sits in the tree, what it shows, and the shell's navigation facts."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from core.pages import site_home_page_models, under_site_home
from courses.models import CatalogueIndexPage
from home.context_processors import navigation
from home.models import HomePage
from people.models import Role
from quizzes.models import ContestPage
from tests.factories.courses import home_page
from tests.factories.people import OrgUnitFactory, UserFactory, grant_role


class HomePageTreeRules(WagtailPageTestCase):
    def test_the_home_page_sits_under_the_tree_root_once_per_parent(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count_per_parent, 1)

    def test_the_home_page_holds_the_catalogue_and_contests(self):
        self.assertAllowedSubpageTypes(HomePage, {CatalogueIndexPage, ContestPage})

    def test_the_home_page_is_the_only_site_home_lower_pages_can_ask_for(self):
        self.assertEqual(site_home_page_models(), [HomePage])
        self.assertEqual(list(under_site_home()), [HomePage])


pytestmark = pytest.mark.django_db


def test_the_home_page_shows_its_intro_and_asks_visitors_to_log_in(client):
    home = home_page()
    html = client.get("/").content.decode()
    main = html.split('<main id="main"', 1)[1]
    assert home.intro in main and "在这里学习" in main
    assert f'href="{reverse("login")}"' in main
    assert reverse("training:my_learning") not in main


def test_a_signed_in_learner_is_sent_on_to_my_learning(client):
    home_page()
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    main = html.split('<main id="main"', 1)[1]
    assert f'href="{reverse("training:my_learning")}"' in main


def test_anonymous_visitors_get_no_staff_links():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    facts = navigation(request)
    assert not (facts["nav_is_manager"] or facts["nav_is_expert"] or facts["nav_can_author"])


def test_a_manager_gets_the_team_link_and_roles_are_asked_once_per_request(
    django_assert_num_queries,
):
    user = UserFactory()
    grant_role(user, Role.MANAGER, OrgUnitFactory())
    request = RequestFactory().get("/")
    request.user = user
    facts = navigation(request)
    assert facts["nav_is_manager"] and not facts["nav_is_expert"]
    with django_assert_num_queries(0):  # roles kept on the request, permissions on the user
        navigation(request)
