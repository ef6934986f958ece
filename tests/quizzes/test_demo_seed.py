"""The demo data for assessments: a bilingual bank of 80+ questions, a test per area, learner1's
finished attempt and profile; seeding twice changes nothing."""

from django.core.management import call_command

from quizzes.models import (
    Answer,
    Area,
    Assessment,
    Attempt,
    CompetenceLevelRecord,
    MarkingTask,
    PostTarget,
    Question,
    QuestionVersion,
)


def counts():
    return [
        m.objects.count()
        for m in (
            Question,
            QuestionVersion,
            Assessment,
            Attempt,
            Answer,
            CompetenceLevelRecord,
            PostTarget,
            MarkingTask,
        )
    ]


def test_demo_has_a_bilingual_bank_a_test_per_area_and_learner1s_profile_and_reseeding_changes_nothing(
    demo,
):
    assert Question.objects.count() >= 80
    for language in ("zh-hans", "en"):
        questions = Question.objects.filter(language=language)
        assert questions.count() >= 40
        assert {
            "single",
            "multiple",
            "true_false",
            "fill_in",
            "matching",
        } <= set(questions.values_list("current_version__qtype", flat=True))
        for area in Area.objects.all():
            assert Assessment.objects.filter(
                area=area, language=language, is_published=True
            ).exists()
            assert questions.filter(competence__area=area).count() >= 5  # enough for the draw
    attempt = Attempt.objects.get(user__username="learner1", assessment__slug="competency-6-zh")
    assert attempt.is_finished and attempt.result.passed
    assert CompetenceLevelRecord.objects.filter(user__username="learner1").exists()
    assert PostTarget.objects.filter(
        post__name="数据管理岗", competence__code="6.2", level=3
    ).exists()
    # learner2's case-analysis essay waits for expert1 to mark it; its result waits too.
    task = MarkingTask.objects.get(marked_answer__assessment__slug="case-analysis-one-window")
    assert task.marker.username == "expert1" and task.status == "assigned"
    assert not hasattr(task.marked_answer.attempt, "result")
    # One seed is costly on a 2-core machine, so idempotence is checked on the same data.
    before = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == before
