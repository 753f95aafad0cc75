"""The app in Chromium: it draws, maps work offline, links carry the filters across pages."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    REPO,
    Recorded,
    assert_local_only,
    assert_no_console_errors,
    copy_app,
    sample_dir,
    screenshot,
    streamlit_server,
    wait_for_app,
)

EXISTING_PAGES = [p for p in ("overview", "timeline", "expected_results", "countries",
                              "counterfeiting", "data_explorer")
                  if (REPO / "app_pages" / f"{p}.py").exists()]


def sidebar_tags(p: Page, label: str) -> list[str]:
    """The selected values shown in a sidebar multiselect."""
    box = p.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text=label)
    tags = box.locator("[data-testid=stMultiSelectTagsContainer] [data-tag]")
    return [t.get_attribute("aria-label") or t.inner_text() for t in tags.all()]


def test_overview_draws_offline(app_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    p.goto(app_server + "/")
    chart = p.locator("[data-testid=stPlotlyChart]").first
    expect(chart).to_be_visible()
    expect(chart.locator(".main-svg").first).to_be_attached()
    # The map drew one shape per ASEAN member state from the outlines the app serves.
    shapes = p.locator(".choroplethlayer .trace:first-child path")
    expect(shapes).to_have_count(11)
    # The neighbours in the frame are drawn plain from the same outlines (a second trace).
    from analytics.charts import NEIGHBOURS

    expect(p.locator(".choroplethlayer .trace:nth-child(2) path")).to_have_count(len(NEIGHBOURS))
    wait_for_app(p)
    if len(EXISTING_PAGES) > 1:
        expect(p.locator("[data-testid=stSidebarNav]")).to_be_visible()
    expect(p.get_by_role("button", name="Reset filters")).to_be_visible()
    screenshot(p, "overview")
    topojson = [u for u in rec.requests if u.endswith("_50m.json")]
    assert topojson and all("/app/static/topojson/" in u for u in topojson), rec.requests
    assert_local_only(rec)
    assert_no_console_errors(rec)


def test_link_with_filters_fills_the_sidebar(app_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    p.goto(app_server + "/?country=KHM&status=completed")
    expect(p.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    wait_for_app(p)
    assert any("KHM" in t for t in sidebar_tags(p, "Country"))
    assert sidebar_tags(p, "Status") == ["completed"]
    assert "country=KHM" in p.url and "status=completed" in p.url
    assert_local_only(rec)
    assert_no_console_errors(rec)


def test_bad_link_values_give_a_notice(app_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    p.goto(app_server + "/?country=KHM&country=QQQ&colour=red")
    expect(p.locator("[data-testid=stAlert]").first).to_be_visible()
    wait_for_app(p)
    alerts = " ".join(p.locator("[data-testid=stAlert]").all_inner_texts())
    assert "QQQ" in alerts and "colour" in alerts
    country_box = p.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(
        has_text="Country")
    expect(country_box).to_contain_text("KHM")
    assert "QQQ" not in p.url and "colour" not in p.url
    assert_no_console_errors(rec)


PROBE_PAGE = '''
import streamlit as st
from ui.data_store import served_data
from ui.filter_state import set_filter
from ui.sidebar import sidebar

data = served_data()
cur = data.con.cursor()
countries = cur.execute("select iso3, name from countries").df()
cur.close()
f = sidebar(countries)
st.title("Probe page")
st.text("countries=" + ",".join(f.countries) + " statuses=" + ",".join(f.statuses))
if st.button("Filter Thailand"):
    set_filter("countries", ["THA"])
st.page_link("app_pages/overview.py", label="Overview for Laos",
             query_params={"country": "LAO", "dataset": "participation"})
'''


@pytest.fixture(scope="module")
def two_page_app(tmp_path_factory: pytest.TempPathFactory):
    """A copy of the app with a probe page registered as "Timeline" (page scripts come later)."""
    app_dir = copy_app(tmp_path_factory.mktemp("app"))
    (app_dir / "app_pages" / "timeline.py").write_text(PROBE_PAGE, encoding="utf-8")
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with streamlit_server(app_dir, sample_dir(), log) as base:
        yield base


def probe_text(p: Page) -> str:
    return p.locator("[data-testid=stText]").filter(has_text="countries=").inner_text()


def test_filters_and_url_across_page_switches(two_page_app: str, page: tuple[Page, Recorded]):
    p, rec = page
    p.goto(two_page_app + "/?country=KHM&status=completed&dataset=participation")
    expect(p.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    wait_for_app(p)
    assert "dataset=participation" in p.url  # page state is kept on its own page

    # Sidebar navigation drops the query string; the filters come back into the URL.
    p.locator("[data-testid=stSidebarNav] a").filter(has_text="Timeline").click()
    expect(p.get_by_text("Probe page")).to_be_visible()
    wait_for_app(p)
    assert probe_text(p) == "countries=KHM statuses=completed"
    assert "/timeline?" in p.url and "country=KHM" in p.url and "status=completed" in p.url
    assert "dataset" not in p.url

    # A click on a chart (here a button) sets a filter: sidebar and URL follow.
    p.get_by_role("button", name="Filter Thailand").click()
    expect(p.locator("[data-testid=stText]").filter(has_text="countries=THA")).to_be_visible()
    wait_for_app(p)
    assert "country=THA" in p.url and "country=KHM" not in p.url
    assert any("THA" in t for t in sidebar_tags(p, "Country"))
    screenshot(p, "probe-timeline")

    # A link with query parameters sets the filters of the page it opens.
    p.get_by_text("Overview for Laos").click()
    expect(p.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    wait_for_app(p)
    assert "country=LAO" in p.url and "dataset=participation" in p.url
    assert any("LAO" in t for t in sidebar_tags(p, "Country"))
    assert sidebar_tags(p, "Status") == []

    # Copying that URL into a new tab reproduces the view.
    p2 = p.context.new_page()
    p2.goto(p.url)
    expect(p2.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    wait_for_app(p2)
    assert any("LAO" in t for t in sidebar_tags(p2, "Country"))
    assert_local_only(rec)
    assert_no_console_errors(rec)


def test_broken_data_shows_problems(tmp_path: Path, page: tuple[Page, Recorded]):
    from tests.app.conftest import _break_countries  # the same way the app tests break it

    folder = tmp_path / "data"
    shutil.copytree(sample_dir(), folder)
    bad = _break_countries(folder)
    with streamlit_server(REPO, folder, tmp_path / "streamlit.log") as base:
        p, rec = page
        p.goto(base + "/")
        alert = p.locator("[data-testid=stAlert]").filter(has_text="problem")
        expect(alert).to_be_visible()
        wait_for_app(p)
        assert bad in alert.inner_text()
        assert "Traceback" not in p.content()
        expect(p.get_by_role("button", name="Reload data")).to_be_visible()
        screenshot(p, "broken-data")
        assert_local_only(rec)


def test_page_link_as_the_servers_first_request(tmp_path: Path, page: tuple[Page, Recorded]):
    # A link to a page, opened before anyone has visited the app: it must open that page
    # through app.py's navigation (all pages listed, wide layout), with the link's filters.
    p, rec = page
    with streamlit_server(REPO, sample_dir(), tmp_path / "streamlit.log") as base:
        p.goto(base + "/countries?country=KHM&status=completed")
        wait_for_app(p)
        expect(p.locator("h1").first).to_contain_text("Countries")
        nav = p.locator("[data-testid=stSidebarNav]")
        for title in ("Overview", "Timeline", "Expected results", "Countries", "Counterfeiting",
                      "Data explorer"):
            expect(nav).to_contain_text(title)
        expect(nav).not_to_contain_text("shared")
        query = parse_qs(urlparse(p.url).query)
        assert query.get("country") == ["KHM"] and query.get("status") == ["completed"]
        assert_local_only(rec)
        assert_no_console_errors(rec)
