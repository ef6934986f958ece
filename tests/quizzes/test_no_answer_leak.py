"""Answers the learner must not yet know never reach the browser while the attempt is open: not
in the page, not in the autosave replies."""

import json

from django.urls import reverse

from quizzes.models import Answer
from quizzes.services import attempt_start


def secrets_of(attempt) -> list[str]:
    """Every string that would give an answer away: feedback, explanations, accepted fill-in
    answers, matching pairs as pairs."""
    found = []
    for answer in Answer.objects.filter(attempt=attempt).select_related("question_version"):
        version = answer.question_version
        payload = version.payload
        found.append(version.explanation)
        for option in payload.get("options", []):
            found.append(option["feedback"])
        for item in payload.get("answers", []):
            found += [item["text"], item["feedback"]]
    return [text for text in found if text]


def test_the_in_progress_page_holds_no_feedback_explanation_or_accepted_answer(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    html = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert "关于single的测试题" in html  # the page did render the questions
    for secret in secrets_of(attempt):
        assert secret not in html
    for word in ("fraction", "feedback", "explanation", "regex", "correct"):
        assert word not in html.lower().replace("data-msg", "")


def test_right_and_wrong_options_look_the_same_in_the_page(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    html = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    answer = attempt.answers.select_related("question_version").get(
        question_version__qtype="single"
    )
    options = answer.question_version.payload["options"]
    right = next(o for o in options if o["fraction"] == 1)
    wrong = next(o for o in options if o["fraction"] == 0)
    markup = lambda option: html.split(f'value="{option["id"]}"')[0].rsplit("<label", 1)[1]  # noqa: E731
    assert markup(right) == markup(wrong)
    # Option ids are random, so their order says nothing about which was written first.
    assert right["id"] not in ("a", "0", "1", "opt1")


def test_autosave_replies_carry_no_score_or_answer(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    answer = attempt.answers.select_related("question_version").get(
        question_version__qtype="single"
    )
    right = next(o for o in answer.question_version.payload["options"] if o["fraction"] == 1)
    client.force_login(learner)
    reply = client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {"slots": [answer.slot], f"s{answer.slot}": right["id"]},
        HTTP_ACCEPT="application/json",
    )
    body = reply.json()
    assert set(body) == {"ok", "saved", "saved_at", "remaining_seconds"}
    text = json.dumps(body, ensure_ascii=False)
    for secret in secrets_of(attempt):
        assert secret not in text


def test_the_result_page_shows_no_answers_until_the_review_policy_allows(
    client, learner, assessment
):
    assessment.review_policy = "score"
    assessment.save()
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    html = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "0 of 5 points" in html or "5" in html
    for secret in secrets_of(attempt):
        assert secret not in html
