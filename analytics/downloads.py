"""The data explorer's downloads: every filtered row streamed to a temporary file, its bytes back.

The rows are read in batches (`queries.explore_batches`) and written as they come, so only a
batch and the finished file are ever in memory, never the whole dataset as a table. The file is
deleted once read, also when writing fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from contextlib import closing
from typing import Any

import duckdb
import pandas as pd

from analytics import export, queries
from analytics.filters import Filters

# Above this many rows the CSV comes zipped (about 16 MB of seizures as plain CSV): it
# compresses about 4 to 1, so a large download arrives sooner and the server holds less of it,
# and every office PC opens a .zip with a double-click.
ZIP_CSV_ABOVE = 200_000
BATCH_ROWS = queries.BATCH_ROWS

Connection = duckdb.DuckDBPyConnection


def csv_zipped(rows: int) -> bool:
    """Whether a CSV download of this many rows comes zipped."""
    return rows > ZIP_CSV_ABOVE


def csv_bytes(con: Connection, dataset: str, f: Filters, batch_rows: int = BATCH_ROWS) -> bytes:
    """Every row of the dataset under the filters as CSV (UTF-8 with a byte-order mark)."""
    with closing(queries.explore_batches(con, dataset, f, rows=batch_rows)) as batches:
        return export.via_temporary_file(lambda path: export.write_csv(batches, path), ".csv")


def csv_zip_bytes(con: Connection, dataset: str, f: Filters, member: str,
                  rows_expected: int | None = None, batch_rows: int = BATCH_ROWS) -> bytes:
    """The same CSV as `csv_bytes`, as the one file `member` of a .zip."""
    with closing(queries.explore_batches(con, dataset, f, rows=batch_rows)) as batches:
        return export.via_temporary_file(
            lambda path: export.write_csv_zip(batches, path, member, rows_expected), ".zip")


def parquet_bytes(con: Connection, dataset: str, f: Filters,
                  batch_rows: int = BATCH_ROWS) -> bytes:
    """Every row of the dataset under the filters as Parquet, with DuckDB's exact types."""
    with closing(queries.explore_arrow_batches(con, dataset, f, rows=batch_rows)) as batches:
        return export.via_temporary_file(lambda path: export.write_parquet(batches, path),
                                         ".parquet")


def xlsx_bytes(
    con: Connection,
    dataset: str,
    f: Filters,
    filters_text: str,
    sources: pd.DataFrame | Iterable[Sequence[Any]] | None,
    exported_at: dt.datetime | None = None,
    rows_expected: int | None = None,
    batch_rows: int = BATCH_ROWS,
    note: str | None = None,
) -> bytes:
    """Every row of the dataset under the filters as an xlsx workbook with its "about" sheet.

    Raises ValueError when the rows do not fit in one Excel sheet. `exported_at` defaults to now.
    """
    when = exported_at or dt.datetime.now()
    with closing(queries.explore_batches(con, dataset, f, rows=batch_rows)) as batches:
        return export.via_temporary_file(
            lambda path: export.write_xlsx(batches, path, filters_text, sources, when,
                                           sheet_name=dataset, rows_expected=rows_expected,
                                           note=note),
            ".xlsx")
