"""Expected results: each indicator's progress towards its target, its trend, and the activities."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from analytics import charts, contract, figures, formats, palette, queries
from analytics.answers import Answers
from analytics.answers import has_illustrative as flagged
from analytics.figures import PAGE_CHARTS
from ui import tables
from ui.chart_display import IllustrativeNotice, empty_state, show_chart, show_view
from ui.data_store import served_data
from ui.literal import markdown
from ui.questions import chart_view
from ui.sidebar import page_answers

(PROGRESS_CHART,) = PAGE_CHARTS["expected_results"]

# Status words with a symbol, so the status never depends on colour alone (the chart's
# words: analytics/palette.py).
RAG_SYMBOLS: dict[str, str] = {"green": "🟢", "amber": "🟡", "red": "🔴", "no data": "⚪"}
RAG_LABELS: dict[str, str] = {k: f"{RAG_SYMBOLS[k]} {v}" for k, v in palette.RAG_LABELS.items()}

# Status and progress first: they must be visible without scrolling on a projector.
INDICATOR_COLUMNS: dict[str, Any] = {
    "indicator_id": st.column_config.TextColumn("Indicator"),
    "name": st.column_config.TextColumn("Name", width="medium"),
    "status": st.column_config.TextColumn("Status"),
    "progress": tables.percent_column("Progress"),
    "time_elapsed": tables.percent_column("Time elapsed"),
    "latest_value": st.column_config.NumberColumn("Latest value", format="localized"),
    "latest_period_end": tables.date_column("Measured at"),
    "baseline": st.column_config.NumberColumn("Baseline", format="localized"),
    "target": st.column_config.NumberColumn("Target", format="localized"),
    "target_date": tables.date_column("Target date"),
    "unit": st.column_config.TextColumn("Unit"),
}

ACTIVITY_COLUMNS: dict[str, Any] = {
    "activity_id": st.column_config.TextColumn("Activity"),
    "title": st.column_config.TextColumn("Title", width="large"),
    "cluster": st.column_config.TextColumn("Cluster"),
    "status": st.column_config.TextColumn("Status"),
    "start": st.column_config.TextColumn("Start"),
    "end": st.column_config.TextColumn("End"),
}
TREND_COLUMNS_PER_ROW = 2


def day_text(dates: pd.Series) -> pd.Series:
    """Dates as YYYY-MM-DD, and "undated" where an activity has no date."""
    return pd.to_datetime(dates).dt.strftime("%Y-%m-%d").fillna("undated")


def trend_title(indicator: pd.Series) -> str:
    """The indicator's code, name (wrapped for a narrow chart) and unit, as plotly text."""
    name = charts.wrapped(f"{indicator['indicator_id']} · {indicator['name']}", 48)
    return f"{name}<br><sup>{charts.plain(indicator['unit'])}</sup>"


data = served_data()
answers = page_answers(data.con, "expected_results", Answers.indicator_trend,
                       Answers.result_activities)
f = answers.filters
as_of = answers.as_of

st.title("🎯 Expected results")
st.caption(
    f"Filters: {markdown(answers.filters_text())}. "
    "Indicators are programme-wide: of the filters, only the expected result and the end of "
    "the period apply to them; all filters apply to the activities."
)
notice = IllustrativeNotice()

progress_view = chart_view(answers, PROGRESS_CHART)
progress = progress_view.data
trend = answers.indicator_trend()
activities = answers.result_activities()

st.subheader(f"All indicators, as of {formats.day(as_of)}")
st.caption(f"**How the status is set.** {queries.RAG_RULE}")
if progress.empty:
    empty_state("No indicator belongs to the selected expected results.")
elif progress["latest_value"].isna().all():
    empty_state(f"No indicator value was measured on or before {formats.iso_day(as_of)}.")
else:
    show_view(
        progress_view, "results-progress",
        alt="Bar chart: progress of each indicator from baseline to target, in status "
            "colours, with a tick for the share of time elapsed", notice=notice,
    )

results = [r for r in contract.EXPECTED_RESULTS if not f.expected_results
           or r in f.expected_results]
# Short tab labels, so that every tab shows at 1280 pixels; the result's name heads its tab.
tabs = st.tabs([f"Result {r}" for r in results])
for result, tab in zip(results, tabs, strict=True):
    with tab:
        st.subheader(f"Expected result {result}: {contract.EXPECTED_RESULTS[result]}")

        indicators = progress[progress["expected_result"] == result].copy()
        st.markdown("**Indicators**")
        if indicators.empty:
            empty_state(f"Expected result {result} has no indicators in the data.")
        else:
            indicators["status"] = indicators["rag"].map(RAG_LABELS).fillna(indicators["rag"])
            tables.show(
                indicators[list(INDICATOR_COLUMNS)], column_config=INDICATOR_COLUMNS,
                hide_index=True, key=f"result-{result}-indicators",
            )
            notice.add(flagged(indicators))

        result_trend = trend[trend["expected_result"] == result]
        st.markdown(f"**Indicators of expected result {result} over time**")
        if result_trend.empty:
            empty_state(f"No value of the indicators of expected result {result} was "
                        "measured in the selected period.")
        else:
            # One chart per indicator: their units differ (people, percent, sessions...).
            per_indicator = list(result_trend.groupby("indicator_id", sort=False))
            for start in range(0, len(per_indicator), TREND_COLUMNS_PER_ROW):
                row = per_indicator[start:start + TREND_COLUMNS_PER_ROW]
                for column, (indicator_id, values) in zip(
                    st.columns(TREND_COLUMNS_PER_ROW), row, strict=False
                ):
                    with column:
                        title = trend_title(values.iloc[0])
                        fig = charts.indicator_trend(values, title=title)
                        # room for the title's lines; the title names the one indicator
                        fig.update_layout(showlegend=False, height=360,
                                          margin={"t": 60 + 20 * title.count("<br>")})
                        show_chart(
                            fig, key=f"trend-{indicator_id}",
                            alt=f"Line chart: values of indicator {indicator_id} over time, "
                                "with a dashed line from baseline to target",
                        )
            st.caption("Solid line: the values measured. Dashed line: from the baseline (○) "
                       "to the target (★) at the target date.")
            notice.add(flagged(result_trend))

        served = activities[activities["expected_result"] == result]
        st.markdown(f"**Activities serving expected result {result}**")
        if served.empty:
            empty_state(f"No activity serving expected result {result} matches the filters.")
        else:
            st.caption(figures.status_counts_text(served))
            listed = served.assign(start=day_text(served["start_date"]),
                                   end=day_text(served["end_date"]))
            st.dataframe(
                listed[list(ACTIVITY_COLUMNS)], column_config=ACTIVITY_COLUMNS,
                hide_index=True, key=f"result-{result}-activities",
            )
            if (~served["has_dates"].astype(bool)).any():
                st.caption(queries.UNDATED_NOTE)
            notice.add(flagged(served))

# --- the results frameworks of the activities (imported from IATI, issue 14) -------------

PERIOD_COLUMNS: dict[str, Any] = {
    "period": st.column_config.TextColumn("Period"),
    "period_target": st.column_config.NumberColumn("Target", format="localized"),
    "value": st.column_config.NumberColumn("Measured", format="localized"),
    "comment": st.column_config.TextColumn("Comment", width="medium"),
    "target_comment": st.column_config.TextColumn("Comment on the target"),
    "document_title": st.column_config.TextColumn("Verified by"),
    # as text, not a link: a URL from a file is shown, never followed on a click
    "document_url": st.column_config.TextColumn("Document"),
}
LEVEL_ORDER = {"impact": 0, "outcome": 1, "output": 2, "other": 3}


def period_text(rows: pd.DataFrame) -> pd.Series:
    """"2024-01-01 – 2024-12-31", or the end alone when the start is not given."""
    start, end = day_text(rows["period_start"]), day_text(rows["period_end"])
    return (start + " – " + end).where(rows["period_start"].notna(), end)


tree = answers.results_tree()
framework = tree[tree["result_title"].notna()] if len(tree) else tree
if not framework.empty:
    st.header("Results of the activities")
    st.caption(
        "Result → indicator → period, as the activities' own results frameworks record them "
        "(for instance imported from their IATI files). Status by the rule above: "
        f"{markdown(queries.RAG_RULE)}"
    )
    status_of = progress.set_index("indicator_id")["rag"].map(RAG_LABELS).to_dict() \
        if len(progress) else {}
    for activity_id, by_activity in framework.groupby("activity_id", dropna=False, sort=False):
        title = by_activity["activity_title"].iloc[0]
        st.subheader(markdown(title if pd.notna(title) else "Results without an activity"))
        if pd.notna(activity_id):
            st.caption(f"Activity {markdown(activity_id)}")
        results_of = by_activity.assign(
            _level=by_activity["result_level"].map(LEVEL_ORDER).fillna(9))
        for (result_title, level), by_result in results_of.sort_values("_level", kind="stable") \
                .groupby(["result_title", "result_level"], dropna=False, sort=False):
            level_text = str(level).capitalize() if pd.notna(level) else "Result"
            with st.expander(f"{level_text}: {markdown(result_title)}", expanded=True):
                for indicator_id, rows in by_result.groupby("indicator_id", sort=False):
                    first = rows.iloc[0]
                    facts = [f"measure {first['measure']}" if pd.notna(first["measure"])
                             else None, str(first["direction"]),
                             "cumulative" if bool(first["cumulative"]) else None,
                             f"baseline {formats.whole(first['baseline'])} "
                             f"({formats.iso_day(first['baseline_date'])})"
                             if pd.notna(first["baseline"]) else "no baseline",
                             f"final target {formats.whole(first['final_target'])} by "
                             f"{formats.iso_day(first['target_date'])}"
                             if pd.notna(first["final_target"]) else None,
                             status_of.get(indicator_id)]
                    st.markdown(f"**{markdown(first['name'])}** · "
                                + markdown(" · ".join(x for x in facts if x)))
                    if pd.notna(first["baseline_comment"]):
                        st.caption("Baseline: " + markdown(first["baseline_comment"]))
                    periods = rows[rows["period_end"].notna()]
                    if periods.empty:
                        st.caption("No reporting period is planned for this indicator yet.")
                        continue
                    shown = periods.assign(period=period_text(periods))
                    st.dataframe(shown[list(PERIOD_COLUMNS)], column_config=PERIOD_COLUMNS,
                                 hide_index=True, key=f"periods-{indicator_id}")

breakdowns = figures.indicator_breakdown_views(answers)
if breakdowns:
    st.header("Breakdowns of the indicators")
    st.caption(figures.BREAKDOWN_DEFINITION)
    for view in breakdowns:
        # Not a slide of "Present this page" (one chart per indicator and dimension): its
        # sentence is a caption, not one of the page's findings.
        show_chart(view.figure, f"breakdown-{view.data['indicator_id'].iloc[0]}-"
                                f"{view.data['dimension'].iloc[0]}",
                   alt=f"Stacked bar chart: {view.title}, per period, one colour per category",
                   illustrative=view.illustrative)
        st.caption(markdown(view.takeaway))
        notice.add(view.illustrative)
