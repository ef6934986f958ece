"""Roles carry exactly the admin permissions their work needs, on every install."""

import pytest
from django.contrib.auth.models import Group

from people.models import Role
from people.roles import ROLE_GROUPS
from tests.factories import UserFactory, grant_role


@pytest.mark.django_db
def test_role_groups_exist_after_migrate_without_any_demo():
    for _role, (name, permissions) in ROLE_GROUPS.items():
        group = Group.objects.get(name=name)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(permissions)


@pytest.mark.django_db
def test_expert_may_author_questions_but_not_edit_the_framework():
    expert = UserFactory()
    grant_role(expert, Role.EXPERT)
    assert expert.has_perm("quizzes.add_question")
    assert expert.has_perm("quizzes.change_assessment")
    assert not expert.has_perm("quizzes.change_competence")
    assert not expert.has_perm("people.change_profile")


@pytest.mark.django_db
def test_revoking_the_last_assignment_of_a_role_removes_its_permissions():
    from people.services import role_revoke

    organizer = UserFactory()
    grant_role(organizer, Role.ORGANIZER)
    assert organizer.has_perm("wagtailadmin.access_admin")
    role_revoke(user=organizer, role=Role.ORGANIZER)
    organizer = type(organizer).objects.get(pk=organizer.pk)
    assert not organizer.has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
def test_manager_and_learner_roles_grant_no_admin_permission():
    person = UserFactory()
    grant_role(person, Role.LEARNER)
    unit_manager = UserFactory()
    from tests.factories import OrgUnitFactory

    grant_role(unit_manager, Role.MANAGER, OrgUnitFactory())
    for user in (person, unit_manager):
        user = type(user).objects.get(pk=user.pk)
        assert user.get_all_permissions() == set()
