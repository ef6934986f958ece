"""What the topology test needs on the cluster's primary, made through the services and factories.

Run in the cluster's own environment (`manage.py shell -c`, see test_topology.py), so it writes
to the topology's PostgreSQL primary and its storage. Prints one JSON object: the people's user
names, the password, the course and the English paths the test asks for.
"""

import json
import secrets

from django.urls import reverse
from django.utils import translation

from people.models import OrgUnit, Profile, Role, User
from people.services import org_unit_create, role_grant
from tests.factories.courses import course


def seed() -> dict:
    password = secrets.token_urlsafe(16)
    unit = org_unit_create(name="规模测试局", code="scale", kind=OrgUnit.Kind.DEPARTMENT)
    people = {}
    for name in ("manager_a", "manager_b", "learner_a", "learner_b"):
        user = User.objects.create_user(
            username=f"scale_{name}", password=password, full_name=f"Scale {name}"
        )
        Profile.objects.create(user=user, employee_number=f"SC-{name}", org_unit=unit)
        people[name] = user.username
    for name in ("manager_a", "manager_b"):
        role_grant(user=User.objects.get(username=people[name]), role=Role.MANAGER, org_unit=unit)
    page = course(title=f"Scale topology course {secrets.token_hex(3)}", lessons=1)
    with translation.override("en"):
        paths = {
            "login": reverse("login"),
            "my_team": reverse("dashboards:my_team"),
            "assign": reverse("dashboards:assign"),
            "ask": reverse("qanda:ask", args=[page.pk]),
            "course": page.url,
        }
    return {
        "people": people,
        "password": password,
        "unit_id": unit.pk,
        "course_id": page.pk,
        "course_title": page.title,
        "paths": paths,
    }


print("SEED " + json.dumps(seed()))
