"""The header's "Assessments" link is asked on every page: the answer is cached, and a test
saved, closed or deleted changes it at once."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.selectors import assessments_open_exist
from tests.factories.quizzes import AssessmentFactory


def test_the_answer_is_read_once_then_served_from_the_cache(db):
    AssessmentFactory()
    assert assessments_open_exist() is True
    with CaptureQueriesContext(connection) as captured:
        assert assessments_open_exist() is True
    assert captured.captured_queries == []


def test_closing_or_deleting_the_only_open_test_hides_the_link_at_once(client, learner, db):
    client.force_login(learner)
    url = reverse("quizzes:list")
    assessment = AssessmentFactory()
    assert url in client.get(reverse("training:my_learning")).content.decode()
    assessment.closes_at = timezone.now() - timedelta(minutes=1)
    assessment.save()
    assert url not in client.get(reverse("training:my_learning")).content.decode()
    assessment.closes_at = None
    assessment.save()
    assert url in client.get(reverse("training:my_learning")).content.decode()
    assessment.delete()
    assert url not in client.get(reverse("training:my_learning")).content.decode()


def test_the_cached_windows_follow_the_clock_without_a_save(db):
    now = timezone.now()
    AssessmentFactory(opens_at=now + timedelta(minutes=5))
    assert assessments_open_exist() is False
    later = now + timedelta(minutes=6)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        CaptureQueriesContext(connection) as captured,
    ):
        assert assessments_open_exist() is True
    assert captured.captured_queries == []
