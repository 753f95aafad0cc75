"""Overview and timeline in Chromium: charts draw offline, a click on a Gantt bar opens the
activity's detail, a click on the overview's breakdown sets the cluster filter."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    Recorded,
    assert_local_only,
    assert_no_console_errors,
    screenshot,
    wait_for_app,
)

ILLUSTRATIVE = "Illustrative sample data"


def charts_drawn(p: Page, count: int) -> None:
    """At least `count` plotly charts are on the page, each with its SVG."""
    charts = p.locator("[data-testid=stPlotlyChart]")
    expect(charts.nth(count - 1)).to_be_visible()
    for i in range(charts.count()):
        expect(charts.nth(i).locator(".main-svg").first).to_be_attached()


def click_mark(p: Page, mark: Locator) -> None:
    """A real mouse click in the middle of a plotly mark (plotly listens on its drag layer)."""
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    assert box, "the mark is not drawn"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    p.mouse.move(x, y)
    p.wait_for_timeout(200)  # let plotly register the hover it turns into a click
    p.mouse.click(x, y)


def whole_page_screenshot(p: Page, name: str) -> None:
    """Streamlit scrolls inside its main block: grow the window to the content, then shoot."""
    height = p.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))"
    )
    p.set_viewport_size({"width": 1400, "height": min(max(900, int(height) + 80), 6000)})
    p.wait_for_timeout(1000)  # plotly redraws at the new size
    wait_for_app(p)
    screenshot(p, name)
    p.set_viewport_size({"width": 1400, "height": 900})


def query(p: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(p.url).query)


def test_overview_draws_its_figures(app_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    p.goto(app_server + "/")
    charts_drawn(p, 3)
    wait_for_app(p)
    metrics = p.locator("[data-testid=stMetric]")
    expect(metrics.filter(has_text="ASEAN member states reached")).to_contain_text(
        re.compile(r"\d+ of \d+"))
    expect(metrics.filter(has_text="Value of genuine goods")).to_contain_text("US$")
    expect(p.get_by_text(ILLUSTRATIVE).first).to_be_visible()
    expect(p.get_by_text("Data sources")).to_be_visible()
    whole_page_screenshot(p, "overview")
    assert_local_only(rec)
    assert_no_console_errors(rec)


def test_overview_bar_click_sets_the_cluster(app_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    p.goto(app_server + "/")
    charts_drawn(p, 3)
    wait_for_app(p)
    bar_chart = p.locator("[data-testid=stPlotlyChart]").filter(
        has_text="Activities by cluster and status")
    click_mark(p, bar_chart.locator(".bars path").first)
    expect(p).to_have_url(re.compile(r"[?&]cluster="), timeout=20_000)
    wait_for_app(p)
    cluster = query(p)["cluster"]
    assert len(cluster) == 1
    tags = p.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(
        has_text="Cluster").locator("[data-tag]")
    expect(tags).to_have_count(1)
    assert_local_only(rec)
    assert_no_console_errors(rec)


def test_timeline_click_shows_the_activity(app_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    # Opened from the navigation: a direct load of /timeline makes Streamlit probe
    # /timeline/_stcore/health for a base path first (two 404s in the console).
    p.goto(app_server + "/")
    charts_drawn(p, 1)
    wait_for_app(p)
    p.locator("[data-testid=stSidebarNav] a").filter(has_text="Timeline").click()
    expect(p.get_by_text("Activities by cluster over time")).to_be_visible()
    charts_drawn(p, 1)
    wait_for_app(p)
    expect(p.get_by_text(re.compile(r"^Without dates \(\d+\)$"))).to_be_visible()
    expect(p.get_by_text(ILLUSTRATIVE).first).to_be_visible()
    whole_page_screenshot(p, "timeline")

    gantt = p.locator("[data-testid=stPlotlyChart]").first
    click_mark(p, gantt.locator(".bars path").first)
    expect(p).to_have_url(re.compile(r"[?&]activity="), timeout=20_000)
    wait_for_app(p)
    activity = query(p)["activity"][0]
    heading = p.locator("[data-testid=stHeading]").filter(has_text=activity)
    expect(heading).to_be_visible()
    expect(p.get_by_text("Expected result:")).to_be_visible()
    expect(p.get_by_role("button", name=re.compile("Show only this cluster"))).to_be_visible()
    whole_page_screenshot(p, "timeline-detail")

    p.get_by_role("button", name=re.compile("Show only this cluster")).click()
    expect(p).to_have_url(re.compile(r"[?&]cluster="), timeout=20_000)
    wait_for_app(p)
    assert query(p)["activity"] == [activity], "the activity stays open"
    assert_local_only(rec)
    assert_no_console_errors(rec)
