"""The Expected results page on a folder imported from IATI files: the tree result →
indicator → period and the breakdowns, with the values of the files themselves."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET  # noqa: S405 - trusted fixtures only
from pathlib import Path

import pytest

from analytics import iati
from tests.app.conftest import open_page, read_sample, texts, unescaped

RESULTS_PAGE = "app_pages/expected_results.py"
IATI_DIR = Path(__file__).resolve().parents[1] / "data" / "iati"
FILES = [IATI_DIR / "edge-programme.xml", IATI_DIR / "activity-standard-example-annotated.xml"]
LEVELS = {"1": "Output", "2": "Outcome", "3": "Impact", "9": "Other"}  # IATI ResultType


@pytest.fixture
def imported(tmp_path, use_data) -> Path:
    folder = tmp_path / "data"
    iati.write_folder(iati.import_iati(FILES), folder)
    return use_data(folder)


def test_the_tree_shows_each_result_indicator_and_period_of_the_files(imported):
    at = open_page(RESULTS_PAGE)
    assert "Results of the activities" in texts(at.header)
    labels = [unescaped(e.label) for e in at.expander]
    subheaders = [unescaped(s.value) for s in at.subheader]
    period_tables = [d.value for d in at.dataframe if "period" in d.value.columns]
    expected_tables = []
    for path in FILES:
        for activity in ET.parse(path).getroot().iter("iati-activity"):
            results = activity.findall("result")
            if results:
                title = [n.text for n in activity.find("title") if
                         (n.get("{http://www.w3.org/XML/1998/namespace}lang") or
                          activity.get("{http://www.w3.org/XML/1998/namespace}lang")) == "en"]
                assert title[0] in subheaders
            for result in results:
                if not result.findall("indicator"):
                    continue  # reported in the import summary, nothing to show
                label = f"{LEVELS[result.get('type')]}: {result.find('title/narrative').text}"
                assert label in labels
                for indicator in result.findall("indicator"):
                    totals = [(p.find("target[@value]"), p.find("actual"))
                              for p in indicator.findall("period")]
                    rows = [(float(t.get("value")) if t is not None and t.find("dimension")
                             is None else None,
                             float(a.get("value")) if a is not None and a.find("dimension")
                             is None else None) for t, a in totals]
                    if any(x is not None for r in rows for x in r):
                        expected_tables.append(rows)
    shown = [[(None if r.period_target != r.period_target else r.period_target,
               None if r.value != r.value else r.value)
              for r in t.itertuples()] for t in period_tables]
    assert shown == expected_tables
    assert "Status by the rule above" in texts(at.caption)


def test_each_breakdown_is_a_chart_with_its_finding(imported):
    at = open_page(RESULTS_PAGE)
    assert "Breakdowns of the indicators" in texts(at.header)
    charts = at.get("plotly_chart")
    dimensions = {(d.get("name")) for p in FILES for d in ET.parse(p).getroot().iter("dimension")}
    assert len(charts) == 1 + 3  # progress, and: age × sex (example), sex and country (edge)
    assert {"sex", "country", "age"} == dimensions
    assert "Measured for the period ending 31 Dec 2024: female 52 (58%), male 38 (42%)." in \
        unescaped(texts(at.markdown) + texts(at.caption))


def test_the_sample_data_has_no_imported_results_framework_but_a_breakdown():
    at = open_page(RESULTS_PAGE)
    assert "Results of the activities" not in texts(at.header)
    parts = read_sample("indicator_disaggregations")
    values = read_sample("indicator_values")
    last = parts.period_end.max()
    latest = parts[parts.period_end == last].set_index("category").value
    total = values[(values.indicator_id == parts.indicator_id.iloc[0])
                   & (values.period_end == last)].value.iloc[0]
    assert latest.sum() == total  # the sample's breakdown adds up
    day = dt.date.fromisoformat(last)
    shares = ", ".join(f"{c} {v:,} ({v / total * 100:.0f}%)" for c, v in latest.items())
    assert (f"Measured for the period ending {day.day} {day:%b %Y}: {shares}."
            in unescaped(texts(at.caption)))
