"""The autosave is the hottest write of every test: its queries are counted, so a change that adds
one per save shows up here (a thousand contestants save every few seconds)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import Answer
from quizzes.services import attempt_start

from .conftest import right_responses
from .test_attempt_pages import form_fields


def _writes_and_reads(captured) -> list[str]:
    """The statements of the request that are not the session, the user or the transaction."""
    skip = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")
    return [
        q["sql"]
        for q in captured
        if not q["sql"].startswith(skip)
        and "django_session" not in q["sql"]
        and '"people_user"' not in q["sql"].split("WHERE")[0]
        and "people_roleassignment" not in q["sql"]
    ]


def test_an_autosave_of_every_question_type_is_one_locked_read_and_one_update(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    save_url = reverse("quizzes:save", args=[attempt.pk])
    for slot, response in right_responses(attempt).items():
        with CaptureQueriesContext(connection) as captured:
            reply = client.post(
                save_url, form_fields({slot: response}), HTTP_ACCEPT="application/json"
            )
        assert reply.status_code == 200
        assert reply.json()["saved"] == {str(slot): 1}
        statements = _writes_and_reads(captured.captured_queries)
        assert len(statements) == 2, statements
        assert statements[0].startswith("SELECT") and statements[1].startswith("UPDATE")
        assert Answer.objects.get(attempt=attempt, slot=slot).response is not None


def test_an_autosave_for_someone_elses_attempt_is_a_404_and_changes_nothing(
    client, learner, other_learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    slot, response = next(iter(right_responses(attempt).items()))
    client.force_login(other_learner)
    reply = client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        form_fields({slot: response}),
        HTTP_ACCEPT="application/json",
    )
    assert reply.status_code == 404
    assert Answer.objects.get(attempt=attempt, slot=slot).revision == 0


def test_an_autosave_of_an_unknown_slot_saves_nothing_and_says_so(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    reply = client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {"slots": ["999"], "s999": "x"},
        HTTP_ACCEPT="application/json",
    )
    assert reply.status_code == 200
    assert reply.json()["saved"] == {}
