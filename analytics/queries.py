"""One typed function per mart: a connection and the filters in, a DataFrame out.

Every function runs a named `.sql` file through `analytics.db.run`; values are bound
parameters, never formatted into SQL.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import warnings
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import duckdb
import pandas as pd
import pyarrow as pa

from analytics import contract, country_names
from analytics.db import params_used, run, sql_text
from analytics.filters import Filters

Connection = duckdb.DuckDBPyConnection

TIME_ELAPSED_RULE = (
    "Progress = (latest value - baseline) / (target - baseline), using the latest value "
    "measured on or before the end of the selected period (or today). Time elapsed = share of "
    "the time from the baseline date (or the first reported period when no baseline date is "
    "given) to the target date that has passed at that same date. Green: progress is at least "
    "time elapsed minus 10 percentage points; amber: at least time elapsed minus 25 points; "
    "red: below that; 'no data': no value measured yet, or no target to judge it against."
)


@dataclass(frozen=True)
class RagRule:
    """How an indicator's red/amber/green status is set (`results_progress.sql` applies it)."""

    kind: Literal["time elapsed", "tolerance"] = "time elapsed"
    tolerance: float = 0.15  # the band of the 'tolerance' rule, as a share of the due target

    def params(self) -> dict[str, Any]:
        return {"rag_rule": self.kind, "tolerance": self.tolerance}

    def text(self) -> str:
        """The rule in words, as the page, the Definitions and the pack state it."""
        if self.kind == "time elapsed":
            return TIME_ELAPSED_RULE
        band, twice = (f"{self.tolerance * 100:g} %", f"{2 * self.tolerance * 100:g} %")
        return (
            "Status against the target due: the target of the last reporting period ending "
            "on or before the end of the selected period (or today), or, for an indicator "
            "without period targets, the straight line from baseline to target at that date. "
            "The latest value measured by then is compared with it in the indicator's "
            "direction (for 'lower is better', short means above). Green: at or better than "
            f"the target due, or short of it by at most {band} of it; amber: short by at most "
            f"{twice}; red: short by more; 'no data': no value measured yet, or no target to "
            "judge it against. Progress = (latest value - baseline) / (final target - "
            "baseline)."
        )


RAG_RULE_ENV = "IPR_RAG_RULE"


def rag_rule_from(value: str | None) -> RagRule:
    """The rule named by `IPR_RAG_RULE`: "time-elapsed" (default), "tolerance" (15 %) or
    "tolerance:10" (a band of 10 %)."""
    text = (value or "").strip().lower().replace("_", " ").replace("-", " ")
    if text in ("", "time elapsed"):
        return RagRule()
    m = re.fullmatch(r"tolerance(?:\s*[:=]\s*(\d+(?:\.\d+)?)\s*%?)?", text)
    if m is None or (m.group(1) is not None and not 0 < float(m.group(1)) < 100):
        raise ValueError(f"{RAG_RULE_ENV}={value!r}: write time-elapsed, tolerance, or "
                         "tolerance:15 (a band between 0 and 100 %)")
    return RagRule("tolerance", float(m.group(1)) / 100 if m.group(1) else 0.15)


try:
    RAG = rag_rule_from(os.environ.get(RAG_RULE_ENV))
except ValueError as e:  # the dashboard still starts, on the default rule, and says why
    warnings.warn(f"{e}; using the time-elapsed rule", stacklevel=1)
    RAG = RagRule()
RAG_RULE = RAG.text()

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
    if "result_title" in df.columns:  # a result of an IATI results framework names itself
        df["result_name"] = df["result_name"].fillna(df["result_title"].astype("string"))
    return df


# --- activities ---------------------------------------------------------------------------


def activity_figures(con: Connection, f: Filters, today: dt.date) -> pd.DataFrame:
    """One row: the headline figures of the selection's activities, participants and reach."""
    return run(con, "activity_figures", _with_today(f, today))


def seizure_figures(con: Connection, f: Filters) -> pd.DataFrame:
    """One row: the seizures of the period and the selected countries, each counted once."""
    return run(con, "seizure_figures", f.params())


def key_figures(con: Connection, f: Filters, today: dt.date) -> pd.DataFrame:
    """One row: the headline figures of the selection (activity_figures and seizure_figures
    side by side)."""
    return pd.concat([activity_figures(con, f, today), seizure_figures(con, f)], axis=1)


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


def results_progress(con: Connection, f: Filters, today: dt.date,
                     rule: RagRule | None = None) -> pd.DataFrame:
    """One row per indicator: latest value, progress, time elapsed, target due and RAG status
    (by `rule`, else the configured `RAG`)."""
    return _add_result_name(run(con, "results_progress",
                                {**_with_today(f, today), **(rule or RAG).params()}))


def indicator_trend(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per indicator and period_end measured in the period."""
    return _add_result_name(run(con, "indicator_trend", f.params()))


def results_tree(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per selected indicator and reporting period (result → indicator → period)."""
    return _add_result_name(run(con, "results_tree", f.params()))


def indicator_breakdown(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per broken-down value of the selected indicators in the period, with its total."""
    return run(con, "indicator_breakdown", f.params())





def cases_and_procedures_by_year(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per year: cases, and procedures beside the cases of the records giving them."""
    return run(con, "cases_and_procedures_by_year", f.params())


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


def member_coverage_over_time(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per year: ASEAN members at the year's end and how many an activity reached."""
    return run(con, "member_coverage_over_time", f.params())


# --- seizures and challenges ------------------------------------------------------------


def seizures_by_year(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per year: cases, articles, value_usd, e-commerce share of cases."""
    return run(con, "seizures_by_year", f.params())


# The breakdowns of `seizure_breakdowns`: the column each is grouped on, as its slice names it,
# and whether it is one of customs reporting (procedures and retail values beside the counts).
BREAKDOWNS: dict[str, bool] = {
    "product_category": False, "transport_mode": False, "provenance_iso3": False,
    "ipr_type": True, "detention_result": True, "hs_chapter": True,
}
_COUNTS = ["cases", "articles", "value_usd"]
_CUSTOMS = ["procedures", "retail_value_eur", "retail_value_usd"]


def seizure_breakdowns(
    con: Connection, f: Filters, limit: int = DEFAULT_TOP_PROVENANCE
) -> pd.DataFrame:
    """One row per breakdown (`BREAKDOWNS`) and value: cases, articles, values; provenance
    the `limit` largest by articles. `breakdown_of` takes one breakdown's rows."""
    if limit < 0:
        raise ValueError("limit must be zero or more")
    return run(con, "seizure_breakdowns", {**f.params(), "limit": int(limit)})


def breakdown_of(breakdowns: pd.DataFrame, name: str) -> pd.DataFrame:
    """The rows of breakdown `name` in `seizure_breakdowns`, the value column named after it
    (provenance: with `provenance_name`, `country_names.name_of`), largest first as the mart
    orders them."""
    customs = BREAKDOWNS[name]  # KeyError for a breakdown the mart does not give
    rows = breakdowns[breakdowns["breakdown"] == name]
    columns = {"value": name} | ({"name": "provenance_name"} if name == "provenance_iso3"
                                 else {})
    keep = [*columns, *_COUNTS, *(_CUSTOMS if customs else []), "illustrative"]
    out = rows[keep].rename(columns=columns).reset_index(drop=True)
    if name == "provenance_iso3":  # an economy not in countries is named by ISO 3166
        out = country_names.with_names(out, "provenance_iso3", "provenance_name")
    # As DuckDB hands over a column of its own: nullable integers only where a value is missing
    # (the other breakdowns' empty procedures made the whole column nullable).
    for column in out.columns:
        if isinstance(out[column].dtype, pd.Int64Dtype) and not out[column].isna().any():
            out[column] = out[column].astype("int64")
    return out


def seizures_by_category(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per product category: cases, articles, value_usd."""
    return breakdown_of(seizure_breakdowns(con, f), "product_category")


def seizures_by_transport(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per transport mode: cases, articles, value_usd."""
    return breakdown_of(seizure_breakdowns(con, f), "transport_mode")


def seizures_top_provenance(
    con: Connection, f: Filters, limit: int = DEFAULT_TOP_PROVENANCE
) -> pd.DataFrame:
    """One row per economy of provenance, the `limit` largest by articles."""
    return breakdown_of(seizure_breakdowns(con, f, limit), "provenance_iso3")


def seizures_by_ipr_type(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per right infringed: cases, articles, values, procedures."""
    return breakdown_of(seizure_breakdowns(con, f), "ipr_type")


def seizures_by_detention_result(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per detention result ('not reported' included): cases, articles, values."""
    return breakdown_of(seizure_breakdowns(con, f), "detention_result")


def seizures_by_hs_chapter(con: Connection, f: Filters) -> pd.DataFrame:
    """One row per HS chapter ('not reported' included): cases, articles, values."""
    return breakdown_of(seizure_breakdowns(con, f), "hs_chapter")


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


# A limit from which `explore` is a preview of many rows (the explorer's table): read through
# Arrow, which is quicker there (and slower for the countries table of the sidebar).
PREVIEW_ROWS = 1_000


def explore(
    con: Connection, dataset_name: str, f: Filters, limit: int | None = None
) -> pd.DataFrame:
    """One row per row of the dataset matching the filters (contract columns), up to `limit`."""
    name = _explorable(dataset_name)
    if limit is not None and limit < 0:
        raise ValueError("limit must be zero or more")
    return run(con, f"explore_{name}", {**f.params(), "row_limit": limit},
               through_arrow=limit is not None and limit >= PREVIEW_ROWS)


ILLUSTRATIVE_PROBES: tuple[str, ...] = ("activity_countries", "participation")


# The countries dataset of each connection, read on its first use. A connection serves one
# data version (a new version opens a new one), so the table cannot change under it; every
# page and the sidebar name countries from it, and asking it again on each rerun cost a
# statement per page (a pandas dashboard holds it in memory the same way).
_REFERENCE: weakref.WeakKeyDictionary[Connection, pd.DataFrame] = weakref.WeakKeyDictionary()
_REFERENCE_LOCK = threading.Lock()


def reference_countries(con: Connection) -> pd.DataFrame:
    """Every row of the countries dataset (no filter applies), as `explore` gives it."""
    with _REFERENCE_LOCK:
        held = _REFERENCE.get(con)
    if held is None:
        held = explore(con, "countries", Filters())
        with _REFERENCE_LOCK:
            held = _REFERENCE.setdefault(con, held)
    return held.copy()  # a caller may add columns to its answer


VECTOR_ROWS = 2_048  # DuckDB hands results over in vectors of this many rows
BATCH_ROWS = 131_072  # rows per batch of a download: 64 vectors, about 15 MB of seizures

# Datasets read one calendar year at a time for a download: DuckDB then sorts a year of rows
# (1.3 million of 10 million seizures) instead of all of them, and stays far inside the
# server's memory. Exact: explore_seizures orders by year first, and a seizure matches a period
# only through its own year (one without a month covers its year: sql/shared/seizure_filters).
_READ_BY_YEAR: dict[str, str] = {"seizures": "seizures_by_year"}


def _explore_statements(
    con: Connection, dataset_name: str, f: Filters
) -> list[tuple[str, dict[str, Any]]]:
    """The SQL of `explore` without a row limit and the values it binds, once per part read."""
    name = _explorable(dataset_name)
    sql = sql_text("marts", f"explore_{name}")
    parts = [f]
    if name in _READ_BY_YEAR:
        years = run(con, _READ_BY_YEAR[name], f.params())["year"].tolist()
        if years:
            parts = [f.with_(start=max(f.start or dt.date.min, dt.date(y, 1, 1)),
                             end=min(f.end or dt.date.max, dt.date(y, 12, 31)))
                     for y in sorted(int(y) for y in years)]
    used = params_used(sql)
    return [(sql, {k: v for k, v in {**part.params(), "row_limit": None}.items() if k in used})
            for part in parts]


def explore_batches(
    con: Connection, dataset_name: str, f: Filters, rows: int = BATCH_ROWS
) -> Iterator[pd.DataFrame]:
    """Every row `explore(limit=None)` returns, in its order, as frames of at most `rows` rows.

    At least one frame comes (an empty one, with the columns, when no row matches). Each frame
    has the dtypes DuckDB's `.df()` gives for its rows, so a column with a missing value in one
    batch may be `Int64` there and `int64` in another.
    """
    if rows < 1:
        raise ValueError("rows must be one or more")
    statements = _explore_statements(con, dataset_name, f)  # an unknown dataset fails here
    return _frames(con, statements, rows)


def _frames(con: Connection, statements: list[tuple[str, dict[str, Any]]],
            rows: int) -> Iterator[pd.DataFrame]:
    vectors = -(-rows // VECTOR_ROWS)  # whole vectors, at least one
    cur = con.cursor()  # its own cursor: a DuckDB connection is not thread-safe
    try:
        empty = None
        for sql, params in statements:
            cur.execute(sql, params)
            while len(chunk := cur.fetch_df_chunk(vectors)):
                for start in range(0, len(chunk), rows):  # a chunk is whole vectors: cut
                    yield chunk.iloc[start:start + rows] if len(chunk) > rows else chunk
                empty = False
            if empty is None:
                empty = chunk
        if empty is not False:
            yield empty  # no row: the columns still
    finally:
        cur.close()


def explore_arrow_batches(
    con: Connection, dataset_name: str, f: Filters, rows: int = BATCH_ROWS
) -> Iterator[pa.RecordBatch]:
    """Every row `explore(limit=None)` returns, as Arrow record batches of one fixed schema.

    The types are DuckDB's (dates stay dates); at least one batch comes (an empty one, with the
    schema, when no row matches).
    """
    if rows < 1:
        raise ValueError("rows must be one or more")
    statements = _explore_statements(con, dataset_name, f)
    return _record_batches(con, statements, rows)


def _record_batches(con: Connection, statements: list[tuple[str, dict[str, Any]]],
                    rows: int) -> Iterator[pa.RecordBatch]:
    cur = con.cursor()
    try:
        schema = None
        any_rows = False
        for sql, params in statements:
            # A relation streams its rows; a DB-API result would be held whole first.
            reader = cur.sql(sql, params=params).to_arrow_reader(rows)
            schema = schema or reader.schema
            for batch in reader:
                if batch.num_rows:
                    any_rows = True
                    yield batch
        if not any_rows:
            yield pa.RecordBatch.from_pylist([], schema=schema)
    finally:
        cur.close()


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


# Functions whose answer is a stream of every row, read once: never cached.
STREAMS: frozenset[str] = frozenset({"explore_batches", "explore_arrow_batches"})

# The question functions (each takes the connection first): what a caller may cache by
# arguments and data version.
QUESTIONS: frozenset[str] = frozenset(
    name for name, fn in list(globals().items())
    if callable(fn) and getattr(fn, "__module__", None) == __name__ and not name.startswith("_")
    and name not in STREAMS
)
