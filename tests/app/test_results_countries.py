"""Expected results and Countries pages: they run, and their figures equal pandas from the CSVs.

The figures are recomputed here from the extracts with pandas, following the rules as the pages
state them in words (queries.RAG_RULE, the coverage caption), not by calling the query layer.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page, read_sample, texts

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app.py"
TIMEOUT = 60
RESULTS_PAGE = "app_pages/expected_results.py"
COUNTRIES_PAGE = "app_pages/countries.py"
ILLUSTRATIVE = "Illustrative sample data"
EXPECTED_RESULTS = {
    1: "Enhanced IP administrative capacity",
    2: "Stronger IP legal frameworks",
    3: "Increased awareness and utilisation of IP",
    4: "Strategic planning for future IP development",
}
RAG_WORDS = ("green", "amber", "red", "no data")


# --- helpers ------------------------------------------------------------------------------------





def decode(value):
    """A figure array from the chart spec (plotly sends numeric arrays base64-encoded)."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array
    return np.asarray(value)


def chart_traces(at: AppTest, trace_type: str) -> list[dict]:
    traces = []
    for chart in at.get("plotly_chart"):
        traces += [t for t in json.loads(chart.proto.spec)["data"] if t["type"] == trace_type]
    return traces


def bool_column(series: pd.Series) -> pd.Series:
    return series.astype(str).str.strip().str.lower().isin(["true", "yes", "1"])


# --- the independent computations ---------------------------------------------------------------


def expected_indicators(as_of: dt.date, results: tuple[int, ...] = ()) -> pd.DataFrame:
    """Latest value, progress, time elapsed and status per indicator, from RAG_RULE's words."""
    indicators = read_sample("indicators")
    values = read_sample("indicator_values")
    values["period_end"] = pd.to_datetime(values["period_end"])
    if results:
        indicators = indicators[indicators["expected_result"].isin(results)]
    rows = []
    for ind in indicators.itertuples():
        own = values[values["indicator_id"] == ind.indicator_id].sort_values("period_end")
        measured = own[own["period_end"] <= pd.Timestamp(as_of)]
        latest = measured["value"].iloc[-1] if len(measured) else None
        start = (pd.Timestamp(ind.baseline_date) if isinstance(ind.baseline_date, str)
                 else own["period_end"].min())
        end = pd.Timestamp(ind.target_date)
        elapsed = min(1.0, max(0.0, (pd.Timestamp(as_of) - start).days / (end - start).days))
        if latest is None:
            progress, status = None, "no data"
        else:
            progress = (latest - ind.baseline) / (ind.target - ind.baseline)
            if progress >= elapsed - 0.10:
                status = "green"
            elif progress >= elapsed - 0.25:
                status = "amber"
            else:
                status = "red"
        rows.append({"indicator_id": ind.indicator_id, "expected_result": ind.expected_result,
                     "latest_value": latest, "progress": progress, "time_elapsed": elapsed,
                     "status": status})
    return pd.DataFrame(rows).set_index("indicator_id")


def filtered_activities(statuses: tuple[str, ...] = (), countries: tuple[str, ...] = ()
                        ) -> pd.DataFrame:
    activities = read_sample("activities")
    if statuses:
        activities = activities[activities["status"].isin(statuses)]
    if countries:
        involved = set(reach()[lambda r: r["iso3"].isin(countries)]["activity_id"])
        activities = activities[activities["activity_id"].isin(involved)]
    return activities


def reach() -> pd.DataFrame:
    """Every activity and country it involves: listed in activity_countries or hosting it."""
    listed = read_sample("activity_countries")[["activity_id", "iso3"]]
    hosts = read_sample("activities")[["activity_id", "host_iso3"]].dropna()
    hosts = hosts.rename(columns={"host_iso3": "iso3"})
    return pd.concat([listed, hosts]).drop_duplicates()


def members() -> pd.DataFrame:
    countries = read_sample("countries")
    return countries[bool_column(countries["asean_member"])]


def expected_matrix(statuses: tuple[str, ...]) -> dict[tuple[str, str], int]:
    """Activities per member state and cluster (member state names, as the chart shows them)."""
    acts = filtered_activities(statuses)
    joined = reach().merge(acts[["activity_id", "cluster"]], on="activity_id")
    joined = joined.merge(members()[["iso3", "name"]], on="iso3")
    counts = joined.groupby(["name", "cluster"])["activity_id"].nunique()
    return {k: int(v) for k, v in counts.items()}


def expected_coverage(countries: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per year: members at the year's end and those involved in an activity running then."""
    acts = filtered_activities(countries=countries)
    acts = acts[acts["start_date"].notna()].copy()
    acts["first"] = pd.to_datetime(acts["start_date"]).dt.year
    acts["last"] = pd.to_datetime(acts["end_date"].fillna(acts["start_date"])).dt.year
    member_states = members()
    if countries:
        member_states = member_states[member_states["iso3"].isin(countries)]
    involved = reach()
    rows = []
    for year in range(int(acts["first"].min()), int(acts["last"].max()) + 1):
        at_year_end = member_states[
            pd.to_datetime(member_states["member_since"]) <= pd.Timestamp(year, 12, 31)]
        running = acts[(acts["first"] <= year) & (acts["last"] >= year)]["activity_id"]
        reached = set(involved[involved["activity_id"].isin(running)]["iso3"])
        rows.append({"year": year, "members": len(at_year_end),
                     "members_reached": len(reached & set(at_year_end["iso3"]))})
    return pd.DataFrame(rows)


# --- expected results ---------------------------------------------------------------------------


def indicator_rows(at: AppTest) -> pd.DataFrame:
    frames = [d.value for d in at.dataframe if "status" in d.value.columns
              and "indicator_id" in d.value.columns]
    return pd.concat(frames).set_index("indicator_id")


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
    expected = expected_indicators(as_of or dt.date.today(), results)
    assert sorted(shown.index) == sorted(expected.index)
    for indicator_id, want in expected.iterrows():
        got = shown.loc[indicator_id]
        if want["latest_value"] is None or pd.isna(want["latest_value"]):
            assert pd.isna(got["latest_value"]) and pd.isna(got["progress"])
        else:
            assert got["latest_value"] == pytest.approx(want["latest_value"]), indicator_id
            assert got["progress"] == pytest.approx(want["progress"]), indicator_id
        assert got["time_elapsed"] == pytest.approx(want["time_elapsed"], abs=1e-9)
        word = next(w for w in RAG_WORDS if str(got["status"]).endswith(w))
        assert word == want["status"], f"{indicator_id}: {got['status']} != {want['status']}"
    # the progress chart draws one bar per indicator
    assert len(decode(chart_traces(at, "bar")[0]["x"])) == len(expected)


def test_expected_results_page_shows_the_four_results_and_the_rule():
    at = open_page(RESULTS_PAGE)
    assert [t.label for t in at.tabs] == [f"{n}. {name}" for n, name in EXPECTED_RESULTS.items()]
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
    acts = read_sample("activities").dropna(subset=["expected_result"]).set_index("activity_id")
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
    table = next(d.value for d in at.dataframe if "members_reached" in d.value.columns)
    got = table[["year", "members", "members_reached"]].astype(int).reset_index(drop=True)
    want = expected_coverage(countries)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    if not countries:
        # Timor-Leste (member since 26 October 2025) counts from 2025, not before.
        by_year = want.set_index("year")["members"]
        assert by_year[2024] == 10 and by_year[2025] == 11


def test_country_profile_follows_the_country_filter():
    at = open_page(COUNTRIES_PAGE, country="LAO")
    assert at.selectbox[0].value == "LAO"
    metrics = {m.label: m.value for m in at.metric}
    involved = set(reach()[lambda r: r["iso3"] == "LAO"]["activity_id"])
    assert metrics["Activities"] == str(len(involved))
    participation = read_sample("participation")
    lao_participants = participation.loc[participation["iso3"] == "LAO", "participants"].sum()
    assert metrics["Participants"] == f"{lao_participants:,}"
    assert "ASEAN member state since 23 July 1997" in texts(at.caption)


def test_measure_is_kept_in_the_url():
    at = open_page(COUNTRIES_PAGE, measure="women_share")
    control = at.get("button_group")[0]
    assert control.value == "women_share"
    choropleth = chart_traces(at, "choropleth")[0]
    assert choropleth["colorbar"]["title"]["text"] == "Share of women (%)"
    # Timor-Leste has no participants: no share is drawn for it (not a 0 %).
    assert "TLS" not in choropleth["locations"]
    assert "No participants of known gender: Timor-Leste." in texts(at.caption)

    control.set_value("participants").run()
    assert not at.exception
    assert at.query_params["measure"] in (["participants"], "participants")
    choropleth = chart_traces(at, "choropleth")[0]
    assert choropleth["colorbar"]["title"]["text"] == "Participants"
    participation = read_sample("participation")
    by_country = participation.groupby("iso3")["participants"].sum()
    z = dict(zip(choropleth["locations"], decode(choropleth["z"]), strict=True))
    for iso3, value in z.items():
        assert value == by_country.get(iso3, 0), iso3

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
