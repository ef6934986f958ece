"""Learners answer numerical and essay questions: the attempt page, autosave and the plain form,
the review, and nothing on the page that gives an accepted answer or the marking away."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import Answer, MarkingWait, Result
from quizzes.services import attempt_start, attempt_submit
from tests.factories.quizzes import assessment_with_new_types

from .test_autosave_queries import _writes_and_reads


@pytest.fixture
def assessment(db):
    return assessment_with_new_types(word_limit=10)


def slot_of(attempt, qtype) -> int:
    return attempt.answers.get(question_version__qtype=qtype).slot


def save(client, attempt, fields, **extra):
    return client.post(reverse("quizzes:save", args=[attempt.pk]), fields, **extra)


def autosave(client, attempt, slot, text):
    return save(
        client, attempt, {"slots": [slot], f"s{slot}": text}, HTTP_ACCEPT="application/json"
    )


def test_the_page_shows_a_decimal_input_with_its_units_and_the_essay_with_its_material(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    html = client.get("/en" + reverse("quizzes:take", args=[attempt.pk])).content.decode()
    number, essay = slot_of(attempt, "numerical"), slot_of(attempt, "essay")
    assert f'name="s{number}"' in html and 'inputmode="decimal"' in html
    assert "km, m" in html  # the accepted units, listed
    assert "材料：某区推行" in html  # the essay's material above its answer box
    assert f'<textarea class="attempt-essay" id="s{essay}-text" name="s{essay}"' in html
    assert 'data-word-limit="10"' in html and 'data-role="word-count">0<' in html
    assert f'type="file" id="s{essay}-file" name="s{essay}-file"' in html
    assert 'enctype="multipart/form-data"' in html  # the no-JS form can carry the file


def test_the_page_never_holds_accepted_numbers_feedback_rubric_or_marker_guide(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    html = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    versions = {a.question_version.qtype: a.question_version for a in attempt.answers.all()}
    numerical, essay = versions["numerical"].payload, versions["essay"].payload
    secrets = [essay["marker_guide"], versions["numerical"].explanation]
    secrets += [item["feedback"] for item in numerical["answers"]]
    secrets += [criterion["criterion"] for criterion in essay["rubric"]]
    secrets += [level["label"] for c in essay["rubric"] for level in c["levels"]]
    for secret in secrets:
        assert secret not in html
    for number in ("12.5", "1000", "0.5"):
        assert number not in html
    for word in ("fraction", "feedback", "explanation", "rubric", "marker", "tolerance"):
        assert word not in html.lower().replace("data-msg", "")


def test_a_numerical_autosave_is_one_read_and_one_update_and_replies_with_no_answer(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    slot = slot_of(attempt, "numerical")
    with CaptureQueriesContext(connection) as captured:
        reply = autosave(client, attempt, slot, "１２．５ ｋｍ")
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) == {"ok", "saved", "saved_at", "remaining_seconds"}
    assert body["saved"] == {str(slot): 1}
    assert "12.5" not in json.dumps(body)
    assert len(_writes_and_reads(captured.captured_queries)) == 2
    assert attempt.answers.get(slot=slot).response == {"text": "１２．５ ｋｍ"}


def test_an_essay_autosave_is_one_read_and_one_update(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    slot = slot_of(attempt, "essay")
    with CaptureQueriesContext(connection) as captured:
        reply = autosave(client, attempt, slot, "数据\n共享")
    assert reply.status_code == 200 and reply.json()["saved"] == {str(slot): 1}
    assert len(_writes_and_reads(captured.captured_queries)) == 2
    assert attempt.answers.get(slot=slot).response == {"text": "数据\n共享"}


@pytest.mark.parametrize(
    ("qtype", "text", "says"),
    [
        ("numerical", "about twelve", "number"),
        ("numerical", "12" * 300, "500"),
        ("essay", "一二三四五六七八九十十一", "limit"),
        ("essay", "one two three four five six seven eight nine ten eleven", "limit"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    client, learner, assessment, qtype, text, says
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    slot = slot_of(attempt, qtype)
    autosave(client, attempt, slot, "12" if qtype == "numerical" else "短答")
    before = attempt.answers.get(slot=slot)
    english = {"HTTP_ACCEPT": "application/json", "HTTP_ACCEPT_LANGUAGE": "en"}
    reply = client.post(
        "/en" + reverse("quizzes:save", args=[attempt.pk]),
        {"slots": [slot], f"s{slot}": text},
        **english,
    )
    assert reply.status_code == 400
    assert says in reply.json()["message"]
    after = attempt.answers.get(slot=slot)
    assert (after.response, after.revision) == (before.response, before.revision)
    # The plain form says so on the page instead, and changes nothing either.
    plain = save(client, attempt, {"slots": [slot], f"s{slot}": text})
    assert plain.status_code == 302 and plain.url == reverse("quizzes:take", args=[attempt.pk])
    assert attempt.answers.get(slot=slot).revision == before.revision


def test_the_plain_form_saves_and_submits_both_types_without_javascript(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    single, number, essay = (slot_of(attempt, t) for t in ("single", "numerical", "essay"))
    choice = next(
        o["id"]
        for o in attempt.answers.get(slot=single).question_version.payload["options"]
        if o["fraction"] == 1
    )
    fields = {
        "slots": [single, number, essay],
        f"s{single}": choice,
        f"s{number}": "12500 m",
        f"s{essay}": "群众少跑腿。",
    }
    saved = save(client, attempt, fields)
    assert saved.status_code == 302
    assert attempt.answers.get(slot=number).response == {"text": "12500 m"}
    assert attempt.answers.get(slot=essay).response == {"text": "群众少跑腿。"}
    fields[f"s{number}"] = "12.5"
    client.post(reverse("quizzes:submit", args=[attempt.pk]), fields)
    answers = {a.slot: a for a in attempt.answers.all()}
    assert answers[number].response == {"text": "12.5"} and answers[number].score == 1
    # Nothing is credited before an expert marks the essay: it keeps no score of its own, and
    # the attempt has no Result until its marks are final.
    assert answers[essay].score is None
    assert not Result.objects.filter(attempt=attempt).exists()
    assert MarkingWait.objects.filter(attempt=attempt).exists()


def test_the_review_shows_the_number_typed_the_accepted_answers_and_the_essay_awaiting_marking(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    number, essay = slot_of(attempt, "numerical"), slot_of(attempt, "essay")
    save(
        client,
        attempt,
        {
            "slots": [number, essay],
            f"s{number}": "13.5km",
            f"s{essay}": "第一段<script>x</script>\n第二段",
        },
    )
    attempt_submit(attempt_id=attempt.pk)
    html = client.get("/en" + reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "13.5km" in html
    assert "12.5 ± 0.5 km" in html and "12 ± 2 km (50% of the points)" in html
    assert "接近。" in html  # the feedback of the answer the number fell within
    assert "&lt;script&gt;x&lt;/script&gt;<br>第二段" in html  # escaped, line breaks kept
    assert "<script>x</script>" not in html
    assert "Awaiting marking (out of 1 points)" in html
    assert "评分要点" not in html  # the marker's guide is never the learner's


def test_a_blank_essay_waits_for_nobody_and_earns_nothing(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    essay = slot_of(attempt, "essay")
    attempt_submit(attempt_id=attempt.pk)  # the essay left blank: there is nothing to mark
    html = client.get("/en" + reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "Awaiting marking" not in html
    assert Answer.objects.get(attempt=attempt, slot=essay).score == Decimal(0)
    assert Result.objects.filter(attempt=attempt).exists()
    assert not MarkingWait.objects.filter(attempt=attempt).exists()


def test_the_accepted_numbers_stay_hidden_when_the_review_policy_shows_only_the_score(
    client, learner, assessment
):
    assessment.review_policy = "score"
    assessment.save()
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    autosave(client, attempt, slot_of(attempt, "numerical"), "3")
    attempt_submit(attempt_id=attempt.pk)
    html = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "12.5" not in html and "接近。" not in html
