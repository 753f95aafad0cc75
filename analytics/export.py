"""DataFrame → CSV / xlsx / Parquet bytes for downloads; text cells are formula-injection safe."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

EXCEL_MAX_ROWS = 1_048_576  # rows in one Excel sheet, header row included

# A spreadsheet treats a cell starting with one of these as a formula (or a DDE command);
# the full-width forms are converted to ASCII by some spreadsheets on input.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    """A text value a spreadsheet would run as a formula, with a leading apostrophe."""
    # Leading spaces do not stop every spreadsheet from reading a formula.
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised; numbers, dates and booleans untouched."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        if pd.api.types.is_bool_dtype(s):
            continue
        out[col] = s.map(neutralise, na_action="ignore")
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def exceeds_excel(df: pd.DataFrame) -> bool:
    """True when the frame (plus its header row) does not fit in one Excel sheet."""
    return len(df) + 1 > EXCEL_MAX_ROWS


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Thai, Khmer, Lao, Burmese, Vietnamese text."""
    return safe_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Parquet keeps types exactly; it is not opened by spreadsheets, so no neutralising."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def _sources_rows(sources: pd.DataFrame | Iterable[Sequence[Any]] | None) -> list[list[Any]]:
    if sources is None:
        return []
    if isinstance(sources, pd.DataFrame):
        cols = [c for c in ("file", "rows", "loaded_at") if c in sources.columns]
        frame = sources[cols] if len(cols) == 3 else sources.iloc[:, :3]
        return [list(r) for r in frame.itertuples(index=False, name=None)]
    return [list(r)[:3] for r in sources]


def _excel_value(v: Any) -> Any:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        v = v.replace(tzinfo=None)  # Excel has no time zones
    return neutralise(v)


def to_xlsx_bytes(
    df: pd.DataFrame,
    filters_text: str,
    sources: pd.DataFrame | Iterable[Sequence[Any]] | None,
    exported_at: dt.datetime,
    sheet_name: str = "data",
) -> bytes:
    """An xlsx workbook: the data sheet, and an "about" sheet with filters, sources, export time.

    Raises ValueError when the frame does not fit in one sheet (see `exceeds_excel`).
    """
    if exceeds_excel(df):
        raise ValueError(
            f"{len(df):,} rows do not fit in an Excel sheet ({EXCEL_MAX_ROWS - 1:,} rows at "
            "most): download CSV or Parquet instead, or narrow the filters."
        )
    sheet_name = (sheet_name or "data")[:31]
    data = safe_frame(df)
    # Timezone-aware datetimes cannot be written to Excel: keep the wall-clock time.
    for col in data.columns:
        if isinstance(data[col].dtype, pd.DatetimeTZDtype):
            data[col] = data[col].dt.tz_localize(None)
    buf = io.BytesIO()
    # Not constant_memory: with pandas it writes blank columns (see STACK.md).
    with pd.ExcelWriter(
        buf, engine="xlsxwriter", date_format="yyyy-mm-dd", datetime_format="yyyy-mm-dd hh:mm:ss"
    ) as writer:
        data.to_excel(writer, sheet_name=sheet_name, index=False)
        book = writer.book
        ws = writer.sheets[sheet_name]
        ws.freeze_panes(1, 0)
        for i, col in enumerate(data.columns):
            width = min(60, max(10, len(str(col)) + 2))
            ws.set_column(i, i, width)

        about = book.add_worksheet("about" if sheet_name != "about" else "about_export")
        bold = book.add_format({"bold": True})
        when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        about.set_column(0, 0, 22)
        about.set_column(1, 1, 60)
        about.set_column(2, 3, 20)
        about.write_string(0, 0, "Exported at", bold)
        about.write_datetime(0, 1, _excel_value(exported_at), when)
        about.write_string(1, 0, "Filters", bold)
        about.write_string(1, 1, str(neutralise(filters_text)))
        about.write_string(2, 0, "Rows", bold)
        about.write_number(2, 1, len(df))
        about.write_string(4, 0, "Source files", bold)
        about.write_row(5, 0, ["file", "rows", "loaded at"], bold)
        for r, (file, rows, loaded_at) in enumerate(_sources_rows(sources), start=6):
            about.write_string(r, 0, str(neutralise(str(file))))
            if rows is not None and not pd.isna(rows):
                about.write_number(r, 1, int(rows))
            loaded = _excel_value(loaded_at)
            if isinstance(loaded, dt.datetime):
                about.write_datetime(r, 2, loaded, when)
            elif loaded is not None:
                about.write_string(r, 2, str(loaded))
    return buf.getvalue()


def export_filename(dataset: str, ext: str, on: dt.date) -> str:
    """`participation_2026-11-22.csv`: the dataset, the day of export, the extension."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in dataset).strip("_")
    return f"{safe or 'export'}_{on.isoformat()}.{ext.lstrip('.')}"
