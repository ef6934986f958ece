"""The organizer's contest screen draws the score distribution and participation by department,
each beside its data table: the numbers equal the players' results, and the charts add no query
per player or department."""

import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.selectors.contest_charts import contest_summary_charts, score_distribution
from tests.factories.contests import contest_page
from tests.factories.people import OrgUnitFactory, ProfileFactory
from tests.quizzes.test_contest_organizer import _detail, organizer, organizer_client, play

pytestmark = pytest.mark.django_db
__all__ = ["organizer", "organizer_client"]  # fixtures shared with the organizer screen's tests


def test_scores_fall_in_tenths_and_a_full_score_in_the_top_bin():
    ranking = [{"percent": Decimal(p)} for p in ("0", "9.99", "10", "55", "100", "100")]
    bins = score_distribution(ranking=ranking)
    assert [b["players"] for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert (bins[0]["low"], bins[-1]["high"]) == (0, 100)


def test_participation_counts_each_department_against_its_headcount(organizer_client):
    contest = contest_page(questions=2)
    playing = OrgUnitFactory(name="数据局", name_en="Data Bureau")
    idle = OrgUnitFactory(name="服务中心", name_en="Service Centre")
    play(contest, ProfileFactory(org_unit=playing).user)
    ProfileFactory(org_unit=playing)
    ProfileFactory(org_unit=idle)

    charts = contest_summary_charts(contest=contest)

    assert sum(b["players"] for b in charts["distribution"]) == 1
    assert charts["distribution"][-1]["players"] == 1  # every answer right: 100 %
    by_unit = {row["unit_id"]: row for row in charts["departments"]}
    assert (by_unit[playing.pk]["headcount"], by_unit[playing.pk]["participants"]) == (2, 1)
    assert by_unit[playing.pk]["participation"] == 50
    assert by_unit[idle.pk]["participants"] == 0

    html = organizer_client.get(_detail(contest)).content.decode()
    for chart_id in ("chart-contest-scores", "chart-contest-departments"):
        assert re.search(rf'id="{chart_id}" class="chart" data-chart [^>]*role="img"', html)
        match = re.search(
            rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', html
        )
        assert json.loads(match.group(1))["option"]["series"]
    # Every eligible department counts, the organizer's own included.
    departments = len(charts["departments"])
    assert f"1 of {departments} eligible departments have taken part." in html
    assert 'data-role="department-participation"' in html and "Data Bureau" in html


def test_the_charts_add_no_query_per_player_or_department(organizer_client):
    contest = contest_page(questions=1)
    play(contest, ProfileFactory(org_unit=OrgUnitFactory()).user)
    cache.clear()  # the live ranking is cached for seconds: measure both reads cold
    with CaptureQueriesContext(connection) as few:
        contest_summary_charts(contest=contest)
    for _ in range(6):
        play(contest, ProfileFactory(org_unit=OrgUnitFactory()).user)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        charts = contest_summary_charts(contest=contest)
    assert len(charts["departments"]) == 8  # seven players' units and the organizer's
    assert len(few) == len(many)
