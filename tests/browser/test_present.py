"""Presentation mode in Chromium: a prepared link opens it, nothing but the slide is shown,
the keys step through the charts, the filters are kept, Exit returns, nothing goes online."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from analytics.figures import PAGE_CHARTS
from tests.browser.conftest import (
    Recorded,
    assert_local_only,
    assert_no_console_errors,
    screenshot,
    wait_for_app,
)

VISIBLE_CONTROLS = ("stSidebar", "stSidebarCollapsedControl", "stHeader", "stToolbar",
                    "stMultiSelect", "stDateInput", "stDownloadButton", "stSelectbox",
                    "stSegmentedControl", "stPageLink")


def query(p: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(p.url).query)


def slide_title(p: Page) -> str:
    return p.locator(".st-key-present-title h1").inner_text()


def assert_only_the_slide(p: Page) -> None:
    for testid in VISIBLE_CONTROLS:
        shown = p.locator(f"[data-testid={testid}]:visible")
        assert shown.count() == 0, f"{testid} is visible in presentation mode"
    assert p.locator(".st-key-present-chart .modebar-container:visible").count() == 0
    buttons = p.locator("[data-testid=stMain] button:visible")
    names = sorted(b.inner_text().split("\n")[0].strip() for b in buttons.all())
    assert names == ["Exit", "▶", "◀"], names  # the stepping buttons only


def test_presentation_mode(app_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    # A prepared link: the overview's charts, Cambodia only.
    p.goto(app_server + "/?present=1&country=KHM")
    chart = p.locator(".st-key-present-chart [data-testid=stPlotlyChart]")
    expect(chart.locator(".main-svg").first).to_be_attached()
    wait_for_app(p)
    assert urlparse(p.url).path == "/present"
    assert query(p)["country"] == ["KHM"] and query(p)["seq"] == ["overview"]
    first = slide_title(p)
    assert first == "Activities by cluster and status"
    expect(p.locator(".st-key-present-title h1")).to_contain_text("activities completed")
    caption = p.locator(".st-key-present-caption")
    expect(caption).to_contain_text("Slide 1 of 3")
    expect(caption).to_contain_text("country Cambodia")
    assert_only_the_slide(p)
    box = chart.bounding_box()
    assert box and box["height"] > 400, box  # sized for the projector
    screenshot(p, "present-1")

    # → steps forward (the URL keeps the slide), the ◀ button steps back.
    p.keyboard.press("ArrowRight")
    expect(p.locator(".st-key-present-title h1")).not_to_have_text(first)
    expect(caption).to_contain_text("Slide 2 of 3")
    wait_for_app(p)
    assert query(p)["slide"] == ["2"] and query(p)["country"] == ["KHM"]
    expect(chart.locator(".main-svg").first).to_be_attached()
    assert_only_the_slide(p)
    screenshot(p, "present-2")
    p.set_viewport_size({"width": 1920, "height": 1080})
    p.wait_for_timeout(500)
    screenshot(p, "present-2-1920")

    p.locator(".st-key-present-back button:visible").click()
    expect(p.locator(".st-key-present-title h1")).to_have_text(first)
    wait_for_app(p)
    assert query(p)["slide"] == ["1"]

    # A reload stays on the slide; Esc returns to the page with the same filters.
    p.keyboard.press("ArrowRight")
    expect(caption).to_contain_text("Slide 2 of 3")
    wait_for_app(p)
    p.reload()
    expect(p.locator(".st-key-present-caption")).to_contain_text("Slide 2 of 3")
    wait_for_app(p)
    p.keyboard.press("Escape")
    expect(p.locator("h1").first).to_contain_text("Programme overview")
    wait_for_app(p)
    assert query(p).get("country") == ["KHM"] and "seq" not in query(p)
    expect(p.locator("[data-testid=stSidebar]")).to_be_visible()
    country_box = p.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(
        has_text="Country")
    expect(country_box).to_contain_text("KHM")
    assert_local_only(rec)
    assert_no_console_errors(rec)


def test_sidebar_link_presents_the_page(app_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    p.goto(app_server + "/?country=THA")
    expect(p.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    wait_for_app(p)
    p.locator("[data-testid=stSidebarNav] a").filter(has_text="Counterfeiting").click()
    expect(p.locator("h1").first).to_contain_text("Counterfeiting")
    wait_for_app(p)
    p.locator("[data-testid=stSidebar] [data-testid=stPageLink]").filter(
        has_text="Present this page").click()
    expect(p.locator(".st-key-present-caption")).to_contain_text(
        f"Slide 1 of {len(PAGE_CHARTS['counterfeiting'])}")
    wait_for_app(p)
    assert query(p)["seq"] == ["counterfeiting"] and query(p)["country"] == ["THA"]
    expect(p.locator(".st-key-present-caption")).to_contain_text("country Thailand")
    assert_only_the_slide(p)
    p.locator(".st-key-present-exit button:visible").click()
    expect(p.locator("h1").first).to_contain_text("Counterfeiting")
    wait_for_app(p)
    assert query(p)["country"] == ["THA"]
    assert_local_only(rec)
    assert_no_console_errors(rec)
