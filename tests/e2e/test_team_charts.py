"""My team's charts and competency heatmap in real Chromium, at 1280 and 360 px: every chart is
drawn (an SVG in each container) under the site's CSP, the page never scrolls sideways, axe finds
nothing, and a click on a heatmap cell opens that person. Screenshots go to test-results/."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, MOBILE, assert_accessible, login, staff_code

pytestmark = pytest.mark.browser

RESULTS = Path(settings.BASE_DIR) / "test-results"
CHARTS = ["hours-units", "months", "overdue", "hours-people", "heatmap-units", "heatmap-people"]


def _open_my_team(page, live) -> list[str]:
    """Log manager1 in (password and authenticator code), open My team, wait for the charts;
    returns what the console said about the Content Security Policy."""
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(page, live, "manager1", settings.DEMO_PASSWORD)
    page.fill("#id_code", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.goto(f"{live.url}/manage/team/")
    page.wait_for_function(
        """(ids) => ids.every((id) => {
            const el = document.getElementById("chart-" + id);
            return el && el.dataset.chartReady === "1" && el.querySelector("svg");
        })""",
        arg=CHARTS,
    )
    return csp_errors


def _assert_no_horizontal_overflow(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]} px in {widths[1]} px"


@pytest.mark.parametrize("size", [DESKTOP, MOBILE], ids=["1280", "360"])
def test_my_team_charts_render_fit_and_pass_axe(new_page, live_demo, size):
    page = new_page(**size)
    csp_errors = _open_my_team(page, live_demo)
    assert csp_errors == []
    for chart_id in CHARTS:
        chart = page.locator(f"#chart-{chart_id}")
        expect(chart).to_have_attribute("role", "img")
        assert chart.get_attribute("aria-label")
        # Drawn, not an empty box: the SVG has shapes and is as wide as its container.
        assert chart.locator("svg path, svg rect").count() > 3, chart_id
        box = chart.bounding_box()
        assert box["width"] > 200 and box["height"] > 150, (chart_id, box)
        assert box["x"] + box["width"] <= size["width"], chart_id
    # Each chart's one-line summary is on the page, in words.
    summaries = page.locator("[data-role=chart-summary]").all_inner_texts()
    assert len(summaries) == len(CHARTS) and all(text.strip() for text in summaries)
    _assert_no_horizontal_overflow(page)
    assert_accessible(page)

    RESULTS.mkdir(exist_ok=True)
    width = size["width"]
    page.screenshot(path=RESULTS / f"team-charts-{width}.png", full_page=True)
    page.locator("#chart-heatmap-people").screenshot(path=RESULTS / f"team-heatmap-{width}.png")
    page.locator("section[aria-labelledby=competency-heading]").screenshot(
        path=RESULTS / f"team-competency-{width}.png"
    )


def test_heatmap_cell_click_opens_that_person(page, live_demo):
    _open_my_team(page, live_demo)
    first_person = page.locator("[data-role=people-heatmap] tbody th a").first
    name = first_person.inner_text()
    href = first_person.get_attribute("href")
    page.locator("#chart-heatmap-people").scroll_into_view_if_needed()
    # Where ECharts drew the first row's first cell, in viewport coordinates.
    point = page.evaluate(
        """() => {
            const el = document.getElementById("chart-heatmap-people");
            const [x, y] = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, [0, 0]);
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + y];
        }"""
    )
    with page.expect_navigation():
        page.mouse.click(*point)
    assert page.url.endswith(href)
    expect(page.locator("h1")).to_have_text(name)


@pytest.mark.parametrize("size", [DESKTOP, MOBILE], ids=["1280", "360"])
def test_organizer_sees_the_contest_score_and_participation_charts(new_page, live_demo, size):
    from quizzes.models import ContestPage

    page = new_page(**size)
    contest = ContestPage.objects.get(slug="contest-2026-autumn")
    login(page, live_demo, "organizer1", settings.DEMO_PASSWORD)
    page.fill("#id_code", staff_code())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.goto(f"{live_demo.url}/admin/quizzes/contests/{contest.pk}/")
    for chart_id in ("contest-scores", "contest-departments"):
        page.wait_for_selector(f"#chart-{chart_id}[data-chart-ready='1'] svg")
        assert page.locator(f"#chart-{chart_id} svg rect, #chart-{chart_id} svg path").count() > 3
    expect(page.locator("table[data-role=department-participation] tbody tr").first).to_be_visible()
    _assert_no_horizontal_overflow(page)
    assert_accessible(page)
    RESULTS.mkdir(exist_ok=True)
    page.locator("[data-role=contest-charts]").screenshot(
        path=RESULTS / f"contest-charts-{size['width']}.png"
    )
