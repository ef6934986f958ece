"""The demo gives manager1 a division with people ahead of, on and behind their requirement,
overdue assignments and competency gaps; seeding twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from people.models import User
from training.models import AssignmentTarget, CreditHourEntry, OnsiteSession

pytestmark = pytest.mark.django_db


def test_manager1_sees_ahead_on_track_behind_overdue_and_gaps(client, demo):
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
