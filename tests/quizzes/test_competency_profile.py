"""The competency framework as data, and learners' profiles updated from passed tests."""

import re

from django.urls import reverse

from quizzes.models import Area, Competence, CompetenceLevelRecord, Framework, Level
from quizzes.selectors import assessment_passed_by, competency_profile
from quizzes.services import (
    answer_save,
    attempt_start,
    attempt_submit,
    framework_load,
    post_target_set,
)
from quizzes.signals import assessment_passed
from tests.factories.people import PostFactory, ProfileFactory
from tests.factories.quizzes import AssessmentFactory, add_fixed, competence, make_question

from .conftest import right_responses


def test_the_default_framework_is_loaded_with_six_areas_and_four_levels_each(db):
    framework = Framework.objects.get(code="govlearn-digital")
    areas = Area.objects.filter(framework=framework)
    assert areas.count() == 6
    assert areas.get(code="6").name_en == "Digital government and governance"
    assert set(Competence.objects.filter(area__code="6").values_list("name_en", flat=True)) == {
        "One-stop online services",
        "Data sharing and open data",
        "E-government security",
        "Digital leadership",
    }
    assert all(c.levels.count() == 4 for c in Competence.objects.all())
    assert (
        Level.objects.exclude(description="").exclude(description_en="").count()
        == Level.objects.count()
    )


def test_loading_the_framework_again_changes_nothing(db):
    before = Level.objects.count(), Competence.objects.count()
    assert framework_load() == {"areas": 0, "competences": 0, "levels": 0}
    assert (Level.objects.count(), Competence.objects.count()) == before


def _pass(user, assessment):
    attempt = attempt_start(user=user, assessment=assessment)
    for slot, response in right_responses(attempt).items():
        answer_save(attempt_id=attempt.pk, user=user, slot=slot, response=response)
    return attempt, attempt_submit(attempt_id=attempt.pk, user=user)


def test_a_passed_test_records_its_level_and_the_signal_is_sent_once(
    django_capture_on_commit_callbacks, db
):
    profile = ProfileFactory()
    user = profile.user
    assessment = AssessmentFactory(certifies_level=2)
    add_fixed(
        assessment, [make_question("true_false", code="6.2"), make_question("single", code="6.2")]
    )
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs["attempt"].pk)

    assessment_passed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            attempt, result = _pass(user, assessment)
        with django_capture_on_commit_callbacks(execute=True):
            attempt_submit(attempt_id=attempt.pk, user=user)  # again: counted once
    finally:
        assessment_passed.disconnect(receiver)
    assert result.passed and received == [attempt.pk]
    record = CompetenceLevelRecord.objects.get(user=user)
    assert (record.competence.code, record.level, record.attempt_id) == ("6.2", 2, attempt.pk)
    assert assessment_passed_by(user=user, assessment=assessment)


def test_a_lower_level_does_not_lower_the_profile_and_history_is_kept(db):
    user = ProfileFactory().user
    high = AssessmentFactory(certifies_level=3)
    add_fixed(high, [make_question("true_false", code="1.1")])
    low = AssessmentFactory(certifies_level=1)
    add_fixed(low, [make_question("true_false", code="1.1")])
    higher = AssessmentFactory(certifies_level=4)
    add_fixed(higher, [make_question("true_false", code="1.1")])
    _pass(user, high)
    _pass(user, low)
    _pass(user, higher)
    assert list(
        CompetenceLevelRecord.objects.filter(user=user)
        .order_by("level")
        .values_list("level", flat=True)
    ) == [3, 4]
    profile = competency_profile(user=user)
    row = next(
        c for a in profile["areas"] for c in a["competences"] if c["competence"].code == "1.1"
    )
    assert row["level"] == 4


def test_a_failed_test_records_nothing(db):
    user = ProfileFactory().user
    assessment = AssessmentFactory(certifies_level=2)
    add_fixed(assessment, [make_question("true_false", code="6.2")])
    attempt = attempt_start(user=user, assessment=assessment)
    result = attempt_submit(attempt_id=attempt.pk, user=user)
    assert not result.passed and not CompetenceLevelRecord.objects.exists()
    assert not assessment_passed_by(user=user, assessment=assessment)


def test_my_competencies_shows_levels_against_post_targets_as_chart_and_table(
    client, db, django_assert_max_num_queries
):
    post = PostFactory(name="数据管理岗")
    profile = ProfileFactory(post=post)
    post_target_set(post=post, competence=competence("6.2"), level=3)
    assessment = AssessmentFactory(certifies_level=2)
    add_fixed(assessment, [make_question("true_false", code="6.2")])
    _pass(profile.user, assessment)
    client.force_login(profile.user)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("quizzes:competencies")).content.decode()
    assert "competency-chart__bar competency-chart__bar--2" in html
    assert "competency-chart__target competency-chart__target--3" in html
    row = re.search(r'<th scope="row">6\.2 .*?</tr>', html, re.S).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert [cell.split(" · ")[0] for cell in cells] == ["2", "3", "1"]  # level, target, gap
