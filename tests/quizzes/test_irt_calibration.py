"""Calibrated items and levels from ability (issue 17): the library recovers known parameters, the
response matrix follows the scoring rules, calibration runs as a task on the real database, and the
learner's profile shows the level with its uncertainty, or says it fell back to percentages."""

import re
from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from quizzes.irt.calibrate import (
    RESPONSE_FIELDS,
    calibrate_area,
    fit,
    latest_responses,
    response_matrix,
    scored_answers,
)
from quizzes.irt.estimate import eap
from quizzes.irt.levels import level_for, level_with_uncertainty
from quizzes.models import (
    AbilityEstimate,
    Answer,
    Attempt,
    CalibrationRun,
    ItemParameter,
    Level,
)
from quizzes.selectors import competency_profile
from quizzes.services import (
    abilities_estimate,
    answer_save,
    attempt_start,
    attempt_submit,
    question_create,
)
from tests.factories.irt import bulk_finished_attempts, bulk_learners, simulate_matrix
from tests.factories.people import ProfileFactory, UserFactory
from tests.factories.quizzes import AssessmentFactory, add_fixed, competence, make_question

from .conftest import right_responses

# --- the library recovers known parameters (no database)


def _rmse(x, y):
    return float(np.sqrt(np.mean((np.asarray(x) - np.asarray(y)) ** 2)))


def test_2pl_recovers_known_difficulties_and_discriminations():
    a, b, _theta, data = simulate_matrix(items=40, persons=2000, seed=17)
    fits = fit(data, "2pl")
    b_hat = [item.difficulty for item in fits]
    a_hat = [item.discrimination for item in fits]
    assert np.corrcoef(b, b_hat)[0, 1] > 0.95
    assert _rmse(b, b_hat) < 0.25
    # Discrimination is the harder parameter: within 0.2 on average, never off by more than 0.6.
    assert _rmse(a, a_hat) < 0.2
    assert np.max(np.abs(np.asarray(a) - a_hat)) < 0.6
    assert all(item.difficulty_se and item.discrimination_se for item in fits)


def test_rasch_recovers_known_difficulties_with_half_the_items_not_presented():
    _a, b, _theta, data = simulate_matrix(items=40, persons=2000, seed=5, rasch=True)
    rng = np.random.default_rng(1)
    data[rng.random(data.shape) < 0.5] = np.nan  # each learner saw about half the bank
    fits = fit(data, "rasch")
    b_hat = [item.difficulty for item in fits]
    assert np.corrcoef(b, b_hat)[0, 1] > 0.95
    assert _rmse(b, b_hat) < 0.25
    assert all(item.discrimination == pytest.approx(1.0) for item in fits)
    assert all(item.discrimination_se is None for item in fits)


def test_the_eap_standard_error_shrinks_as_items_grow():
    rng = np.random.default_rng(3)
    b = rng.normal(0, 1, 60)
    theta = 0.7
    responses = (rng.random(60) < 1 / (1 + np.exp(-(theta - b)))).astype(int)
    errors = [eap(responses[:n], np.ones(n), b[:n]).se for n in (5, 15, 30, 60)]
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < errors[0] * 0.6


# --- levels from ability


CUTS = {1: -1.0, 2: 0.0, 3: 0.8, 4: 1.6}


def test_the_level_is_the_highest_band_whose_cut_the_ability_reaches():
    assert level_for(-1.5, CUTS) == 0
    assert level_for(-1.0, CUTS) == 1
    assert level_for(0.79, CUTS) == 2
    assert level_for(0.8, CUTS) == 3
    assert level_for(9.0, CUTS) == 4


def test_the_uncertainty_is_the_band_range_covered_by_the_95_percent_interval():
    estimate = level_with_uncertainty(1.0, 0.3, CUTS)  # 0.41 .. 1.59
    assert (estimate.level, estimate.low, estimate.high) == (3, 2, 3)
    assert not estimate.certain
    sure = level_with_uncertainty(1.2, 0.1, CUTS)  # 1.00 .. 1.40
    assert (sure.level, sure.low, sure.high) == (3, 3, 3) and sure.certain
    wide = level_with_uncertainty(0.0, 1.0, CUTS)
    assert (wide.low, wide.high) == (0, 4)


# --- the response matrix from the database


def test_the_response_matrix_follows_the_scoring_rules(db):
    user, other = UserFactory(), UserFactory()
    questions = [make_question("single", code="6.2") for _ in range(3)]
    essay = question_create(
        competence=competence("6.2"),
        qtype="essay",
        name="论述题",
        text="论述数据共享的意义。",
        explanation="",
        payload=_essay_payload(),
    )
    assessment = add_fixed(AssessmentFactory(), [*questions, essay], points=Decimal(2))
    now = timezone.now()
    # An old attempt of `user` (all right), then a newer one: the newer answers win.
    bulk_finished_attempts(
        assessment=assessment,
        questions=questions,
        users=[user],
        data=np.array([[1.0, 1.0, 1.0]]),
        points=Decimal(2),
        when=now - timedelta(days=3),
    )
    attempts = bulk_finished_attempts(
        assessment=assessment,
        questions=[*questions, essay],
        users=[user, other],
        data=np.array([[0.0, 1.0, np.nan, 0.0], [1.0, np.nan, 0.0, 1.0]]),
        points=Decimal(2),
        when=now,
    )
    # Essays waiting for their marks keep no score of their own (the attempt engine leaves None;
    # finished answers cannot be updated in place, so they are made again as the engine makes them).
    for answer in Answer.objects.filter(question_version_id=essay.current_version_id):
        fields = {
            name: getattr(answer, name)
            for name in ("attempt_id", "slot", "question_version_id", "competence_id", "points")
        }
        answer.delete()
        Answer.objects.create(**fields, score=None)
    # Half the points is right; less than half is wrong.
    first = Answer.objects.filter(attempt=attempts[0], slot=1)
    Answer.objects.filter(pk__in=first.values("pk")).delete()
    Answer.objects.create(
        attempt=attempts[0],
        slot=1,
        question_version_id=questions[0].current_version_id,
        competence_id=questions[0].competence_id,
        points=Decimal(2),
        score=Decimal(1),
    )
    # An attempt in progress does not count.
    open_attempt = Attempt.objects.create(
        user=other, assessment=assessment, number=9, started_at=now, seed=1
    )
    Answer.objects.create(
        attempt=open_attempt,
        slot=1,
        question_version_id=questions[1].current_version_id,
        competence_id=questions[1].competence_id,
        points=Decimal(2),
        score=Decimal(2),
    )
    rows = scored_answers(competence_id=competence("6.2").pk).values_list(*RESPONSE_FIELDS)
    responses = latest_responses(rows)
    v = [q.current_version_id for q in questions]
    assert responses == {
        (user.pk, v[0]): 1,  # 1 of 2 points: half is right
        (user.pk, v[1]): 1,
        (user.pk, v[2]): 1,  # not shown in the newer attempt: the older answer stands
        (other.pk, v[0]): 1,
        (other.pk, v[2]): 0,
    }  # the essays (not marked) and the open attempt are not there
    matrix = response_matrix(responses, minimum=2)
    # v[0]: two answers, both right (nothing to fit); v[1]: one answer; v[2]: one of each.
    assert matrix.counts == {v[0]: 2, v[1]: 1, v[2]: 2}
    assert matrix.items == [v[2]]
    # A version a learner was not shown is missing (NaN), not wrong.
    small = response_matrix({(1, 10): 1, (2, 10): 0, (2, 11): 1, (3, 11): 0}, minimum=2)
    assert (small.persons, small.items) == ([1, 2, 3], [10, 11])
    assert np.isnan(small.data[0, 1]) and np.isnan(small.data[2, 0])
    assert small.data[1].tolist() == [0.0, 1.0]


def _essay_payload():
    return {
        "material": "",
        "word_limit": 0,
        "allow_file": False,
        "marker_guide": "",
        "rubric": [
            {
                "id": "c1",
                "criterion": "论点",
                "levels": [
                    {"id": "l1", "label": "差", "points": 0.0},
                    {"id": "l2", "label": "好", "points": 2.0},
                ],
            }
        ],
    }


# --- calibration as a task on the real database


def _simulated_bank(*, items=12, persons=400, seed=11, code="6.2"):
    _a, b, theta, data = simulate_matrix(items=items, persons=persons, seed=seed)
    questions = [make_question("single", code=code) for _ in range(items)]
    assessment = add_fixed(AssessmentFactory(), questions)
    users = bulk_learners(persons)
    bulk_finished_attempts(assessment=assessment, questions=questions, users=users, data=data)
    return questions, users, theta, b


@override_settings(IRT_MIN_RESPONSES=50)
def test_the_admin_button_calibrates_the_bank_and_estimates_abilities_in_a_task(
    admin_client, db, run_tasks
):
    questions, users, theta, b = _simulated_bank()
    lonely = make_question("single", code="1.1")  # another area, answered too rarely
    bulk_finished_attempts(
        assessment=add_fixed(AssessmentFactory(), [lonely]),
        questions=[lonely],
        users=users[:10],
        data=np.ones((10, 1)),
    )
    with run_tasks():
        response = admin_client.post(reverse("quizzes_calibration"))
    assert response.status_code == 302
    run = CalibrationRun.objects.get()
    assert run.status == CalibrationRun.Status.SUCCEEDED
    assert run.areas_done == run.areas_total == 2
    versions = [q.current_version_id for q in questions]
    two_pl = dict(
        ItemParameter.objects.filter(model="2pl").values_list("question_version_id", "difficulty")
    )
    assert set(two_pl) == set(versions)
    assert ItemParameter.objects.filter(model="rasch").count() == len(versions)
    assert np.corrcoef(b, [two_pl[v] for v in versions])[0, 1] > 0.9
    assert not ItemParameter.objects.filter(question_version_id=lonely.current_version_id)
    estimates = AbilityEstimate.objects.filter(competence__code="6.2", method="irt")
    assert estimates.count() == len(users)
    by_user = dict(estimates.values_list("user_id", "theta"))
    assert np.corrcoef(theta, [by_user[u.pk] for u in users])[0, 1] > 0.8
    lonely_estimates = AbilityEstimate.objects.filter(competence__code="1.1")
    assert set(lonely_estimates.values_list("method", flat=True)) == {"percent"}
    report = {area["code"]: area for area in run.report["areas"]}
    assert report["6"]["items"] == 12 and report["1"]["below_minimum"] == 1

    page = admin_client.get(reverse("quizzes_calibration")).content.decode()
    assert "<progress" in page and 'value="100"' in page

    # Calibrating again replaces the rows: the same number, new ones.
    before = set(ItemParameter.objects.values_list("pk", flat=True))
    with run_tasks():
        admin_client.post(reverse("quizzes_calibration"))
    after = set(ItemParameter.objects.values_list("pk", flat=True))
    assert len(after) == len(before) and not (after & before)


def test_the_calibration_screen_is_for_bank_editors_only(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("quizzes_calibration")).status_code in (302, 403)
    assert client.post(reverse("quizzes_calibration")).status_code in (302, 403)
    assert not CalibrationRun.objects.exists()


@override_settings(IRT_MIN_RESPONSES=50)
def test_a_version_with_fewer_responses_than_the_minimum_is_not_calibrated(db):
    _questions, users, _theta, _b = _simulated_bank(items=6, persons=120)
    extra = make_question("single", code="6.2")
    bulk_finished_attempts(
        assessment=add_fixed(AssessmentFactory(), [extra]),
        questions=[extra],
        users=users[:49],
        data=np.array([[1.0], [0.0]] * 24 + [[1.0]]),
    )
    report = calibrate_area(competence("6.2").area)
    assert report["items"] == 6 and report["below_minimum"] == 1
    assert not ItemParameter.objects.filter(question_version_id=extra.current_version_id)


# --- abilities after each finished attempt, and the fallback


def _calibrated_test(count=8, code="6.2"):
    questions = [make_question("true_false", code=code) for _ in range(count)]
    now = timezone.now()
    for i, question in enumerate(questions):
        for model in ("rasch", "2pl"):
            ItemParameter.objects.create(
                question_version_id=question.current_version_id,
                model=model,
                discrimination=1.2,
                difficulty=-1.5 + 3 * i / (count - 1),
                responses=200,
                calibrated_at=now,
            )
    return add_fixed(AssessmentFactory(certifies_level=2), questions)


def test_a_failed_attempt_moves_the_ability_estimate_too(db, run_tasks):
    user = ProfileFactory().user
    assessment = _calibrated_test()
    attempt = attempt_start(user=user, assessment=assessment)
    with run_tasks():
        result = attempt_submit(attempt_id=attempt.pk, user=user)  # nothing answered
    assert not result.passed
    estimate = AbilityEstimate.objects.get(user=user, competence__code="6.2")
    assert estimate.method == "irt" and estimate.items == 8
    assert estimate.theta < -1  # all wrong

    second = attempt_start(user=user, assessment=assessment)
    for slot, response in right_responses(second).items():
        answer_save(attempt_id=second.pk, user=user, slot=slot, response=response)
    with run_tasks():
        attempt_submit(attempt_id=second.pk, user=user)
    estimate = AbilityEstimate.objects.get(user=user, competence__code="6.2")
    assert estimate.theta > 1  # the latest answers replace the earlier ones
    assert AbilityEstimate.objects.filter(user=user).count() == 1


def test_the_profile_shows_the_level_with_its_uncertainty(client, db, run_tasks):
    user = ProfileFactory().user
    assessment = _calibrated_test()
    attempt = attempt_start(user=user, assessment=assessment)
    answers = right_responses(attempt)
    # Right on the easier half of the items only: a middling ability.
    difficulty = dict(
        ItemParameter.objects.filter(model="2pl").values_list("question_version_id", "difficulty")
    )
    for answer in attempt.answers.all():
        if difficulty[answer.question_version_id] < 0:
            answer_save(
                attempt_id=attempt.pk, user=user, slot=answer.slot, response=answers[answer.slot]
            )
    with run_tasks():
        attempt_submit(attempt_id=attempt.pk, user=user)
    estimate = AbilityEstimate.objects.get(user=user)
    banded = level_with_uncertainty(estimate.theta, estimate.se, CUTS)
    assert banded.low < banded.high  # eight items cannot pin a band down

    profile = competency_profile(user=user)
    row = next(
        c for a in profile["areas"] for c in a["competences"] if c["competence"].code == "6.2"
    )
    assert (row["method"], row["level"], row["level_low"], row["level_high"]) == (
        "irt",
        banded.level,
        banded.low,
        banded.high,
    )
    client.force_login(user)
    html = client.get("/en" + reverse("quizzes:competencies")).content.decode()
    cell = re.search(r'<th scope="row">6\.2 .*?</tr>', html, re.S).group(0)
    assert f"likely {banded.low}–{banded.high}" in cell
    assert "Calibrated questions: ability" in cell
    assert (
        f"competency-chart__interval--low-{banded.low} "
        f"competency-chart__interval--high-{banded.high}" in html
    )
    assert "competency-fallback" not in html

    # An editor moves the cut scores: the level follows.
    Level.objects.filter(competence__code="6.2").update(cut_score=-3.0)
    row = next(
        c
        for a in competency_profile(user=user)["areas"]
        for c in a["competences"]
        if c["competence"].code == "6.2"
    )
    assert (row["level"], row["level_low"], row["level_high"]) == (4, 4, 4)


@override_settings(IRT_MIN_CALIBRATED_ANSWERS=5)
def test_too_few_calibrated_answers_fall_back_to_percentages_and_say_so(client, db, run_tasks):
    user = ProfileFactory().user
    # Three calibrated questions and three without parameters: 3 < 5 calibrated answers.
    calibrated = [row.question for row in _calibrated_test(count=3).fixed_questions.all()]
    plain = [make_question("true_false", code="6.2") for _ in range(3)]
    assessment = add_fixed(AssessmentFactory(certifies_level=2), [*calibrated, *plain])
    attempt = attempt_start(user=user, assessment=assessment)
    for slot, response in right_responses(attempt).items():
        answer_save(attempt_id=attempt.pk, user=user, slot=slot, response=response)
    with run_tasks():
        attempt_submit(attempt_id=attempt.pk, user=user)
    estimate = AbilityEstimate.objects.get(user=user)
    assert (estimate.method, estimate.items, estimate.responses) == ("percent", 3, 6)
    assert estimate.theta is None
    row = next(
        c
        for a in competency_profile(user=user)["areas"]
        for c in a["competences"]
        if c["competence"].code == "6.2"
    )
    assert (row["method"], row["level"], row["fallback"]) == ("percent", 2, True)  # the record
    client.force_login(user)
    html = client.get("/en" + reverse("quizzes:competencies")).content.decode()
    assert "competency-fallback" in html
    assert "Some levels still come from test percentages" in html
    cell = re.search(r'<th scope="row">6\.2 .*?</tr>', html, re.S).group(0)
    assert "only 3 of the 5 answers to calibrated questions needed" in cell
    assert "likely" not in cell


def test_estimating_everyone_replaces_each_learners_one_row(db):
    assessment = _calibrated_test()
    users = bulk_learners(3)
    questions = [row.question for row in assessment.fixed_questions.order_by("sort_order")]
    bulk_finished_attempts(
        assessment=assessment, questions=questions, users=users, data=np.ones((3, 8))
    )
    code = competence("6.2").pk
    assert abilities_estimate(competence_ids=[code]) == {"irt": 3, "percent": 0}
    assert abilities_estimate(competence_ids=[code]) == {"irt": 3, "percent": 0}
    assert AbilityEstimate.objects.count() == 3


def test_the_daily_job_records_and_runs_a_calibration(db):
    from django.conf import settings

    from quizzes.tasks import calibrate_items_daily

    assert settings.DAILY_JOBS["calibrate_items"][0] == "quizzes.tasks.calibrate_items_daily"
    run = CalibrationRun.objects.get(pk=calibrate_items_daily.call())
    assert run.status == CalibrationRun.Status.SUCCEEDED and run.created_by is None
    assert CalibrationRun.objects.count() == 1


def test_cut_scores_are_edited_with_the_competences_levels(admin_client, db):
    item = competence("6.2")
    url = reverse("wagtailsnippets_quizzes_competence:edit", args=[item.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="levels-0-cut_score"' in html
