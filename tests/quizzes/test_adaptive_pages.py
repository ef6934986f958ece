"""Adaptive tests through the pages: one question at a time with its progress bar and a plain-form
"Next" (no JavaScript needed), no second slot from a double post, no way back through autosave,
the ability on the result page; the admin refuses an adaptive test without a calibrated pool."""

import numpy as np
import pytest
from django.urls import reverse

from quizzes.models import Assessment, Attempt
from tests.factories.quizzes import adaptive_assessment, calibrated_questions, competence

pytestmark = pytest.mark.django_db


def _right(version) -> str:
    return max(version.payload["options"], key=lambda o: o["fraction"])["id"]


def _start(client, learner, **fields):
    calibrated_questions(list(np.linspace(-2, 2, 12)))
    assessment = adaptive_assessment(**fields)
    client.force_login(learner)
    client.post(reverse("quizzes:start", args=[assessment.slug]))
    return Attempt.objects.get(user=learner, assessment=assessment)


def _current(attempt):
    return attempt.answers.select_related("question_version").order_by("-slot").first()


def test_the_page_shows_one_question_a_progress_bar_and_next(client, learner):
    attempt = _start(client, learner)
    html = client.get("/en" + reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert html.count('class="attempt-question"') == 1
    assert "Question 1 (adaptive; the test ends when your level is measured precisely" in html
    assert '<progress class="adaptive-progress__bar"' in html
    assert f'action="{reverse("quizzes:next", args=[attempt.pk])}"' in html
    assert reverse("quizzes:submit", args=[attempt.pk]) not in html


def test_next_by_plain_post_twice_adds_one_slot_and_moves_on(client, learner):
    attempt = _start(client, learner)
    first = _current(attempt)
    url = reverse("quizzes:next", args=[attempt.pk])
    fields = {"slots": "1", "s1": _right(first.question_version)}
    for _click in range(2):
        reply = client.post(url, fields)
        assert reply.status_code == 302
        assert reply.url == reverse("quizzes:take", args=[attempt.pk])
    assert attempt.answers.count() == 2
    html = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert 'name="slots" value="2"' in html and 'name="slots" value="1"' not in html


def test_autosave_of_a_question_moved_on_from_is_refused_and_the_attempt_goes_on(client, learner):
    attempt = _start(client, learner)
    first = _current(attempt)
    client.post(
        reverse("quizzes:next", args=[attempt.pk]),
        {"slots": "1", "s1": _right(first.question_version)},
    )
    reply = client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {"slots": "1", "s1": _right(first.question_version)},
        HTTP_ACCEPT="application/json",
    )
    assert reply.status_code == 409
    assert reply.json()["code"] == "moved_on" and reply.json()["finished"] is False
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_autosave_of_the_current_question_works_as_on_every_test(client, learner):
    attempt = _start(client, learner)
    current = _current(attempt)
    reply = client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {"slots": "1", "s1": _right(current.question_version)},
        HTTP_ACCEPT="application/json",
    )
    assert reply.status_code == 200 and reply.json()["saved"] == {"1": 1}


def test_next_without_an_answer_stays_on_the_question(client, learner):
    attempt = _start(client, learner)
    reply = client.post(reverse("quizzes:next", args=[attempt.pk]), {"slots": "1"})
    assert reply.url == reverse("quizzes:take", args=[attempt.pk])
    assert attempt.answers.count() == 1


def test_the_result_page_shows_the_measured_ability(client, learner):
    attempt = _start(client, learner, adaptive_min_items=2, adaptive_max_items=2)
    for slot in (1, 2):
        current = _current(attempt)
        reply = client.post(
            reverse("quizzes:next", args=[attempt.pk]),
            {"slots": str(slot), f"s{slot}": _right(current.question_version)},
        )
    assert reply.url == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    html = client.get("/en" + reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "Your measured level" in html
    assert f"{attempt.ability:.2f} ± {attempt.ability_se:.2f}" in html
    assert "measured with 2 questions" in html


def test_another_learner_cannot_post_next_on_an_attempt(client, learner):
    from tests.factories.people import UserFactory

    attempt = _start(client, learner)
    client.force_login(UserFactory())
    reply = client.post(reverse("quizzes:next", args=[attempt.pk]), {"slots": "1", "s1": "x"})
    assert reply.status_code == 404
    assert attempt.answers.count() == 1


def test_next_on_a_test_that_is_not_adaptive_changes_nothing(client, learner, assessment):
    from quizzes.services import attempt_start

    attempt = attempt_start(user=learner, assessment=assessment)
    client.force_login(learner)
    reply = client.post(reverse("quizzes:next", args=[attempt.pk]), {"slots": "1"})
    assert reply.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def _admin_form(**fields):
    data = {
        "title": "自适应测试",
        "title_en": "Adaptive test",
        "slug": "adaptive-admin",
        "pass_mark": "60",
        "review_policy": "score",
        "attempts_allowed": "1",
        "adaptive": "on",
        "adaptive_target_se": "0.3",
        "adaptive_min_items": "5",
        "adaptive_max_items": "30",
        "adaptive_randomesque": "5",
        "marking_margin": "10",
        "fixed_questions-TOTAL_FORMS": "0",
        "fixed_questions-INITIAL_FORMS": "0",
        "fixed_questions-MIN_NUM_FORMS": "0",
        "fixed_questions-MAX_NUM_FORMS": "1000",
        "draw_rules-TOTAL_FORMS": "1",
        "draw_rules-INITIAL_FORMS": "0",
        "draw_rules-MIN_NUM_FORMS": "0",
        "draw_rules-MAX_NUM_FORMS": "1000",
        "draw_rules-0-competence": str(competence("6.1").pk),
        "draw_rules-0-difficulty": "",
        "draw_rules-0-count": "1",
        "draw_rules-0-points": "1",
        "draw_rules-0-ORDER": "1",
    }
    data.update(fields)
    return data


def test_the_admin_refuses_an_adaptive_test_without_enough_calibrated_questions(admin_client):
    calibrated_questions([0.0, 0.5, 1.0])
    reply = admin_client.post(reverse("wagtailsnippets_quizzes_assessment:add"), _admin_form())
    assert reply.status_code == 200
    # The message is translated at merge: assert the error's place and its two numbers.
    (message,) = reply.context["form"].errors["adaptive"]
    assert "5" in message and "3" in message
    assert not Assessment.objects.filter(slug="adaptive-admin").exists()


def test_the_admin_saves_an_adaptive_test_with_a_calibrated_pool(admin_client):
    calibrated_questions(list(np.linspace(-2, 2, 6)))
    reply = admin_client.post(reverse("wagtailsnippets_quizzes_assessment:add"), _admin_form())
    assert reply.status_code == 302, reply.content.decode()[:3000]
    assessment = Assessment.objects.get(slug="adaptive-admin")
    assert assessment.adaptive and assessment.draw_rules.count() == 1


def test_a_contest_test_cannot_be_made_adaptive(admin_client):
    from tests.factories.contests import contest_page

    assessment = contest_page().assessment
    calibrated_questions(list(np.linspace(-2, 2, 6)))
    reply = admin_client.post(
        reverse("wagtailsnippets_quizzes_assessment:edit", args=[assessment.pk]),
        _admin_form(slug=assessment.slug),
    )
    assert reply.status_code == 200
    assert reply.context["form"].errors["adaptive"]
    assessment.refresh_from_db()
    assert not assessment.adaptive
