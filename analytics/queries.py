"""One typed function per mart: a connection and the filters in, a DataFrame out.

Every function runs a named `.sql` file through `analytics.db.run`; values are bound
parameters, never formatted into SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd

from analytics import contract
from analytics.db import run
from analytics.filters import Filters

Connection = duckdb.DuckDBPyConnection

RAG_RULE = (
    "Progress = (latest value - baseline) / (target - baseline), using the latest value "
    "measured on or before the end of the selected period (or today). Time elapsed = share of "
    "the time from the baseline date (or the first reported period when no baseline date is "
    "given) to the target date that has passed at that same date. Green: progress is at least "
    "time elapsed minus 10 percentage points; amber: at least time elapsed minus 25 points; "
    "red: below that; 'no data': no value measured yet."
)

LATE_RULE = "Late: the end date has passed and the status is neither completed nor cancelled."

WOMEN_SHARE_RULE = "Women share: women / participants whose gender is reported."

UNDATED_NOTE = (
    "Activities without dates cannot be placed in time: they are kept whatever the period."
)

DEFAULT_TOP_PROVENANCE = 10


def _with_today(f: Filters, today: dt.date) -> dict[str, Any]:
    return {**f.params(), "today": today}


def _add_result_name(df: pd.DataFrame) -> pd.DataFrame:
    # The names of the expected results live in the contract, not in a table.
    names = {k: v for k, v in contract.EXPECTED_RESULTS.items()}
    position = df.columns.get_loc("expected_result") + 1
    df.insert(position, "result_name", df["expected_result"].map(names).astype("string"))
    return df


# --- activities ---------------------------------------------------------------------------


def key_figures(con: Connection, f: Filters, today: dt.date) -> pd.DataFrame:
    """One row: the headline figures of the filtered selection."""
    return run(con, "key_figures", _with_today(f, today))


def activities_by_status_cluster(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per cluster and status: activities (and how many of them are undated)."""
    return run(con, "activities_by_status_cluster", f.params())


def late_activities(con: Connection, f: Filters, today: dt.date) -> pd.DataFrame:
    """One row per late filtered activity, the longest overdue first."""
    return run(con, "late_activities", _with_today(f, today))


def activities_timeline(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per filtered activity, undated ones included (has_dates false)."""
    return run(con, "activities_timeline", f.params())


def activity_detail(con: Connection, activity_id: str) -> pd.DataFrame:
    """One row per country of the activity and agency type: role, participants, women."""
    return run(con, "activity_detail", {"activity_id": activity_id})


# --- results ----------------------------------------------------------------------------


def results_progress(con: Connection, f: Filters, today: dt.date) -> pd.DataFrame:
    """One row per indicator: latest value, progress, time elapsed and RAG status."""
    return _add_result_name(run(con, "results_progress", _with_today(f, today)))


def indicator_trend(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per indicator and period_end measured in the period."""
    return _add_result_name(run(con, "indicator_trend", f.params()))


def result_activities(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per filtered activity serving an expected result."""
    return _add_result_name(run(con, "result_activities", f.params()))


# --- countries --------------------------------------------------------------------------


def coverage_by_country(con: Connection, f: Filters, today: dt.date) -> pd.DataFrame:
    """One row per ASEAN member state: activities, participants, women, membership then."""
    return run(con, "coverage_by_country", _with_today(f, today))


def country_cluster_matrix(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per country and cluster: filtered activities involving the country."""
    return run(con, "country_cluster_matrix", f.params())


def participation_by_agency(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per agency type: participants, women, men, gender not reported."""
    return run(con, "participation_by_agency", f.params())


def country_profile(con: Connection, f: Filters, iso3: str, today: dt.date) -> pd.DataFrame:
    """One row for country `iso3` under the filters (the country filter becomes `iso3`)."""
    params = _with_today(f.with_(countries=(iso3,)), today)
    params["iso3"] = iso3
    return run(con, "country_profile", params)


def member_coverage_over_time(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per year: ASEAN members at the year's end and how many an activity reached."""
    return run(con, "member_coverage_over_time", f.params())


# --- seizures and challenges ------------------------------------------------------------


def seizures_by_year(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per year: cases, articles, value_usd, e-commerce share of cases."""
    return run(con, "seizures_by_year", f.params())


def seizures_by_category(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per product category: cases, articles, value_usd."""
    return run(con, "seizures_by_category", f.params())


def seizures_by_transport(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per transport mode: cases, articles, value_usd."""
    return run(con, "seizures_by_transport", f.params())


def seizures_top_provenance(
    con: Connection, f: Filters, limit: int = DEFAULT_TOP_PROVENANCE
) -> pd.DataFrame:
    """One row per economy of provenance, the `limit` largest by articles."""
    if limit < 0:
        raise ValueError("limit must be zero or more")
    return run(con, "seizures_top_provenance", {**f.params(), "limit": int(limit)})


def ecommerce_share_by_year(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per year: e-commerce share of cases and of articles."""
    return run(con, "ecommerce_share_by_year", f.params())


def seizures_illustrative(con: Connection, f: Filters) -> bool:
    """Whether any filtered seizure carries illustrative values."""
    return bool(run(con, "seizures_illustrative", f.params())["illustrative"].iloc[0])


def challenge_matrix(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per country and challenge: the latest severity assessed in the period."""
    return run(con, "challenge_matrix", f.params())


# --- data explorer ----------------------------------------------------------------------

EXPLORABLE: tuple[str, ...] = tuple(d.name for d in contract.DATASETS)


def _explorable(dataset_name: str) -> str:
    # Allow-list: only names declared in the contract reach a file name.
    if dataset_name not in EXPLORABLE:
        raise ValueError(
            f"Unknown dataset {dataset_name!r}: choose one of {', '.join(EXPLORABLE)}."
        )
    return dataset_name


def explore(
    con: Connection, dataset_name: str, f: Filters, limit: int | None = None
) -> pd.DataFrame:
    """One row per row of the dataset matching the filters (contract columns), up to `limit`."""
    name = _explorable(dataset_name)
    if limit is not None and limit < 0:
        raise ValueError("limit must be zero or more")
    return run(con, f"explore_{name}", {**f.params(), "row_limit": limit})


ILLUSTRATIVE_PROBES: tuple[str, ...] = ("activity_countries", "participation")


def rows_illustrative(con: Connection, dataset_name: str, f: Filters) -> bool:
    """One answer: whether any row `explore` returns for the dataset carries illustrative values."""
    # Allow-list: the datasets whose figures come without an `illustrative` column of their own.
    if dataset_name not in ILLUSTRATIVE_PROBES:
        raise ValueError(f"No illustrative probe for {dataset_name!r}: choose one of "
                         f"{', '.join(ILLUSTRATIVE_PROBES)}.")
    return bool(run(con, f"illustrative_{dataset_name}", f.params())["illustrative"].iloc[0])


def count_explore(con: Connection, dataset_name: str, f: Filters) -> int:
    """How many rows `explore` returns for the dataset and filters (without a limit)."""
    name = _explorable(dataset_name)
    return int(run(con, f"count_{name}", f.params())["row_count"].iloc[0])


# The question functions (each takes the connection first): what a caller may cache by
# arguments and data version.
QUESTIONS: frozenset[str] = frozenset(
    name for name, fn in list(globals().items())
    if callable(fn) and getattr(fn, "__module__", None) == __name__ and not name.startswith("_")
)
