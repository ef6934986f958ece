"""The assign form: a course or a test, for units and/or people chosen from the manager's own
subtree. A person or unit outside it (forged POST ids included), bad dates and missing choices
get a sentence and create nothing; searching writes nothing and never shows anyone outside."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ProfileFactory
from tests.factories import courses as course_factories
from tests.factories import quizzes as quiz_factories
from training.models import AssignmentTarget, TrainingAssignment

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def url():
    with translation.override("en"):  # the English page: the language is the URL's prefix
        return reverse("dashboards:assign")


@pytest.fixture
def test_paper():
    return quiz_factories.AssessmentFactory(title="网络安全测试", title_en="Cyber security test")


@pytest.fixture
def due():
    # Relative to today: the form refuses past dates, and the test must pass on any day.
    return (dt.date.today() + dt.timedelta(days=30)).isoformat()


@pytest.fixture
def colleague(tree):
    return ProfileFactory(org_unit=tree["bureau"], user__full_name="局内王五")


def _post(client, url, **data):
    return client.post(url, data, **EN)


def test_assign_a_test_to_two_chosen_people(
    client, manager, url, test_paper, due, inside, colleague, outside
):
    client.force_login(manager)
    response = _post(
        client, url, assessment=test_paper.pk, people=[inside.pk, colleague.pk], due_date=due
    )
    assert response.status_code == 302
    assignment = TrainingAssignment.objects.get()
    assert assignment.assessment == test_paper and assignment.course is None
    assert set(assignment.people.all()) == {inside.user, colleague.user}
    assert not assignment.units.exists()
    assert set(assignment.targets.values_list("user", flat=True)) == {
        inside.user_id,
        colleague.user_id,
    }


def test_people_and_units_together_assign_everyone_once(
    client, manager, url, due, tree, inside, colleague
):
    course = course_factories.course(lessons=1)
    client.force_login(manager)
    response = _post(
        client,
        url,
        course=course.pk,
        units=[tree["section"].pk],
        people=[inside.pk, colleague.pk],
        due_date=due,
    )
    assert response.status_code == 302
    assert AssignmentTarget.objects.count() == 2


@pytest.mark.parametrize("forged", ["outside", "999999", "abc", "1\x00", "9" * 30])
def test_a_forged_person_id_is_refused_with_a_message_and_nothing_changes(
    client, manager, url, test_paper, due, inside, outside, forged
):
    value = str(outside.pk) if forged == "outside" else forged
    client.force_login(manager)
    response = _post(client, url, assessment=test_paper.pk, people=[inside.pk, value], due_date=due)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "only to people in the units you manage" in response.content.decode()
    assert TrainingAssignment.objects.count() == 0 and AssignmentTarget.objects.count() == 0


def test_the_person_outside_scope_is_refused_even_among_good_choices(
    client, manager, url, test_paper, due, inside, outside
):
    client.force_login(manager)
    response = _post(client, url, assessment=test_paper.pk, people=[outside.pk], due_date=due)
    page = response.content.decode()
    assert response.status_code == 200
    assert "You can assign training only to people in the units you manage." in page
    # The refused person is not shown as chosen, nor offered in the picker.
    assert "组外李四" not in page
    assert TrainingAssignment.objects.count() == 0


def test_a_unit_outside_scope_is_refused_with_a_message(
    client, manager, url, test_paper, due, tree
):
    client.force_login(manager)
    response = _post(
        client, url, assessment=test_paper.pk, units=[tree["sibling"].pk], due_date=due
    )
    assert response.status_code == 200
    assert "only within the units you manage" in response.content.decode()
    assert TrainingAssignment.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"people": "P"}, "Choose either a course or a test to assign."),
        ({"people": "P", "course": "C", "assessment": "T"}, "Choose a course or a test, not both."),
        ({"assessment": "T"}, "Choose at least one unit or one person."),
        ({"assessment": "T", "people": "P", "due_date": ""}, "Enter the due date."),
        ({"assessment": "T", "people": "P", "due_date": "2000-01-01"}, "must not be in the past"),
        ({"assessment": "T", "people": "P", "due_date": "99999-01-01"}, "Enter a valid date."),
        ({"assessment": "T", "people": "P", "due_date": "2020-02-30"}, "Enter a valid date."),
        ({"assessment": "999999", "people": "P"}, "Select a valid choice."),
        ({"course": "x", "people": "P"}, "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_clear_message_and_creates_nothing(
    client, manager, url, test_paper, due, inside, data, message
):
    course = course_factories.course(lessons=1)
    swap = {"P": str(inside.pk), "C": str(course.pk), "T": str(test_paper.pk)}
    post = {"due_date": due, **{k: swap.get(v, v) for k, v in data.items()}}
    client.force_login(manager)
    response = _post(client, url, **post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert TrainingAssignment.objects.count() == 0


def test_an_unpublished_test_is_not_offered(client, manager, url, due, inside):
    draft = quiz_factories.AssessmentFactory(is_published=False, title_en="Draft paper")
    client.force_login(manager)
    assert "Draft paper" not in client.get(url, **EN).content.decode()
    response = _post(client, url, assessment=draft.pk, people=[inside.pk], due_date=due)
    assert response.status_code == 200 and TrainingAssignment.objects.count() == 0


def test_search_finds_people_in_scope_only_and_writes_nothing(
    client, manager, url, test_paper, due, tree, inside, outside, colleague
):
    ProfileFactory(org_unit=tree["sibling"], user__full_name="组外张七")
    client.force_login(manager)
    response = _post(
        client,
        url,
        search="Search",
        q="张",
        assessment=test_paper.pk,
        people=[colleague.pk],
        due_date=due,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "组内张三" in page  # a match
    assert "组外张七" not in page and "组外李四" not in page  # outside the subtree
    assert f'value="{colleague.pk}" id="person-{colleague.pk}" checked' in page  # stays chosen
    assert f'value="{due}"' in page  # what was entered is kept
    assert "errorlist" not in page  # nothing judged yet
    assert TrainingAssignment.objects.count() == 0


def test_search_by_employee_number_and_no_match_says_so(client, manager, url, inside, colleague):
    client.force_login(manager)
    page = _post(client, url, search="1", q=inside.employee_number).content.decode()
    assert "组内张三" in page and "局内王五" not in page
    page = _post(client, url, search="1", q="nobody-like-this").content.decode()
    assert "No one in your units matches “nobody-like-this”." in page


@pytest.mark.parametrize("q", ["\x00", "x" * 5000, "'; DROP TABLE people_profile; --", "%_%"])
def test_hostile_search_never_500s(client, manager, url, inside, q):
    client.force_login(manager)
    response = client.post(url, {"search": "1", "q": q}, **EN)
    assert response.status_code in (200, 400)


def test_the_form_offers_published_tests_and_the_people_of_the_subtree(
    client, manager, url, test_paper, inside, colleague, outside
):
    client.force_login(manager)
    page = client.get(url, **EN).content.decode()
    assert "Cyber security test" in page
    assert "组内张三" in page and "局内王五" in page and "组外李四" not in page


def test_a_learner_cannot_open_the_form(client, inside, url):
    client.force_login(inside.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"search": "1", "q": "a"}).status_code == 404
