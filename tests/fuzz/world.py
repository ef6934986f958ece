"""The small world the route walker fills URLs from: one of everything a route can name (a course
with lessons and a check question, an enrolment, an attempt, a contest, a question to an expert,
a certificate, an assignment, a notice, a calendar feed), and the four kinds of visitor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from courses.models import Enrolment
from people.models import Role
from qanda.services import answer_post
from quizzes.services.attempts import attempt_start
from tests.factories import OrgUnitFactory, ProfileFactory, UserFactory, grant_role
from tests.factories import courses as course_factories
from tests.factories.certificates import certificate
from tests.factories.contests import contest_page
from tests.factories.qanda import ask, course_with_expert
from tests.factories.quizzes import AssessmentFactory, add_fixed, make_question
from tests.factories.trust import enrol_totp
from training.models import Notice
from training.services import calendar_feed_token_get, training_assignment_create

CHECK_BLOCK_ID = "fuzz-check-question"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # visitor name -> User (anonymous: None)
    objects: dict = field(default_factory=dict)  # what URL kwargs are filled from

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError as error:
            raise AttributeError(name) from error


def build_world() -> World:
    world = World()
    root = OrgUnitFactory(name="市政府", code="fuzz-root", kind="department")
    bureau = OrgUnitFactory(name="市数据局", code="fuzz-bureau", kind="division", parent=root)
    section = OrgUnitFactory(name="数据资源处", code="fuzz-section", parent=bureau)

    learner = ProfileFactory(org_unit=section, user__full_name="学员甲").user
    manager = ProfileFactory(org_unit=bureau, user__full_name="经理乙").user
    grant_role(manager, Role.MANAGER, bureau)
    staff = UserFactory(is_superuser=True, is_staff=True, full_name="管理员丙")
    enrol_totp(staff)
    bystander = ProfileFactory(org_unit=section, user__full_name="旁人丁").user
    world.users = {"anonymous": None, "learner": learner, "manager": manager, "staff": staff}

    course, expert = course_with_expert(
        lessons=1,
        index=True,
        lesson_kwargs={
            "body": [
                course_factories.paragraph(),
                course_factories.question(block_id=CHECK_BLOCK_ID),
            ]
        },
    )
    lesson = course.get_children().specific().first()
    enrolment = Enrolment.objects.create(user=learner, course=course, enrolled_at=timezone.now())

    assessment = add_fixed(AssessmentFactory(), [make_question("single"), make_question("fill_in")])
    attempt = attempt_start(user=learner, assessment=assessment)
    contest = contest_page(questions=2)

    # An essay awaiting marking by the course's expert (the marking screens), led by staff.
    from quizzes.models import MarkingTask
    from quizzes.services import answer_save, attempt_submit
    from tests.factories.marking import essay_assessment

    marked_test = essay_assessment(markers=0)
    marked_test.markers.set([expert])
    marked_test.lead_markers.set([staff])
    essay_attempt = attempt_start(user=bystander, assessment=marked_test)
    for slot, qtype in essay_attempt.answers.values_list("slot", "question_version__qtype"):
        if qtype == "essay":
            answer_save(
                attempt_id=essay_attempt.pk, user=bystander, slot=slot, response={"text": "论述"}
            )
    attempt_submit(attempt_id=essay_attempt.pk, user=bystander)
    marking_task = MarkingTask.objects.get(marked_answer__attempt=essay_attempt)

    question = ask(course=course, user=learner, visibility="public")
    reply = answer_post(question=question, author=expert, body="请参考课程第一课。")

    cert = certificate(holder=learner)
    assignment = training_assignment_create(
        assigned_by=manager,
        course=course,
        units=[section],
        due_date=timezone.localdate() + dt.timedelta(days=30),
    )
    target = assignment.targets.get(user=learner)
    notice = Notice.objects.create(
        user=learner, message="提醒", url="/learning/my-learning/", created_at=timezone.now()
    )
    feed = calendar_feed_token_get(user=learner)

    world.objects.update(
        unit=section,
        course=course,
        lesson=lesson,
        expert=expert,
        enrolment=enrolment,
        assessment=assessment,
        attempt=attempt,
        contest=contest,
        question=question,
        reply=reply,
        certificate=cert,
        assignment=assignment,
        target=target,
        notice=notice,
        feed_token=feed.token,
        learner_profile=learner.profile,
        bystander=bystander,
        marked_test=marked_test,
        marking_task=marking_task,
        marked_answer=marking_task.marked_answer,
    )
    return world
