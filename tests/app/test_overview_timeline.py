"""Overview and timeline pages (AppTest): every number shown is checked against pandas over
the CSV files of the data folder (read, filter, count; none of the app's SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import sample_dir

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app.py"
TIMEOUT = 60
ILLUSTRATIVE = "Illustrative sample data"
UNDATED = "Activities without dates cannot be placed in time"
TODAY = dt.date.today()


# --- the independent computation ---------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    countries: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(sample_dir() / f"{name}.csv", keep_default_na=True)


def dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, format="%Y-%m-%d").dt.date


@pytest.fixture(scope="module")
def csv() -> dict[str, pd.DataFrame]:
    activities = read("activities")
    activities["start_date"] = dates(activities["start_date"])
    activities["end_date"] = dates(activities["end_date"])
    countries = read("countries")
    countries["member_since"] = dates(countries["member_since"])
    return {
        "activities": activities,
        "activity_countries": read("activity_countries"),
        "participation": read("participation"),
        "seizures": read("seizures"),
        "countries": countries,
    }


def present(value: object) -> bool:
    return value is not None and not pd.isna(value)


def selected_activities(csv: dict[str, pd.DataFrame], s: Selection) -> pd.DataFrame:
    a = csv["activities"]
    keep = pd.Series(True, index=a.index)
    if s.clusters:
        keep &= a["cluster"].isin(s.clusters)
    if s.statuses:
        keep &= a["status"].isin(s.statuses)
    if s.countries:
        ac = csv["activity_countries"]
        involved = set(ac.loc[ac["iso3"].isin(s.countries), "activity_id"])
        keep &= a["host_iso3"].isin(s.countries) | a["activity_id"].isin(involved)

    def in_period(row: pd.Series) -> bool:
        if not present(row["start_date"]):
            return True  # undated activities are kept whatever the period
        last = row["end_date"] if present(row["end_date"]) else row["start_date"]
        after_start = s.start is None or last >= s.start
        return after_start and (s.end is None or row["start_date"] <= s.end)

    keep &= a.apply(in_period, axis=1)
    return a[keep]


def is_late(a: pd.DataFrame) -> pd.Series:
    ended = a["end_date"].map(lambda d: present(d) and d < TODAY)
    return ended & ~a["status"].isin(["completed", "cancelled"])


def expected_figures(csv: dict[str, pd.DataFrame], s: Selection) -> dict[str, object]:
    a = selected_activities(csv, s)
    ids = set(a["activity_id"])

    p = csv["participation"]
    p = p[p["activity_id"].isin(ids) & (p["iso3"].isin(s.countries) if s.countries else True)]
    gender_known = p[p["women"].notna()]

    as_of = s.end or TODAY
    c = csv["countries"]
    members = c[c["asean_member"] & c["member_since"].map(lambda d: present(d) and d <= as_of)]
    if s.countries:
        members = members[members["iso3"].isin(s.countries)]
    ac = csv["activity_countries"]
    involved = set(ac.loc[ac["activity_id"].isin(ids), "iso3"]) | set(a["host_iso3"].dropna())
    reached = set(members["iso3"]) & involved

    z = csv["seizures"]
    month = z["month"]
    period_start = pd.to_datetime(dict(year=z["year"], month=month.fillna(1), day=1)).dt.date
    period_end = pd.to_datetime(dict(year=z["year"], month=month.fillna(12), day=1))
    period_end = (period_end + pd.offsets.MonthEnd(0)).dt.date
    keep = pd.Series(True, index=z.index)
    if s.start:
        keep &= period_end >= s.start
    if s.end:
        keep &= period_start <= s.end
    if s.countries:
        keep &= z["iso3"].isin(s.countries)
    z = z[keep]

    n = len(a)
    return {
        "activities": n,
        "completed": int((a["status"] == "completed").sum()),
        "share_completed": (a["status"] == "completed").sum() / n if n else None,
        "late": int(is_late(a).sum()),
        "late_ids": sorted(a.loc[is_late(a), "activity_id"]),
        "undated_titles": sorted(a.loc[a["start_date"].map(lambda d: not present(d)), "title"]),
        "participants": int(p["participants"].sum()),
        "women": int(gender_known["women"].sum()),
        "women_share": (gender_known["women"].sum() / gender_known["participants"].sum()
                        if gender_known["participants"].sum() else None),
        "reached": len(reached),
        "members": len(members),
        "cases": int(z["cases"].sum()),
        "articles": int(z["articles"].sum()),
        "value_usd": float(z["value_usd"].sum()),
        "cases_by_year": z.groupby("year")["cases"].sum(),
    }


# --- running the app ---------------------------------------------------------------------------


@dataclass
class Shown:
    metrics: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (value, delta)

    def value(self, label_start: str) -> str:
        matches = [v for k, v in self.metrics.items() if k.startswith(label_start)]
        assert len(matches) == 1, f"{label_start!r} not shown once in {list(self.metrics)}"
        return matches[0][0]

    def delta(self, label_start: str) -> str:
        return next(v[1] for k, v in self.metrics.items() if k.startswith(label_start))


def run_page(page: str, s: Selection = Selection(), **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    side = at.sidebar
    for key, values in (("filter_countries", s.countries), ("filter_clusters", s.clusters),
                        ("filter_statuses", s.statuses)):
        if values:
            side.multiselect(key=key).set_value(list(values))
    if s.start:
        side.date_input(key="filter_start").set_value(s.start)
    if s.end:
        side.date_input(key="filter_end").set_value(s.end)
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def shown(at: AppTest) -> Shown:
    return Shown({m.label: (str(m.value), str(m.delta or "")) for m in at.metric})


def all_text(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "info", "subheader", "title")
             for e in at.get(kind)]
    return "\n".join(parts).replace("\\", "")  # Markdown escapes of data text


def pct(share: object) -> str:
    return "—" if share is None else f"{float(share):.0%}"


SELECTIONS = [
    pytest.param(Selection(), id="no-filters"),
    pytest.param(Selection(countries=("KHM",)), id="cambodia"),
    pytest.param(Selection(clusters=("Capacity building",), statuses=("completed", "ongoing")),
                 id="cluster-and-status"),
    pytest.param(Selection(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)), id="year-2024"),
]


# --- overview ----------------------------------------------------------------------------------


@pytest.mark.parametrize("selection", SELECTIONS)
def test_overview_key_figures_match_pandas(csv, selection: Selection):
    want = expected_figures(csv, selection)
    at = run_page("overview", selection)
    got = shown(at)
    assert got.value("Activities") == f"{want['activities']:,}"
    assert got.value("Share completed") == pct(want["share_completed"])
    assert got.delta("Share completed") == (
        f"{want['completed']:,} of {want['activities']:,} activities")
    assert got.value("Late activities") == f"{want['late']:,}"
    assert got.value("ASEAN member states reached") == f"{want['reached']} of {want['members']}"
    assert got.value("Participants") == f"{want['participants']:,}"
    assert got.value("Women's share") == pct(want["women_share"])
    assert got.value("Seizure cases") == f"{want['cases']:,}"
    assert got.value("Articles seized") == f"{want['articles']:,}"
    assert got.value("Value of genuine goods") == f"US$ {round(want['value_usd']):,}"
    # the late list is the same activities as pandas finds
    late = [d for d in at.dataframe if "days_late" in d.value.columns]
    if want["late_ids"]:
        assert sorted(late[0].value["activity_id"]) == want["late_ids"]
    else:
        assert not late and "No activity is late" in "\n".join(s.value for s in at.success)


def test_overview_filters_change_the_figures(csv):
    everything = shown(run_page("overview"))
    cambodia = shown(run_page("overview", Selection(countries=("KHM",))))
    assert cambodia.value("ASEAN member states reached") == "1 of 1"
    for label in ("Participants", "Seizure cases", "Articles seized"):
        assert cambodia.value(label) != everything.value(label), label


def test_overview_seizure_change_is_latest_complete_year(csv):
    want = expected_figures(csv, Selection())
    by_year = want["cases_by_year"]
    latest = max(y for y in by_year.index if y < TODAY.year)
    change = by_year[latest] / by_year[latest - 1] - 1
    got = shown(run_page("overview"))
    assert got.delta("Seizure cases") == f"{change:+.1%}"
    assert got.value("Seizure cases").replace(",", "") == str(int(by_year.sum()))


def test_overview_shows_illustrative_label_sources_and_undated_note(csv):
    at = run_page("overview")
    text = all_text(at)
    assert ILLUSTRATIVE in text
    undated = len(expected_figures(csv, Selection())["undated_titles"])
    assert f"{undated} of these activities have no dates" in text and UNDATED in text
    sources = next(d.value for d in at.dataframe if "loaded_at" in d.value.columns)
    rows = {name: len(read(name)) for name in ("activities", "participation", "seizures")}
    for name, count in rows.items():
        assert int(sources.loc[sources["dataset"] == name, "rows"].iloc[0]) == count
    assert len(at.get("plotly_chart")) >= 3


def test_overview_empty_selection_shows_empty_state(csv):
    empty = Selection(clusters=("Enforcement",), statuses=("cancelled",))
    assert expected_figures(csv, empty)["activities"] == 0
    at = run_page("overview", empty)
    assert any("No activity matches these filters" in i.value for i in at.info)
    assert "Activities" not in shown(at).metrics
    # seizures do not follow cluster or status: they are still shown
    assert shown(at).value("Seizure cases") == f"{expected_figures(csv, empty)['cases']:,}"


def test_overview_empty_period_and_country(csv):
    at = run_page("overview", Selection(countries=("TLS",), start=dt.date(2013, 1, 1),
                                        end=dt.date(2013, 12, 31)))
    infos = " ".join(i.value for i in at.info)
    assert "No activity matches" in infos and "No seizures" in infos


# --- timeline ----------------------------------------------------------------------------------


def test_timeline_lists_undated_activities(csv):
    at = run_page("timeline")
    want = expected_figures(csv, Selection())
    text = all_text(at)
    assert want["undated_titles"]
    for title in want["undated_titles"]:
        assert title in text, title
    assert f"Without dates ({len(want['undated_titles'])})" in text
    assert UNDATED in text and ILLUSTRATIVE in text
    assert len(at.get("plotly_chart")) == 1


def test_timeline_period_without_dated_activities_keeps_undated(csv):
    s = Selection(start=dt.date(2030, 1, 1), end=dt.date(2030, 12, 31))
    at = run_page("timeline", s)
    text = all_text(at)
    want = expected_figures(csv, s)
    assert want["activities"] == len(want["undated_titles"]) > 0
    for title in want["undated_titles"]:
        assert title in text
    assert "None of these activities has dates" in text and UNDATED in text


def test_timeline_empty_state(csv):
    at = run_page("timeline", Selection(clusters=("Enforcement",), statuses=("cancelled",)))
    assert any("No activity matches these filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_timeline_activity_detail_and_cluster_button(csv):
    activity_id = "SCOPE-AWP1-06"
    at = run_page("timeline", activity=activity_id)
    row = csv["activities"].set_index("activity_id").loc[activity_id]
    text = all_text(at)
    assert f"{activity_id} · {row['title']}" in text
    assert f"{row['start_date']:%Y-%m-%d} to {row['end_date']:%Y-%m-%d}" in text
    p = csv["participation"]
    p = p[p["activity_id"] == activity_id]
    assert f"{int(p['participants'].sum()):,} participants" in text
    ac = csv["activity_countries"]
    names = csv["countries"].set_index("iso3")["name"]
    for iso3 in ac.loc[ac["activity_id"] == activity_id, "iso3"]:
        assert names[iso3] in text
    detail = next(d.value for d in at.dataframe if "agency_type" in d.value.columns)
    assert int(detail["participants"].sum()) == int(p["participants"].sum())

    at.button(key="timeline-only-cluster").click().run()
    assert not at.exception
    assert at.session_state["filter_clusters"] == [row["cluster"]]
    assert at.query_params.get("activity") in ([activity_id], activity_id)


def test_timeline_picker_sets_the_activity_param(csv):
    at = run_page("timeline")
    at.selectbox(key="timeline_activity").set_value("ECAP3-MANILA-2013").run()
    assert not at.exception
    assert at.query_params.get("activity") in (["ECAP3-MANILA-2013"], "ECAP3-MANILA-2013")
    assert "Consultation Meeting on IPR Enforcement 2013" in all_text(at)
