"""The header marks one section as current, the most specific one (home.templatetags.shell)."""

import re

import pytest
from django.urls import reverse

from home.templatetags.shell import NavItem, current_section
from quizzes.models import Attempt
from tests.factories import ProfileFactory
from tests.factories import courses as course_factories
from tests.factories.contests import contest_page
from tests.factories.quizzes import AssessmentFactory, add_fixed, make_question


def _item(key, *prefixes):
    return NavItem(key, key, prefixes[0], prefixes)


def test_the_longest_matching_prefix_wins_whatever_the_order():
    items = [_item("assessments", "/assessments/"), _item("contests", "/assessments/contests/")]
    assert current_section(items, "/assessments/contests/3/play/").key == "contests"
    assert current_section(list(reversed(items)), "/assessments/contests/").key == "contests"
    assert current_section(items, "/assessments/attempt/4/").key == "assessments"


def test_a_prefix_matches_whole_path_segments_only_and_nothing_matches_elsewhere():
    items = [_item("courses", "/courses/"), _item("team", "/manage/team/")]
    assert current_section(items, "/courses-old/") is None
    assert current_section(items, "/manage/platform/") is None
    assert current_section(items, "/") is None


def _current_links(html: str) -> list[str]:
    nav = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    everywhere = re.findall(r'<a href="([^"]*)" aria-current="page"', header)
    in_nav = re.findall(r'<a href="([^"]*)" aria-current="page"', nav)
    assert everywhere == in_nav or not in_nav, f"more than one current item: {everywhere}"
    return everywhere


@pytest.fixture
def sections(db):
    """A learner who sees Courses, My learning, Certificates, Assessments and Contests."""
    course = course_factories.course(lessons=2)
    assessment = add_fixed(AssessmentFactory(), [make_question()])
    contest = contest_page()
    return {"course": course, "assessment": assessment, "contest": contest}


def test_nested_pages_mark_only_their_own_section(client, sections):
    profile = ProfileFactory()
    client.force_login(profile.user)
    course = sections["course"]
    lesson = course.get_children().live().first()
    catalogue_url = course.get_parent().get_parent().url
    contest_list = reverse("quizzes:contest_list")
    cases = {
        contest_list: contest_list,  # /assessments/contests/ is under /assessments/ too
        sections["contest"].url: contest_list,  # the contest's own page, in the page tree
        reverse("quizzes:list"): reverse("quizzes:list"),
        lesson.url: catalogue_url,  # a lesson three levels below the catalogue
        course.url: catalogue_url,
        reverse("training:my_learning"): reverse("training:my_learning"),
    }
    for path, expected in cases.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert _current_links(response.content.decode()) == [expected], path


def test_an_attempt_is_in_assessments_only(client, sections):
    from quizzes.services import attempt_start

    profile = ProfileFactory()
    client.force_login(profile.user)
    attempt = attempt_start(user=profile.user, assessment=sections["assessment"])
    assert isinstance(attempt, Attempt)
    html = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert _current_links(html) == [reverse("quizzes:list")]


def test_a_page_outside_every_section_marks_none(client, sections):
    client.force_login(ProfileFactory().user)
    html = client.get(reverse("courses:search")).content.decode()
    assert _current_links(html) == []
