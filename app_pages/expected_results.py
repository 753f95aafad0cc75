"""Expected results: each indicator's progress towards its target, its trend, and the activities."""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd
import streamlit as st

from analytics import charts, contract, figures, formats, queries
from analytics.answers import has_illustrative as flagged
from analytics.figures import PAGE_CHARTS
from ui import literal
from ui.chart_display import empty_state, illustrative_note, show_chart, show_view
from ui.data_store import served_data
from ui.literal import markdown
from ui.questions import chart_view
from ui.sidebar import page_answers

(PROGRESS_CHART,) = PAGE_CHARTS["expected_results"]

# Status words with a symbol, so the status never depends on colour alone.
RAG_LABELS: dict[str, str] = {
    "green": "🟢 green",
    "amber": "🟠 amber",
    "red": "🔴 red",
    "no data": "⚪ no data",
}

# Status and progress first: they must be visible without scrolling on a projector.
INDICATOR_COLUMNS: dict[str, Any] = {
    "indicator_id": st.column_config.TextColumn("Indicator"),
    "name": st.column_config.TextColumn("Name", width="medium"),
    "status": st.column_config.TextColumn("Status"),
    "progress": st.column_config.NumberColumn("Progress", format="percent"),
    "time_elapsed": st.column_config.NumberColumn("Time elapsed", format="percent"),
    "latest_value": st.column_config.NumberColumn("Latest value", format="localized"),
    "latest_period_end": st.column_config.DateColumn("Measured at", format="YYYY-MM-DD"),
    "baseline": st.column_config.NumberColumn("Baseline", format="localized"),
    "target": st.column_config.NumberColumn("Target", format="localized"),
    "target_date": st.column_config.DateColumn("Target date", format="YYYY-MM-DD"),
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
    """The indicator's code, name (wrapped for a narrow chart) and unit."""
    # The <br> and <sup> are ours; the data parts are made literal plotly text first.
    name = "<br>".join(literal.plotly(line) for line in textwrap.wrap(str(indicator["name"]), 48))
    return (f"{literal.plotly(indicator['indicator_id'])} · {name}"
            f"<br><sup>{literal.plotly(indicator['unit'])}</sup>")


data = served_data()
answers = page_answers(data.con)
f = answers.filters
as_of = answers.as_of

st.title("🎯 Expected results")
st.caption(
    f"Filters: {markdown(answers.filters_text())}. "
    "Indicators are programme-wide: of the filters, only the expected result and the end of "
    "the period apply to them; all filters apply to the activities."
)

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
            "colours, with a tick for the share of time elapsed",
    )

results = [r for r in contract.EXPECTED_RESULTS if not f.expected_results
           or r in f.expected_results]
tabs = st.tabs([f"{r}. {contract.EXPECTED_RESULTS[r]}" for r in results])
for result, tab in zip(results, tabs, strict=True):
    with tab:
        st.subheader(f"Expected result {result}: {contract.EXPECTED_RESULTS[result]}")

        indicators = progress[progress["expected_result"] == result].copy()
        st.markdown("**Indicators**")
        if indicators.empty:
            empty_state(f"Expected result {result} has no indicators in the data.")
        else:
            indicators["status"] = indicators["rag"].map(RAG_LABELS).fillna(indicators["rag"])
            st.dataframe(
                indicators[list(INDICATOR_COLUMNS)], column_config=INDICATOR_COLUMNS,
                hide_index=True, key=f"result-{result}-indicators",
            )
            illustrative_note(flagged(indicators))

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
            illustrative_note(flagged(result_trend))

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
            illustrative_note(flagged(served))
