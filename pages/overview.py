"""Overview: the key figures of the filtered selection, its breakdowns, late activities, data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

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
    sources_frame,
)


def whole_number(n: object) -> str:
    """1,234 (a missing value shows as 0: the figures are sums over no rows)."""
    return f"{int(n or 0):,}"


def percent(share: object) -> str:
    """44% ; a share that cannot be computed (nothing to divide by) shows as a dash."""
    return "—" if share is None or pd.isna(share) else f"{float(share):.0%}"


def us_dollars(value: object) -> str:
    return f"US$ {round(float(value or 0)):,}"


def complete_years(by_year: pd.DataFrame, f: Filters, today: dt.date) -> list[int]:
    """Years whose seizures are fully inside the period and already over (like with like)."""
    years = []
    for year in by_year["year"].astype(int):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if last >= today:
            continue  # the current year is still being reported
        if (f.start and f.start > first) or (f.end and f.end < last):
            continue  # the period cuts the year
        years.append(year)
    return years


def year_on_year(by_year: pd.DataFrame, measure: str, years: list[int]) -> tuple[str, str] | None:
    """('+3.5%', '2025 vs 2024') for the latest complete year against the year before."""
    if not years:
        return None
    latest = max(years)
    if latest - 1 not in years:
        return None
    values = by_year.set_index(by_year["year"].astype(int))[measure]
    before, now = float(values[latest - 1]), float(values[latest])
    if before == 0:
        return None
    change = (now - before) / before
    return f"{change:+.1%}", f"{latest} vs {latest - 1}"


def activity_figures(figures: pd.Series, as_of: dt.date, any_illustrative: bool) -> None:
    """The headline figures of the activities and their participants."""
    activities = int(figures["activities"])
    undated = int(figures["undated"])
    a1, a2, a3 = st.columns(3)
    a1.metric(
        "Activities", whole_number(activities),
        delta=f"{undated:,} without dates" if undated else None,
        delta_color="off", delta_arrow="off",
        help="Activities matching the filters. " + queries.UNDATED_NOTE,
    )
    a2.metric(
        "Share completed", percent(figures["share_completed"]),
        delta=f"{int(figures['completed']):,} of {activities:,} activities",
        delta_color="off", delta_arrow="off",
        help="Activities with the status 'completed', of all activities matching the filters.",
    )
    a3.metric("Late activities", whole_number(figures["late"]), help=queries.LATE_RULE)
    b1, b2, b3 = st.columns(3)
    b1.metric(
        "ASEAN member states reached",
        f"{int(figures['member_states_reached'])} of {int(figures['member_states_at_time'])}",
        delta=f"members on {as_of:%d %b %Y}", delta_color="off", delta_arrow="off",
        help="Member states involved in (or hosting) at least one activity matching the "
             "filters, of the ASEAN members at the end of the period (or today).",
    )
    b2.metric("Participants", whole_number(figures["participants"]),
              help="Participants of the activities matching the filters, from the selected "
                   "countries.")
    b3.metric(
        "Women's share", percent(figures["women_share"]),
        delta=f"{int(figures['women']):,} women" if pd.notna(figures["women_share"]) else None,
        delta_color="off", delta_arrow="off", help=queries.WOMEN_SHARE_RULE,
    )
    illustrative_note(any_illustrative)
    if undated:
        st.caption(f"ℹ️ {undated:,} of these activities have no dates. {queries.UNDATED_NOTE}")


def breakdowns(f: Filters, today: dt.date, any_illustrative: bool) -> None:
    """Status × cluster bars and the map of member states; a click sets the filter."""
    left, right = st.columns(2)
    with left:
        by_status = queries.activities_by_status_cluster(con, f)
        selection = show_chart(
            shared_chart("status_cluster_bar", by_status), key="overview-status-cluster",
            on_select="rerun",
            alt="Stacked bars: activities per cluster, one colour per status",
        )
        st.caption("Click a bar to show only that cluster.")
        illustrative_note(any_illustrative)
        for point in selected_points(selection):
            custom = point.get("customdata") or []
            if custom:
                set_filter("clusters", [str(custom[0])])
    with right:
        coverage = queries.coverage_by_country(con, f, today)
        member_map = shared_chart("asean_map", coverage, "activities",
                                  "Activities by ASEAN member state")
        selection = show_chart(
            member_map, key="overview-map", on_select="rerun",
            alt="Map of the ASEAN member states coloured by the number of activities",
        )
        st.caption("Click a member state to show only that country.")
        illustrative_note(any_illustrative)
        for point in selected_points(selection):
            if point.get("curve_number", 0) != 0:
                continue  # a neighbour outside ASEAN, drawn for context only
            custom = point.get("customdata") or []
            code = custom[0] if custom else point.get("location")
            if code:
                set_filter("countries", [str(code)])


def late_list(f: Filters, today: dt.date) -> None:
    st.subheader("Late activities")
    st.caption(queries.LATE_RULE)
    late = queries.late_activities(con, f, today)
    if late.empty:
        st.success("No activity is late for these filters.", icon="✅")
        return
    st.dataframe(
        late.assign(host_name=late["host_name"].fillna("regional / online")),
        hide_index=True,
        column_order=["activity_id", "title", "cluster", "status", "start_date",
                      "end_date", "days_late", "host_name"],
        column_config={
            "activity_id": st.column_config.TextColumn("Activity"),
            "title": st.column_config.TextColumn("Title"),
            "cluster": st.column_config.TextColumn("Cluster"),
            "status": st.column_config.TextColumn("Status"),
            "start_date": st.column_config.DateColumn("Start", format="YYYY-MM-DD"),
            "end_date": st.column_config.DateColumn("End", format="YYYY-MM-DD"),
            "days_late": st.column_config.NumberColumn("Days late", format="%d"),
            "host_name": st.column_config.TextColumn("Host"),
        },
        key="overview-late",
    )
    illustrative_note(bool(late["illustrative"].any()))


def seizure_figures(figures: pd.Series, f: Filters, today: dt.date) -> None:
    """Cases, articles and value of the period, the latest year's change, the yearly bars."""
    st.subheader("Seizures of counterfeit and pirated goods")
    by_year = queries.seizures_by_year(con, f)
    if by_year.empty:
        empty_state("No seizures are reported for this period and these countries.")
        return
    first_year, last_year = int(by_year["year"].min()), int(by_year["year"].max())
    span = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
    years = complete_years(by_year, f, today)
    s1, s2, s3 = st.columns(3)
    for column, label, measure, value in (
        (s1, "Seizure cases", "cases", whole_number(figures["seizure_cases"])),
        (s2, "Articles seized", "articles", whole_number(figures["articles"])),
        (s3, "Value of genuine goods", "value_usd", us_dollars(figures["value_usd"])),
    ):
        change = year_on_year(by_year, measure, years)
        column.metric(
            f"{label}, {span}", value,
            delta=change[0] if change else None,
            delta_description=change[1] if change else None,
            # more seizures may mean more counterfeiting or better enforcement: no colour
            delta_color="off",
            help=f"Total for {span}; the change compares the latest complete year with the "
                 "year before.",
        )
    illustrative = bool(by_year["illustrative"].any())
    illustrative_note(illustrative)
    show_chart(shared_chart("seizures_over_time", by_year, "cases", "Seizure cases per year"),
               key="overview-seizures", alt="Bars: seizure cases reported per year")
    notes = ["Seizures follow the period and country filters only (not programme, cluster, "
             "expected result or status)."]
    if last_year not in years and last_year >= today.year:
        notes.append(f"{last_year} is not complete yet: compare it with earlier years with care.")
    st.caption(" ".join(notes))
    illustrative_note(illustrative)


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


data = get_data()
con = data.con
countries = queries.explore(con, "countries", Filters())
country_names = dict(zip(countries["iso3"], countries["name"], strict=False))
f = sidebar_filters(countries[["iso3", "name"]])
today = dt.date.today()

figures = queries.key_figures(con, f, today).iloc[0]
any_illustrative = bool(figures["any_illustrative"])
as_of = pd.Timestamp(figures["as_of"]).date()

st.title("Programme overview")
st.caption(f"Showing {f.describe(country_names)} · figures as of {as_of:%d %B %Y}")

st.subheader("Activities")
if int(figures["activities"]) == 0:
    empty_state("No activity matches these filters.")
else:
    activity_figures(figures, as_of, any_illustrative)
    breakdowns(f, today, any_illustrative)
    late_list(f, today)
seizure_figures(figures, f, today)
data_sources()
