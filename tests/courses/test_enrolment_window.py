"""Self-enrolment only inside the course's enrolment window, with clear messages otherwise."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment
from courses.services import EnrolmentError, enrolment_create, enrolment_withdraw
from tests.factories import courses as f

# These tests read the English wording; the Chinese wording is the catalogue's business.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_learner_enrols_inside_the_window(learner, course):
    enrolment = enrolment_create(user=learner, course=course)
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.course_id == course.pk


def test_enrolment_before_the_window_opens_is_refused_with_the_opening_date(learner):
    opens = timezone.localdate() + dt.timedelta(days=10)
    course = f.course(enrolment_opens=opens, enrolment_closes=opens + dt.timedelta(days=5))
    with pytest.raises(EnrolmentError, match="opens on"):
        enrolment_create(user=learner, course=course)
    assert not Enrolment.objects.exists()


def test_enrolment_after_the_window_closes_is_refused(learner):
    closes = timezone.localdate() - dt.timedelta(days=1)
    course = f.course(enrolment_opens=closes - dt.timedelta(days=30), enrolment_closes=closes)
    with pytest.raises(EnrolmentError, match="closed on"):
        enrolment_create(user=learner, course=course)
    assert not Enrolment.objects.exists()


def test_the_window_is_counted_in_local_dates(learner):
    # 23:30 UTC on the closing day is already the next day in Beijing: too late.
    closes = dt.date(2026, 3, 1)
    course = f.course(enrolment_opens=dt.date(2026, 1, 1), enrolment_closes=closes)
    late = dt.datetime(2026, 3, 1, 16, 30, tzinfo=dt.UTC)
    with pytest.raises(EnrolmentError):
        enrolment_create(user=learner, course=course, now=late)
    in_time = dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC)
    assert enrolment_create(user=learner, course=course, now=in_time).pk


def test_enrolling_twice_is_refused(learner, course):
    enrolment_create(user=learner, course=course)
    with pytest.raises(EnrolmentError, match="already enrolled"):
        enrolment_create(user=learner, course=course)
    assert Enrolment.objects.count() == 1


def test_enrolling_on_the_english_page_enrols_on_the_chinese_course(learner, course):
    topic = course.get_parent().specific
    f.translate(topic.get_parent().specific)
    f.translate(topic)
    course_en = f.translate(course, title="Data sharing")
    enrolment = enrolment_create(user=learner, course=course_en)
    assert enrolment.course_id == course.pk


def test_withdrawing_then_enrolling_again_reopens_the_same_enrolment(learner, course):
    enrolment = enrolment_create(user=learner, course=course)
    enrolment_withdraw(enrolment=enrolment)
    again = enrolment_create(user=learner, course=course)
    assert again.pk == enrolment.pk
    assert again.status == Enrolment.Status.ACTIVE


def test_the_enrol_view_shows_the_refusal_message(client, learner):
    closes = timezone.localdate() - dt.timedelta(days=1)
    course = f.course(enrolment_opens=closes - dt.timedelta(days=30), enrolment_closes=closes)
    client.force_login(learner)
    response = client.post(reverse("courses:enrol", args=[course.pk]), follow=True)
    assert "closed on" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_enrol_view_enrols_and_returns_to_the_course(client, learner, course):
    client.force_login(learner)
    response = client.post(reverse("courses:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert response.url == course.url
    assert Enrolment.objects.filter(user=learner, course=course).exists()


def test_enrolling_needs_a_login(client, course):
    response = client.post(reverse("courses:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert not Enrolment.objects.exists()
