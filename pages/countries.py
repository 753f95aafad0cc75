"""Countries: a map of the member states, country × cluster, agencies, coverage, a profile."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from analytics import charts
from analytics.filters import Filters
from pages._shared import (
    empty_state,
    get_data,
    illustrative_note,
    queries,
    selected_points,
    set_filter,
    shared_chart,
    show_chart,
    sidebar_filters,
)

# The measures the map can show; the choice is kept in the URL as ?measure=...
MEASURES: dict[str, str] = {
    "activities": "Activities",
    "participants": "Participants",
    "women_share": "Share of women",
}
DEFAULT_MEASURE = "activities"
MEASURE_PARAM = "measure"
MEASURE_KEY = "countries_measure"

COVERAGE_COLUMNS: dict[str, Any] = {
    "year": st.column_config.NumberColumn("Year", format="plain"),
    "members_reached": st.column_config.NumberColumn("Member states reached"),
    "members": st.column_config.NumberColumn("Member states at the year's end"),
    "share_reached": st.column_config.NumberColumn("Share reached", format="percent"),
}


def flagged(df: pd.DataFrame) -> bool:
    """Whether any row of a query result carries illustrative values."""
    return bool("illustrative" in df.columns and df["illustrative"].fillna(False).any())


def illustrative_in(datasets: tuple[str, ...], filters: Filters) -> bool:
    """Whether the filtered rows of these datasets hold illustrative values.

    Some country queries (coverage, matrix, profile) carry no `illustrative` column, so the
    flag comes from the rows they are computed from.
    """
    return any(_dataset_flagged(name, filters) for name in datasets)


_flags: dict[tuple[str, Filters], bool] = {}  # per run: several charts ask about the same rows


def _dataset_flagged(name: str, filters: Filters) -> bool:
    if (name, filters) not in _flags:
        _flags[name, filters] = queries.rows_illustrative(con, name, filters)
    return _flags[name, filters]


def chosen_measure() -> str:
    """The map measure: the widget's value, first taken from the URL (?measure=...)."""
    if MEASURE_KEY not in st.session_state:
        from_url = st.query_params.get(MEASURE_PARAM)
        st.session_state[MEASURE_KEY] = from_url if from_url in MEASURES else DEFAULT_MEASURE
    value = st.segmented_control(
        "Colour the map by", list(MEASURES), format_func=MEASURES.get, key=MEASURE_KEY,
        required=True,
    )
    measure = value if value in MEASURES else DEFAULT_MEASURE
    if st.query_params.get(MEASURE_PARAM) != measure:
        st.query_params[MEASURE_PARAM] = measure
    return measure


data = get_data()
con = data.con
countries = queries.explore(con, "countries", Filters())
f = sidebar_filters(countries[["iso3", "name"]])
today = dt.date.today()
names = dict(zip(countries["iso3"], countries["name"], strict=False))

st.title("🌏 Countries")
st.caption(f"Filters: {f.describe(names)}")

measure = chosen_measure()

# The map always draws all member states, so that another one can be picked; a country's
# figures do not depend on which other countries are selected.
map_filters = f.with_(countries=())
coverage = queries.coverage_by_country(con, map_filters, today)
members = coverage.sort_values("name")

map_col, profile_col = st.columns([2, 1], gap="large")
with map_col:
    st.subheader("Map of the member states")
    values = coverage[measure]
    if values.isna().all() or values.fillna(0).eq(0).all():
        empty_state(f"No {MEASURES[measure].lower()} in any member state for these filters.")
    else:
        map_data = coverage[coverage[measure].notna()].reset_index(drop=True)
        fig = charts.asean_map(map_data, value=measure,
                               title=f"{MEASURES[measure]} by member state")
        picked = [i for i, code in enumerate(map_data["iso3"]) if code in f.countries]
        if picked:
            # The countries of the filter stand out; the others stay clickable.
            fig.update_traces(selectedpoints=picked, unselected={"marker": {"opacity": 0.35}},
                              selector=0)
        fig.update_layout(height=560, margin={"l": 0, "r": 0, "t": 40, "b": 0})
        selection = show_chart(
            fig, key="countries-map", on_select="rerun", selection_mode="points",
            alt=f"Map of the ASEAN member states coloured by {MEASURES[measure].lower()}; "
                "click a country to filter the dashboard on it",
        )
        st.caption("Click a member state to filter the dashboard on it and see its profile.")
        if measure == "women_share":
            st.caption(queries.WOMEN_SHARE_RULE)
            missing = coverage.loc[coverage["women_share"].isna(), "name"].tolist()
            if missing:
                st.caption("No participants of known gender: " + ", ".join(missing) + ".")
        illustrative_note(illustrative_in(("activity_countries", "participation"), map_filters))
        for point in selected_points(selection):
            if point.get("curve_number", 0) != 0:
                continue  # a neighbour outside ASEAN, drawn for context only
            custom = point.get("customdata") or [point.get("location")]
            iso3 = str(custom[0]) if custom and custom[0] else ""
            if iso3 in names:
                set_filter("countries", [iso3])  # reruns when the filter changes
            break

with profile_col:
    st.subheader("Country profile")
    options = members["iso3"].tolist()
    first = next((c for c in f.countries if c in options), None)
    profile_iso3 = st.selectbox(
        "Member state", options, index=options.index(first) if first else None,
        format_func=lambda c: names.get(c, c), placeholder="Pick a member state",
        # a new key when the country filter changes, so the box follows a click on the map
        key="country-profile-" + "-".join(f.countries),
    )
    if profile_iso3 is None:
        st.caption("Pick a member state here or click it on the map.")
    else:
        profile = queries.country_profile(con, f, profile_iso3, today)
        if profile.empty:
            empty_state(f"No profile for {names.get(profile_iso3, profile_iso3)}.")
        else:
            row = profile.iloc[0]
            since = pd.Timestamp(row["member_since"]) if pd.notna(row["member_since"]) else None
            st.markdown(f"**{row['name']}** ({row['name_local']})")
            if since is not None:
                st.caption(f"ASEAN member state since {since:%d %B %Y}")
            a, b = st.columns(2)
            a.metric("Activities", f"{int(row['activities']):,}")
            b.metric("Hosted", f"{int(row['hosted']):,}")
            a.metric("Completed", f"{int(row['completed']):,}")
            b.metric("Ongoing · planned", f"{int(row['ongoing'])} · {int(row['planned'])}")
            a.metric("Participants", f"{int(row['participants']):,}")
            share = row["women_share"]
            b.metric("Share of women", "no data" if pd.isna(share) else f"{share:.0%}",
                     help=queries.WOMEN_SHARE_RULE)
            a.metric("Seizure cases", f"{int(row['seizure_cases']):,}")
            b.metric("Articles seized", f"{int(row['articles']):,}")
            st.metric("Value of genuine goods (US$)", f"{row['value_usd']:,.0f}")
            st.caption("Activities and participants follow all filters; seizures follow the "
                       "period only.")
            profile_filters = f.with_(countries=(profile_iso3,))
            illustrative_note(
                illustrative_in(("activity_countries", "participation"), profile_filters)
                or queries.seizures_illustrative(con, profile_filters)
            )

st.divider()
matrix_col, agency_col = st.columns(2, gap="large")
with matrix_col:
    matrix = queries.country_cluster_matrix(con, f)
    member_rows = matrix[matrix["asean_member"].astype(bool)]
    if member_rows.empty:
        st.subheader("Activities by country and cluster")
        empty_state("No activity involves a member state for these filters.")
    else:
        show_chart(
            shared_chart("country_cluster_heatmap",
                member_rows, title="Activities by member state and cluster"),
            key="countries-matrix",
            alt="Heatmap: number of activities involving each member state, per cluster",
        )
        partners = sorted(matrix.loc[~matrix["asean_member"].astype(bool), "name"].unique())
        if partners:
            st.caption("Partner economies also involved: " + "; ".join(partners) + ".")
        illustrative_note(illustrative_in(("activity_countries",), f))

with agency_col:
    agencies = queries.participation_by_agency(con, f)
    if agencies.empty:
        st.subheader("Participants by type of agency")
        empty_state("No participants are recorded for these filters.")
    else:
        show_chart(
            shared_chart("participation_by_agency", agencies), key="countries-agencies",
            alt="Bar chart: participants per type of agency, split into women, men and "
                "gender not reported",
        )
        st.caption(queries.WOMEN_SHARE_RULE)
        illustrative_note(flagged(agencies))

st.divider()
over_time = queries.member_coverage_over_time(con, f)
if over_time.empty:
    st.subheader("ASEAN member states reached each year")
    empty_state("No dated activity matches these filters.")
else:
    show_chart(
        shared_chart("member_coverage", over_time), key="countries-coverage",
        alt="Bars: member states reached by an activity each year, against a line of the "
            "member states at the year's end",
    )
    first_year, last_year = int(over_time["year"].min()), int(over_time["year"].max())
    joined = countries[countries["member_since"].notna()]
    joined = joined[pd.to_datetime(joined["member_since"]).dt.year.between(first_year, last_year)]
    joiners = "".join(
        f" {row.name} counts from {pd.Timestamp(row.member_since).year} (member since "
        f"{pd.Timestamp(row.member_since):%d %B %Y})."
        for row in joined.sort_values("member_since").itertuples()
    )
    st.caption(
        "Reached: a member state involved in (or hosting) an activity running that year, "
        "counted among the members of ASEAN at the year's end." + joiners
        + " Activities without dates cannot be placed in a year and are not counted here."
    )
    with st.expander("The numbers"):
        st.dataframe(over_time, column_config=COVERAGE_COLUMNS, hide_index=True,
                     key="countries-coverage-table")
    illustrative_note(illustrative_in(("activity_countries",), f))
