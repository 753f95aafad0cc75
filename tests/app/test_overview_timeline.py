"""Overview and timeline pages (AppTest): every number shown is checked against the pandas
oracle of tests/oracles.py (the CSV files read, filtered and counted; none of the app's SQL)."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from streamlit.testing.v1 import AppTest

from analytics import formats
from analytics.filters import Filters
from tests.app.conftest import money_shown, open_page, read_sample, sample_dir, unescaped
from tests.oracles import Extracts

OVERVIEW = "app_pages/overview.py"
TIMELINE = "app_pages/timeline.py"
ILLUSTRATIVE = "Illustrative sample data"
UNDATED = "Activities without dates cannot be placed in time"
TODAY = dt.date.today()


@functools.cache
def extracts() -> Extracts:
    return Extracts(sample_dir(), TODAY)


# --- running the app ---------------------------------------------------------------------------


def choose_in_sidebar(at: AppTest, f: Filters) -> AppTest:
    """The selection `f` chosen in the sidebar's widgets, as a user does, then a rerun."""
    side = at.sidebar
    for key, values in (("filter_countries", f.countries), ("filter_clusters", f.clusters),
                        ("filter_statuses", f.statuses)):
        if values:
            side.multiselect(key=key).set_value(list(values))
    if f.start:
        side.date_input(key="filter_start").set_value(f.start)
    if f.end:
        side.date_input(key="filter_end").set_value(f.end)
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def opened(page: str, f: Filters | None = None, **query: str) -> AppTest:
    """The page opened (tests.app.conftest.open_page), then `f` chosen in the sidebar."""
    return choose_in_sidebar(open_page(page, **query), f or Filters())


def tiles(at: AppTest) -> dict[str, tuple[str, str]]:
    """The key-figure tiles: label -> (value, delta)."""
    return {m.label: (str(m.value), str(m.delta or "")) for m in at.metric}


def all_text(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "info", "subheader", "title")
             for e in at.get(kind)]
    return unescaped("\n".join(parts))  # Markdown escapes of data text


def pct(share: object) -> str:
    return "—" if share is None else f"{float(share):.0%}"


def year_on_year(f: Filters, measure: str) -> str:
    change = extracts().seizure_change(f, measure)
    return "" if change is None else f"{change[0]:+.1%} {change[1]} vs {change[1] - 1}"


def undated_titles(f: Filters) -> list[str]:
    a = extracts().activities(f)
    return sorted(a.loc[a.start_date.isna(), "title"])


SELECTIONS = [
    pytest.param(Filters(), id="no-filters"),
    pytest.param(Filters(countries=("KHM",)), id="cambodia"),
    pytest.param(Filters(clusters=("Capacity building",), statuses=("completed", "ongoing")),
                 id="cluster-and-status"),
    pytest.param(Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)), id="year-2024"),
]


# --- overview ----------------------------------------------------------------------------------


@pytest.mark.parametrize("selection", SELECTIONS)
def test_overview_key_figures_match_pandas(selection: Filters):
    ex, f = extracts(), selection
    at = opened(OVERVIEW, f)
    got = tiles(at)
    n, completed = ex.key_figure("activities", f), ex.key_figure("completed", f)
    undated = ex.key_figure("undated", f)
    assert got["Activities"] == (f"{n:,}", f"{undated:,} without dates" if undated else "")
    assert got["Share completed"] == (pct(ex.key_figure("share_completed", f)),
                                      f"{completed:,} of {n:,} activities")
    assert got["Late activities"][0] == f"{ex.key_figure('late', f):,}"
    reached, members = ex.key_figure("member_states_reached", f)
    as_of = f.end or TODAY
    assert got["ASEAN member states reached"] == (f"{reached} of {members}",
                                                  f"members on {as_of.day} {as_of:%b %Y}")
    assert got["Participants"][0] == f"{ex.key_figure('participants', f):,}"
    share = ex.key_figure("women_share", f)
    assert got["Women's share"] == (
        pct(share), "" if share is None else f"{ex.key_figure('women', f):,} women")
    assert got["Seizure cases"] == (f"{ex.key_figure('seizure_cases', f):,}",
                                    year_on_year(f, "cases"))
    assert got["Articles seized"] == (f"{ex.key_figure('articles', f):,}",
                                      year_on_year(f, "articles"))
    value = ex.key_figure("value_usd", f)
    assert got["Value of genuine goods"] == (formats.compact_money(value),
                                             year_on_year(f, "value_usd"))
    assert money_shown(got["Value of genuine goods"][0], value)
    # the late list is the same activities as pandas finds
    late_ids = sorted(ex.late(f).activity_id)
    late = [d for d in at.dataframe if "days_late" in d.value.columns]
    if late_ids:
        assert sorted(late[0].value["activity_id"]) == late_ids
    else:
        assert not late and "No activity is late" in "\n".join(s.value for s in at.success)


def test_overview_filters_change_the_figures():
    everything = tiles(opened(OVERVIEW))
    cambodia = tiles(opened(OVERVIEW, Filters(countries=("KHM",))))
    assert cambodia["ASEAN member states reached"][0] == "1 of 1"
    for label in ("Participants", "Seizure cases", "Articles seized"):
        assert cambodia[label] != everything[label], label


def test_overview_seizure_change_is_latest_complete_year():
    s = extracts().seizures(Filters())
    by_year = s.astype({"cases": int}).groupby("year")["cases"].sum()
    latest = max(y for y in by_year.index if y < TODAY.year)
    change = by_year[latest] / by_year[latest - 1] - 1
    got = tiles(opened(OVERVIEW))
    assert got["Seizure cases"] == (f"{int(by_year.sum()):,}",
                                    f"{change:+.1%} {latest} vs {latest - 1}")


def test_overview_shows_illustrative_label_sources_and_undated_note():
    at = opened(OVERVIEW)
    text = all_text(at)
    assert ILLUSTRATIVE in text
    undated = len(undated_titles(Filters()))
    assert undated == extracts().key_figure("undated", Filters()) > 0
    assert f"{undated} of these activities have no dates" in text and UNDATED in text
    sources = next(d.value for d in at.dataframe if "loaded_at" in d.value.columns)
    for name in ("activities", "participation", "seizures"):
        count = len(read_sample(name))
        assert int(sources.loc[sources["dataset"] == name, "rows"].iloc[0]) == count
    assert len(at.get("plotly_chart")) >= 3


def test_overview_empty_selection_shows_empty_state():
    empty = Filters(clusters=("Enforcement",), statuses=("cancelled",))
    assert extracts().key_figure("activities", empty) == 0
    at = opened(OVERVIEW, empty)
    assert any("No activity matches these filters" in i.value for i in at.info)
    assert "Activities" not in tiles(at)
    # seizures do not follow cluster or status: they are still shown
    assert tiles(at)["Seizure cases"][0] == f"{extracts().key_figure('seizure_cases', empty):,}"


def test_overview_empty_period_and_country():
    at = opened(OVERVIEW, Filters(countries=("TLS",), start=dt.date(2013, 1, 1),
                                  end=dt.date(2013, 12, 31)))
    infos = " ".join(i.value for i in at.info)
    assert "No activity matches" in infos and "No seizures" in infos


# --- timeline ----------------------------------------------------------------------------------


def test_timeline_lists_undated_activities():
    at = opened(TIMELINE)
    titles = undated_titles(Filters())
    text = all_text(at)
    assert titles
    for title in titles:
        assert title in text, title
    assert f"Without dates ({len(titles)})" in text
    assert UNDATED in text and ILLUSTRATIVE in text
    assert len(at.get("plotly_chart")) == 1


def test_timeline_period_without_dated_activities_keeps_undated():
    f = Filters(start=dt.date(2030, 1, 1), end=dt.date(2030, 12, 31))
    at = opened(TIMELINE, f)
    text = all_text(at)
    titles = undated_titles(f)
    assert extracts().key_figure("activities", f) == len(titles) > 0
    for title in titles:
        assert title in text
    assert "None of these activities has dates" in text and UNDATED in text


def test_timeline_empty_state():
    at = opened(TIMELINE, Filters(clusters=("Enforcement",), statuses=("cancelled",)))
    assert any("No activity matches these filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_timeline_activity_detail_and_cluster_button():
    activity_id = "SCOPE-AWP1-06"
    at = opened(TIMELINE, activity=activity_id)
    ex = extracts()
    row = ex.d["activities"].set_index("activity_id").loc[activity_id]
    text = all_text(at)
    assert f"{activity_id} · {row['title']}" in text
    assert f"{row['start_date']:%Y-%m-%d} to {row['end_date']:%Y-%m-%d}" in text
    detail_rows = ex.activity_detail(activity_id)
    participants = sum(r["participants"] or 0 for r in detail_rows)
    assert participants > 0
    assert f"{participants:,} participants" in text
    ac = ex.d["activity_countries"]
    for iso3 in ac.loc[ac["activity_id"] == activity_id, "iso3"]:
        assert ex.names[iso3] in text
    detail = next(d.value for d in at.dataframe if "agency_type" in d.value.columns)
    assert int(detail["participants"].sum()) == participants

    at.button(key="timeline-only-cluster").click().run()
    assert not at.exception
    assert at.session_state["filter_clusters"] == [row["cluster"]]
    assert at.query_params.get("activity") in ([activity_id], activity_id)


def test_timeline_picker_sets_the_activity_param():
    at = opened(TIMELINE)
    at.selectbox(key="timeline_activity").set_value("ECAP3-MANILA-2013").run()
    assert not at.exception
    assert at.query_params.get("activity") in (["ECAP3-MANILA-2013"], "ECAP3-MANILA-2013")
    title = extracts().d["activities"].set_index("activity_id").loc["ECAP3-MANILA-2013",
                                                                       "title"]
    assert title == "Consultation Meeting on IPR Enforcement 2013"  # a seed fact
    assert title in all_text(at)
