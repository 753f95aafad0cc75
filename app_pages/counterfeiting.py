"""Counterfeiting: seizures by year, category, transport, e-commerce, provenance; challenges."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import figures, formats
from analytics.figures import MEASURES, PAGE_CHARTS, PAGE_FIGURES
from ui.chart_display import IllustrativeNotice, empty_state, key_figure_tiles, selected_points
from ui.chart_display import show_view as draw
from ui.data_store import served_data
from ui.filter_state import set_filter
from ui.literal import markdown
from ui.questions import chart_view
from ui.sidebar import page_answers

DEFAULT_MEASURE = figures.DEFAULT_MEASURE
MEASURE_KEY = "counterfeiting_measure"
MEASURE_WRITTEN = "_counterfeiting_measure_written"  # the value this page last put in the URL
NOT_APPLIED_TEXT = (
    "Programme, cluster, expected result and status filters do not apply to seizures or to the "
    "challenge assessments: only the period and the countries do."
)
(YEAR_CHART, CATEGORY_CHART, TRANSPORT_CHART, ECOMMERCE_CHART, PROVENANCE_CHART,
 CHALLENGE_CHART, IPR_CHART, DETENTION_CHART, HS_CHAPTER_CHART,
 PROCEDURES_CHART) = PAGE_CHARTS["counterfeiting"]


def _measure_from_url() -> None:
    """A `measure` in the URL (a shared link) sets the choice; an unknown one is ignored."""
    in_url = st.query_params.get("measure")
    if in_url is None:
        return
    if in_url not in MEASURES:
        st.warning(
            f"Ignored '{markdown(in_url)}' for 'measure' in the link: choose one of "
            f"{', '.join(MEASURES)}. Showing {MEASURES[DEFAULT_MEASURE].lower()}.",
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


data = served_data()
answers = page_answers(data.con, "counterfeiting")
f = answers.filters

st.title("🛃 Counterfeiting")
st.caption(f"Filters: {markdown(answers.filters_text())}")
notice = IllustrativeNotice()
if f.programmes or f.clusters or f.expected_results or f.statuses:
    st.info(NOT_APPLIED_TEXT, icon="ℹ️")
else:
    st.caption(NOT_APPLIED_TEXT)

_measure_from_url()
if st.session_state.get(MEASURE_KEY) not in MEASURES:
    st.session_state[MEASURE_KEY] = DEFAULT_MEASURE
measure = st.segmented_control(
    "Measure", list(MEASURES), key=MEASURE_KEY, required=True,
    format_func=MEASURES.get, persist_state="session",
) or DEFAULT_MEASURE
st.query_params["measure"] = measure
st.session_state[MEASURE_WRITTEN] = measure
label = MEASURES[measure]

# --- headline figures -------------------------------------------------------------------------
if answers.seizures_by_year().empty:
    empty_state("No seizures were reported for these filters.")
else:
    notice.add(key_figure_tiles(answers, PAGE_FIGURES["counterfeiting"], per_row=4))
    without_month = figures.records_without_month(answers)
    if without_month and (f.start or f.end):
        st.caption(f"{formats.whole(without_month)} records give only a year: they are "
                   "counted when their year overlaps the period.")

    # --- over time ----------------------------------------------------------------------------
    selection = draw(chart_view(answers, YEAR_CHART, measure), "seizures-over-time",
                     on_select="rerun", alt=f"{label} per year, bar chart", notice=notice)
    st.caption("Click a year to set the period to that year.")
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
        draw(chart_view(answers, CATEGORY_CHART, measure), "seizures-category",
             alt=f"{label} by product category, bar chart", notice=notice)
    with right:
        draw(chart_view(answers, TRANSPORT_CHART, measure), "seizures-transport",
             alt=f"{label} by transport mode, bar chart", notice=notice)

    left, right = st.columns(2)
    with left:
        draw(chart_view(answers, ECOMMERCE_CHART), "seizures-ecommerce",
             alt="Share of seizures ordered online per year, line chart", notice=notice)
    with right:
        draw(chart_view(answers, PROVENANCE_CHART, measure), "seizures-provenance",
             alt=f"{label} by economy of provenance, bar chart", notice=notice)
        st.caption("Records whose provenance is not known are left out of this chart.")

    # --- as customs report IPR detentions (EU customs-enforcement report, WCO) ---------------
    st.subheader("As customs report IPR detentions")
    left, right = st.columns(2)
    with left:
        draw(chart_view(answers, IPR_CHART, measure), "seizures-ipr",
             alt=f"{label} by right infringed, bar chart", notice=notice)
    with right:
        draw(chart_view(answers, DETENTION_CHART, measure), "seizures-detention",
             alt=f"{label} by result of the detention, bar chart", notice=notice)
    left, right = st.columns(2)
    with left:
        draw(chart_view(answers, HS_CHAPTER_CHART, measure), "seizures-hs-chapter",
             alt=f"{label} by chapter of the Harmonized System, bar chart", notice=notice)
    with right:
        draw(chart_view(answers, PROCEDURES_CHART), "seizures-procedures",
             alt="Cases and procedures per year, grouped bar chart", notice=notice)

# --- challenges -------------------------------------------------------------------------------
st.subheader("Enforcement challenges")
challenges = chart_view(answers, CHALLENGE_CHART)
if challenges.data.empty:
    empty_state("No challenge was assessed for these filters.")
else:
    selection = draw(challenges, "challenge-matrix", on_select="rerun",
                     alt="Severity of each enforcement challenge by country, heatmap",
                     notice=notice)
    years = formats.year_span(challenges.data["year"].min(), challenges.data["year"].max())
    st.caption(
        f"Each cell is the latest severity assessed in the period (assessments of {years}), "
        "from 1 (minor) to 5 (severe). Click a cell to show only that country."
    )
    for point in selected_points(selection):
        custom = point.get("customdata") or []  # charts.challenge_heatmap: [iso3, challenge]
        if custom:
            set_filter("countries", [str(custom[0])])
