"""Bulk issue to chosen people: only those listed get a certificate, each must have earned it, and
an unknown employee number or a person who has not earned it is named and nothing is queued."""

from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.models import BulkIssue, Certificate
from tests.factories import courses as course_factories
from tests.factories.certificates import completed_enrolment
from tests.factories.people import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return course_factories.course(lessons=0, credit_hours=Decimal("1.5"))


def completer(course, number: str):
    profile = ProfileFactory(employee_number=number)
    completed_enrolment(user=profile.user, course=course)
    return profile.user


def test_a_bulk_issue_for_chosen_people_issues_only_to_them(admin_client, course, run_tasks):
    chosen = [completer(course, "E1001"), completer(course, "E1002")]
    other = completer(course, "E1003")
    with run_tasks():
        response = admin_client.post(
            reverse("certificates_bulk_list"),
            {"course": course.pk, "people": "E1001，E1002\nE1001"},
        )
    assert response.status_code == 302
    bulk = BulkIssue.objects.get()
    assert set(bulk.people.all()) == set(chosen)
    assert (bulk.status, bulk.total, bulk.done, bulk.failed) == ("done", 2, 2, 0)
    holders = set(Certificate.objects.values_list("holder_id", flat=True))
    assert holders == {person.pk for person in chosen}
    assert other.pk not in holders
    listing = admin_client.get(reverse("certificates_bulk_list")).content.decode()
    assert "2 位指定人员" in listing


def test_an_unknown_employee_number_is_named_and_nothing_is_queued(admin_client, course):
    completer(course, "E2001")
    response = admin_client.post(
        reverse("certificates_bulk_list"), {"course": course.pk, "people": "E2001 NOPE-9"}
    )
    assert response.status_code == 200
    assert "以下工号没有对应人员：NOPE-9" in response.content.decode()
    assert not BulkIssue.objects.exists()


def test_a_chosen_person_who_has_not_completed_is_named_and_nothing_is_queued(admin_client, course):
    completer(course, "E3001")
    ProfileFactory(employee_number="E3002", user__full_name="未完成者")
    response = admin_client.post(
        reverse("certificates_bulk_list"), {"course": course.pk, "people": "E3001 E3002"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "尚未完成课程" in page and "未完成者" in page
    assert not BulkIssue.objects.exists()
    assert not Certificate.objects.exists()


def test_an_empty_list_still_issues_to_every_completer(admin_client, course, run_tasks):
    completer(course, "E4001")
    completer(course, "E4002")
    with run_tasks():
        admin_client.post(reverse("certificates_bulk_list"), {"course": course.pk, "people": ""})
    assert BulkIssue.objects.get().total == 2
    assert Certificate.objects.count() == 2
