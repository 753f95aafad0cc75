"""Timeline: a Gantt of the activities by cluster, the undated ones beside it, and the detail
of the activity picked (a click on its bar, a row of the undated list, or the Activity box).

The activity shown is kept in the `activity` URL parameter, so a link opens it again.
"""

from __future__ import annotations

import copy
import datetime as dt

import pandas as pd
import streamlit as st

from analytics import contract, figures, formats, queries
from ui.chart_display import IllustrativeNotice, empty_state, selected_points, show_chart
from ui.data_store import served_data
from ui.filter_state import set_filter
from ui.literal import markdown as plain
from ui.questions import activity_detail, chart_view
from ui.sidebar import page_answers

ACTIVITY_PARAM = "activity"  # URL parameter (a page-state key the filters keep)
PICKER_KEY = "timeline_activity"
LAST_CLICK_KEY = "_timeline_last_click"  # the chart / list selection already acted upon
ALL_YEARS = "All years"
WORK_PLAN = "Current work plan"
# days before today (the work plan: the chart's own first view, analytics/figures.py)
VIEWS = {WORK_PLAN: None, "Last 12 months": 365, "Last 3 years": 3 * 365, ALL_YEARS: 0}

def activity_label(row: pd.Series) -> str:
    return f"{row['activity_id']} · {row['title']}"


day = formats.iso_day


def choose_activity(activity_id: str | None) -> None:
    """Remember the activity shown: in the URL (shareable) and in the Activity box."""
    if activity_id:
        st.query_params[ACTIVITY_PARAM] = activity_id
    elif ACTIVITY_PARAM in st.query_params:
        del st.query_params[ACTIVITY_PARAM]


def picker_changed() -> None:
    choose_activity(st.session_state.get(PICKER_KEY))


def new_selection(key: str, value: tuple) -> bool:
    """True once per new selection of a chart or list (old selections do not re-apply)."""
    if st.session_state.get(key) == value:
        return False
    st.session_state[key] = value
    return bool(value)


def show_detail(activity: pd.Series, detail: pd.DataFrame) -> None:
    """Dates, place, countries, participation and expected result of one activity."""
    st.subheader(plain(activity_label(activity)))
    host = activity["host_name"] if pd.notna(activity["host_name"]) else "regional / online"
    if pd.notna(activity.get("city")):
        host = f"{activity['city']}, {host}"
    if activity["has_dates"]:
        when = f"{day(activity['start_date'])} to {day(activity['end_date'])}"
    else:
        when = "no dates (not placed on the timeline)"
    result = activity["expected_result"]
    if pd.notna(result):
        result_text = f"{int(result)}. {contract.EXPECTED_RESULTS.get(int(result), '')}"
    else:
        result_text = "outside the AWP1 results framework"
    lines = [
        ("Dates", when),
        ("Status", activity["status"]),
        ("Cluster", activity["cluster"]),
        ("Programme", activity["programme"]),
        ("Type", activity["activity_type"]),
        ("Host", host),
        ("Countries", activity["countries"] or "none listed"),
        ("Expected result", result_text),
    ]
    st.markdown("\n".join(f"- **{name}:** {plain(value)}" for name, value in lines))

    st.markdown("**Participation**")
    st.caption(figures.activity_participation_text(detail))
    table = detail.assign(
        role=detail["role"].fillna("participant (not listed)"),
        agency_type=detail["agency_type"].fillna("—"),
    )
    st.dataframe(
        table, hide_index=True, key="timeline-detail",
        column_order=["name", "role", "agency_type", "participants", "women"],
        column_config={
            "name": st.column_config.TextColumn("Country"),
            "role": st.column_config.TextColumn("Role"),
            "agency_type": st.column_config.TextColumn("Type of agency"),
            "participants": st.column_config.NumberColumn("Participants", format="%d"),
            "women": st.column_config.NumberColumn("Women", format="%d"),
        },
    )
    notice.add(bool(activity["illustrative"]) or bool(detail["illustrative"].fillna(False)
                                                      .astype(bool).any()))
    # A callback (runs before the next script run) rather than `if st.button(...)`: the
    # click is applied even when that run is restarted before reaching the button.
    st.button(f"Show only this cluster ({activity['cluster']})", key="timeline-only-cluster",
              icon="🔎", on_click=set_filter, args=("clusters", [str(activity["cluster"])]),
              kwargs={"rerun": False})


data = served_data()
answers = page_answers(data.con, "timeline")
today = answers.today

st.title("Activities timeline")
st.caption(f"Showing {plain(answers.filters_text())}")
notice = IllustrativeNotice()

timeline = chart_view(answers, "timeline")
activities = timeline.data
if activities.empty:
    empty_state("No activity matches these filters.")
else:
    has_dates = activities["has_dates"].astype(bool)
    dated, undated = activities[has_dates], activities[~has_dates]
    # The Gantt takes the full width: its labels (cluster, activity) need room, and the
    # programme spans years, so a narrower plot squeezes the bars to slivers.
    if dated.empty:
        st.info("None of these activities has dates: they are listed below.", icon="ℹ️")
    else:
        view = st.segmented_control(
            "Time axis", list(VIEWS), default=WORK_PLAN, key="timeline_view", required=True,
            help="Zoom the time axis; no activity is removed (drag the chart to pan, "
                 "double-click it to see every date).",
        )
        gantt = copy.deepcopy(timeline.figure)  # shared by the sessions: adjust a copy
        outside = 0
        if view == ALL_YEARS:
            gantt.update_xaxes(range=None, autorange=True)
        elif VIEWS.get(view):
            first = today - dt.timedelta(days=VIEWS[view])
            last = today + dt.timedelta(days=VIEWS[view] // 6)
            gantt.update_xaxes(range=[first, last])
        shown = gantt.layout.xaxis.range
        if shown is not None:
            first, last = (pd.Timestamp(x) for x in shown)
            ends = pd.to_datetime(dated["end_date"]).fillna(pd.to_datetime(dated["start_date"]))
            starts = pd.to_datetime(dated["start_date"])
            outside = int(((ends < first) | (starts > last)).sum())
        selection = show_chart(
            gantt, key="timeline-gantt", on_select="rerun", selection_mode="points",
            alt="Gantt chart of the activities grouped by cluster, coloured by status",
        )
        clicked = tuple(str(p["customdata"][0]) for p in selected_points(selection)
                        if p.get("customdata"))
        if new_selection(LAST_CLICK_KEY, clicked):
            choose_activity(clicked[0])
        note = (f"{formats.whole(timeline.numbers['dated'])} dated activities; the dashed "
                f"line is today ({formats.iso_day(today)}). Click a bar to see the activity.")
        if outside:
            note += (f" {outside:,} of them lie outside this view: choose '{ALL_YEARS}' "
                     "or drag the chart to see them.")
        st.caption(note)
        notice.add(timeline.illustrative)

    list_column, detail_column = st.columns([2, 3], gap="large")
    with list_column:
        st.subheader(f"Without dates ({formats.whole(timeline.numbers['undated'])})")
        if undated.empty:
            st.caption("Every activity matching these filters has dates.")
        else:
            st.caption(queries.UNDATED_NOTE)
            st.markdown("\n".join(
                f"- **{plain(row['activity_id'])}** · {plain(row['title'])} "
                f"({plain(row['status'])})"
                for _, row in undated.iterrows()
            ))
            st.caption("Pick one in the Activity box to see its detail.")
            notice.add(bool(undated["illustrative"].any()))

    with detail_column:
        ids = activities["activity_id"].astype(str).tolist()
        labels = dict(zip(ids, activities.apply(activity_label, axis=1), strict=True))
        wanted = st.query_params.get(ACTIVITY_PARAM)
        if wanted and wanted not in labels:
            st.info(f"Activity {plain(wanted)} is not among the activities matching these filters: "
                    "widen the filters, or pick another activity.", icon="ℹ️")
        # Set before the box is drawn, so a click on the chart or the list shows in the box.
        st.session_state[PICKER_KEY] = wanted if wanted in labels else None
        current = st.selectbox(
            "Activity", ids, index=None, key=PICKER_KEY, on_change=picker_changed,
            format_func=lambda a: labels.get(a, a),
            placeholder="Pick an activity, or click its bar on the timeline",
        )
        if current:
            activity = activities.loc[activities["activity_id"] == current].iloc[0]
            show_detail(activity, activity_detail(data.con, current))
