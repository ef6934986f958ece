"""The chart aggregates of My team (dashboards.charts): numbers equal a recomputation, a manager's
charts cover their subtree only, the page carries every chart with its data and an accessible
label, and the chart queries do not grow with the team or the number of units."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards import charts
from dashboards.selectors import _areas, team_members
from quizzes.models import CompetenceLevelRecord, PostTarget
from tests.dashboards.conftest import make_admin
from tests.factories import OrgUnitFactory, PostFactory, ProfileFactory
from tests.factories import courses as course_factories
from tests.factories import ledger as ledger_factories
from tests.factories import quizzes as quiz_factories
from training.models import CreditCategory
from training.services import training_assignment_create

pytestmark = pytest.mark.django_db

YEAR = 2026
CHART_IDS = [
    "chart-hours-units",
    "chart-months",
    "chart-overdue",
    "chart-hours-people",
    "chart-heatmap-units",
    "chart-heatmap-people",
]


def _level(user, code, level):
    CompetenceLevelRecord.objects.create(
        user=user,
        competence=quiz_factories.competence(code),
        level=level,
        achieved_at=dt.datetime(YEAR, 2, 1, tzinfo=dt.UTC),
    )


def _overdue_assignment(users, course):
    training_assignment_create(
        assigned_by=make_admin(),
        course=course,
        users=users,
        due_date=dt.date(2020, 1, 10),
        now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )


def test_hours_by_month_sums_each_month_and_runs_a_total(manager, inside, outside):
    ledger_factories.entry(inside.user, "4", earned_on=dt.date(YEAR, 3, 5))
    ledger_factories.entry(
        inside.user, "6", category=CreditCategory.REQUIRED, earned_on=dt.date(YEAR, 3, 20)
    )
    ledger_factories.entry(inside.user, "2.5", earned_on=dt.date(YEAR, 11, 1))
    ledger_factories.entry(inside.user, "9", earned_on=dt.date(YEAR - 1, 3, 1))  # other year
    ledger_factories.entry(outside.user, "30", earned_on=dt.date(YEAR, 3, 1))  # outside scope
    months = charts.hours_by_month(profiles=team_members(viewer=manager), year=YEAR)
    assert [m["month"] for m in months] == list(range(1, 13))
    assert (months[2]["required"], months[2]["elective"]) == (Decimal("6"), Decimal("4"))
    assert months[10]["elective"] == Decimal("2.5")
    assert months[1]["cumulative"] == 0
    assert months[2]["cumulative"] == months[9]["cumulative"] == Decimal("10")
    assert months[11]["cumulative"] == Decimal("12.5")


def test_overdue_by_unit_counts_only_the_managers_subtree(tree, manager, inside, outside):
    course = course_factories.course(lessons=1)
    in_bureau = ProfileFactory(org_unit=tree["bureau"])
    _overdue_assignment([inside.user, in_bureau.user, outside.user], course)
    rows = charts.overdue_by_unit(profiles=team_members(viewer=manager))
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {tree["section"].name, tree["bureau"].name}
    assert by_name[tree["section"].name]["overdue"] == 1
    assert by_name[tree["section"].name]["assigned"] == 1
    assert by_name[tree["section"].name]["done"] == 0


def test_competency_by_unit_averages_best_levels_against_post_targets(tree, manager, outside):
    post = PostFactory(name="数据岗")
    competence = quiz_factories.competence("6.1")
    PostTarget.objects.create(post=post, competence=competence, level=3)
    first = ProfileFactory(org_unit=tree["section"], post=post)
    second = ProfileFactory(org_unit=tree["section"], post=post)
    _level(first.user, "6.1", 1)
    _level(first.user, "6.1", 3)  # the best record counts
    _level(second.user, "6.1", 2)
    _level(outside.user, "6.1", 4)  # another subtree: never in the manager's numbers
    areas = _areas()
    rows = charts.competency_by_unit(profiles=team_members(viewer=manager), areas=areas)
    assert [row["name"] for row in rows] == [tree["section"].name]
    index = next(i for i, area in enumerate(areas) if area.pk == competence.area_id)
    size = len(areas[index].competences.all())
    cell = rows[0]["cells"][index]
    assert cell["level"] == round((3 + 2) / (2 * size), 1)
    assert cell["target"] == round((3 + 3) / (2 * size), 1)
    assert cell["gaps"] == 1  # the second person is below target, the first reached it


def _spec(html: str, chart_id: str) -> dict:
    match = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', html)
    assert match, chart_id
    return json.loads(match.group(1))


def test_my_team_page_carries_every_chart_with_data_label_and_table(
    client, manager, inside, outside
):
    ledger_factories.entry(inside.user, "12")
    client.force_login(manager)
    response = client.get(reverse("dashboards:my_team"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    for chart_id in CHART_IDS:
        assert re.search(rf'id="{chart_id}" class="chart" data-chart [^>]*role="img"', html)
        assert _spec(html, chart_id)["option"]["series"]
    assert 'src="/static/vendor/echarts.js"' in html and 'src="/static/js/charts.js"' in html
    people = _spec(html, "chart-hours-people")
    assert people["option"]["yAxis"]["data"] == ["组内张三"]
    assert people["links"] == [reverse("dashboards:person", args=[inside.pk])]
    assert "组外李四" not in html  # not in a chart, a table or a label
    assert "无目标" in html or "已达目标" in html or "低于目标" in html  # words, not colour alone
    assert "0.0 / " not in html  # the old bare "level / target" cells are gone


def test_unit_heatmap_links_narrow_my_team_to_the_unit(client, tree, manager, inside):
    client.force_login(manager)
    html = client.get(reverse("dashboards:my_team")).content.decode()
    spec = _spec(html, "chart-heatmap-units")
    assert spec["option"]["yAxis"]["data"] == [tree["section"].name]
    assert spec["links"] == [f"{reverse('dashboards:my_team')}?unit={tree['section'].code}"]


def _people_in_units(units, course):
    users = []
    for unit in units:
        for _ in range(3):
            profile = ProfileFactory(org_unit=unit)
            ledger_factories.entry(profile.user, "5", earned_on=dt.date(YEAR, 4, 1))
            _level(profile.user, "6.1", 2)
            users.append(profile.user)
    _overdue_assignment(users, course)


def test_chart_queries_do_not_grow_with_people_or_units(tree, manager):
    course = course_factories.course(lessons=1)
    areas = _areas()

    def chart_queries():
        profiles = team_members(viewer=manager)
        with CaptureQueriesContext(connection) as queries:
            charts.hours_by_month(profiles=profiles, year=YEAR)
            charts.overdue_by_unit(profiles=profiles)
            rows = charts.competency_by_unit(profiles=profiles, areas=areas)
        return len(queries), rows

    _people_in_units([tree["section"]], course)
    small, rows = chart_queries()
    assert len(rows) == 1
    more_units = [OrgUnitFactory(parent=tree["bureau"]) for _ in range(4)]
    _people_in_units([tree["section"], *more_units], course)
    large, rows = chart_queries()
    assert len(rows) == 5
    assert small == large
