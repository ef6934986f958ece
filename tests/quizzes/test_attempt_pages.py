"""Taking a test through the pages: autosave, plain-form fallback, resume on another device,
double submit, results and the nav link."""

from django.test import Client
from django.urls import reverse

from quizzes.models import Attempt, Result
from quizzes.services import attempt_start
from tests.factories.quizzes import AssessmentFactory

from .conftest import right_responses


def form_fields(responses: dict[int, dict]) -> dict:
    """The fields a browser would post for these responses."""
    fields = {"slots": list(responses)}
    for slot, response in responses.items():
        if "choice" in response:
            fields[f"s{slot}"] = response["choice"]
        elif "choices" in response:
            fields[f"s{slot}"] = response["choices"]
        elif "text" in response:
            fields[f"s{slot}"] = response["text"]
        else:
            for index, right in response["matches"].items():
                fields[f"s{slot}-m{index}"] = right
    return fields


def test_start_take_autosave_resume_and_submit(client, learner, assessment):
    client.force_login(learner)
    reply = client.post(reverse("quizzes:start", args=[assessment.slug]))
    attempt = Attempt.objects.get(user=learner)
    assert reply.url == reverse("quizzes:take", args=[attempt.pk])
    responses = right_responses(attempt)
    save_url = reverse("quizzes:save", args=[attempt.pk])
    for slot, response in responses.items():
        body = client.post(
            save_url, form_fields({slot: response}), HTTP_ACCEPT="application/json"
        ).json()
        assert body["ok"] and body["saved"] == {str(slot): 1}

    # Another device: a new session of the same learner sees every saved answer.
    phone = Client()
    phone.force_login(learner)
    html = phone.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    fill_slot = next(s for s, r in responses.items() if "text" in r)
    assert f'value="{responses[fill_slot]["text"]}"' in html
    assert html.count(" checked") >= 3 and " selected" in html

    first = client.post(reverse("quizzes:submit", args=[attempt.pk]))
    second = phone.post(reverse("quizzes:submit", args=[attempt.pk]))
    assert first.url == second.url == reverse("quizzes:result", args=[attempt.pk])
    assert Result.objects.filter(attempt=attempt).count() == 1
    page = client.get(first.url).content.decode()
    assert "100%" in page and "解析：这是解析。" in page  # immediate full review


def test_the_plain_form_saves_and_submits_without_javascript(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    fields = form_fields(right_responses(attempt))
    saved = client.post(reverse("quizzes:save", args=[attempt.pk]), fields)
    assert saved.status_code == 302 and saved.url == reverse("quizzes:take", args=[attempt.pk])
    assert attempt.answers.exclude(response=None).count() == 5
    client.post(reverse("quizzes:submit", args=[attempt.pk]), fields)
    assert Result.objects.get(attempt=attempt).percent == 100


def test_a_beacon_sent_as_the_page_closes_is_saved_like_an_autosave(client, learner, assessment):
    """The page hands typed text to navigator.sendBeacon on the way out; a beacon cannot ask for
    JSON, so it says via=beacon, and gets the autosave's reply with no flash for a later page."""
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    responses = right_responses(attempt)
    slot = next(s for s, r in responses.items() if "text" in r)
    reply = client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {**form_fields({slot: responses[slot]}), "via": "beacon"},
    )
    assert reply.status_code == 200 and reply.json()["saved"] == {str(slot): 1}
    assert attempt.answers.get(slot=slot).response == responses[slot]
    from django.utils.translation import gettext

    flash = gettext("Your answers are saved.")
    assert flash != "Your answers are saved."  # the Chinese wording, as the page shows it
    assert flash not in client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()


def test_clearing_a_slot_removes_the_answer(client, learner, assessment):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    responses = right_responses(attempt)
    slot = next(s for s, r in responses.items() if "choices" in r)
    client.post(reverse("quizzes:save", args=[attempt.pk]), form_fields({slot: responses[slot]}))
    client.post(reverse("quizzes:save", args=[attempt.pk]), {"slots": [slot]})
    assert attempt.answers.get(slot=slot).response is None


def test_a_tampered_option_is_refused_with_a_message_and_changes_nothing(
    client, learner, assessment
):
    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    slot = next(s for s, r in right_responses(attempt).items() if "choice" in r)
    reply = client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {"slots": [slot], f"s{slot}": "forged"},
        HTTP_ACCEPT="application/json",
    )
    assert reply.status_code == 400 and reply.json()["message"]
    assert attempt.answers.get(slot=slot).response is None


def test_the_assessments_link_shows_only_when_a_test_is_open(client, learner, db):
    client.force_login(learner)
    url = reverse("quizzes:list")
    assert url not in client.get(reverse("training:my_learning")).content.decode()
    AssessmentFactory()
    assert url in client.get(reverse("training:my_learning")).content.decode()


def test_the_list_offers_tests_in_the_readers_language(client, learner, db):
    AssessmentFactory(title="中文测验", title_en="Chinese quiz", language="zh-hans")
    AssessmentFactory(title="英文测验", title_en="English quiz", language="en")
    client.force_login(learner)
    chinese = client.get(reverse("quizzes:list")).content.decode()
    english = client.get("/en" + reverse("quizzes:list")).content.decode()
    assert "中文测验" in chinese and "英文测验" not in chinese
    assert "English quiz" in english and "Chinese quiz" not in english


def test_the_submit_saves_only_the_answers_that_changed_like_the_contest(
    client, learner, assessment
):
    from quizzes.models import Answer

    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    responses = right_responses(attempt)
    client.post(reverse("quizzes:save", args=[attempt.pk]), form_fields(responses))
    revisions = dict(Answer.objects.filter(attempt=attempt).values_list("slot", "revision"))
    changed_slot = next(s for s, r in responses.items() if "text" in r)
    responses[changed_slot] = {"text": "另一个答案"}
    client.post(reverse("quizzes:submit", args=[attempt.pk]), form_fields(responses))
    after = dict(Answer.objects.filter(attempt=attempt).values_list("slot", "revision"))
    assert after[changed_slot] == revisions[changed_slot] + 1
    assert {s: r for s, r in after.items() if s != changed_slot} == {
        s: r for s, r in revisions.items() if s != changed_slot
    }
    assert Answer.objects.get(attempt=attempt, slot=changed_slot).response == {"text": "另一个答案"}
    assert Result.objects.filter(attempt=attempt).count() == 1
