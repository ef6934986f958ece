"""Authorization matrix: every URL that takes an object id, requested by someone who must not see
that object, answers 403 or 404 — and the denial lands in the audit log.

The matrix is data: an app that adds an object URL appends a Case to CASES (the `world` fixture
builds the objects and people it needs; add what your case needs there).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from people.models import PeopleImport, Role
from tests.factories import OrgUnitFactory, ProfileFactory, grant_role
from tests.factories.contests import contest_page
from trust.models import AuditAction, AuditEvent, AuditResult

from .conftest import form_login

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    name: str
    user: str  # a key of the world
    url: Callable[[dict], str]
    status: int  # 403 or 404
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda w: {})


@pytest.fixture
def world(client):
    """Two units with a manager each, staff and learners, and objects that belong to someone."""
    unit_a = OrgUnitFactory(code="unit-a")
    unit_b = OrgUnitFactory(code="unit-b")
    manager_a = ProfileFactory(org_unit=unit_a).user
    grant_role(manager_a, Role.MANAGER, unit_a)
    manager_b = ProfileFactory(org_unit=unit_b).user
    grant_role(manager_b, Role.MANAGER, unit_b)
    expert = ProfileFactory(org_unit=unit_a).user
    grant_role(expert, Role.EXPERT)
    admin = ProfileFactory(org_unit=unit_a).user
    grant_role(admin, Role.PLATFORM_ADMIN)
    learner = ProfileFactory(org_unit=unit_a).user
    person_b = ProfileFactory(org_unit=unit_b)
    people_import = PeopleImport.objects.create(
        file="imports/people/x.csv", original_name="x.csv", created_by=admin
    )
    victim = Client()
    form_login(victim, person_b.user.username, ip="10.7.7.7")
    return {
        "unit_b": unit_b,
        "manager_a": manager_a,
        "expert": expert,
        "learner": learner,
        "person_b": person_b,
        "role_b": person_b.user.role_assignments.first() or manager_b.role_assignments.first(),
        "import": people_import,
        "session_b": UserSession.objects.get(user=person_b.user),
        "contest": contest_page(),
    }


CASES = [
    # people: HR import reports (Wagtail admin)
    Case("import detail, learner", "learner", lambda w: reverse("people_import_detail", args=[w["import"].pk]), 403),
    Case("import detail, expert", "expert", lambda w: reverse("people_import_detail", args=[w["import"].pk]), 403),
    # people: snippets and the user editor (Wagtail admin)
    Case("profile edit, learner", "learner", lambda w: reverse("wagtailsnippets_people_profile:edit", args=[w["person_b"].pk]), 403),
    Case("profile edit, expert", "expert", lambda w: reverse("wagtailsnippets_people_profile:edit", args=[w["person_b"].pk]), 403),
    Case("profile edit, manager", "manager_a", lambda w: reverse("wagtailsnippets_people_profile:edit", args=[w["person_b"].pk]), 403),
    Case("role edit, expert", "expert", lambda w: reverse("wagtailsnippets_people_roleassignment:edit", args=[w["role_b"].pk]), 403),
    Case("org unit edit, expert", "expert", lambda w: reverse("wagtailsnippets_people_orgunit:edit", args=[w["unit_b"].pk]), 403),
    Case("user edit, expert", "expert", lambda w: reverse("wagtailusers_users:edit", args=[w["person_b"].user.pk]), 403),
    # dashboards: My team, filtered to a unit outside the manager's subtree
    Case("my team, other unit", "manager_a", lambda w: reverse("dashboards:my_team") + "?unit=unit-b", 404),
    Case("my team, learner", "learner", lambda w: reverse("dashboards:my_team"), 404),
    # trust: someone else's session, the audit log, unlocking, anonymising
    Case("end another's session", "learner", lambda w: reverse("trust:session_end", args=[w["session_b"].pk]), 404, method="post"),
    Case("audit log, manager", "manager_a", lambda w: reverse("trust_audit_list"), 403),
    Case("audit export, expert", "expert", lambda w: reverse("trust_audit_export"), 403),
    Case("unlock, expert", "expert", lambda w: reverse("trust_lockout_unlock"), 403, method="post", data=lambda w: {"username": "x"}),
    Case("anonymise, expert", "expert", lambda w: reverse("trust_person_anonymise", args=[w["person_b"].user.pk]), 403, method="post"),
    # quizzes: a contest's registrations and integrity flags (organizers and platform admins only)
    Case("contest registrations, learner", "learner", lambda w: reverse("quizzes_contests:detail", args=[w["contest"].pk]), 403),
    Case("contest registrations, manager", "manager_a", lambda w: reverse("quizzes_contests:detail", args=[w["contest"].pk]), 403),
    Case("contest registrations, expert", "expert", lambda w: reverse("quizzes_contests:detail", args=[w["contest"].pk]), 403),
    Case("contest list, expert", "expert", lambda w: reverse("quizzes_contests:index"), 403),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_object_urls_refuse_people_outside_their_scope_and_audit_it(case, world):
    user = world[case.user]
    client = Client()
    client.force_login(user)
    before = AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).count()
    response = getattr(client, case.method)(case.url(world), case.data(world))
    assert response.status_code == case.status, (case.name, response.status_code)
    denials = AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).order_by("pk")
    assert denials.count() == before + 1, case.name
    event = denials.last()
    assert event.actor == user and event.result == AuditResult.DENIED
    assert event.details["path"] == case.url(world).split("?")[0]


def test_nothing_was_changed_by_the_refused_posts(world):
    for case in [c for c in CASES if c.method == "post"]:
        client = Client()
        client.force_login(world[case.user])
        getattr(client, case.method)(case.url(world), case.data(world))
    person_b = world["person_b"]
    person_b.user.refresh_from_db()
    assert not person_b.user.username.startswith("anonymised-")
    assert UserSession.objects.filter(pk=world["session_b"].pk).exists()
