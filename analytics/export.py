"""Frames → CSV / xlsx / Parquet for downloads; text cells are formula-injection safe.

The `write_*` functions stream batches of rows to a file, so a download of millions of rows
never sits whole in memory; the `to_*_bytes` functions turn one small frame into bytes.

Values stay exact and typed: in xlsx, text that looks like a formula is a text cell with the
quote-prefix format (Excel's own protection: shown and kept as typed, never run, the value
unchanged); booleans are boolean cells shown TRUE/FALSE, dates are dates. A CSV has no cell
formats, so there such text gets a leading apostrophe; booleans are `true`/`false` and whole
numbers carry no `.0`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import math
import numbers
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

EXCEL_MAX_ROWS = 1_048_576  # rows in one Excel sheet, header row included
BOM = "\ufeff".encode()  # so Excel reads the CSV as UTF-8
# Deflate level of the zipped CSV: on seizure CSV, level 1 compresses 4.5 to 1 three times
# as fast as the default 6 (5.7 to 1); writing the CSV takes far longer than either.
ZIP_LEVEL = 1
_ZIP64_LIMIT = (1 << 31) - 1  # zipfile's limit for an entry without ZIP64 extensions

# A spreadsheet treats a cell starting with one of these as a formula (or a DDE command);
# the full-width forms are converted to ASCII by some spreadsheets on input.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def formula_like(value: Any) -> bool:
    """Whether a spreadsheet would run this text as a formula (or a DDE command)."""
    # Leading spaces do not stop every spreadsheet from reading a formula.
    return isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_STARTS)


def _formula_mask(s: pd.Series) -> Any:
    """`formula_like` of each cell, as a boolean array (vectorised for text columns)."""
    text_only = isinstance(s.dtype, pd.StringDtype) or (
        s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"))
    if not text_only:
        return s.map(formula_like).to_numpy(bool)
    return s.str.lstrip(" ").str.startswith(_FORMULA_STARTS, na=False).to_numpy(bool)


def neutralise(value: Any) -> Any:
    """A text value a spreadsheet would run as a formula, with a leading apostrophe (CSV)."""
    return "'" + value if formula_like(value) else value


def _neutralised(s: pd.Series) -> pd.Series:
    """The column with `neutralise` applied to each text cell (vectorised for text columns)."""
    formula = _formula_mask(s)
    if not formula.any():
        return s
    out = s.copy()
    out[formula] = ["'" + v for v in s[formula]]
    return out


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised; numbers, dates and booleans untouched."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        if pd.api.types.is_bool_dtype(s):
            continue
        out[col] = _neutralised(s)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def _csv_number(v: float) -> str:
    """A float as CSV text: `600` for a whole number, else Python's shortest exact form."""
    return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)


def _csv_column(s: pd.Series) -> pd.Series:
    """A column as a CSV shows it: booleans `true`/`false`, floats without `.0` when whole."""
    if pd.api.types.is_bool_dtype(s):
        return s.map({True: "true", False: "false"}, na_action="ignore")
    if pd.api.types.is_float_dtype(s):
        return s.map(_csv_number, na_action="ignore")
    if s.dtype == object:
        return s.map(lambda v: ("true" if v else "false") if isinstance(v, bool)
                     else _csv_number(v) if isinstance(v, float) and not math.isnan(v)
                     else v)
    return s


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """`safe_frame`, with booleans and numbers written as `_csv_column` says."""
    out = safe_frame(df)
    for i in range(out.shape[1]):
        out.isetitem(i, _csv_column(out.iloc[:, i]))
    return out


def exceeds_excel(df: pd.DataFrame) -> bool:
    """True when the frame (plus its header row) does not fit in one Excel sheet."""
    return len(df) + 1 > EXCEL_MAX_ROWS


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Thai, Khmer, Lao, Burmese, Vietnamese text."""
    return csv_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _csv_pieces(batches: Iterable[pd.DataFrame]) -> Iterator[tuple[bytes, int]]:
    """Each batch as CSV text (the header with the first only) in UTF-8, and its row count."""
    for i, batch in enumerate(batches):
        text = csv_frame(batch).to_csv(index=False, header=i == 0, lineterminator="\r\n")
        yield text.encode("utf-8"), len(batch)


def write_csv(batches: Iterable[pd.DataFrame], path: Path | str) -> int:
    """The batches as one CSV file, byte for byte `to_csv_bytes` of them joined; rows written.

    The first batch gives the header (it may have no rows).
    """
    rows = 0
    with open(path, "wb") as out:
        out.write(BOM)
        for piece, n in _csv_pieces(batches):
            out.write(piece)
            rows += n
    return rows


def write_csv_zip(
    batches: Iterable[pd.DataFrame], path: Path | str, member: str,
    rows_expected: int | None = None,
) -> int:
    """A .zip holding one CSV named `member` (the bytes of `write_csv`), streamed; rows written.

    `rows_expected` lets a small file go without ZIP64 extensions, which the oldest unzip
    tools do not read; without it, or when the CSV may pass 2 GiB, they are used.
    """
    pieces = _csv_pieces(batches)
    first, rows = next(pieces, (None, 0))
    if first is None:
        raise ValueError("no batch: the first batch carries the columns, even with no rows")
    per_row = len(first) / max(rows, 1)
    zip64 = rows_expected is None or 2 * per_row * max(rows_expected, rows) > _ZIP64_LIMIT
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=ZIP_LEVEL) as archive:
        info = zipfile.ZipInfo(member, date_time=dt.datetime.now().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = ZIP_LEVEL  # the name Python 3.11 reads (3.13: compress_level)
        with archive.open(info, "w", force_zip64=zip64) as out:
            out.write(BOM)
            out.write(first)
            del first
            for piece, n in pieces:
                out.write(piece)
                rows += n
    return rows


def write_parquet(batches: Iterable[pa.RecordBatch], path: Path | str) -> int:
    """Arrow batches of one schema (the first batch's) as one Parquet file; rows written.

    Parquet keeps types exactly and is not opened by spreadsheets, so nothing is neutralised.
    """
    it = iter(batches)
    first = next(it, None)
    if first is None:
        raise ValueError("no batch: the first batch carries the schema, even with no rows")
    rows = 0
    with pq.ParquetWriter(path, first.schema) as writer:
        for batch in chain([first], it):
            if batch.num_rows:
                writer.write_batch(batch)  # a batch of another schema is refused here
                rows += batch.num_rows
    return rows


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
    return v


class _Quoted(str):
    """Formula-looking text of a batch: written with the quote-prefix format."""


# Column widths in Excel's units (about one digit of the default font): as wide as the widest
# cell among the first rows (a sample: measuring millions of rows would slow every export),
# the header in bold a little wider, at most MAX_WIDTH (longer text is cut at the border,
# whole in the cell).
WIDTH_SAMPLE_ROWS = 2000
MAX_WIDTH = 60
_BOOLEAN_FORMAT = '"TRUE";"TRUE";"FALSE"'  # Calc shows a boolean cell without it as 1/0


def _shown_width(v: Any) -> int:
    """About how many digit widths a cell's value takes as a spreadsheet shows it."""
    if isinstance(v, str):
        if len(v) > MAX_WIDTH:
            return MAX_WIDTH
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in v)
    if isinstance(v, bool):
        return 5
    if isinstance(v, dt.datetime):
        return 10 if _midnight(v) else 19
    if isinstance(v, dt.date):
        return 10
    if isinstance(v, float):
        return len(repr(v).removesuffix(".0")) if math.isfinite(v) else 4
    return len(str(v))


def _width(header: str, content: int) -> float:
    return min(MAX_WIDTH, max(6, math.ceil(len(header) * 1.15) + 2, content + 2))


def _too_many_for_excel(rows: int | None) -> ValueError:
    counted = f"{rows:,} rows do" if rows is not None else "The rows do"
    return ValueError(
        f"{counted} not fit in an Excel sheet ({EXCEL_MAX_ROWS - 1:,} rows at most): download "
        "CSV or Parquet instead, or narrow the filters."
    )


def _midnight(v: dt.datetime) -> bool:
    return v.hour == v.minute == v.second == v.microsecond == 0


class _DataSheet:
    """The data sheet of a constant-memory workbook, filled row by row (rows in order)."""

    def __init__(self, book: Any, name: str) -> None:
        self.ws = book.add_worksheet(name)
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.boolean = book.add_format({"num_format": _BOOLEAN_FORMAT})
        self.quoted = book.add_format({"quote_prefix": True})
        header = {"bold": True, "border": 1, "align": "center", "valign": "top"}
        self.header = book.add_format(header)
        self.header_quoted = book.add_format({**header, "quote_prefix": True})
        self.rows = 0
        self.columns: list[str] = []
        self.widths: list[int] = []

    def write_header(self, columns: Sequence[str]) -> None:
        self.columns = list(columns)
        self.widths = [0] * len(self.columns)
        for i, col in enumerate(self.columns):
            self.ws.write_string(0, i, col,
                                 self.header_quoted if formula_like(col) else self.header)
        self.ws.freeze_panes(1, 0)

    def finish(self) -> None:
        """Set the column widths (xlsxwriter writes them at close, also in constant memory)."""
        for i, col in enumerate(self.columns):
            self.ws.set_column(i, i, _width(col, self.widths[i]))

    def write_text(self, r: int, c: int, v: str) -> None:
        self.ws.write_string(r, c, v, self.quoted if v.__class__ is _Quoted else None)

    def write_bool(self, r: int, c: int, v: bool) -> None:
        self.ws.write_boolean(r, c, v, self.boolean)

    def write_when(self, r: int, c: int, v: dt.datetime) -> None:
        self.ws.write_datetime(r, c, v, self.date if _midnight(v) else self.datetime)

    def write_any(self, r: int, c: int, v: Any) -> None:
        """A cell of a column of mixed Python values (an object column)."""
        if isinstance(v, str):
            self.ws.write_string(r, c, v, self.quoted if formula_like(v) else None)
        elif isinstance(v, bool):
            self.write_bool(r, c, v)
        elif isinstance(v, numbers.Real | decimal.Decimal):
            self.write_number(r, c, float(v) if isinstance(v, decimal.Decimal) else v)
        elif isinstance(v, dt.datetime):
            self.write_when(r, c, _excel_value(v))
        elif isinstance(v, dt.date):
            self.ws.write_datetime(r, c, v, self.date)
        else:
            text = str(v)
            self.ws.write_string(r, c, text, self.quoted if formula_like(text) else None)

    def write_number(self, r: int, c: int, v: float) -> None:
        if math.isinf(v):  # Excel has no infinity: the text pandas would write
            self.ws.write_string(r, c, "inf" if v > 0 else "-inf")
        else:
            self.ws.write_number(r, c, v)

    def _column(self, s: pd.Series) -> tuple[list[Any], Callable[[int, int, Any], Any]]:
        """The column's cells as Python values (None: left blank) and the writer they need."""
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            s = s.dt.tz_localize(None)  # Excel has no time zones: keep the wall-clock time
        blank = s.isna().to_numpy(bool)
        quoted = None
        if pd.api.types.is_bool_dtype(s):
            write = self.write_bool
        elif pd.api.types.is_numeric_dtype(s):
            write = self.write_number
        elif pd.api.types.is_datetime64_any_dtype(s):
            values = [None if b else v.to_pydatetime() for v, b in zip(s.tolist(), blank,
                                                                           strict=True)]
            return values, self.write_when
        elif isinstance(s.dtype, pd.StringDtype):
            write = self.ws.write_string
            quoted = _formula_mask(s)
            if quoted.any():
                write = self.write_text
            else:
                quoted = None
        else:
            write = self.write_any
        values = s.tolist()
        if quoted is not None:
            values = [None if b else _Quoted(v) if q else v
                      for v, b, q in zip(values, blank, quoted, strict=True)]
        elif blank.any():
            values = [None if b else v for v, b in zip(values, blank, strict=True)]
        return values, write

    def write_batch(self, batch: pd.DataFrame) -> None:
        columns = [self._column(batch.iloc[:, i]) for i in range(batch.shape[1])]
        writers = [write for _, write in columns]
        sample = max(0, min(len(batch), WIDTH_SAMPLE_ROWS - self.rows))
        for c, (values, _) in enumerate(columns):
            for v in values[:sample]:
                if v is not None:
                    self.widths[c] = max(self.widths[c], _shown_width(v))
        for r, cells in enumerate(zip(*(values for values, _ in columns), strict=True),
                                  start=self.rows + 1):
            for c, v in enumerate(cells):
                if v is not None:
                    writers[c](r, c, v)
        self.rows += len(batch)


def _write_about(book: Any, name: str, filters_text: str, rows: int,
                 sources: pd.DataFrame | Iterable[Sequence[Any]] | None,
                 exported_at: dt.datetime, note: str | None = None) -> None:
    about = book.add_worksheet(name)
    bold = book.add_format({"bold": True})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    quoted = book.add_format({"quote_prefix": True})
    widths = [len("Source files") + 2, 12, 12]

    def text(r: int, c: int, value: str) -> None:
        about.write_string(r, c, value, quoted if formula_like(value) else None)
        widths[c] = max(widths[c], _shown_width(value) + 2)

    about.write_string(0, 0, "Exported at", bold)
    about.write_datetime(0, 1, _excel_value(exported_at), when)
    widths[1] = max(widths[1], 21)
    about.write_string(1, 0, "Filters", bold)
    text(1, 1, str(filters_text))
    about.write_string(2, 0, "Rows", bold)
    about.write_number(2, 1, rows)
    if note:
        about.write_string(3, 0, "Note", bold)
        text(3, 1, str(note))
    about.write_string(4, 0, "Source files", bold)
    about.write_row(5, 0, ["file", "rows", "loaded at"], bold)
    for r, (file, file_rows, loaded_at) in enumerate(_sources_rows(sources), start=6):
        text(r, 0, str(file))
        if file_rows is not None and not pd.isna(file_rows):
            about.write_number(r, 1, int(file_rows))
        loaded = _excel_value(loaded_at)
        if isinstance(loaded, dt.datetime):
            about.write_datetime(r, 2, loaded, when)
            widths[2] = max(widths[2], 21)
        elif loaded is not None:
            text(r, 2, str(loaded))
    for c, w in enumerate(widths):
        about.set_column(c, c, min(w, 2 * MAX_WIDTH))


def write_xlsx(
    batches: Iterable[pd.DataFrame],
    path: Path | str,
    filters_text: str,
    sources: pd.DataFrame | Iterable[Sequence[Any]] | None,
    exported_at: dt.datetime,
    sheet_name: str = "data",
    rows_expected: int | None = None,
    note: str | None = None,
) -> int:
    """An xlsx workbook streamed row by row: the data sheet (header frozen, dates formatted),
    and an "about" sheet with filters, rows, sources, export time and `note` (e.g. that the
    rows hold illustrative values); rows written.

    Raises ValueError, before writing a row too many, when the rows do not fit in one sheet.
    xlsxwriter's scratch files go beside `path`. Text cells are written as text, never as
    formulas or links; formula-looking text keeps its value, with the quote-prefix format.
    """
    if rows_expected is not None and rows_expected + 1 > EXCEL_MAX_ROWS:
        raise _too_many_for_excel(rows_expected)
    path = Path(path)
    sheet_name = (sheet_name or "data")[:31]
    # constant_memory: each row goes to disk once the next one starts (rows in order only).
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(path.parent)})
    data = _DataSheet(book, sheet_name)
    for i, batch in enumerate(batches):
        if data.rows + len(batch) + 1 > EXCEL_MAX_ROWS:
            raise _too_many_for_excel(rows_expected)
        if i == 0:
            data.write_header([str(c) for c in batch.columns])
        data.write_batch(batch)
    data.finish()
    _write_about(book, "about" if sheet_name != "about" else "about_export", filters_text,
                 data.rows, sources, exported_at, note)
    book.close()
    return data.rows


def via_temporary_file(write: Callable[[Path], object], suffix: str) -> bytes:
    """The bytes `write(path)` puts in a new temporary file; the file is gone afterwards.

    The folder holding it (and any scratch files beside it) is removed even when `write` fails.
    """
    with tempfile.TemporaryDirectory(prefix="ipr-download-") as folder:
        path = Path(folder) / f"download{suffix}"
        write(path)
        return path.read_bytes()


def to_xlsx_bytes(
    df: pd.DataFrame,
    filters_text: str,
    sources: pd.DataFrame | Iterable[Sequence[Any]] | None,
    exported_at: dt.datetime,
    sheet_name: str = "data",
) -> bytes:
    """`write_xlsx` of one frame, as bytes.

    Raises ValueError when the frame does not fit in one sheet (see `exceeds_excel`).
    """
    if exceeds_excel(df):
        raise _too_many_for_excel(len(df))
    return via_temporary_file(
        lambda path: write_xlsx([df], path, filters_text, sources, exported_at, sheet_name),
        ".xlsx")


def export_filename(dataset: str, ext: str, on: dt.date) -> str:
    """`participation_2026-11-22.csv`: the dataset, the day of export, the extension."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in dataset).strip("_")
    return f"{safe or 'export'}_{on.isoformat()}.{ext.lstrip('.')}"
