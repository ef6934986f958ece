"""Manager scope: a manager of unit X sees X and everything below it, never a sibling."""

import pytest
from django.urls import reverse

from people.models import Role
from people.selectors import managed_unit_paths, profiles_in_scope, units_in_scope
from tests.factories import ProfileFactory, UserFactory, grant_role


@pytest.fixture
def people(tree):
    return {
        "in_bureau": ProfileFactory(org_unit=tree["bureau"]),
        "in_section": ProfileFactory(org_unit=tree["section"]),
        "in_sibling": ProfileFactory(org_unit=tree["sibling"]),
        "in_root": ProfileFactory(org_unit=tree["root"]),
    }


def test_manager_sees_own_unit_and_everything_below(tree, people):
    manager = UserFactory()
    grant_role(manager, Role.MANAGER, tree["bureau"])
    visible = set(profiles_in_scope(user=manager))
    assert visible == {people["in_bureau"], people["in_section"]}
    assert set(units_in_scope(user=manager)) == {tree["bureau"], tree["section"]}


def test_manager_never_sees_a_sibling_or_parent_unit(tree, people):
    manager = UserFactory()
    grant_role(manager, Role.MANAGER, tree["bureau"])
    visible = set(profiles_in_scope(user=manager))
    assert people["in_sibling"] not in visible
    assert people["in_root"] not in visible


def test_manager_of_two_units_sees_both_subtrees_once(tree, people):
    manager = UserFactory()
    grant_role(manager, Role.MANAGER, tree["bureau"])
    grant_role(manager, Role.MANAGER, tree["section"])
    grant_role(manager, Role.MANAGER, tree["sibling"])
    assert managed_unit_paths(user=manager) == sorted([tree["bureau"].path, tree["sibling"].path])
    assert profiles_in_scope(user=manager).count() == 3


def test_learner_has_no_scope_and_platform_admin_sees_everything(tree, people):
    learner = UserFactory()
    grant_role(learner, Role.LEARNER)
    assert profiles_in_scope(user=learner).count() == 0
    admin = UserFactory()
    grant_role(admin, Role.PLATFORM_ADMIN)
    assert profiles_in_scope(user=admin).count() == 4


def test_moving_a_unit_moves_its_people_into_the_new_managers_scope(tree, people):
    from people.services import org_unit_update

    manager = UserFactory()
    grant_role(manager, Role.MANAGER, tree["sibling"])
    section = tree["section"]
    org_unit_update(
        unit=section,
        name=section.name,
        code=section.code,
        kind=section.kind,
        parent=tree["sibling"],
    )
    assert people["in_section"] in set(profiles_in_scope(user=manager))


def test_my_team_page_lists_only_people_in_scope(client, tree, people, password):
    manager = UserFactory()
    grant_role(manager, Role.MANAGER, tree["bureau"])
    client.login(username=manager.username, password=password)
    response = client.get(reverse("dashboards:my_team"))
    assert response.status_code == 200
    names = {profile.employee_number for profile in response.context["page"].object_list}
    assert names == {people["in_bureau"].employee_number, people["in_section"].employee_number}
    assert people["in_sibling"].user.full_name not in response.content.decode()


def test_my_team_filter_by_a_unit_outside_scope_is_404(client, tree, people, password):
    manager = UserFactory()
    grant_role(manager, Role.MANAGER, tree["bureau"])
    client.login(username=manager.username, password=password)
    assert client.get(reverse("dashboards:my_team"), {"unit": "sibling"}).status_code == 404
    response = client.get(reverse("dashboards:my_team"), {"unit": "section"})
    assert [p.employee_number for p in response.context["page"].object_list] == [
        people["in_section"].employee_number
    ]


def test_my_team_is_404_for_a_learner(client, tree, password):
    learner = ProfileFactory(org_unit=tree["section"]).user
    client.login(username=learner.username, password=password)
    assert client.get(reverse("dashboards:my_team")).status_code == 404


def test_my_team_query_count_does_not_grow_with_team_size(
    client, tree, password, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager = UserFactory()
    grant_role(manager, Role.MANAGER, tree["bureau"])
    client.login(username=manager.username, password=password)
    ProfileFactory(org_unit=tree["section"])
    client.get(reverse("dashboards:my_team"))  # warm the per-process caches (navigation, sites)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboards:my_team"))
    ProfileFactory.create_batch(15, org_unit=tree["section"])
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("dashboards:my_team"))
    assert len(small) == len(large)
