"""Overview: the key figures of the filtered selection, its breakdowns, late activities, data."""

from __future__ import annotations

import streamlit as st

from analytics import formats, queries
from analytics.answers import Answers
from analytics.figures import PAGE_CHARTS, PAGE_FIGURES
from ui import tables
from ui.chart_display import IllustrativeNotice, empty_state, key_figure_tiles, selected_points
from ui.chart_display import show_view as draw
from ui.data_store import served_data, sources_frame
from ui.filter_state import set_filter
from ui.literal import markdown
from ui.questions import chart_view
from ui.sidebar import page_answers

ACTIVITY_FIGURES = PAGE_FIGURES["overview"][:6]
SEIZURE_FIGURES = PAGE_FIGURES["overview"][6:]
STATUS_CHART, MAP_CHART, SEIZURE_CHART = PAGE_CHARTS["overview"]


def breakdowns(answers: Answers, notice: IllustrativeNotice) -> None:
    """Status × cluster bars and the map of member states; a click sets the filter."""
    left, right = st.columns(2)
    with left:
        selection = draw(chart_view(answers, STATUS_CHART), "overview-status-cluster",
                         on_select="rerun",
                         alt="Stacked bars: activities per cluster, one colour per status",
                         notice=notice)
        st.caption("Click a bar to show only that cluster.")
        for point in selected_points(selection):
            custom = point.get("customdata") or []
            if custom:
                set_filter("clusters", [str(custom[0])])
    with right:
        selection = draw(chart_view(answers, MAP_CHART), "overview-map", on_select="rerun",
                         alt="Map of the ASEAN member states coloured by the number of "
                             "activities", notice=notice)
        st.caption("Click a member state to show only that country.")
        for point in selected_points(selection):
            if point.get("curve_number", 0) != 0:
                continue  # a neighbour outside ASEAN, drawn for context only
            custom = point.get("customdata") or []
            code = custom[0] if custom else point.get("location")
            if code:
                set_filter("countries", [str(code)])


def late_list(answers: Answers, notice: IllustrativeNotice) -> None:
    st.subheader("Late activities")
    st.caption(queries.LATE_RULE)
    late = answers.late_activities()
    if late.empty:
        st.success("No activity is late for these filters.", icon="✅")
        return
    st.dataframe(
        late.assign(host_name=late["host_name"].fillna("regional / online")),
        hide_index=True,
        # What a manager asks of a late activity first, narrow enough for 1280 pixels: the
        # cluster and start are on the timeline.
        column_order=["activity_id", "title", "end_date", "days_late", "status", "host_name"],
        column_config={
            "activity_id": st.column_config.TextColumn("Activity"),
            "title": st.column_config.TextColumn("Title", width="medium"),
            "cluster": st.column_config.TextColumn("Cluster"),
            "status": st.column_config.TextColumn("Status"),
            "start_date": tables.date_column("Start"),
            "end_date": tables.date_column("End"),
            "days_late": st.column_config.NumberColumn("Days late", format="%d"),
            "host_name": st.column_config.TextColumn("Host"),
        },
        key="overview-late",
    )
    notice.add(bool(late["illustrative"].any()))


def seizures(answers: Answers, notice: IllustrativeNotice) -> None:
    """Cases, articles and value of the period, the latest year's change, the yearly bars."""
    st.subheader("Seizures of counterfeit and pirated goods")
    by_year = answers.seizures_by_year()
    if by_year.empty:
        empty_state("No seizures are reported for this period and these countries.")
        return
    span = formats.year_span(by_year["year"].min(), by_year["year"].max())
    st.caption(f"Reported {span}. The change compares the latest complete year with the "
               "year before.")
    notice.add(key_figure_tiles(answers, SEIZURE_FIGURES))
    draw(chart_view(answers, SEIZURE_CHART), "overview-seizures",
         alt="Bars: articles seized reported per year", notice=notice)
    notes = ["Seizures follow the period and country filters only (not programme, cluster, "
             "expected result or status)."]
    last_year = int(by_year["year"].max())
    if last_year >= answers.today.year:
        notes.append(f"{last_year} is not over yet (hatched, \"part\"): compare it with "
                     "earlier years with care.")
    st.caption(" ".join(notes))


def data_sources() -> None:
    st.subheader("Data sources")
    sources = sources_frame(data)
    if sources.empty:
        st.caption("No file information is available for the loaded data.")
        return
    st.dataframe(
        sources, hide_index=True, key="overview-sources",
        column_config={
            "dataset": st.column_config.TextColumn("Dataset"),
            "file": st.column_config.TextColumn("File"),
            "rows": st.column_config.NumberColumn("Rows", format="%d"),
            "loaded_at": st.column_config.DatetimeColumn("Loaded at",
                                                         format="YYYY-MM-DD HH:mm"),
        },
    )
    st.caption("Values the source documents do not give are illustrative sample data and "
               "are labelled wherever a figure uses them.")


data = served_data()
answers = page_answers(data.con, "overview", Answers.late_activities)

st.title("Programme overview")
st.caption(f"Showing {markdown(answers.filters_text())} · figures as of "
           f"{formats.day(answers.activity_figures()['as_of'])}")
notice = IllustrativeNotice()

st.subheader("Activities")
if int(answers.activity_figures()["activities"]) == 0:
    empty_state("No activity matches these filters.")
else:
    notice.add(key_figure_tiles(answers, ACTIVITY_FIGURES))
    undated = int(answers.activity_figures()["undated"])
    if undated:
        st.caption(f"ℹ️ {formats.whole(undated)} of these activities have no dates. "
                   f"{queries.UNDATED_NOTE}")
    breakdowns(answers, notice)
    late_list(answers, notice)
seizures(answers, notice)
data_sources()
