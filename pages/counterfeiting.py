"""Counterfeiting: seizures by year, category, transport, e-commerce, provenance; challenges."""

from __future__ import annotations

import datetime as dt

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

MEASURES = ("cases", "articles", "value_usd")
DEFAULT_MEASURE = "articles"
MEASURE_KEY = "counterfeiting_measure"
MEASURE_WRITTEN = "_counterfeiting_measure_written"  # the value this page last put in the URL
NOT_APPLIED_TEXT = (
    "Programme, cluster, expected result and status filters do not apply to seizures or to the "
    "challenge assessments: only the period and the countries do."
)


def _flag(df) -> bool:
    """True when any row of a query result carries illustrative values."""
    return bool(len(df)) and "illustrative" in df.columns and bool(df["illustrative"].any())


def _measure_from_url() -> None:
    """A `measure` in the URL (a shared link) sets the choice; an unknown one is ignored."""
    in_url = st.query_params.get("measure")
    if in_url is None:
        return
    if in_url not in MEASURES:
        st.warning(
            f"Ignored '{in_url}' for 'measure' in the link: choose one of "
            f"{', '.join(MEASURES)}. Showing {charts.MEASURE_LABELS[DEFAULT_MEASURE].lower()}.",
            icon="⚠️",
        )
        return
    if in_url != st.session_state.get(MEASURE_WRITTEN):
        st.session_state[MEASURE_KEY] = in_url


def _clicked_year(selection) -> int | None:
    for point in selected_points(selection):
        custom = point.get("customdata")
        value = custom[0] if isinstance(custom, list | tuple) and custom else point.get("x")
        try:
            return int(value)
        except (TypeError, ValueError):
            continue
    return None


data = get_data()
con = data.con
countries = queries.explore(con, "countries", Filters())
country_names = dict(zip(countries["iso3"], countries["name"], strict=False))
f = sidebar_filters(countries[["iso3", "name"]])

st.title("🛃 Counterfeiting")
st.caption(f"Filters: {f.describe(country_names)}")
if f.programmes or f.clusters or f.expected_results or f.statuses:
    st.info(NOT_APPLIED_TEXT, icon="ℹ️")
else:
    st.caption(NOT_APPLIED_TEXT)

_measure_from_url()
if st.session_state.get(MEASURE_KEY) not in MEASURES:
    st.session_state[MEASURE_KEY] = DEFAULT_MEASURE
measure = st.segmented_control(
    "Measure", MEASURES, key=MEASURE_KEY, required=True,
    format_func=lambda m: charts.MEASURE_LABELS[m], persist_state="session",
) or DEFAULT_MEASURE
st.query_params["measure"] = measure
st.session_state[MEASURE_WRITTEN] = measure
label = charts.MEASURE_LABELS[measure]

by_year = queries.seizures_by_year(con, f)

# --- headline figures -------------------------------------------------------------------------
if by_year.empty:
    empty_state("No seizures were reported for these filters.")
else:
    totals = by_year[["cases", "articles", "value_usd", "ecommerce_cases"]].sum()
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Seizure cases", f"{int(totals['cases']):,}")
    c2.metric("Articles seized", f"{int(totals['articles']):,}")
    no_value = bool(by_year["value_usd"].isna().all())  # no record of the selection has one
    c3.metric("Value (US$)", "not reported" if no_value else f"{totals['value_usd']:,.0f}",
              help="Estimated value of the genuine goods, US dollars; records without a value "
                   "are left out of the sum.")
    share = totals["ecommerce_cases"] / totals["cases"] if totals["cases"] else None
    c4.metric("Cases ordered online", "–" if share is None else f"{share:.0%}")
    illustrative_note(_flag(by_year))
    without_month = int(by_year["records_without_month"].sum())
    if without_month and (f.start or f.end):
        st.caption(
            f"{without_month:,} records give only a year: they are counted when their year "
            "overlaps the period."
        )

    # --- over time ----------------------------------------------------------------------------
    selection = show_chart(
        shared_chart("seizures_over_time", by_year, measure), key="seizures-over-time",
        on_select="rerun", alt=f"{label} per year, bar chart",
    )
    st.caption("Click a year to set the period to that year.")
    illustrative_note(_flag(by_year))
    year = _clicked_year(selection)
    if year is not None:
        period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        set_filter("start", period[0], rerun=False)
        set_filter("end", period[1], rerun=False)
        if (f.start, f.end) != period:
            st.rerun()

    # --- what, how, from where ----------------------------------------------------------------
    left, right = st.columns(2)
    with left:
        by_category = queries.seizures_by_category(con, f)
        show_chart(shared_chart("seizures_by_category", by_category, measure),
                   key="seizures-category", alt=f"{label} by product category, bar chart")
        illustrative_note(_flag(by_category))
    with right:
        by_transport = queries.seizures_by_transport(con, f)
        show_chart(shared_chart("seizures_by_transport", by_transport, measure),
                   key="seizures-transport", alt=f"{label} by transport mode, bar chart")
        illustrative_note(_flag(by_transport))

    left, right = st.columns(2)
    with left:
        ecommerce = queries.ecommerce_share_by_year(con, f)
        show_chart(shared_chart("ecommerce_share", ecommerce), key="seizures-ecommerce",
                   alt="Share of seizures ordered online per year, line chart")
        # the e-commerce shares come from the same records as the yearly totals
        illustrative_note(_flag(by_year))
    with right:
        provenance = queries.seizures_top_provenance(con, f)
        show_chart(
            shared_chart(
                "top_provenance", provenance, measure,
                title=f"{label}: top {queries.DEFAULT_TOP_PROVENANCE} economies of provenance",
            ),
            key="seizures-provenance", alt=f"{label} by economy of provenance, bar chart",
        )
        st.caption("Records whose provenance is not known are left out of this chart.")
        illustrative_note(_flag(provenance))

# --- challenges -------------------------------------------------------------------------------
st.subheader("Enforcement challenges")
matrix = queries.challenge_matrix(con, f)
if matrix.empty:
    empty_state("No challenge was assessed for these filters.")
else:
    first, last = int(matrix["year"].min()), int(matrix["year"].max())
    years = str(first) if first == last else f"{first}–{last}"
    selection = show_chart(
        shared_chart("challenge_heatmap", matrix), key="challenge-matrix", on_select="rerun",
        selection_mode="points",
        alt="Severity of each enforcement challenge by country, heatmap",
    )
    st.caption(
        f"Each cell is the latest severity assessed in the period (assessments of {years}), "
        "from 1 (minor) to 5 (severe). Click a cell to show only that country."
    )
    for point in selected_points(selection):
        custom = point.get("customdata") or []  # charts.challenge_heatmap: [iso3, challenge]
        if custom:
            set_filter("countries", [str(custom[0])])
    illustrative_note(_flag(matrix))
