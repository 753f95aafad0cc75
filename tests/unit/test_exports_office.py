"""The xlsx exports as LibreOffice Calc reads them: its CSV of every sheet gives back the exact
values (formula-looking text unchanged, booleans, numbers, dates), and its printout shows
booleans as TRUE/FALSE and every date whole."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analytics import contract, downloads, export, queries
from analytics.filters import Filters
from tests import office

EXPORTED_AT = dt.datetime(2026, 11, 22, 9, 30, 0)
SOURCES = [("=evil.csv", 3, dt.datetime(2026, 11, 22, 8, 1)), ("seizures.csv", 3038, None)]
FILTERS_TEXT = "-country KHM; +status completed"  # filter words that look like formulas
# Text a spreadsheet would run, and text it would turn into something else.
HOSTILE = ["=AWP1", "-2", "+1", "@SUM(A1:A2)", '=HYPERLINK("http://x.example","x")',
           "\uff1dSUM(A1)", "  =A1", "a=b", "plain", "ประเทศไทย", "Việt Nam", "'quoted"]


def crafted() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame({
        "title": pd.Series(HOSTILE, dtype="str"),
        "flag": pd.Series([i % 3 == 0 for i in range(n)], dtype="bool"),
        "maybe": pd.Series([None if i % 4 == 1 else i % 2 == 0 for i in range(n)],
                           dtype="boolean"),
        "day": pd.Series([dt.datetime(2024, 1, 1) + dt.timedelta(days=37 * i)
                          if i % 5 else None for i in range(n)], dtype="datetime64[us]"),
        "usd": [600.0, 1500.25, None, 0.0, 1e6, -2.5, 118110739.0, 0.1, 3.0, 7.75, 12.0,
                1 / 3],
        "count": pd.Series([None if i == 4 else i * 100 for i in range(n)], dtype="Int64"),
        "at": pd.Series([dt.datetime(2026, 11, 22, 8, i) for i in range(n)],
                        dtype="datetime64[us]"),
    })


def calc_text(v) -> str:
    """How Calc's CSV export spells a value: the oracle, written from the values alone."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, dt.datetime):
        return f"{v:%Y-%m-%d}" if v.time() == dt.time() else f"{v:%Y-%m-%d %H:%M:%S}"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):  # spreadsheets keep 15 significant digits
        return f"{v:.15g}"
    return str(v)


DATASETS = [d.name for d in contract.DATASETS]
CSV_DATASETS = ("countries", "activities", "seizures")  # booleans, dates, text, numbers


@pytest.fixture(scope="module")
def converted(tmp_path_factory, sample_con):
    """Every export as xlsx, and Calc's CSV of each sheet (one LibreOffice run)."""
    tmp = tmp_path_factory.mktemp("exports-office")
    frames = {"crafted": crafted()}
    (tmp / "crafted.xlsx").write_bytes(export.to_xlsx_bytes(
        frames["crafted"], FILTERS_TEXT, SOURCES, EXPORTED_AT, sheet_name="crafted"))
    for name in DATASETS:
        frames[name] = queries.explore(sample_con, name, Filters(), limit=None)
        (tmp / f"{name}.xlsx").write_bytes(downloads.xlsx_bytes(
            sample_con, name, Filters(), FILTERS_TEXT, SOURCES, EXPORTED_AT, batch_rows=500))
    files = [tmp / f"{n}.xlsx" for n in frames]
    office.convert(files, office.CSV_ALL_SHEETS, tmp / "csv")
    (tmp / "csv-export").mkdir()
    (tmp / "csv-export" / "crafted.csv").write_bytes(export.to_csv_bytes(frames["crafted"]))
    for name in CSV_DATASETS:
        (tmp / "csv-export" / f"{name}.csv").write_bytes(
            downloads.csv_bytes(sample_con, name, Filters(), batch_rows=500))
    office.convert([tmp / "csv-export" / f"{n}.csv" for n in ("crafted", *CSV_DATASETS)],
                   "xlsx", tmp / "csv-opened", infilter=office.CSV_IMPORT)
    office.convert([tmp / "crafted.xlsx", tmp / "countries.xlsx"], "pdf", tmp / "pdf")
    return tmp, frames


def _sheet(tmp: Path, book: str, sheet: str) -> list[list[str]]:
    path = tmp / "csv" / f"{book}-{sheet}.csv"
    assert path.is_file(), f"Calc wrote no {path.name}"
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("book", ["crafted", *DATASETS])
def test_calc_reads_back_the_exact_values(converted, book):
    tmp, frames = converted
    frame = frames[book]
    rows = _sheet(tmp, book, book)
    assert rows[0] == list(frame.columns)
    expected = [[calc_text(v) for v in r] for r in frame.astype(object).itertuples(
        index=False, name=None)]
    assert len(rows) - 1 == len(expected)
    for got, want in zip(rows[1:], expected, strict=True):
        assert got == want


def test_formula_looking_text_is_kept_exactly(converted):
    tmp, _ = converted
    titles = [r[0] for r in _sheet(tmp, "crafted", "crafted")[1:]]
    assert titles == HOSTILE  # no apostrophe added, none taken away, nothing evaluated


@pytest.mark.parametrize("book", ["crafted", "countries"])
def test_the_about_sheet_reads_back(converted, book):
    tmp, frames = converted
    about = {r[0]: r[1:] for r in _sheet(tmp, book, "about") if r and r[0]}
    assert about["Exported at"][0] == "2026-11-22 09:30:00"
    assert about["Filters"][0] == FILTERS_TEXT
    assert about["Rows"][0] == str(len(frames[book]))
    assert about["=evil.csv"][:2] == ["3", "2026-11-22 08:01:00"]
    assert about["seizures.csv"][:2] == ["3038", ""]


@pytest.mark.parametrize("book", ["crafted", "countries"])
def test_calc_shows_booleans_as_true_false_and_dates_whole(converted, book):
    tmp, frames = converted
    words = [w.text for p in office.pages(tmp / "pdf" / f"{book}.pdf") for w in p.words]
    frame = frames[book]
    flags = [v for c in frame.columns if pd.api.types.is_bool_dtype(frame[c])
             for v in frame[c].dropna()]
    assert flags
    assert words.count("TRUE") == sum(flags) and words.count("FALSE") == len(flags) - sum(flags)
    assert not [w for w in words if w.startswith("###")]  # a column too narrow for its dates
    dates = [calc_text(v) for c in frame.columns
             if pd.api.types.is_datetime64_any_dtype(frame[c]) for v in frame[c].dropna()]
    shown = " ".join(words)
    assert dates and all(d in shown for d in dates)


@pytest.mark.parametrize("book", ["crafted", *CSV_DATASETS])
def test_calc_opens_the_csv_with_its_types(converted, book):
    """Our CSV opened in Calc: booleans are booleans, counts numbers, dates dates, formula-looking
    text stays text (never a formula), ASEAN scripts intact."""
    tmp, frames = converted
    frame = frames[book]
    sheet = openpyxl.load_workbook(tmp / "csv-opened" / f"{book}.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(frame)
    assert not [c.coordinate for r in rows for c in r if c.data_type == "f"]
    for j, name in enumerate(frame.columns):
        s = frame[name]
        cells = [r[j] for r, blank in zip(rows, s.isna(), strict=True) if not blank]
        values = s.dropna().tolist()
        if pd.api.types.is_bool_dtype(s):
            assert [c.value for c in cells] == values, name
        elif pd.api.types.is_integer_dtype(s):
            assert [c.value for c in cells] == values, name
        elif pd.api.types.is_float_dtype(s):
            assert [c.value for c in cells] == pytest.approx(values, rel=1e-14), name
        elif pd.api.types.is_datetime64_any_dtype(s):
            assert [c.value for c in cells] == [v.to_pydatetime() for v in values], name
        elif all(str(v).isdigit() and not str(v).startswith("0") for v in values):
            # digits-only text (HS codes): a CSV carries no types, so Calc reads a number;
            # the same digits (the xlsx download keeps them as text)
            assert [str(c.value) for c in cells] == [str(v) for v in values], name
        else:  # text: as exported (a CSV carries the apostrophe of formula-looking text)
            assert [c.value for c in cells] == [export.neutralise(v) for v in values], name
