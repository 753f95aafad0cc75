"""Countries: a map of the member states, country × cluster, agencies, coverage, a profile."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from analytics import formats, queries
from analytics.figures import (
    MAP_MEASURES,
    PAGE_CHARTS,
    PAGE_FIGURES,
    map_measure,
    page_questions,
    questions_of,
)
from ui import tables
from ui.chart_display import IllustrativeNotice, empty_state, key_figure_tiles, selected_points
from ui.chart_display import show_view as draw
from ui.data_store import served_data
from ui.filter_state import set_filter
from ui.literal import markdown
from ui.questions import ask_ahead, chart_view
from ui.sidebar import page_answers

MEASURE_PARAM = "measure"
MEASURE_KEY = "countries_measure"
MAP_CHART, MATRIX_CHART, AGENCY_CHART, COVERAGE_CHART = PAGE_CHARTS["countries"]

COVERAGE_COLUMNS: dict[str, Any] = {
    "year": st.column_config.NumberColumn("Year", format="plain"),
    "members_reached": st.column_config.NumberColumn("Member states reached"),
    "members": st.column_config.NumberColumn("Member states at the year's end"),
    "share_reached": tables.percent_column("Share reached"),
}


def chosen_measure() -> str:
    """The map measure: the widget's value, first taken from the URL (?measure=...)."""
    if MEASURE_KEY not in st.session_state:
        st.session_state[MEASURE_KEY] = map_measure(st.query_params.get(MEASURE_PARAM))
    value = st.segmented_control(
        "Colour the map by", list(MAP_MEASURES), format_func=MAP_MEASURES.get, key=MEASURE_KEY,
        required=True,
    )
    measure = map_measure(value)
    if st.query_params.get(MEASURE_PARAM) != measure:
        st.query_params[MEASURE_PARAM] = measure
    return measure


data = served_data()
answers = page_answers(data.con)
f = answers.filters
# The page's questions and its profile's (of the first selected country, the profile's
# first choice) side by side, before anything is drawn.
first_profile = answers.for_filters(f.with_(countries=f.countries[:1])) if f.countries else None
ask_ahead((answers, page_questions("countries")),
          *([(first_profile, questions_of(PAGE_FIGURES["countries"]))] if first_profile else []))
names = answers.country_names()

st.title("🌏 Countries")
st.caption(f"Filters: {markdown(answers.filters_text())}")
notice = IllustrativeNotice()

measure = chosen_measure()
member_map = chart_view(answers, MAP_CHART, measure)
members = member_map.data  # every member state, whatever the country filter

# The profile's tiles two a row need 2/5 of the width at 1280×720 for whole labels
# ("Activities hosted", "Share completed").
map_col, profile_col = st.columns([3, 2], gap="large")
with map_col:
    st.subheader("Map of the member states")
    values = members[measure]
    if values.isna().all() or values.fillna(0).eq(0).all():
        empty_state(f"No {MAP_MEASURES[measure].lower()} in any member state for these filters.")
    else:
        selection = draw(
            member_map, "countries-map", on_select="rerun", selection_mode="points",
            alt=f"Map of the ASEAN member states coloured by {MAP_MEASURES[measure].lower()}; "
                "click a country to filter the dashboard on it",
            notice=notice,
        )
        st.caption("Click a member state to filter the dashboard on it and see its profile.")
        if measure == "women_share":
            st.caption(queries.WOMEN_SHARE_RULE)
            missing = members.loc[members["women_share"].isna(), "name"].tolist()
            if missing:
                st.caption("No participants of known gender: " + markdown(", ".join(missing))
                           + ".")
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
    options = members.sort_values("name")["iso3"].tolist()
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
        country = answers.for_filters(f.with_(countries=(profile_iso3,)))
        listed = answers.countries()
        listed = listed[listed["iso3"] == profile_iso3]
        if listed.empty:
            empty_state(f"No profile for {markdown(names.get(profile_iso3, profile_iso3))}.")
        else:
            row = listed.iloc[0]
            st.markdown(f"**{markdown(row['name'])}** ({markdown(row['name_local'])})")
            if formats.is_known(row["member_since"]):
                st.caption(f"ASEAN member state since {formats.day(row['member_since'])}")
            notice.add(key_figure_tiles(country, PAGE_FIGURES["countries"], per_row=2))
            st.caption("Activities and participants follow all filters; seizures follow the "
                       "period only.")

st.divider()
# The matrix full width: its five cluster columns need the room for their names.
matrix = chart_view(answers, MATRIX_CHART)
if matrix.data.empty:
    st.subheader(matrix.title)
    empty_state("No activity involves a member state for these filters.")
else:
    draw(matrix, "countries-matrix",
         alt="Heatmap: number of activities involving each member state, per cluster",
         notice=notice)
    everyone = answers.country_cluster_matrix()
    partners = sorted(everyone.loc[~everyone["asean_member"].astype(bool), "name"].unique())
    if partners:
        st.caption("Partner economies also involved: " + markdown("; ".join(partners)) + ".")

st.divider()
agency_col, coverage_col = st.columns(2, gap="large")
with agency_col:
    agencies = chart_view(answers, AGENCY_CHART)
    if agencies.data.empty:
        st.subheader(agencies.title)
        empty_state("No participants are recorded for these filters.")
    else:
        draw(agencies, "countries-agencies",
             alt="Bar chart: participants per type of agency, split into women, men and "
                 "gender not reported", notice=notice)
        st.caption(queries.WOMEN_SHARE_RULE)

with coverage_col:
    coverage = chart_view(answers, COVERAGE_CHART)
    if coverage.data.empty:
        st.subheader(coverage.title)
        empty_state("No dated activity matches these filters.")
    else:
        draw(coverage, "countries-coverage",
             alt="Bars: member states reached by an activity each year, against a line of "
                 "the member states at the year's end", notice=notice)
        over_time = coverage.data
        first_year, last_year = int(over_time["year"].min()), int(over_time["year"].max())
        countries = answers.countries()
        joined = countries[countries["member_since"].notna()]
        since = pd.to_datetime(joined["member_since"]).dt.year
        joined = joined[since.between(first_year, last_year)]
        joiners = "".join(
            f" {markdown(row.name)} counts from {pd.Timestamp(row.member_since).year} (member "
            f"since {formats.day(row.member_since)})."
            for row in joined.sort_values("member_since").itertuples()
        )
        st.caption(
            "Reached: a member state involved in (or hosting) an activity running that year, "
            "counted among the members of ASEAN at the year's end." + joiners
            + " Activities without dates cannot be placed in a year and are not counted here."
        )
        with st.expander("The numbers"):
            tables.show(over_time, column_config=COVERAGE_COLUMNS, hide_index=True,
                         key="countries-coverage-table")
