"""Publishing a contest through Wagtail's own publish action in the admin (the `contest_published`
after_publish_page hook) copies its schedule onto its test and queues the decision for its end."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from quizzes.models import ContestMode, ContestPage
from tests.factories.contests import contest_page

pytestmark = pytest.mark.django_db

FORM_DATETIME = "%Y-%m-%d %H:%M"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime(FORM_DATETIME)


def _publish_form(contest: ContestPage, **changes) -> dict:
    fields = {
        "title": contest.title,
        "slug": contest.slug,
        "intro": contest.intro,
        "rules": rich_text("<p>每人一次作答机会。</p>"),
        "mode": contest.mode,
        "assessment": contest.assessment_id,
        "registration_opens_at": _local(contest.registration_opens_at),
        "registration_closes_at": _local(contest.registration_closes_at),
        "starts_at": _local(contest.starts_at),
        "ends_at": _local(contest.ends_at),
        "time_limit_minutes": "20",
        "entry_spread_seconds": str(contest.entry_spread_seconds),
        "human_floor_seconds": str(contest.human_floor_seconds),
        "awards": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    fields.update(changes)
    return nested_form_data(fields)


def test_publishing_a_contest_in_the_admin_syncs_its_test_and_queues_the_decision(
    admin_client, django_capture_on_commit_callbacks
):
    contest = contest_page(
        live=False, mode=ContestMode.PAPER, starts_in=timedelta(days=2), duration=timedelta(hours=2)
    )
    assert not contest.assessment.is_published
    assert not DBTaskResult.objects.filter(task_path="quizzes.tasks.decide_contest").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[contest.pk]), _publish_form(contest)
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    contest = ContestPage.objects.get(pk=contest.pk)
    assert contest.live
    test = contest.assessment
    assert (test.opens_at, test.closes_at) == (contest.starts_at, contest.ends_at)
    assert test.is_published and test.attempts_allowed == 1 and test.time_limit_minutes == 20
    assert test.shuffle_questions and test.shuffle_options
    (task,) = DBTaskResult.objects.filter(task_path="quizzes.tasks.decide_contest")
    assert task.run_after == contest.ends_at
    assert task.args_kwargs["kwargs"] == {"contest_id": contest.pk}
    assert task.status == "READY"


def test_publishing_a_challenge_contest_allows_unlimited_runs(
    admin_client, django_capture_on_commit_callbacks
):
    contest = contest_page(live=False, mode=ContestMode.CHALLENGE, starts_in=timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[contest.pk]), _publish_form(contest)
        )

    contest = ContestPage.objects.get(pk=contest.pk)
    assert contest.live and contest.assessment.attempts_allowed is None
    (task,) = DBTaskResult.objects.filter(task_path="quizzes.tasks.decide_contest")
    assert task.run_after == contest.ends_at


def test_saving_a_draft_neither_syncs_the_test_nor_queues_a_decision(
    admin_client, django_capture_on_commit_callbacks
):
    contest = contest_page(live=False, starts_in=timedelta(days=1))
    form = _publish_form(contest)
    del form["action-publish"]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[contest.pk]), form)

    assert response.status_code == 302
    contest = ContestPage.objects.get(pk=contest.pk)
    assert not contest.live and not contest.assessment.is_published
    assert not DBTaskResult.objects.filter(task_path="quizzes.tasks.decide_contest").exists()
