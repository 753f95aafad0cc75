"""Expected results and Countries pages: they run, and their figures equal pandas from the CSVs.

The figures are the oracle's (tests/oracles.py): pandas over the extracts, following the rules
as the pages state them in words (queries.RAG_RULE, the coverage caption), not the query layer.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import formats, palette
from analytics.filters import Filters
from tests.app.conftest import money_shown, open_page, sample_dir, texts, unescaped
from tests.oracles import Extracts

RESULTS_PAGE = "app_pages/expected_results.py"
COUNTRIES_PAGE = "app_pages/countries.py"
ILLUSTRATIVE = "Illustrative sample data"
EXPECTED_RESULTS = {
    1: "Enhanced IP administrative capacity",
    2: "Stronger IP legal frameworks",
    3: "Increased awareness and utilisation of IP",
    4: "Strategic planning for future IP development",
}


# --- helpers ------------------------------------------------------------------------------------





def decode(value):
    """A figure array from the chart spec (plotly sends numeric arrays base64-encoded)."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array
    return np.asarray(value)


def chart_traces(at: AppTest, trace_type: str, figures_layer: bool = False) -> list[dict]:
    """The traces of that type in the page's charts (`figures_layer`: only in the charts of
    the figures layer, those whose title is a finding with a subtitle)."""
    traces = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec.get("layout", {}).get("title", {})
        if figures_layer and not (title.get("subtitle") or {}).get("text"):
            continue  # e.g. the breakdown of an indicator by sex
        traces += [t for t in spec["data"] if t["type"] == trace_type]
    return traces


# --- the independent computations: tests/oracles.py ---------------------------------------------


@functools.cache
def extracts() -> Extracts:
    return Extracts(sample_dir())


def members() -> pd.DataFrame:
    countries = extracts().d["countries"]
    return countries[countries["asean_member"].astype(bool)]


def expected_matrix(statuses: tuple[str, ...]) -> dict[tuple[str, str], int]:
    """Activities per member state and cluster (member state names, as the chart shows them)."""
    names = dict(zip(members()["iso3"], members()["name"], strict=True))
    return {(names[iso3], cluster): n
            for (iso3, cluster), n in extracts().country_cluster(Filters(statuses=statuses)).items()
            if iso3 in names}


# --- expected results ---------------------------------------------------------------------------


def indicator_tables(at: AppTest) -> list:
    return [d for d in at.dataframe if "status" in d.value.columns
            and "indicator_id" in d.value.columns]


def indicator_rows(at: AppTest) -> pd.DataFrame:
    return pd.concat([d.value for d in indicator_tables(at)]).set_index("indicator_id")


def column_formats(table) -> dict[str, str | None]:
    """A shown table's column -> the format its column configuration gives it."""
    return {name: (config.get("type_config") or {}).get("format")
            for name, config in json.loads(table.proto.columns).items()}


def whole_percent_printf(points: float) -> str:
    """What a printf "%.0f%%" (Streamlit's sprintf-js) writes for percentage points."""
    return f"{points:.0f}%"


@pytest.mark.parametrize(
    "query, as_of, results",
    [
        ({}, None, ()),
        ({"to": "2025-06-30"}, dt.date(2025, 6, 30), ()),
        ({"to": "2024-09-30", "result": "3"}, dt.date(2024, 9, 30), (3,)),
    ],
    ids=["today", "end-of-june-2025", "result-3-in-2024"],
)
def test_indicator_figures_equal_pandas(query, as_of, results):
    at = open_page(RESULTS_PAGE, **query)
    shown = indicator_rows(at)
    expected = extracts().results_progress(Filters(end=as_of, expected_results=results))
    expected = expected.set_index("indicator_id")
    assert sorted(shown.index) == sorted(expected.index)
    for indicator_id, want in expected.iterrows():
        got = shown.loc[indicator_id]
        if want["latest_value"] is None or pd.isna(want["latest_value"]):
            assert pd.isna(got["latest_value"]) and pd.isna(got["progress"])
        else:
            assert got["latest_value"] == pytest.approx(want["latest_value"]), indicator_id
            # The table holds percentage points, written as a whole percent.
            assert got["progress"] == pytest.approx(want["progress"] * 100), indicator_id
            assert whole_percent_printf(got["progress"]) == formats.percent(want["progress"])
        assert got["time_elapsed"] == pytest.approx(want["time_elapsed"] * 100, abs=1e-7)
        word = next(k for k, label in palette.RAG_LABELS.items()
                    if str(got["status"]).endswith(label))
        assert word == want["rag"], f"{indicator_id}: {got['status']} != {want['rag']}"
    for table in indicator_tables(at):
        shown_formats = column_formats(table)
        assert shown_formats["progress"] == shown_formats["time_elapsed"] == "%.0f%%"
        assert shown_formats["latest_period_end"] == shown_formats["target_date"] == \
            "YYYY-MM-DD"
    # the progress chart draws one bar per indicator (a trace per status)
    assert sum(len(decode(t["x"])) for t in chart_traces(at, "bar", figures_layer=True)) == \
        len(expected)


def test_expected_results_page_shows_the_four_results_and_the_rule():
    at = open_page(RESULTS_PAGE)
    assert [t.label for t in at.tabs] == [f"Result {n}" for n in EXPECTED_RESULTS]
    subheaders = texts(at.subheader)
    for n, name in EXPECTED_RESULTS.items():
        assert f"Expected result {n}: {name}" in subheaders
    captions = texts(at.caption)
    assert "Green: progress is at least time elapsed minus 10 percentage points" in captions
    assert ILLUSTRATIVE in captions
    # an activities list per result, with each activity's status
    activity_tables = [d.value for d in at.dataframe if "activity_id" in d.value.columns]
    assert len(activity_tables) == 4
    listed = pd.concat(activity_tables).set_index("activity_id")["status"]
    acts = extracts().activities(Filters())
    acts = acts[acts["expected_result"].notna()].set_index("activity_id")
    assert listed.sort_index().to_dict() == acts["status"].sort_index().to_dict()
    assert at.get("plotly_chart")


def test_expected_results_with_no_data_show_empty_states():
    at = open_page(RESULTS_PAGE, **{"from": "2030-01-01", "to": "2030-12-31"})
    info = texts(at.info)
    assert "No value of the indicators of expected result 1" in info
    at = open_page(RESULTS_PAGE, to="2020-01-01", status="cancelled", cluster="Enforcement")
    info = texts(at.info)
    assert "No indicator value was measured on or before 2020-01-01" in info
    assert "No activity serving expected result 1 matches the filters" in info


# --- countries ----------------------------------------------------------------------------------


def test_countries_page_lists_all_member_states():
    at = open_page(COUNTRIES_PAGE)
    want = members()
    assert len(want) == 11
    locations = chart_traces(at, "choropleth")[0]["locations"]
    assert sorted(locations) == sorted(want["iso3"])
    assert sorted(at.selectbox[0].options) == sorted(want["name"])
    assert ILLUSTRATIVE in texts(at.caption)


@pytest.mark.parametrize("statuses", [(), ("completed",)], ids=["all", "completed"])
def test_country_cluster_matrix_equals_pandas(statuses):
    at = open_page(COUNTRIES_PAGE, **({"status": list(statuses)} if statuses else {}))
    heatmap = chart_traces(at, "heatmap")[0]
    z = decode(heatmap["z"])
    shown = {(name, cluster): int(z[i][j])
             for i, name in enumerate(heatmap["y"]) for j, cluster in enumerate(heatmap["x"])
             if int(z[i][j])}
    assert shown == expected_matrix(statuses)


@pytest.mark.parametrize("countries", [(), ("THA",)], ids=["all", "thailand"])
def test_member_coverage_over_time_equals_pandas(countries):
    at = open_page(COUNTRIES_PAGE, **({"country": list(countries)} if countries else {}))
    shown = next(d for d in at.dataframe if "members_reached" in d.value.columns)
    table = shown.value
    got = table[["year", "members", "members_reached"]].astype(int).reset_index(drop=True)
    want = pd.DataFrame(extracts().member_coverage_over_time(Filters(countries=countries)))
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    # the share as percentage points, written as a whole percent like every other share
    assert column_formats(shown)["share_reached"] == "%.0f%%"
    np.testing.assert_allclose(table["share_reached"].to_numpy(float),
                               (want["members_reached"] / want["members"] * 100).to_numpy())
    if not countries:
        # Timor-Leste (member since 26 October 2025) counts from 2025, not before.
        by_year = want.set_index("year")["members"]
        assert by_year[2024] == 10 and by_year[2025] == 11


def test_country_profile_follows_the_country_filter():
    at = open_page(COUNTRIES_PAGE, country="LAO")
    assert at.selectbox[0].value == "LAO"
    ex, f = extracts(), Filters(countries=("LAO",))
    tiles = {m.label: m.value for m in at.metric}
    value = ex.key_figure("value_usd", f)
    assert tiles == {
        "Activities": f"{ex.key_figure('activities', f):,}",
        "Activities hosted": f"{ex.key_figure('hosted', f):,}",
        "Share completed": f"{ex.key_figure('share_completed', f):.0%}",
        "Participants": f"{ex.key_figure('participants', f):,}",
        "Women's share": f"{ex.key_figure('women_share', f):.0%}",
        "Seizure cases": f"{ex.key_figure('seizure_cases', f):,}",
        "Articles seized": f"{ex.key_figure('articles', f):,}",
        "Value of genuine goods": formats.compact_money(value),
    }
    assert money_shown(tiles["Value of genuine goods"], value)
    assert ex.key_figure("activities", f) > 0 and ex.key_figure("participants", f) > 0
    since = ex.member_since["LAO"]
    assert since == dt.date(1997, 7, 23)  # a seed fact: Lao PDR joined ASEAN on 23 July 1997
    assert f"ASEAN member state since {since.day} {since:%b %Y}" in texts(at.caption)


def test_measure_is_kept_in_the_url():
    at = open_page(COUNTRIES_PAGE, measure="women_share")
    control = at.get("button_group")[0]
    assert control.value == "women_share"
    choropleth = chart_traces(at, "choropleth")[0]
    assert choropleth["colorbar"]["title"]["text"] == "Share of women (%)"
    # Timor-Leste has no participants: no share is drawn for it (not a 0 %).
    assert "TLS" not in choropleth["locations"]
    coverage = extracts().coverage_by_country(Filters())
    unknown = sorted(extracts().names[r["iso3"]] for r in coverage if r["women_share"] is None)
    assert unknown == ["Timor-Leste"]
    assert "No participants of known gender: Timor-Leste." in unescaped(texts(at.caption))

    control.set_value("participants").run()
    assert not at.exception
    assert at.query_params["measure"] in (["participants"], "participants")
    choropleth = chart_traces(at, "choropleth")[0]
    assert choropleth["colorbar"]["title"]["text"] == "Participants"
    by_country = {r["iso3"]: r["participants"] for r in coverage}
    z = dict(zip(choropleth["locations"], decode(choropleth["z"]), strict=True))
    assert set(z) <= set(by_country) and len(z) >= 10
    for iso3, value in z.items():  # zero is drawn below the scale, in its own grey
        assert value == (by_country[iso3] or choropleth["zmin"]), iso3

    # a filter write keeps the measure in the URL
    at.sidebar.multiselect(key="filter_statuses").set_value(["completed"]).run()
    assert at.query_params["measure"] in (["participants"], "participants")

    # an unknown measure falls back to activities
    at = open_page(COUNTRIES_PAGE, measure="bogus")
    assert at.get("button_group")[0].value == "activities"


def test_countries_with_no_data_show_empty_states():
    at = open_page(COUNTRIES_PAGE, status="cancelled", cluster="Enforcement")
    info = texts(at.info)
    assert "No activities in any member state" in info
    assert "No activity involves a member state" in info
    assert "No participants are recorded" in info
    assert "No dated activity matches" in info
    assert not at.get("plotly_chart")
