"""Experts write, reviewers approve: the course review workflow covers every catalogue."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from courses.services import REVIEW_WORKFLOW_NAME, course_review_workflow_ensure
from people.models import Role
from tests.factories import UserFactory, grant_role
from tests.factories import courses as f

pytestmark = pytest.mark.django_db


def test_the_workflow_is_assigned_to_every_catalogue_and_is_idempotent():
    catalogue = f.catalogue()
    catalogue_en = f.translate(catalogue, title="Course catalogue")
    first = course_review_workflow_ensure()
    second = course_review_workflow_ensure()
    assert first.pk == second.pk
    course = f.course(parent=f.topic(parent=catalogue))
    assert course.get_workflow().name == REVIEW_WORKFLOW_NAME
    assert catalogue_en.get_workflow().pk == first.pk
    task = first.tasks.get().specific
    assert set(task.groups.values_list("name", flat=True)) >= {"Reviewers"}


def test_platform_admins_may_review():
    admin = UserFactory()
    grant_role(admin, Role.PLATFORM_ADMIN)
    f.catalogue()
    task = course_review_workflow_ensure().tasks.get().specific
    assert (
        task.user_can_access_editor(Page.objects.first(), admin)
        or task.groups.filter(pk__in=admin.groups.all()).exists()
    )


def test_experts_can_edit_courses_but_not_publish_them():
    expert = UserFactory()
    grant_role(expert, Role.EXPERT)
    course = f.course()
    permissions = course.permissions_for_user(expert)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_reviewers_can_publish_courses():
    catalogue = f.catalogue()
    course_review_workflow_ensure()
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    course = f.course(parent=f.topic(parent=catalogue))
    assert course.permissions_for_user(reviewer).can_publish()


def test_a_fresh_install_reviews_every_catalogue_created_later_without_the_demo():
    # Migrations created the workflow (post_migrate); nothing here calls the demo or ensure().
    from wagtail.models import Workflow

    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW_NAME)
    assert Group.objects.filter(name="Reviewers").exists()
    catalogue = f.catalogue()
    course = f.course(parent=f.topic(parent=catalogue))
    assert course.get_workflow().pk == workflow.pk
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    assert course.permissions_for_user(reviewer).can_publish()
