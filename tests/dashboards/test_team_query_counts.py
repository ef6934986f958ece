"""My team costs the same number of queries for 3 people as for 30 (with hours, levels and
assignments for each)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import CompetenceLevelRecord
from tests.dashboards.conftest import make_admin
from tests.factories import ProfileFactory
from tests.factories import courses as course_factories
from tests.factories import ledger as ledger_factories
from tests.factories import quizzes as quiz_factories
from training.services import training_assignment_create

pytestmark = pytest.mark.django_db


def _add_people(n, unit, course, competence):
    admin = make_admin()
    users = []
    for _ in range(n):
        profile = ProfileFactory(org_unit=unit)
        ledger_factories.entry(profile.user, "5")
        CompetenceLevelRecord.objects.create(
            user=profile.user, competence=competence, level=2, achieved_at=dt.datetime.now(dt.UTC)
        )
        users.append(profile.user)
    training_assignment_create(
        assigned_by=admin,
        course=course,
        users=users,
        due_date=dt.date(2020, 1, 10),
        now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize("url_name", ["dashboards:my_team", "dashboards:platform"])
def test_team_page_queries_do_not_grow_with_team_size(client, tree, manager, url_name):
    course = course_factories.course(lessons=1)
    competence = quiz_factories.competence()
    viewer = manager if url_name == "dashboards:my_team" else make_admin()
    client.force_login(viewer)
    _add_people(3, tree["section"], course, competence)
    client.get(reverse(url_name))  # warm caches (nav, site)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _add_people(27, tree["section"], course, competence)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse(url_name))
    assert response.context["page"].paginator.count == 30
    assert len(small) == len(large)


def test_export_queries_do_not_grow_with_team_size(client, tree, manager):
    course = course_factories.course(lessons=1)
    competence = quiz_factories.competence()
    client.force_login(manager)
    _add_people(3, tree["section"], course, competence)
    url = reverse("dashboards:export", args=["hours", "xlsx"])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _add_people(27, tree["section"], course, competence)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)
