"""A learner's progress is theirs: another learner can neither see nor change it."""

import pytest
from django.urls import reverse

from courses.models import Enrolment, LessonProgress
from courses.services import enrolment_create

pytestmark = pytest.mark.django_db


def test_another_learners_enrolment_is_not_found(client, learner, other_learner, course, enrolled):
    client.force_login(other_learner)
    assert client.get(reverse("courses:enrolment_detail", args=[enrolled.pk])).status_code == 404
    assert client.post(reverse("courses:withdraw", args=[enrolled.pk])).status_code == 404
    enrolled.refresh_from_db()
    assert enrolled.status == Enrolment.Status.ACTIVE


def test_a_learner_sees_their_own_enrolment(client, learner, course, enrolled):
    client.force_login(learner)
    response = client.get(reverse("courses:enrolment_detail", args=[enrolled.pk]))
    assert response.status_code == 200
    assert course.title in response.content.decode()


def test_heartbeats_only_touch_the_senders_own_progress(
    client, learner, other_learner, course, enrolled
):
    lesson = course.get_children().first().specific
    enrolment_create(user=other_learner, course=course)
    client.force_login(other_learner)
    client.get(lesson.url)
    client.post(reverse("courses:heartbeat", args=[lesson.pk]))
    assert not LessonProgress.objects.filter(user=learner).exists()
    assert LessonProgress.objects.filter(user=other_learner).count() == 1


def test_my_learning_lists_only_my_courses(client, learner, other_learner, course, enrolled):
    client.force_login(other_learner)
    html = client.get(reverse("training:my_learning")).content.decode()
    assert course.title not in html
