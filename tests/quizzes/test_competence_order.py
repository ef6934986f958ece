"""Competences and areas are listed in one order everywhere (learner profile, team views, admin):
framework, the area's place then code, the competence's place then code. Two areas or
competences with the same place never swap, and areas of different frameworks never interleave."""

import re

import pytest
from django.urls import reverse

from dashboards.selectors import team_competency
from people.models import Profile
from quizzes.models import Area, Competence, Framework
from quizzes.selectors import competency_profile
from tests.factories.people import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    """A framework sorting before the default one, created in the wrong order on purpose: two
    areas with the same place, competences with the same place, codes given backwards."""
    framework = Framework.objects.create(code="aaa-order", name="排序测试框架")
    late_area = Area.objects.create(framework=framework, code="B", sort_order=1, name="乙领域")
    early_area = Area.objects.create(framework=framework, code="A", sort_order=1, name="甲领域")
    for area, codes in ((late_area, ["B.2", "B.1"]), (early_area, ["A.3", "A.1", "A.2"])):
        for code in codes:
            Competence.objects.create(area=area, code=code, sort_order=1, name=f"能力{code}")
    return framework


def _ours(codes) -> list[str]:
    return [code for code in codes if code[0] in "AB" and "." in code]


def test_learner_profile_lists_areas_and_competences_in_order(framework):
    areas = competency_profile(user=ProfileFactory().user)["areas"]
    ours = [row for row in areas if row["area"].framework_id == framework.pk]
    assert [row["area"].code for row in ours] == ["A", "B"]
    assert [[c["competence"].code for c in row["competences"]] for row in ours] == [
        ["A.1", "A.2", "A.3"],
        ["B.1", "B.2"],
    ]
    # The test framework's code sorts before the default framework's: its areas come first.
    assert areas[0]["area"].framework_id == framework.pk


def test_team_view_lists_areas_in_the_same_order(framework):
    profile = ProfileFactory()
    data = team_competency(profiles=Profile.objects.all(), page_user_ids=[profile.user_id])
    areas = [area for area in data["areas"] if area.framework_id == framework.pk]
    assert [area.code for area in areas] == ["A", "B"]
    assert [c.code for c in areas[0].competences.all()] == ["A.1", "A.2", "A.3"]
    assert [avg["area"].code for avg in data["averages"]][:2] == ["A", "B"]


def test_competences_by_default_are_grouped_by_framework_and_area(framework):
    codes = list(Competence.objects.values_list("code", flat=True))
    assert codes[:5] == ["A.1", "A.2", "A.3", "B.1", "B.2"]
    assert list(Area.objects.values_list("code", flat=True))[:2] == ["A", "B"]


def test_admin_lists_competences_and_areas_in_order(admin_client, framework):
    html = admin_client.get(reverse("wagtailsnippets_quizzes_competence:list")).content.decode()
    listed = _ours(re.findall(r"\b([AB]\.\d)\b", html))
    assert list(dict.fromkeys(listed)) == ["A.1", "A.2", "A.3", "B.1", "B.2"]
    areas = admin_client.get(reverse("wagtailsnippets_quizzes_area:list")).content.decode()
    assert areas.index("甲领域") < areas.index("乙领域")
