"""The demo gives manager1 a division with people ahead of, on and behind their requirement,
overdue assignments and competency gaps; seeding twice changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from core.clock import local_today
from people.models import User
from training.models import AssignmentTarget, CreditHourEntry, OnsiteSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_late_in_the_year(db):
    """The demo seeded and viewed on 15 November of the current year, whatever today is. "On
    track" compares hours with the share of the year gone by, so which of the demo's people are
    on track moves with the date: in January everyone with a session is, on 31 December nobody
    who has not met the requirement can be. The demo's hours are placed for late in the year."""
    moment = dt.datetime(local_today().year, 11, 15, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=True):
        call_command("seed_demo", verbosity=0)
        yield


def test_manager1_sees_ahead_on_track_behind_overdue_and_gaps(client, demo_late_in_the_year):
    client.force_login(User.objects.get(username="manager1"))
    response = client.get(reverse("dashboards:my_team"))
    assert response.status_code == 200
    statuses = {s.status for s in response.context["hours"]["summaries"].values()}
    assert statuses == {"met", "on_track", "behind"}
    assert response.context["assignments"]["overdue_count"] > 0
    assert any(a["people_with_gaps"] for a in response.context["competency"]["averages"])
    counts = (CreditHourEntry.objects.count(), AssignmentTarget.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (CreditHourEntry.objects.count(), AssignmentTarget.objects.count()) == counts
    assert OnsiteSession.objects.count() == 5
