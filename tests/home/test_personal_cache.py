"""The signed-in learner's home data is cached per person (home.personal): a warm page reads
none of their rows, and every change of theirs (or of a rule everyone's page reads) shows on the
very next page, through the services that make the change. Wording on the English home (/en/)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from core.clock import local_today
from courses.services import enrolment_create, lesson_visit
from quizzes.models import ContestEntry, PostTarget
from quizzes.services import post_target_set
from tests.factories import courses as pages
from tests.factories.contests import contest_page
from tests.factories.ledger import entry
from tests.factories.people import PostFactory, ProfileFactory
from tests.factories.qanda import shanghai
from tests.factories.quizzes import competence
from tests.home.test_learner_home import _assign, _main, _section, _world
from training.models import CourseCompetence, CreditCategory, Notice
from training.services import notice_dismiss

pytestmark = pytest.mark.django_db

# Tables only the learner's own sections read: none of them on a warm page.
PERSONAL_TABLES = (
    "training_",
    "courses_enrolment",
    "courses_lessonprogress",
    "quizzes_posttarget",
    "quizzes_contestentry",
    "quizzes_competencelevelrecord",
    "people_profile",
)


@pytest.fixture
def home(db):
    return pages.home_page()


@pytest.fixture
def post(db):
    return PostFactory(name="数据管理岗")


def _warm_queries(client, path="/en/") -> list[str]:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries]


def test_a_warm_signed_in_home_reads_none_of_the_learners_rows(client, home, learner, post):
    _world(home, learner, post)
    contest_page(starts_in=dt.timedelta(days=2))
    client.force_login(learner)
    warm = _warm_queries(client)
    assert not [sql for sql in warm if any(table in sql for table in PERSONAL_TABLES)], warm
    # The shell only: session, user, roles, site, page routing, permissions.
    assert len(warm) <= 11, warm
    with override_settings(HOME_PERSONAL_CACHE=False):
        uncached = _warm_queries(client)
    # Ten reads of their own (eleven in English: the translated links), all saved.
    assert len(uncached) >= len(warm) + 10, uncached


def test_the_cached_page_is_the_same_page(client, home, learner, post):
    _world(home, learner, post)
    client.force_login(learner)
    with override_settings(HOME_PERSONAL_CACHE=False):
        fresh = _main(client.get("/en/"))
    client.get("/en/")
    assert _main(client.get("/en/")) == fresh


def test_one_learners_cached_page_is_never_anothers(client, home, learner, other_learner, post):
    _world(home, learner, post)
    ProfileFactory(user=other_learner)
    client.force_login(learner)
    assert "Your plan changed" in _main(client.get("/en/"))
    client.force_login(other_learner)
    main = _main(client.get("/en/"))
    assert "Your plan changed" not in main and "You have no unread notices." in main


def test_each_language_has_its_own_copy(client, home, learner, post):
    _world(home, learner, post)
    client.force_login(learner)
    assert 'lang="en"' in client.get("/en/").content.decode()
    zh = client.get("/").content.decode()
    assert '<html lang="zh-hans"' in zh and "Overdue by" not in zh


def test_new_credit_hours_show_at_once(client, home, learner, post):
    ProfileFactory(user=learner, post=post)
    client.force_login(learner)
    assert "No credit hours recorded" in _section(_main(client.get("/en/")), "home-hours")
    entry(learner, "4.0", category=CreditCategory.REQUIRED, earned_on=local_today())
    assert "4.0 required" in _section(_main(client.get("/en/")), "home-hours")


def test_an_enrolment_and_a_lesson_visit_show_at_once(client, home, learner):
    ProfileFactory(user=learner)
    topic = pages.topic(parent=pages.catalogue(home=home))
    course = pages.course(parent=topic, title="Open data", lessons=2)
    client.force_login(learner)
    assert "You have no course in progress." in _main(client.get("/en/"))
    enrolment_create(user=learner, course=course)
    continuing = _section(_main(client.get("/en/")), "home-continue")
    assert "Open data" in continuing and "0 of 2 lessons done" in continuing
    lesson = course.get_children().specific().last()
    lesson_visit(user=learner, lesson=lesson)
    assert lesson.title in _section(_main(client.get("/en/")), "home-continue")


def test_an_assignment_and_a_notice_show_at_once_and_a_dismissed_notice_goes(client, home, learner):
    ProfileFactory(user=learner)
    topic = pages.topic(parent=pages.catalogue(home=home))
    course = pages.course(parent=topic, title="Assigned course", lessons=1)
    client.force_login(learner)
    assert "Nothing assigned to you is due." in _main(client.get("/en/"))
    _assign(learner, course, due_in=5)
    notice = Notice.objects.create(user=learner, message="Plan changed", created_at=timezone.now())
    main = _main(client.get("/en/"))
    assert "5 days left" in _section(main, "home-due")
    assert "Plan changed" in _section(main, "home-notices")
    notice_dismiss(user=learner, notice_id=notice.pk)
    assert "You have no unread notices." in _main(client.get("/en/"))


def test_a_contest_registration_shows_at_once(client, home, learner):
    contest = contest_page(starts_in=dt.timedelta(days=2))
    client.force_login(learner)
    assert "status--met" not in _section(_main(client.get("/")), "home-contests")
    ContestEntry.objects.create(
        contest=contest,
        user=learner,
        registered_at=timezone.now(),
        entry_not_before=contest.starts_at,
    )
    assert "status--met" in _section(_main(client.get("/")), "home-contests")


def test_a_post_change_and_a_new_target_show_at_once(client, home, learner, post):
    profile = ProfileFactory(user=learner)
    client.force_login(learner)
    assert "Your post has no competency targets yet" in _main(client.get("/en/"))
    target = competence("6.2")
    post_target_set(post=post, competence=target, level=3)
    profile.post = post
    profile.save()
    assert "No published course builds the competences" in _main(client.get("/en/"))
    topic = pages.topic(parent=pages.catalogue(home=home))
    course = pages.course(parent=topic, title="Builds sharing", lessons=1)
    CourseCompetence.objects.create(course=course, competence=target, level=3)
    assert "Builds sharing" in _section(_main(client.get("/en/")), "home-recommended")
    PostTarget.objects.get(post=post).delete()
    assert "Builds sharing" not in _main(client.get("/en/"))


def test_a_publish_renews_course_titles(client, home, learner):
    ProfileFactory(user=learner)
    topic = pages.topic(parent=pages.catalogue(home=home))
    course = pages.course(parent=topic, title="Old title", lessons=1)
    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    assert "Old title" in _main(client.get("/en/"))
    course.title = "New title"
    course.save_revision().publish()
    main = _main(client.get("/en/"))
    assert "New title" in main and "Old title" not in main


def test_days_left_count_from_the_new_day_after_midnight(client, home, learner):
    ProfileFactory(user=learner)
    topic = pages.topic(parent=pages.catalogue(home=home))
    course = pages.course(parent=topic, title="Due soon", lessons=1)
    with time_machine.travel(shanghai(2027, 3, 10, 23, 58), tick=False):
        client.force_login(learner)
        _assign(learner, course, due_in=5)
        assert "5 days left" in _section(_main(client.get("/en/")), "home-due")
    # Four minutes later, well inside the cache's timeout, but a new day.
    with time_machine.travel(shanghai(2027, 3, 11, 0, 2), tick=False):
        assert "4 days left" in _section(_main(client.get("/en/")), "home-due")
