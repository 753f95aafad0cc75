"""The results framework: targets per period, direction, the status rules, the tree and the
breakdowns, compared with pandas over the CSVs (tests/oracles.py) and hand counts."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analytics import figures, iati, queries
from analytics.answers import Answers
from analytics.filters import Filters
from analytics.load import load_folder
from analytics.queries import RagRule, rag_rule_from
from tests.conftest import TINY
from tests.oracles import Extracts
from tests.unit.test_queries import FILTERS, TODAY, expect

EDGE = Path(__file__).resolve().parents[1] / "data" / "iati" / "edge-programme.xml"
RULES = [RagRule(), RagRule("tolerance", 0.15), RagRule("tolerance", 0.05)]

# tiny with targets per period: ER1-01 aims at 100 by mid-2024 and 200 by the end of 2024;
# ER3-01 (which measures 1500) has a period target of 1600 at the end of 2024.
PERIOD_TARGETS = """indicator_id,period_end,value,period_start,target,comment,illustrative
ER1-01,2024-06-30,120,2024-01-01,100,,false
ER1-01,2024-12-31,250,2024-07-01,300,late sessions,false
ER1-01,2025-06-30,330,2025-01-01,,,false
ER1-01,2025-12-31,,2025-07-01,400,,false
ER2-01,2024-12-31,0,,,,false
ER2-01,2025-06-30,1,,,,false
ER3-01,2024-12-31,1500,,1600,,true
"""


@pytest.fixture(scope="module")
def framework(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("framework") / "data"
    shutil.copytree(TINY, folder)
    (folder / "indicator_values.csv").write_text(PERIOD_TARGETS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def framework_con(framework):
    result = load_folder(framework)
    assert result.ok, [p.message() for p in result.problems]
    return result.con


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.kind}-{r.tolerance}")
@pytest.mark.parametrize("name", list(FILTERS))
def test_status_by_each_rule_equals_pandas(framework, framework_con, name, rule):
    f = FILTERS[name]
    expected = Extracts(framework, TODAY).results_progress(f, rule.kind, rule.tolerance)
    actual = queries.results_progress(framework_con, f, TODAY, rule)
    expect(actual, expected.to_dict("records"))


def test_tolerance_rule_hand_checked(framework_con):
    # As of 2025-06-30. ER1-01: the last period target due is 300 (2024-12-31); the latest
    # value 330 is above it: green. ER3-01: 1500 against 1600 due: 6.25 % short, amber with
    # a band of 5 % (at most 10 % short), green with 15 %. ER2-01 has no period target: the
    # straight line from 0 to 8 at 181 of 730 days gives 1.98 due; 1 is 49 % short: red.
    rp = queries.results_progress(framework_con, Filters(), TODAY,
                                  RagRule("tolerance", 0.05)).set_index("indicator_id")
    assert rp.loc["ER1-01", "due_target"] == 300 and rp.loc["ER1-01", "rag"] == "green"
    assert rp.loc["ER3-01", "shortfall"] == pytest.approx(100 / 1600)
    assert rp.loc["ER3-01", "rag"] == "amber"
    assert rp.loc["ER2-01", "due_target"] == pytest.approx(8 * 181 / 730)
    assert rp.loc["ER2-01", "rag"] == "red"
    assert rp.loc["ER4-01", "rag"] == "no data"
    wide = queries.results_progress(framework_con, Filters(), TODAY, RagRule("tolerance", 0.15))
    assert wide.set_index("indicator_id").loc["ER3-01", "rag"] == "green"


def test_a_period_planned_but_not_measured_is_not_the_latest_value(framework_con):
    rp = queries.results_progress(framework_con, Filters(), dt.date(2026, 6, 30))
    row = rp.set_index("indicator_id").loc["ER1-01"]
    assert (row["latest_value"], str(row["latest_period_end"])[:10]) == (330, "2025-06-30")


def test_lower_is_better_reads_a_value_below_the_target_as_ahead(tmp_path):
    result = iati.import_iati([EDGE])
    iati.write_folder(result, tmp_path)
    con = load_folder(tmp_path).con
    # Months to first examination: baseline 18, 2024 target 16, measured 15 (ahead).
    rp = queries.results_progress(con, Filters(), dt.date(2025, 3, 1),
                                  RagRule("tolerance", 0.15)).set_index("name")
    row = rp.loc["Months from filing to first examination"]
    assert row["direction"] == "lower is better" and row["due_target"] == 16
    assert row["shortfall"] == pytest.approx(-1 / 16) and row["rag"] == "green"
    assert row["progress"] == pytest.approx((15 - 18) / (12 - 18))
    # the qualitative indicator has no value and no target: no status
    assert rp.loc["Quality of the guidelines", "rag"] == "no data"
    assert rp.loc["Quality of the guidelines", "result_name"] == \
        "Guidelines on border measures published"


@pytest.mark.parametrize(("text", "rule"), [
    (None, RagRule()), ("", RagRule()), ("time-elapsed", RagRule()),
    ("tolerance", RagRule("tolerance", 0.15)), ("Tolerance:10", RagRule("tolerance", 0.10)),
    ("tolerance=12.5%", RagRule("tolerance", 0.125)),
])
def test_the_rule_is_configured_by_name(text, rule):
    assert rag_rule_from(text) == rule


@pytest.mark.parametrize("text", ["linear", "tolerance:0", "tolerance:150"])
def test_an_unknown_rule_says_what_to_write(text):
    with pytest.raises(ValueError, match="time-elapsed, tolerance, or tolerance:15"):
        rag_rule_from(text)


def test_the_rule_in_words_states_its_band():
    assert "10 percentage points" in RagRule().text()
    words = RagRule("tolerance", 0.1).text()
    assert "at most 10 %" in words and "at most 20 %" in words and "lower is better" in words


@pytest.mark.parametrize("name", list(FILTERS))
def test_results_tree_equals_pandas(framework, framework_con, name):
    f = FILTERS[name]
    expected = Extracts(framework, TODAY).results_tree(f)
    actual = queries.results_tree(framework_con, f)
    expect(actual, expected.to_dict("records"))


@pytest.mark.parametrize("name", list(FILTERS))
def test_breakdown_totals_equal_pandas(tiny_con, name):
    expected = Extracts(TINY, TODAY).indicator_breakdown(FILTERS[name])
    expect(queries.indicator_breakdown(tiny_con, FILTERS[name]), expected.to_dict("records"))


def test_breakdown_takeaways_quote_the_latest_period_and_say_a_partial_breakdown(tiny_con):
    views = {v.title: v for v in figures.indicator_breakdown_views(Answers(tiny_con, Filters()))}
    parts = pd.read_csv(TINY / "indicator_disaggregations.csv")
    values = pd.read_csv(TINY / "indicator_values.csv")
    sex = views["ER1-01 · IP office staff trained: by sex"]
    latest = parts[(parts.indicator_id == "ER1-01") & (parts.dimension == "sex")]
    last_end = latest.period_end.max()
    total = values[(values.indicator_id == "ER1-01") & (values.period_end == last_end)].value
    assert sex.numbers["categories"] == dict(zip(latest[latest.period_end == last_end].category,
                                                 latest[latest.period_end == last_end].value,
                                                 strict=True))
    assert sex.numbers["total"] == float(total.iloc[0]) and sex.numbers["reconciles"] is False
    assert "the breakdown is partial" in sex.takeaway and "31 Dec 2024" in sex.takeaway
    assert len(sex.figure.data) == latest.category.nunique() + 1  # + the totals' diamonds


def test_check_says_which_breakdown_does_not_add_up(tiny_dir):
    result = load_folder(tiny_dir)
    parts = pd.read_csv(tiny_dir / "indicator_disaggregations.csv")
    values = pd.read_csv(tiny_dir / "indicator_values.csv")
    merged = parts.groupby(["indicator_id", "value_type", "period_end", "dimension"],
                           as_index=False)["value"].sum().merge(
        values.rename(columns={"value": "total"}), on=["indicator_id", "period_end"])
    off = merged[(merged.value_type == "actual") & (merged.value != merged.total)]
    said = [n for n in result.notices if "adds up to" in n]
    assert len(said) == len(off) == 1
    row = off.iloc[0]
    line = int(parts.index[(parts.period_end == row.period_end)
                           & (parts.dimension == row.dimension)][0]) + 2
    assert said[0].startswith(f"indicator_disaggregations.csv:{line}: the actual of "
                              f"{row.indicator_id} for {row.period_end} by {row.dimension} "
                              f"adds up to {row.value:g}, the total is {row.total:g}")
