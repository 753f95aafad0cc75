"""One definition per figure: every number a page shows equals its slide, the pack and pandas.

For each selection below, every page's key figures (the list read from
`analytics.figures.PAGE_FIGURES`) equal the oracle of `tests/oracles.py`; every chart's
finding on a page (`PAGE_CHARTS`) equals its slide in presentation mode ("Present this
page") and, for the pack's charts, the slide of the briefing pack — its data, its PowerPoint
text and its PDF text; the numbers each takeaway quotes equal the oracle's. A figure or chart
added to the figures layer is covered here the day it is added.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import subprocess
from functools import cache
from urllib.parse import parse_qs

import pytest
from pptx import Presentation

from analytics import figures, pack_content, pack_pdf, pack_pptx
from analytics.answers import Answers
from analytics.filters import Filters, from_query
from analytics.load import load_folder
from analytics.pack_images import Images
from tests.app.conftest import open_page, open_present, sample_dir, unescaped
from tests.oracles import COVERED_CHARTS, COVERED_FIGURES, Extracts

TODAY = dt.date.today()

# The selections of the issue: none; a period that cuts activities; a period ending before
# Timor-Leste joined (26 October 2025); one country; Timor-Leste alone; a cluster; a status;
# an expected result; a combination; one that leaves no data; and a seizure measure.
SELECTIONS: dict[str, str] = {
    "none": "",
    "period-cuts-activities": "from=2024-03-01&to=2025-06-30",
    "before-timor-leste": "to=2024-12-31",
    "one-country": "country=KHM",
    "timor-leste": "country=TLS",
    "cluster": "cluster=Awareness raising",
    "status": "status=ongoing",
    "expected-result": "result=2",
    "combination": "country=PHL&country=IDN&status=completed&from=2023-01-01",
    "no-data": "from=2035-01-01&status=postponed",
    "measure-cases": "country=THA&measure=cases",
}


def query_of(view: str) -> dict[str, list[str]]:
    return parse_qs(view, keep_blank_values=False)


def filters_of(view: str) -> Filters:
    f, notices = from_query(query_of(view))
    assert not notices, notices
    return f


def measure_of(view: str) -> str | None:
    return (query_of(view).get("measure") or [None])[0]


@cache
def extracts() -> Extracts:
    return Extracts(sample_dir(), TODAY)


@cache
def loaded():
    result = load_folder(sample_dir())
    assert result.ok, [p.message() for p in result.problems]
    return result


@cache
def pack(view: str) -> pack_content.BriefingPack:
    """The pack as the sidebar builds it: the filters of the view, the default measures."""
    return pack_content.build_pack(loaded().con, filters_of(view), today=TODAY)


def same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9
    if isinstance(a, dt.date) and hasattr(b, "date") and not isinstance(b, dt.date):
        return a == b.date()
    return a == b


def findings(at) -> list[str]:
    """The findings the page's charts of the figures layer state: their titles (those charts
    say what they measure in a subtitle), as plotly draws them."""
    out = []
    for chart in at.get("plotly_chart"):
        title = json.loads(chart.proto.spec).get("layout", {}).get("title", {})
        if title.get("text") and (title.get("subtitle") or {}).get("text"):
            out.append(html.unescape(title["text"].replace("<br>", " ")))
    return out


# --- the figures layer is fully covered ----------------------------------------------------


def test_every_figure_and_chart_has_an_oracle():
    assert set(figures.FIGURES) <= set(COVERED_FIGURES), "write its oracle in tests/oracles.py"
    assert set(figures.CHARTS) <= set(COVERED_CHARTS), "write its oracle in tests/oracles.py"


def test_every_page_figure_and_chart_is_defined():
    for names in figures.PAGE_FIGURES.values():
        assert set(names) <= set(figures.FIGURES)
    for keys in figures.PAGE_CHARTS.values():
        assert set(keys) <= set(figures.CHARTS)
    assert set(figures.PACK_FIGURES) <= set(figures.FIGURES)
    assert set(figures.PACK_CHARTS) <= set(figures.CHARTS)


def test_every_figure_has_its_words():
    for f in figures.KEY_FIGURES:
        assert f.label and f.unit and f.definition.endswith(".") and f.filters, f.name
        assert f.question and f.illustrative_from, f.name
    for c in figures.CHART_LIST:
        assert c.title and c.definition and c.question and c.filters, c.key


# --- numbers against the oracle --------------------------------------------------------------


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_key_figures_equal_the_oracle(name):
    view = SELECTIONS[name]
    f = filters_of(view)
    answers = Answers(loaded().con, f, TODAY)
    for figure in figures.KEY_FIGURES:
        if figure.name == "hosted" and len(f.countries) != 1:
            continue  # a country profile's figure: one country selected
        want = extracts().key_figure(figure.name, f)
        got = figure.value(answers)
        if isinstance(want, tuple):
            assert tuple(int(v) for v in got) == want, figure.name
        elif want is None:
            assert got is None or got != got, figure.name  # None or NaN: not known
        else:
            assert same(float(got), float(want)), (figure.name, got, want)


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_takeaway_numbers_equal_the_oracle(name):
    view = SELECTIONS[name]
    f = filters_of(view)
    answers = Answers(loaded().con, f, TODAY)
    for chart in figures.CHART_LIST:
        got = figures.chart_view(chart.key, answers, measure_of(view)).numbers
        want = extracts().chart_numbers(chart.key, f, measure_of(view))
        assert set(got) == set(want), (chart.key, got, want)
        for k, v in want.items():
            assert same(got[k], v), (chart.key, k, got[k], v)


# --- page = slide = pack -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_pages_show_the_figures_and_findings_of_their_slides_and_the_pack(name):
    view = SELECTIONS[name]
    f = filters_of(view)
    measure = measure_of(view)
    query = query_of(view)
    p = pack(view)
    pack_takeaways = {c.key: c.takeaway for c in p.charts}
    pack_titles = {c.key: c.title for c in p.charts}

    for page in sorted(set(figures.PAGE_FIGURES) | set(figures.PAGE_CHARTS)):
        at = open_page(f"app_pages/{page}.py", **query)
        tiles = {m.label: (m.value, m.delta or "") for m in at.metric}
        # The page's key figures, each against the oracle (formatted as the figure says).
        names = figures.PAGE_FIGURES.get(page, ())
        shows_profile = page != "countries" or (len(f.countries) == 1)
        empty = page != "countries" and not _has_data(page, f)
        for figure_name in names if shows_profile and not empty else ():
            figure = figures.FIGURES[figure_name]
            assert figure.label in tiles, (page, figure.label, tiles)
            want = extracts().key_figure(figure_name, f)
            assert tiles[figure.label][0] == figure.format(want), (page, figure_name)
            if page == "overview":  # the pack's key-figures slide shows the same tiles
                shown = {k.label: (k.value, k.detail) for k in p.key_figures}
                assert shown[figure.label] == tiles[figure.label], figure_name

        # Each finding on the page is its slide's takeaway, word for word.
        keys = figures.PAGE_CHARTS.get(page, ())
        slides = present_slides(page, view)
        page_measure = measure if page in ("counterfeiting", "countries") else None
        assert [s[0] for s in slides] == [figures.chart_view(k, Answers(loaded().con, f, TODAY),
                                                             page_measure).title for k in keys]
        on_page = findings(at)
        page_measure = measure if page in ("counterfeiting", "countries") else None
        for key, (title, takeaway) in zip(keys, slides, strict=True):
            chart = figures.CHARTS[key]
            follows = page_measure in chart.measures or (key == "member_map"
                                                         and page_measure in figures.MAP_MEASURES)
            if key in pack_takeaways and not follows:
                assert takeaway == pack_takeaways[key], (page, key)
                assert title == pack_titles[key], (page, key)
            if _chart_drawn(page, key, f):
                assert takeaway in on_page, (page, key, on_page)
        assert set(on_page) <= {t for _, t in slides}, (page, on_page)


def _has_data(page: str, f: Filters) -> bool:
    if page == "counterfeiting":
        return bool(extracts().key_figure("seizure_cases", f)) or not extracts().seizures(f).empty
    return extracts().key_figure("activities", f) > 0


def _chart_drawn(page: str, key: str, f: Filters) -> bool:
    """Whether the page draws chart `key` for `f` (it shows an empty state otherwise)."""
    ex = extracts()
    if page == "overview" and key != "seizures_year":
        return ex.key_figure("activities", f) > 0
    if key in ("seizures_year", "seizures_category", "seizures_transport", "ecommerce",
               "provenance", "seizures_ipr", "seizures_detention", "seizures_hs_chapter",
               "cases_procedures"):
        return not ex.seizures(f).empty
    if key == "challenges":
        return not ex.challenges(f).empty
    if key == "member_map":
        return ex.key_figure("activities", f.with_(countries=())) > 0
    if key == "country_cluster":
        return bool(ex.chart_numbers("country_cluster", f))
    if key == "participation":
        return ex.key_figure("participants", f) > 0
    if key == "member_coverage":
        return bool(ex.chart_numbers("member_coverage", f))
    if key == "timeline":
        return ex.key_figure("activities", f) > ex.key_figure("undated", f)
    return True


@cache
def present_slides(page: str, view: str) -> tuple[tuple[str, str], ...]:
    """(title, takeaway) of each slide of "Present this page" for the selection."""
    out = []
    at = open_present(page, **query_of(view))
    n = len(figures.PAGE_CHARTS[page])
    for k in range(1, n + 1):
        at.query_params["slide"] = str(k)
        at.run()
        assert not at.exception, at.exception
        # the slide's heading is its finding; what the chart measures is under it
        out.append((unescaped(at.get_by_key("present-subtitle").markdown[0].value),
                    unescaped(at.title[0].value)))
    return tuple(out)


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_the_pack_files_say_what_the_pack_says(name, tmp_path):
    p = pack(SELECTIONS[name])
    prs = Presentation(io.BytesIO(pack_pptx.to_pptx(p, Images(missing="not drawn here"))))
    slides = list(prs.slides)
    text = ["\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
            for s in slides]
    for k in p.key_figures:
        assert f"{k.label}\n{k.value}\n{k.detail}" in text[1], k.label
    for slide_text, chart in zip(text[2:2 + len(p.charts)], p.charts, strict=True):
        assert chart.title in slide_text and chart.takeaway in slide_text, chart.key

    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(pack_pdf.to_pdf(p, Images(missing="not drawn here")))
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True, timeout=60).stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page with a form feed
    assert len(pages) == p.slide_count
    flat = [re.sub(r"\s+", " ", page) for page in pages]
    for k in p.key_figures:
        assert k.value in flat[1], k.label
    for page_text, chart in zip(flat[2:2 + len(p.charts)], p.charts, strict=True):
        assert chart.takeaway in page_text, (chart.key, page_text)
