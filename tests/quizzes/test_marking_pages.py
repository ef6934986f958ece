"""Marking screens and the learner's side: blind marking (markers never see who wrote an answer),
permissions on every view, the learner's "awaiting marking" page and their own marks only, and a
contest that ranks and decides only once every essay is marked."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from people.models import Role
from quizzes.models import AssessmentQuestion, ContestOutcome, MarkedAnswer, MarkingTask, Result
from quizzes.selectors import contest_ranking
from quizzes.selectors.marking import inter_marker_agreement, marking_workload
from quizzes.services import attempt_submit
from quizzes.services.contests import (
    contest_answer,
    contest_decide,
    contest_enter,
    contest_register,
    contest_session_claim,
    contest_submit,
)
from quizzes.services.marking import marking_task_save
from tests.factories.contests import contest_page
from tests.factories.marking import essay_assessment, essay_question
from tests.factories.people import OrgUnitFactory, ProfileFactory, grant_role

from .test_marking_flow import _mark, _take, _task

pytestmark = pytest.mark.django_db


def _expert_client(user) -> Client:
    grant_role(user, Role.EXPERT)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def named_learner():
    unit = OrgUnitFactory(name="数据资源局")
    profile = ProfileFactory(org_unit=unit)
    user = profile.user
    user.full_name = "王小明"
    user.save()
    return user


@pytest.fixture
def submitted(named_learner):
    assessment = essay_assessment(leads=1, review_policy="immediate")
    attempt = _take(named_learner, assessment, essay="这是我的论述。")
    attempt_submit(attempt_id=attempt.pk, user=named_learner)
    return assessment, attempt


def test_the_marker_sees_the_answer_by_code_never_the_learners_name_or_unit(
    submitted, named_learner
):
    assessment, attempt = submitted
    task = _task(attempt)
    client = _expert_client(task.marker)
    queue = client.get(reverse("quizzes_marking_queue")).content.decode()
    screen = client.get(reverse("quizzes_marking_task", args=[task.pk])).content.decode()
    code = task.marked_answer.code
    assert code in queue and code in screen and "这是我的论述。" in screen
    for page in (queue, screen):
        assert "王小明" not in page and "数据资源局" not in page
        assert named_learner.username not in page
    lead = _expert_client(assessment.lead_users[0])
    moderation = lead.get(reverse("quizzes_moderation_detail", args=[assessment.pk])).content
    assert code in moderation.decode() and "王小明" not in moderation.decode()


def test_only_the_assigned_marker_opens_or_marks_a_task(submitted):
    assessment, attempt = submitted
    task = _task(attempt)
    other = _expert_client(next(m for m in assessment.marker_users if m != task.marker))
    url = reverse("quizzes_marking_task", args=[task.pk])
    assert other.get(url).status_code == 404
    reply = other.post(url, {"action": "submit", "level_c1": "c1c", "level_c2": "c2b"})
    assert reply.status_code == 404
    assert other.get(reverse("quizzes_marking_file", args=[task.pk])).status_code == 404
    task.refresh_from_db()
    assert task.status == MarkingTask.Status.ASSIGNED


def test_the_marker_saves_a_draft_then_submits_through_the_screen(submitted):
    _assessment, attempt = submitted
    task = _task(attempt)
    client = _expert_client(task.marker)
    url = reverse("quizzes_marking_task", args=[task.pk])
    client.post(url, {"action": "draft", "level_c1": "c1b", "comment_c1": "论点清楚"})
    task.refresh_from_db()
    assert (task.status, task.levels, task.comments) == ("draft", {"c1": "c1b"}, {"c1": "论点清楚"})
    reply = client.post(url, {"action": "submit", "level_c1": "c1b"})  # a criterion missing
    assert reply.status_code == 302
    assert not Result.objects.filter(attempt=attempt).exists()
    client.post(url, {"action": "submit", "level_c1": "c1b", "level_c2": "c2b", "comment_c1": "好"})
    assert Result.objects.get(attempt=attempt).score == Decimal(9)


def test_moderation_and_reassignment_need_a_lead_marker(submitted):
    assessment, attempt = submitted
    marked = MarkedAnswer.objects.get(attempt=attempt)
    marker = _expert_client(assessment.marker_users[0])
    assert marker.get(reverse("quizzes_moderation_detail", args=[assessment.pk])).status_code == 403
    post = {"points": "3", "reason": "x"}
    assert marker.post(reverse("quizzes_moderate", args=[marked.pk]), post).status_code == 403
    task = _task(attempt)
    reassign = reverse("quizzes_marking_reassign", args=[task.pk])
    assert marker.post(reassign, {"marker": task.marker_id}).status_code == 403
    assert marker.get(reverse("quizzes_marking_report")).status_code == 403
    lead = _expert_client(assessment.lead_users[0])
    assert lead.get(reverse("quizzes_marking_report")).status_code == 200
    lead.post(reverse("quizzes_moderate", args=[marked.pk]), {"points": "4", "reason": "统一尺度"})
    assert Result.objects.get(attempt=attempt).score == Decimal(5)


def test_the_learner_sees_awaiting_marking_with_the_date_and_no_score(submitted, named_learner):
    _assessment, attempt = submitted
    client = Client()
    client.force_login(named_learner)
    page = client.get("/en" + reverse("quizzes:result", args=[attempt.pk]))
    html = page.content.decode()
    due = attempt.marking_wait.due_at
    assert "awaiting marking" in html and due.strftime("%Y-%m-%d") in html
    assert page.context["result"] is None and "Passed" not in html and "Not passed" not in html


def test_after_marking_the_learner_sees_their_marks_and_comments_never_the_marker(
    submitted, named_learner
):
    _assessment, attempt = submitted
    task = _task(attempt)
    marking_task_save(
        task_id=task.pk,
        user=task.marker,
        levels={"c1": "c1c", "c2": "c2a"},
        comments={"c1": "论点鲜明"},
        overall_comment="整体不错",
        submit=True,
    )
    client = Client()
    client.force_login(named_learner)
    page = client.get("/en" + reverse("quizzes:result", args=[attempt.pk]))
    html = page.content.decode()
    assert "论点鲜明" in html and "整体不错" in html and "优秀" in html
    assert task.marker.username not in html
    assert (task.marker.get_full_name() or "§") not in html


def test_a_learner_never_sees_another_learners_marks(submitted, other_learner):
    _assessment, attempt = submitted
    task = _task(attempt)
    _mark(task, {"c1": "c1c", "c2": "c2b"})
    client = Client()
    client.force_login(other_learner)
    assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 404
    # Nor a marker's screen: only the marker's own task opens.
    assert client.get(reverse("quizzes_marking_task", args=[task.pk])).status_code in (
        302,
        403,
        404,
    )


def test_agreement_and_workload_reports_count_double_marks(db):
    from tests.factories import UserFactory

    assessment = essay_assessment(double_marking=True, marking_margin=Decimal(100))
    marks = [({"c1": "c1c", "c2": "c2b"}, {"c1": "c1c", "c2": "c2b"})]
    marks += [({"c1": "c1b", "c2": "c2b"}, {"c1": "c1a", "c2": "c2b"})]
    marks += [({"c1": "c1a", "c2": "c2a"}, {"c1": "c1b", "c2": "c2a"})]
    for first, second in marks:
        learner = UserFactory()
        attempt = _take(learner, assessment)
        attempt_submit(attempt_id=attempt.pk, user=learner)
        _mark(_task(attempt, 1), first)
        _mark(_task(attempt, 2), second)
    agreement = inter_marker_agreement(assessment)
    # Differences 0, 2 and 2 points of 10.
    assert agreement["answers"] == 3
    assert agreement["exact_rate"] == pytest.approx(1 / 3)
    assert agreement["mean_abs_diff"] == pytest.approx(Decimal(4) / 3)
    assert agreement["icc"] is not None and 0 < agreement["icc"] <= 1
    workload = marking_workload(assessments=[assessment])
    assert sum(row["assigned"] for row in workload["markers"]) == 6
    assert all(row["done"] == row["assigned"] for row in workload["markers"])


def _contest_with_essay():
    contest = contest_page(questions=1, starts_in=timedelta(minutes=-10))
    assessment = contest.assessment
    AssessmentQuestion.objects.create(
        assessment=assessment, question=essay_question(), points=Decimal(10), sort_order=9
    )
    from tests.factories import UserFactory

    markers = [UserFactory() for _ in range(3)]
    assessment.markers.set(markers)
    return contest


def _play(contest, user, essay="论述"):
    entry = contest_register(contest=contest, user=user, now=contest.starts_at)
    token = contest_session_claim(entry=entry)
    start = contest.starts_at + timedelta(seconds=5)
    attempt = contest_enter(entry=entry, token=token, now=start)
    for index, answer in enumerate(attempt.answers.select_related("question_version"), start=1):
        version = answer.question_version
        if version.qtype == "essay":
            response = {"text": essay}
        else:
            response = {
                "choice": max(version.payload["options"], key=lambda o: o["fraction"])["id"]
            }
        contest_answer(
            entry=entry,
            token=token,
            slot=answer.slot,
            response=response,
            now=start + index * timedelta(minutes=1),
        )
    contest_submit(entry=entry, token=token, now=start + timedelta(minutes=5))
    return attempt


def test_a_contest_is_double_marked_ranks_only_final_results_and_decides_after_marking():
    from tests.factories import UserFactory

    contest = _contest_with_essay()
    marked_user, waiting_user = UserFactory(), UserFactory()
    first, second = _play(contest, marked_user), _play(contest, waiting_user)
    assert MarkingTask.objects.filter(marked_answer__attempt=first).count() == 2
    _mark(_task(first, 1), {"c1": "c1c", "c2": "c2b"})
    _mark(_task(first, 2), {"c1": "c1c", "c2": "c2b"})
    ranking = contest_ranking(contest=contest, use_cache=False)
    assert [row["user_id"] for row in ranking] == [marked_user.pk]
    after_end = contest.ends_at + timedelta(minutes=1)
    assert contest_decide(contest=contest, now=after_end) is None
    assert not ContestOutcome.objects.filter(contest=contest).exists()
    _mark(_task(second, 1), {"c1": "c1a", "c2": "c2a"})
    _mark(_task(second, 2), {"c1": "c1a", "c2": "c2a"})
    outcome = contest_decide(contest=contest, now=after_end)
    assert outcome is not None
    ranks = {row["user_id"]: row["rank"] for row in contest_ranking(contest=contest)}
    assert ranks == {marked_user.pk: 1, waiting_user.pk: 2}


def test_the_attached_file_is_served_to_the_assigned_marker_only(learner):
    from django.core.files.base import ContentFile

    from core.storage import private_storage
    from quizzes.models import Answer
    from quizzes.services import attempt_start

    assessment = essay_assessment(allow_file=True)
    attempt = attempt_start(user=learner, assessment=assessment)
    name = private_storage().save("essays/fuzz-essay.txt", ContentFile("附件内容".encode()))
    essay = attempt.answers.get(question_version__qtype="essay")
    # As the upload view leaves it (a learner's save never names a stored file itself).
    Answer.objects.filter(pk=essay.pk).update(
        response={"text": "见附件", "file": name, "file_name": "我的分析.txt"}
    )
    attempt_submit(attempt_id=attempt.pk, user=learner)
    task = _task(attempt)
    url = reverse("quizzes_marking_file", args=[task.pk])
    reply = _expert_client(task.marker).get(url)
    assert reply.status_code == 200
    assert task.marked_answer.code in reply.headers["Content-Disposition"]
    other = next(m for m in assessment.marker_users if m != task.marker)
    assert _expert_client(other).get(url).status_code == 404
    private_storage().delete(name)
