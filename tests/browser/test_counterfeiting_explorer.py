"""Counterfeiting and data explorer in Chromium: they draw offline; downloads match the extracts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect

from analytics import figures
from tests.browser.conftest import (
    Recorded,
    assert_local_only,
    assert_no_console_errors,
    sample_dir,
    screenshot,
    wait_for_app,
)

CSV_BUTTON = "📄 CSV (Excel-ready UTF-8)"
XLSX_BUTTON = "📊 Excel (.xlsx)"
PARQUET_BUTTON = "🗃️ Parquet"
PARTICIPATION_COLUMNS = ["activity_id", "iso3", "agency_type", "participants", "women",
                         "illustrative"]


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(sample_dir() / f"{name}.csv", encoding="utf-8-sig")


def participation_of(iso3: str) -> pd.DataFrame:
    """Independent of the app: participation rows of the country, in activities involving it."""
    activities, links, p = csv("activities"), csv("activity_countries"), csv("participation")
    involved = set(activities.loc[activities["host_iso3"] == iso3, "activity_id"]) | set(
        links.loc[links["iso3"] == iso3, "activity_id"])
    rows = p[(p["iso3"] == iso3) & p["activity_id"].isin(involved)]
    return normalised(rows)


def normalised(df: pd.DataFrame) -> pd.DataFrame:
    out = df[PARTICIPATION_COLUMNS].copy()
    out["women"] = pd.to_numeric(out["women"]).astype("Float64")
    out["participants"] = out["participants"].astype("int64")
    out["illustrative"] = out["illustrative"].astype(str).str.lower() == "true"
    for col in ("activity_id", "iso3", "agency_type"):
        out[col] = out[col].astype(str)
    return out.sort_values(["activity_id", "iso3", "agency_type"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def warm_server(app_server: str, browser: Browser) -> str:
    """Open "/" once first. The first run after the server starts runs app.py only when
    it is the main page: a deep link as the very first request is served in Streamlit's legacy
    pages-folder mode (reported to the lead; app.py's concern, not these pages')."""
    context = browser.new_context()
    p = context.new_page()
    p.goto(app_server + "/")
    expect(p.locator("[data-testid=stSidebarNav]")).to_be_visible()
    wait_for_app(p)
    context.close()
    return app_server


def tall_screenshot(p: Page, name: str) -> Path:
    """The whole page: the main block scrolls inside the viewport, so make the viewport tall."""
    size = p.viewport_size
    height = p.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain] *')]"
        ".map(e => e.scrollHeight))")
    p.set_viewport_size({"width": size["width"], "height": min(max(height + 100, 900), 6000)})
    p.wait_for_timeout(800)
    path = screenshot(p, name)
    p.set_viewport_size(size)
    return path


# Opening a deep link (/<page>?...) makes Streamlit's frontend look for its server under
# /<page>/_stcore/ first: two 404s in the console that are no fault of the page.
_BASE_PATH_PROBE = re.compile(r"/[a-z_]+/_stcore/(health|host-config)$")
_NOT_FOUND = "the server responded with a status of 404"


def watch_base_path_probes(p: Page) -> list[str]:
    """The 404 responses of the frontend's base-path probes on this page, as they come."""
    probes: list[str] = []
    p.on("response", lambda r: probes.append(r.url)
         if r.status == 404 and _BASE_PATH_PROBE.search(r.url) else None)
    return probes


def assert_no_page_errors(rec: Recorded, probes: list[str]) -> None:
    """No console error, except one "404" per base-path probe of a deep link."""
    errors = list(rec.console_errors)
    for _ in probes:
        match = next((e for e in errors if _NOT_FOUND in e), None)
        if match is not None:
            errors.remove(match)
    assert_no_console_errors(Recorded(requests=rec.requests, console_errors=errors))


def download(p: Page, label: str, folder: Path) -> Path:
    """Click the page's download button named `label`; the saved file."""
    button = p.locator("[data-testid=stDownloadButton]").get_by_role("button", name=label,
                                                                      exact=True)
    expect(button).to_be_enabled()
    with p.expect_download() as info:
        button.click()
    d = info.value
    path = folder / d.suggested_filename
    d.save_as(path)
    return path


def test_counterfeiting_draws_and_a_year_click_sets_the_period(warm_server: str,
                                                          page: tuple[Page, Recorded]):
    p, rec = page
    probes = watch_base_path_probes(p)
    p.goto(warm_server + "/counterfeiting?measure=cases")
    charts = p.locator("[data-testid=stPlotlyChart]")
    drawn = len(figures.PAGE_CHARTS["counterfeiting"])
    expect(charts).to_have_count(drawn)
    for i in range(drawn):
        expect(charts.nth(i).locator(".main-svg").first).to_be_attached()
    wait_for_app(p)
    expect(p.get_by_text("Seizure cases per year")).to_be_visible()
    expect(p.get_by_text("do not apply to seizures")).to_be_visible()
    assert "measure=cases" in p.url
    tall_screenshot(p, "counterfeiting")

    # A click on the 2021 bar sets the period to that year: the URL and the totals follow.
    bars = charts.filter(has_text="Seizure cases per year")
    bars.scroll_into_view_if_needed()
    bar = bars.locator(".bars .point path").nth(2)  # 2019, 2020, 2021
    box = bar.bounding_box()
    assert box
    p.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    p.wait_for_function("() => window.location.search.includes('from=2021-01-01')")
    wait_for_app(p)
    assert "to=2021-12-31" in p.url
    seizures = csv("seizures")
    cases_2021 = int(seizures.loc[seizures["year"] == 2021, "cases"].sum())
    expect(p.locator("[data-testid=stMetric]").filter(has_text="Seizure cases")).to_contain_text(
        f"{cases_2021:,}")
    assert "measure=cases" in p.url
    assert_local_only(rec)
    assert_no_page_errors(rec, probes)


def test_explorer_downloads_match_the_extracts(warm_server: str, page: tuple[Page, Recorded],
                                                tmp_path: Path):
    p, rec = page
    probes = watch_base_path_probes(p)
    p.goto(warm_server + "/data_explorer?dataset=participation&country=KHM")
    expect(p.locator("[data-testid=stDataFrame]")).to_be_visible()
    wait_for_app(p)
    expected = participation_of("KHM")
    expect(p.get_by_text(f"{len(expected):,} rows", exact=True)).to_be_visible()
    tall_screenshot(p, "data_explorer")
    today = dt.date.today().isoformat()

    csv_file = download(p, CSV_BUTTON, tmp_path)
    assert csv_file.name == f"participation_{today}.csv"
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")
    got = pd.read_csv(csv_file, encoding="utf-8-sig")
    assert list(got.columns) == PARTICIPATION_COLUMNS
    pd.testing.assert_frame_equal(normalised(got), expected)

    xlsx_file = download(p, XLSX_BUTTON, tmp_path)
    assert xlsx_file.name == f"participation_{today}.xlsx"
    got = pd.read_excel(xlsx_file, sheet_name="participation")
    pd.testing.assert_frame_equal(normalised(got), expected)
    about = openpyxl.load_workbook(xlsx_file)["about"]
    cells = {row[0]: row[1] for row in about.iter_rows(values_only=True) if row[0]}
    assert "country Cambodia" in cells["Filters"]
    assert isinstance(cells["Exported at"], dt.datetime)
    assert cells["Rows"] == len(expected)
    assert "participation.csv" in cells and "countries.csv" in cells  # the source files

    parquet_file = download(p, PARQUET_BUTTON, tmp_path)
    assert parquet_file.name == f"participation_{today}.parquet"
    pd.testing.assert_frame_equal(normalised(pd.read_parquet(parquet_file)), expected)

    # The Thai, Khmer, Lao and Burmese names survive the CSV (UTF-8 with a byte-order mark).
    p.goto(warm_server + "/data_explorer?dataset=countries")
    expect(p.locator("[data-testid=stDataFrame]")).to_be_visible()
    wait_for_app(p)
    got = pd.read_csv(download(p, CSV_BUTTON, tmp_path), encoding="utf-8-sig")
    names = dict(zip(got["iso3"], got["name_local"], strict=True))
    local = csv("countries").set_index("iso3")["name_local"].to_dict()
    assert names == local
    assert names["THA"] == "ประเทศไทย" and names["KHM"] == "កម្ពុជា"
    assert_local_only(rec)
    assert_no_page_errors(rec, probes)


def test_explorer_unknown_dataset_link(warm_server: str, page: tuple[Page, Recorded]):
    p, rec = page
    probes = watch_base_path_probes(p)
    p.goto(warm_server + "/data_explorer?dataset=drop%20table%20x&country=KHM")
    alert = p.locator("[data-testid=stAlert]").filter(has_text="Ignored the dataset")
    expect(alert).to_be_visible()
    expect(p.locator("[data-testid=stDataFrame]")).to_be_visible()
    wait_for_app(p)
    assert "dataset=activities" in p.url and "country=KHM" in p.url
    assert_local_only(rec)
    assert_no_page_errors(rec, probes)


def tick_labels(chart, axis: str) -> list[str]:
    """An axis's tick labels in the order drawn (the DOM's order need not be the screen's)."""
    ticks = chart.locator(f".{axis}tick text")
    placed = []
    for i in range(ticks.count()):
        box = ticks.nth(i).bounding_box()
        assert box
        placed.append((box[axis], ticks.nth(i).text_content()))
    return [text for _, text in sorted(placed)]


def test_a_click_in_a_challenge_cell_sets_the_country(warm_server: str,
                                                      page: tuple[Page, Recorded]):
    p, rec = page
    p.goto(warm_server + "/counterfeiting")
    heatmap = p.locator("[data-testid=stPlotlyChart]").filter(
        has_text="Severity of the enforcement challenges")
    expect(heatmap.locator(".main-svg").first).to_be_attached()
    wait_for_app(p)
    heatmap.scroll_into_view_if_needed()
    rows = tick_labels(heatmap, "y")  # top to bottom
    columns = tick_labels(heatmap, "x")  # left to right
    # Independent of the app: the countries assessed in the sample's challenges, by name.
    countries = csv("countries")
    assessed = set(csv("challenges")["iso3"])
    names = dict(zip(countries["name"], countries["iso3"], strict=True))
    assert sorted(rows) == sorted(n for n, code in names.items() if code in assessed)
    assert len(rows) >= 2 and len(columns) >= 2
    # Near the bottom-right corner of the second row's last cell: still that cell.
    box = heatmap.locator(".nsewdrag").first.bounding_box()
    assert box
    row, column = 1, len(columns) - 1
    x = box["x"] + (column + 0.85) * box["width"] / len(columns)
    y = box["y"] + (row + 0.85) * box["height"] / len(rows)
    p.mouse.move(x, y)
    p.wait_for_timeout(200)  # plotly turns the hover into the click's point
    p.mouse.click(x, y)
    code = names[rows[row]]
    p.wait_for_function(f"() => window.location.search.includes('country={code}')")
    wait_for_app(p)
    expect(heatmap.locator(".ytick text")).to_have_count(1)
    expect(heatmap.locator(".ytick text")).to_have_text(rows[row])
    assert_local_only(rec)
    assert_no_console_errors(rec)
