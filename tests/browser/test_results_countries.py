"""Expected results and Countries in Chromium: charts draw offline, a map click filters."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    Recorded,
    assert_local_only,
    assert_no_console_errors,
    screenshot,
    wait_for_app,
)

MEMBER_STATES = 11


def sidebar_tags(p: Page, label: str) -> list[str]:
    """The selected values shown in a sidebar multiselect (as in test_smoke)."""
    box = p.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text=label)
    tags = box.locator("[data-testid=stMultiSelectTagsContainer] [data-tag]")
    return [t.get_attribute("aria-label") or t.inner_text() for t in tags.all()]


def full_screenshot(p: Page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so make the window tall."""
    p.set_viewport_size({"width": 1400, "height": 2600})
    p.evaluate("() => document.querySelectorAll('*').forEach(e => { e.scrollTop = 0; })")
    p.wait_for_timeout(800)  # charts redraw at the new size
    screenshot(p, name)
    p.set_viewport_size({"width": 1400, "height": 900})


def open_page(p: Page, base: str, title: str) -> None:
    """Open the app, then a page from the sidebar navigation.

    A deep link (/countries) makes Streamlit's frontend probe /countries/_stcore/health first,
    which logs a 404 console error; the sidebar is how users reach a page.
    """
    p.goto(base + "/")
    nav = p.locator("[data-testid=stSidebarNav] a").filter(has_text=title)
    expect(nav).to_be_visible()
    wait_for_app(p)
    nav.click()


def test_expected_results_draws_offline(app_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    open_page(p, app_server, "Expected results")
    charts = p.locator("[data-testid=stPlotlyChart]")
    expect(charts.first).to_be_visible()
    expect(charts.first.locator(".main-svg").first).to_be_attached()
    # The progress chart has one bar per indicator (ten in the sample data).
    expect(charts.first.locator(".barlayer .point")).to_have_count(10)
    wait_for_app(p)
    expect(p.get_by_text("How the status is set.")).to_be_visible()
    for result in ("Result 1", "Result 2", "Result 3", "Result 4"):
        expect(p.get_by_role("tab", name=result)).to_be_visible()
    # Each tab draws its trend chart when opened.
    p.get_by_role("tab", name="Result 4").click()
    trend = p.locator("[data-testid=stPlotlyChart]:visible").filter(has_text="ER4-01")
    expect(trend.locator(".scatterlayer .trace").first).to_be_attached()
    p.get_by_role("tab", name="Result 1").click()
    expect(p.get_by_text("Illustrative sample data").first).to_be_visible()
    full_screenshot(p, "expected_results")
    assert_local_only(rec)
    assert_no_console_errors(rec)


# A point well inside a country's shape: the grid point inside the path that is farthest from
# any grid point outside it (the centre of a bounding box can fall in a neighbour, e.g. Lao PDR).
INSIDE_POINT_JS = """
([iso3, steps]) => {
    const el = [...document.querySelectorAll('.choroplethlayer path')]
        .find(e => e.__data__ && e.__data__.loc === iso3);
    if (!el) return null;
    const box = el.getBoundingClientRect();
    const toUser = el.getScreenCTM().inverse();
    const svg = el.ownerSVGElement;
    const inside = [], outside = [];
    for (let i = 0; i <= steps; i++) {
        for (let j = 0; j <= steps; j++) {
            const x = box.left + box.width * i / steps, y = box.top + box.height * j / steps;
            const pt = svg.createSVGPoint();
            pt.x = x; pt.y = y;
            (el.isPointInFill(pt.matrixTransform(toUser)) ? inside : outside).push([x, y]);
        }
    }
    let best = null, bestDepth = -1;
    for (const [x, y] of inside) {
        let depth = Infinity;
        for (const [u, v] of outside) depth = Math.min(depth, Math.hypot(x - u, y - v));
        if (depth > bestDepth) { bestDepth = depth; best = [x, y]; }
    }
    return best;
}
"""


def test_countries_map_click_sets_the_country_filter(app_server: str,
                                                    page: tuple[Page, Recorded]):
    p, rec = page
    open_page(p, app_server, "Countries")
    shapes = p.locator(".choroplethlayer .trace:first-child path")
    expect(shapes).to_have_count(MEMBER_STATES)
    expect(p.locator("[data-testid=stPlotlyChart]")).to_have_count(4)
    wait_for_app(p)
    # The measure is a segmented control kept in the URL.
    p.get_by_role("radio", name="Participants", exact=True).click()
    expect(p.locator(".g-gtitle").filter(has_text="Participants by member state")).to_be_visible()
    expect(shapes).to_have_count(MEMBER_STATES)
    wait_for_app(p)
    assert "measure=participants" in p.url
    topojson = [u for u in rec.requests if u.endswith("_50m.json")]
    assert topojson and all("/app/static/topojson/" in u for u in topojson), rec.requests
    full_screenshot(p, "countries")

    # A neighbour outside ASEAN is context only: clicking China filters nothing.
    point = p.evaluate(INSIDE_POINT_JS, ["CHN", 30])
    assert point, "no map shape for China"
    p.mouse.move(*point)
    p.mouse.click(*point)
    p.wait_for_timeout(1500)
    wait_for_app(p)
    assert sidebar_tags(p, "Country") == [] and "country=" not in p.url, p.url

    point = p.evaluate(INSIDE_POINT_JS, ["LAO", 30])
    assert point, "no map shape for Lao PDR"
    x, y = point
    p.mouse.move(x, y)
    p.mouse.click(x, y)
    expect(p.get_by_text("ASEAN member state since 23 Jul 1997")).to_be_visible()
    wait_for_app(p)
    assert any("LAO" in t for t in sidebar_tags(p, "Country")), sidebar_tags(p, "Country")
    assert "country=LAO" in p.url and "measure=participants" in p.url
    expect(p.locator(".choroplethlayer .trace:first-child path")).to_have_count(MEMBER_STATES)
    full_screenshot(p, "countries-lao")
    assert_local_only(rec)
    assert_no_console_errors(rec)
