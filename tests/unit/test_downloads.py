"""The explorer's downloads on the sample data: every filtered row, whatever the batch size."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from analytics import downloads, export, queries
from analytics.filters import Filters
from tests.conftest import frame_rows

SAMPLE = Path(__file__).parents[2] / "data"
EXPORTED_AT = dt.datetime(2026, 11, 22, 9, 30)
CASES = [
    ("seizures", Filters()),
    ("seizures", Filters(countries=("THA", "KHM"), start=dt.date(2021, 3, 1))),
    ("activities", Filters()),
    ("participation", Filters(countries=("KHM",))),
    ("indicator_values", Filters(start=dt.date(2025, 1, 1))),
    ("countries", Filters()),
]


@pytest.fixture(autouse=True)
def _temporary_files_here(tmp_path, monkeypatch):
    """Downloads write their temporary files under tmp_path; none may be left there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("dataset", "f"), CASES)
def test_csv_and_zipped_csv_are_the_csv_of_every_row(sample_con, dataset, f):
    whole = queries.explore(sample_con, dataset, f, limit=None)
    assert len(whole) > 0
    expected = export.to_csv_bytes(whole)
    assert downloads.csv_bytes(sample_con, dataset, f, batch_rows=7) == expected
    assert downloads.csv_bytes(sample_con, dataset, f) == expected
    data = downloads.csv_zip_bytes(sample_con, dataset, f, f"{dataset}.csv", len(whole),
                                   batch_rows=50)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [f"{dataset}.csv"]
        assert archive.read(f"{dataset}.csv") == expected


@pytest.mark.parametrize(("dataset", "f"), CASES)
def test_parquet_has_every_row_with_its_type(sample_con, dataset, f):
    whole = queries.explore(sample_con, dataset, f, limit=None)
    table = pq.read_table(io.BytesIO(downloads.parquet_bytes(sample_con, dataset, f,
                                                             batch_rows=100)))
    assert table.column_names == list(whole.columns)
    assert [tuple(r.values()) for r in table.to_pylist()] == frame_rows(whole)
    for name in whole.columns:  # a date is a date, a count an integer, even with gaps
        if pd.api.types.is_datetime64_any_dtype(whole[name]):
            assert str(table.schema.field(name).type) == "date32[day]"
        elif pd.api.types.is_integer_dtype(whole[name]):
            assert str(table.schema.field(name).type) == "int64"


@pytest.mark.parametrize(("dataset", "f"), [c for c in CASES if c[0] != "seizures"] + [
    ("seizures", Filters(countries=("LAO",)))])
def test_xlsx_has_every_row_and_the_about_sheet(sample_con, dataset, f):
    whole = queries.explore(sample_con, dataset, f, limit=None)
    sources = [("seizures.csv", 3038, dt.datetime(2026, 11, 22, 8, 0))]
    data = downloads.xlsx_bytes(sample_con, dataset, f, "the filters", sources, EXPORTED_AT,
                                rows_expected=len(whole), batch_rows=64)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [dataset, "about"]
    rows = list(book[dataset].iter_rows(values_only=True))
    assert list(rows[0]) == list(whole.columns)
    expected = frame_rows(whole)  # exact: xlsx marks formula-looking text, never rewrites it
    got = [tuple(v.date() if isinstance(v, dt.datetime) else v for v in r) for r in rows[1:]]
    assert got == expected
    about = {r[0]: r[1] for r in book["about"].iter_rows(values_only=True) if r[0]}
    assert about["Rows"] == len(whole) and about["Exported at"] == EXPORTED_AT
    assert about["Filters"] == "the filters" and about["seizures.csv"] == 3038


def test_xlsx_refuses_more_rows_than_a_sheet_holds(sample_con):
    with pytest.raises(ValueError, match="do not fit in an Excel sheet"):
        downloads.xlsx_bytes(sample_con, "seizures", Filters(), "x", None,
                             rows_expected=export.EXCEL_MAX_ROWS)


def test_unknown_dataset_is_refused(sample_con):
    for build in (downloads.csv_bytes, downloads.parquet_bytes):
        with pytest.raises(ValueError, match="Unknown dataset"):
            build(sample_con, "seizures; drop table seizures", Filters())


def test_csv_is_zipped_above_the_threshold():
    assert not downloads.csv_zipped(downloads.ZIP_CSV_ABOVE)
    assert downloads.csv_zipped(downloads.ZIP_CSV_ABOVE + 1)


def test_download_benchmark_runs_on_the_sample(tmp_path):
    """benchmarks/downloads.py end to end on the sample: one row per format, numbers only."""
    import json
    import subprocess
    import sys

    root = Path(__file__).parents[2]
    out = tmp_path / "downloads.json"
    done = subprocess.run(
        [sys.executable, "benchmarks/downloads.py", "--rows-dir", str(SAMPLE), "--cache-dir",
         str(tmp_path / "prepared"), "--xlsx-rows", "1000", "--json", str(out)],
        cwd=root, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| format | rows | filters | seconds | file MB | peak RSS MB |" in done.stdout
    results = {r["format"]: r for r in json.loads(out.read_text())}
    seizures = len(pd.read_csv(SAMPLE / "seizures.csv", encoding="utf-8-sig"))
    assert results["csv-zip"]["rows"] == results["parquet"]["rows"] == seizures
    assert 0 < results["xlsx"]["rows"] <= 1000
    assert all(r["peak_rss_mb"] > 0 and r["seconds"] >= 0 for r in results.values())
