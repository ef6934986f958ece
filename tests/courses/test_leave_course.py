"""Leaving a course asks first: the GET is a confirmation page that changes nothing, the POST
from it leaves; someone else's enrolment does not exist."""

import pytest
from django.urls import reverse

from courses.models import Enrolment

pytestmark = pytest.mark.django_db


def test_the_leave_link_opens_a_confirmation_that_changes_nothing(client, learner, enrolled):
    client.force_login(learner)
    detail = client.get(reverse("courses:enrolment_detail", args=[enrolled.pk])).content.decode()
    leave = reverse("courses:withdraw", args=[enrolled.pk])
    assert f'href="{leave}"' in detail
    confirm = client.get(leave, HTTP_ACCEPT_LANGUAGE="en")
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert f'method="post" action="{leave}"' in html
    assert reverse("courses:enrolment_detail", args=[enrolled.pk]) in html
    enrolled.refresh_from_db()
    assert enrolled.status == Enrolment.Status.ACTIVE


def test_confirming_leaves_the_course(client, learner, enrolled):
    client.force_login(learner)
    response = client.post(reverse("courses:withdraw", args=[enrolled.pk]))
    assert response.status_code == 302
    enrolled.refresh_from_db()
    assert enrolled.status == Enrolment.Status.WITHDRAWN
    # Once left, the confirmation is not offered again.
    again = client.get(reverse("courses:withdraw", args=[enrolled.pk]))
    assert again["Location"] == reverse("courses:enrolment_detail", args=[enrolled.pk])


def test_another_learners_leave_page_is_404(client, other_learner, enrolled):
    client.force_login(other_learner)
    assert client.get(reverse("courses:withdraw", args=[enrolled.pk])).status_code == 404
