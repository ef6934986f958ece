"""Every `next` is same-site: core.redirects.safe_next refuses other hosts and tricks, and the
views that redirect to a user-supplied address (the team reminder, login) go through it."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.redirects import safe_next
from tests.dashboards.conftest import make_admin
from tests.factories import ProfileFactory
from tests.factories import courses as course_factories
from tests.factories.people import PASSWORD
from training.services import training_assignment_create

HOSTILE = [
    "//evil.example",
    "//evil.example/path",
    "https://evil.example",
    "http://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " //evil.example",
    "https:evil.example",
    # Not an address at all: redirect() would look these up as view names (a 500 the route
    # walker found), and a relative path lands wherever the browser resolves it.
    "%00%ff",
    "my_team",
    "team/?unit=2",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_safe_next_refuses_other_sites_and_schemes(target):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/fallback/") == "/fallback/"


@pytest.mark.parametrize("target", ["/zh-hans/dashboards/team/?unit=2", "http://testserver/x/"])
def test_safe_next_follows_same_site_addresses(target):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/fallback/") == target


def test_safe_next_reads_the_query_string_too():
    request = RequestFactory().get("/", {"next": "/mine/"})
    assert safe_next(request, "/fallback/") == "/mine/"


def test_safe_next_refuses_plain_http_from_a_secure_request():
    request = RequestFactory().post("/", {"next": "http://testserver/x/"}, secure=True)
    assert safe_next(request, "/fallback/") == "/fallback/"


def test_safe_next_without_next_is_the_fallback():
    assert safe_next(RequestFactory().post("/"), "/fallback/") == "/fallback/"


@pytest.fixture
def reminder_target(db, manager, inside):
    course = course_factories.course(lessons=1)
    assignment = training_assignment_create(
        assigned_by=make_admin(),
        course=course,
        users=[inside.user],
        due_date=dt.date(2020, 1, 10),
        now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    return assignment.targets.get(user=inside.user)


@pytest.mark.parametrize("target", HOSTILE)
def test_team_reminder_never_redirects_off_site(client, manager, reminder_target, target):
    client.force_login(manager)
    response = client.post(
        reverse("dashboards:remind", args=[reminder_target.pk]), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:my_team")


def test_team_reminder_returns_to_the_page_it_came_from(client, manager, reminder_target):
    client.force_login(manager)
    back = reverse("dashboards:my_team") + "?unit=section"
    response = client.post(reverse("dashboards:remind", args=[reminder_target.pk]), {"next": back})
    assert response["Location"] == back


@pytest.mark.parametrize("target", HOSTILE)
def test_login_never_redirects_off_site(db, client, target):
    user = ProfileFactory().user
    response = client.post(
        reverse("login"), {"login": user.username, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].lower().startswith("javascript:")
