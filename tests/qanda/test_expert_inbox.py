"""The expert's question inbox: in the expert's navigation (not a learner's), overdue questions
marked, and a filter that lists only the ones still waiting for an answer."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qanda import selectors
from qanda.services import answer_post
from tests.factories.people import UserFactory
from tests.factories.qanda import ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(course_and_expert):
    course, expert = course_and_expert
    late = ask(course=course, title="早先的问题", at=timezone.now() - dt.timedelta(days=40))
    fresh = ask(course=course, title="新提的问题")
    answered = ask(course=course, title="已答复的问题", at=timezone.now() - dt.timedelta(days=40))
    answer_post(question=answered, author=expert, body="请参阅第二课。")
    return expert, late, fresh, answered


def _rows(html: str) -> list[str]:
    return [row for row in html.split("<tr")[2:]]


def test_the_inbox_is_in_the_experts_navigation(client, course_and_expert):
    _course, expert = course_and_expert
    client.force_login(expert)
    html = client.get(reverse("training:my_learning")).content.decode()
    nav = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("qanda:inbox")}"' in nav


def test_the_inbox_is_not_in_a_learners_navigation(client, db):
    client.force_login(UserFactory())
    html = client.get(reverse("training:my_learning")).content.decode()
    nav = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert reverse("qanda:inbox") not in nav


def test_overdue_questions_are_marked(client, questions):
    expert, *_ = questions
    client.force_login(expert)
    html = client.get(reverse("qanda:inbox")).content.decode()
    rows = {
        title: row
        for row in _rows(html)
        for title in ("早先的问题", "新提的问题", "已答复的问题")
        if title in row
    }
    assert 'data-overdue="1"' in rows["早先的问题"] and ">逾期<" in rows["早先的问题"]
    assert 'data-overdue="1"' not in rows["新提的问题"]
    assert 'data-overdue="1"' not in rows["已答复的问题"]


def test_the_open_filter_lists_only_questions_waiting_for_an_answer(client, questions):
    expert, *_ = questions
    client.force_login(expert)
    html = client.get(reverse("qanda:inbox"), {"show": "open"}).content.decode()
    assert "早先的问题" in html and "新提的问题" in html
    assert "已答复的问题" not in html
    everything = client.get(reverse("qanda:inbox")).content.decode()
    assert "已答复的问题" in everything


def test_an_unknown_filter_value_lists_everything(client, questions):
    expert, *_ = questions
    client.force_login(expert)
    response = client.get(reverse("qanda:inbox"), {"show": "<script>"})
    assert response.status_code == 200
    assert "已答复的问题" in response.content.decode()


def test_the_selector_marks_overdue_as_of_a_given_moment(questions):
    expert, late, fresh, _answered = questions
    later = timezone.now() + dt.timedelta(days=60)
    marked = {q.pk: q.overdue for q in selectors.expert_inbox(user=expert, now=later)}
    assert marked[late.pk] and marked[fresh.pk]
    marked_now = {q.pk: q.overdue for q in selectors.expert_inbox(user=expert)}
    assert marked_now[late.pk] and not marked_now[fresh.pk]
