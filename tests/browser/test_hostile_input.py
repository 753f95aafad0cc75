"""Hostile text through every door, in Chromium: links, data values, file names.

Each hostile string (tests/hostile.py) goes through every URL parameter (the filters, any
unknown name, and the page-state parameters activity, dataset, measure, slide, seq), every
free-text column of every dataset and the names of files in the data folder. On every page:
no element carries an injected src/href (the strings' marker host), no image or formula is
made from Markdown, nothing is requested outside 127.0.0.1, and the text is shown as written.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page

from analytics.literal import WORD_JOINER, plain
from tests.browser.conftest import (
    REPO,
    Recorded,
    assert_local_only,
    sample_dir,
    streamlit_server,
    wait_for_app,
)
from tests.hostile import (
    HOSTILE,
    HOSTILE_FILE_NAMES,
    MARKERS,
    SINGLE_ATTACKS,
    URL_FILTER_KEYS,
    hostile_folder,
)

PAGES = ("", "timeline", "expected_results", "countries", "counterfeiting", "data_explorer",
         "definitions", "present")

# Any attribute that makes the browser fetch or link something, holding a marker.
_INJECTED = """markers => {
  const fetching = ['src', 'href', 'xlink:href', 'srcset', 'action', 'formaction', 'poster',
                    'data', 'background', 'style'];
  const found = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (fetching.includes(a.name.toLowerCase()) && markers.some(m => a.value.includes(m))) {
        found.push(`<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`);
      }
    }
  }
  // What Markdown would have made of the text: images, links, formulas, icons, colours.
  for (const e of document.querySelectorAll(
      '[data-testid=stMarkdownContainer] :is(img, a:not([href^="#"]), .katex, '
      + '[data-testid=stIconMaterial], span[class*=Colored], span[style*=color])')) {
    found.push(`markdown made <${e.tagName.toLowerCase()}>: ${e.outerHTML.slice(0, 160)}`);
  }
  for (const e of document.querySelectorAll('.js-plotly-plot a')) {
    found.push(`plotly link: ${e.outerHTML.slice(0, 160)}`);
  }
  return found;
}"""


def _shown_text(p: Page) -> str:
    text = p.evaluate("() => document.body.innerText").replace(WORD_JOINER, "")
    return re.sub(r"\s+", " ", text)


def check_page(p: Page, rec: Recorded, where: str, expect_text: tuple[str, ...] = ()) -> None:
    """Nothing injected on the page and nothing fetched from outside; `expect_text` shown."""
    # The sidebar's last element (presentation mode has no sidebar: its slide's title).
    p.locator("button:has-text('Reload data'), [data-testid=stMain] h1").first.wait_for()
    wait_for_app(p)
    p.wait_for_timeout(500)
    injected = p.evaluate(_INJECTED, list(MARKERS))
    assert not injected, f"{where}: injected elements:\n" + "\n".join(injected)
    exceptions = p.locator("[data-testid=stException]")
    assert exceptions.count() == 0, f"{where}: {exceptions.first.inner_text()}"
    shown = _shown_text(p)
    for text in expect_text:
        assert plain(text) in shown, f"{where}: {plain(text)!r} not shown as written"
    assert_local_only(rec)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving a copy of the sample data with hostile text in every free-text cell
    and files with hostile names beside the extracts."""
    folder = hostile_folder(sample_dir(), tmp_path_factory.mktemp("hostile") / "data")
    log = tmp_path_factory.mktemp("hostile-server") / "streamlit.log"
    with streamlit_server(REPO, folder, log) as base:
        yield base


def _country_name(iso3: str) -> str:
    """The (hostile) name of a country in the folder the hostile server serves."""
    folder = hostile_folder(sample_dir(), Path(tempfile.mkdtemp()) / "data")
    with (folder / "countries.csv").open(encoding="utf-8", newline="") as f:
        return next(row["name"] for row in csv.DictReader(f) if row["iso3"] == iso3)


def csv_cell(text: str) -> str:
    """One CSV cell holding `text`, quoted as a spreadsheet would."""
    return '"' + text.replace('"', '""') + '"'


def _url(base: str, page: str, params: list[tuple[str, str]]) -> str:
    return f"{base}/{page}?{urlencode(params)}"


@pytest.mark.parametrize("round_", range(len(HOSTILE)))
def test_link_parameters_show_literally(hostile_server: str, page: tuple[Page, Recorded],
                                        round_: int):
    """Each filter parameter, an unknown parameter (name and value) and each page's own
    parameter, every hostile string through each of them over the rounds."""
    p, rec = page
    n = len(HOSTILE)

    def h(i: int) -> str:
        return HOSTILE[(round_ + i) % n]

    filters = [(key, h(i)) for i, key in enumerate(URL_FILTER_KEYS)]
    unknown = [(h(len(URL_FILTER_KEYS)), h(len(URL_FILTER_KEYS) + 1))]
    p.goto(_url(hostile_server, "", filters + unknown))
    # The notices quote what the link said (a bad date is quoted in full, lists are split at
    # commas; the hostile strings have none).
    check_page(p, rec, f"overview, round {round_}",
               expect_text=(h(URL_FILTER_KEYS.index("country")), unknown[0][0]))

    own = {"timeline": "activity", "data_explorer": "dataset", "counterfeiting": "measure",
           "countries": "measure"}
    for i, (name, param) in enumerate(own.items()):
        p.goto(_url(hostile_server, name, [(param, h(i)), ("country", h(i + 1))]))
        check_page(p, rec, f"{name}?{param}= round {round_}")
    p.goto(_url(hostile_server, "present", [("slide", h(0)), ("seq", h(1)), ("measure", h(2)),
                                            ("present", h(3))]))
    check_page(p, rec, f"present round {round_}")


def test_data_values_and_file_names_show_literally(hostile_server: str,
                                                   page: tuple[Page, Recorded]):
    """Every page on hostile data, filtered on countries (their names are in every caption),
    with the file names' notice in the sidebar; the profile and activity detail drawn."""
    p, rec = page
    countries = [("country", c) for c in ("KHM", "IDN", "MYS", "PHL", "THA", "VNM")]
    for name in PAGES:
        p.goto(_url(hostile_server, name, countries))
        # The sidebar names each ignored file as written (presentation mode has no sidebar).
        notices = tuple(f"{n}: not a dataset" for n in HOSTILE_FILE_NAMES)
        check_page(p, rec, name or "overview", expect_text=() if name == "present" else notices)
    # The country profile of a member state with a hostile name; an activity's detail.
    p.goto(_url(hostile_server, "countries", [("country", "IDN")]))
    check_page(p, rec, "countries profile", expect_text=(_country_name("IDN"),))
    p.goto(_url(hostile_server, "timeline", []))
    wait_for_app(p)
    box = p.get_by_test_id("stSelectbox").filter(has_text="Activity")
    box.click()
    options = p.get_by_role("option")
    for i in range(min(options.count(), len(HOSTILE))):
        if i:
            box.click()
        p.get_by_role("option").nth(i).click()
        check_page(p, rec, f"timeline detail {i}")
    for dataset in ("countries", "activities", "indicators", "challenges", "seizures"):
        p.goto(_url(hostile_server, "data_explorer", [("dataset", dataset)]))
        check_page(p, rec, f"explorer {dataset}")



def test_problems_quoting_hostile_values_show_literally(tmp_path: Path,
                                                        page: tuple[Page, Recorded]):
    """A folder whose restricted columns (allowed values, codes, references, dates, the
    header) hold hostile text: the problems list quotes each value as written."""
    p, rec = page
    folder = hostile_folder(sample_dir(), tmp_path / "data")
    path = folder / "activities.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    restricted = ("status", "cluster", "programme", "host_iso3", "start_date", "number")
    # Short attacks: a problem quotes at most the first 50 or so characters of a value.
    values = [a for a in SINGLE_ATTACKS if "\n" not in a and len(a) < 40][:len(restricted)]
    for i, (column, value) in enumerate(zip(restricted, values, strict=True)):
        rows[i][column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # Another file's header names an unknown column with a hostile name.
    indicators = folder / "indicators.csv"
    lines = indicators.read_text(encoding="utf-8").splitlines()
    hostile_name = HOSTILE[2].replace(",", " ")
    indicators.write_text("\n".join([lines[0] + "," + csv_cell(hostile_name),
                                     *(line + "," for line in lines[1:])]) + "\n",
                          encoding="utf-8")
    with streamlit_server(REPO, folder, tmp_path / "streamlit.log") as base:
        p.goto(base + "/")
        p.locator("[data-testid=stAlertContentError]").first.wait_for()
        check_page(p, rec, "problems list", expect_text=(hostile_name[:30], *values))
