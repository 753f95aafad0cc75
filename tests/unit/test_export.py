"""Exports read back with independent readers (pandas CSV, openpyxl) and compared to the frame."""

import csv
import datetime as dt
import io
import random
import tempfile
import zipfile

import duckdb
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analytics import export

EXPORTED_AT = dt.datetime(2026, 11, 22, 9, 30, 0)


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": ["THA", "KHM", "LAO", "MMR", "VNM"],
            "name_local": ["ประเทศไทย", "កម្ពុជា", "ລາວ", "မြန်မာ", "Việt Nam"],
            "title": ['=HYPERLINK("http://x.example","click")', "+1", "-2+3", "@SUM(A1:A2)",
                      "plain text"],
            "participants": [12, -3, 0, 7, 41],
            "value_usd": [1500.5, -2.25, None, 0.0, 1e6],
            "start_date": [dt.date(2024, 1, 1), dt.date(2024, 2, 29), None,
                           dt.date(2025, 12, 31), dt.date(2026, 1, 15)],
        }
    )


SAFE_TITLES = ["'=HYPERLINK(\"http://x.example\",\"click\")", "'+1", "'-2+3", "'@SUM(A1:A2)",
               "plain text"]


def test_neutralise_cases():
    assert export.neutralise("=1+1") == "'=1+1"
    assert export.neutralise("\tcmd") == "'\tcmd"
    assert export.neutralise("\rcmd") == "'\rcmd"
    assert export.neutralise("a=b") == "a=b"
    assert export.neutralise("  =1+1") == "'  =1+1"
    assert export.neutralise("\n=1") == "'\n=1"
    assert export.neutralise("\uff1dSUM(A1)") == "'\uff1dSUM(A1)"
    assert export.neutralise("Việt Nam") == "Việt Nam"
    assert export.neutralise(-5) == -5
    assert export.neutralise(None) is None


def test_csv_has_bom_and_round_trips(frame):
    data = export.to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False,
                       dtype={"iso3": str, "name_local": str, "title": str, "start_date": str})
    assert list(back.columns) == list(frame.columns)
    assert back["iso3"].tolist() == frame["iso3"].tolist()
    assert back["name_local"].tolist() == ["ประเทศไทย", "កម្ពុជា", "ລາວ", "မြန်မာ", "Việt Nam"]
    assert back["title"].tolist() == SAFE_TITLES
    assert back["participants"].tolist() == [12, -3, 0, 7, 41]  # negatives stay numbers
    # An empty cell keeps the column as text here: negative values carry no apostrophe.
    assert back["value_usd"].tolist() == ["1500.5", "-2.25", "", "0", "1000000"]
    assert back["start_date"].tolist()[:2] == ["2024-01-01", "2024-02-29"]


def test_csv_does_not_change_the_frame(frame):
    before = frame.copy()
    export.to_csv_bytes(frame)
    pd.testing.assert_frame_equal(frame, before)


def _sheet_rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_xlsx_data_sheet(frame):
    sources = pd.DataFrame({"dataset": ["countries"], "file": ["countries.csv"], "rows": [12],
                            "loaded_at": [dt.datetime(2026, 11, 22, 8, 0)]})
    data = export.to_xlsx_bytes(frame, "country Thailand; status completed", sources,
                                EXPORTED_AT, sheet_name="participation")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["participation", "about"]
    rows = _sheet_rows(wb["participation"])
    assert rows[0] == list(frame.columns)
    body = rows[1:]
    assert len(body) == len(frame)
    assert [r[0] for r in body] == frame["iso3"].tolist()
    assert [r[1] for r in body] == frame["name_local"].tolist()
    # formula-looking text keeps its value; the cell carries Excel's quote prefix instead
    assert [r[2] for r in body] == frame["title"].tolist()
    sheet = wb["participation"]
    assert [sheet.cell(row=i, column=3).quotePrefix for i in range(2, 7)] == [
        True, True, True, True, False]
    assert not any(sheet.cell(row=i, column=2).quotePrefix for i in range(2, 7))
    assert [r[3] for r in body] == [12, -3, 0, 7, 41]
    assert all(isinstance(r[3], int) for r in body)
    assert [r[4] for r in body] == [1500.5, -2.25, None, 0, 1e6]
    # Dates stay dates (openpyxl gives datetimes for date-formatted cells).
    assert body[0][5] == dt.datetime(2024, 1, 1)
    assert body[1][5] == dt.datetime(2024, 2, 29)
    assert body[2][5] is None
    assert wb["participation"].cell(row=2, column=6).is_date


def test_xlsx_about_sheet(frame):
    sources = [("countries.csv", 12, dt.datetime(2026, 11, 22, 8, 0)),
               ("=evil.csv", 3, dt.datetime(2026, 11, 22, 8, 1))]
    data = export.to_xlsx_bytes(frame, "period 2024-01-01 to today", sources, EXPORTED_AT)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["data", "about"]
    rows = _sheet_rows(wb["about"])
    assert rows[0][:2] == ["Exported at", EXPORTED_AT]
    assert rows[1][:2] == ["Filters", "period 2024-01-01 to today"]
    assert rows[2][:2] == ["Rows", 5]
    assert rows[4][0] == "Source files"
    assert rows[5][:3] == ["file", "rows", "loaded at"]
    assert rows[6][:3] == ["countries.csv", 12, dt.datetime(2026, 11, 22, 8, 0)]
    assert rows[7][:3] == ["=evil.csv", 3, dt.datetime(2026, 11, 22, 8, 1)]
    assert wb["about"].cell(row=8, column=1).quotePrefix
    assert not wb["about"].cell(row=7, column=1).quotePrefix


def test_xlsx_datetime_and_empty_frame():
    df = pd.DataFrame({"loaded": pd.to_datetime(["2026-11-22 10:15:00"]).tz_localize("UTC")})
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(df, "x", None, EXPORTED_AT)))
    assert wb["data"].cell(row=2, column=1).value == dt.datetime(2026, 11, 22, 10, 15)
    empty = pd.DataFrame({"a": pd.Series([], dtype="int64")})
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(empty, "x", [], EXPORTED_AT)))
    assert _sheet_rows(wb["data"]) == [["a"]]


def test_parquet_round_trip(frame):
    back = pd.read_parquet(io.BytesIO(export.to_parquet_bytes(frame)))
    assert back["name_local"].tolist() == frame["name_local"].tolist()
    assert back["title"].tolist() == frame["title"].tolist()  # Parquet keeps values exactly
    assert back["participants"].tolist() == [12, -3, 0, 7, 41]


def test_excel_limit():
    assert export.EXCEL_MAX_ROWS == 1_048_576
    fits = pd.DataFrame({"a": range(export.EXCEL_MAX_ROWS - 1)})
    assert not export.exceeds_excel(fits)  # with its header row: exactly full
    too_many = pd.DataFrame({"a": range(export.EXCEL_MAX_ROWS)})
    assert export.exceeds_excel(too_many)
    with pytest.raises(ValueError, match="CSV or Parquet"):
        export.to_xlsx_bytes(too_many, "x", None, EXPORTED_AT)


def test_export_filename():
    on = dt.date(2026, 11, 22)
    assert export.export_filename("participation", "csv", on) == "participation_2026-11-22.csv"
    assert export.export_filename("seizures", ".xlsx", on) == "seizures_2026-11-22.xlsx"
    assert export.export_filename("../etc/passwd", "csv", on) == "etc_passwd_2026-11-22.csv"


# --- streamed writers: batches to a file ---------------------------------------------------

# Text a spreadsheet would run, placed at the edges of the batches below.
TRICKY = ["=1+1", " @x", "\uff0b1", "-2", "plain", "  =A1", "\tcmd", "a=b", "{=1+1}",
          "http://x.example", "ประเทศไทย", "Việt Nam", "", "+", "\uff20SUM(A1)", "'quoted",
          "\n=1"]


@pytest.fixture
def batches() -> list[pd.DataFrame]:
    """Seven batches as DuckDB hands them over: dtypes differ where a batch has a missing value."""
    rng = random.Random(42)
    out = []
    start = 0
    for size in (3, 1, 4, 2, 5, 3, 2):
        titles = [TRICKY[(start + i) % len(TRICKY)] for i in range(size)]
        if size == 4:
            titles[0], titles[-1] = "=1+1", " @x"  # formulas on both edges of a batch
        ints = [rng.randint(-5, 500) for _ in range(size)]
        day = [dt.datetime(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
               for _ in range(size)]
        batch = pd.DataFrame({
            "row": pd.Series(range(start, start + size), dtype="int64"),
            "title": pd.Series(titles, dtype="str"),
            "women": pd.Series(ints, dtype="int64"),
            "value_usd": [round(rng.random() * 1e6, 2) for _ in range(size)],
            "start_date": pd.Series(day, dtype="datetime64[us]"),
            "ecommerce": pd.Series([rng.random() < 0.5 for _ in range(size)], dtype="bool"),
            "city": pd.Series(["Phnom Penh"] * size, dtype="str"),
        })
        if size == 5:  # missing values: DuckDB gives Int64 / boolean / NaT / NaN here
            batch["women"] = pd.Series([None, *ints[1:]], dtype="Int64")
            batch["ecommerce"] = pd.Series([True, None, False, True, None], dtype="boolean")
            batch.loc[2, "start_date"] = pd.NaT
            batch.loc[3, "value_usd"] = float("nan")
            batch["title"] = pd.Series([None, *titles[1:]], dtype="str")
        if size == 3 and start > 0:  # a column with no value at all in this batch
            batch["city"] = pd.Series([None] * size, dtype=object)
        out.append(batch)
        start += size
    return out


def joined(batches: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(batches, ignore_index=True)


def test_vectorised_neutralising_is_as_strict_as_neutralise():
    rng = random.Random(42)
    alphabet = ["=", "+", "-", "@", "\t", "\r", "\n", " ", "\u3000", "\uff1d", "\uff0b",
                "\uff0d", "\uff20", "a", "1", "ก", "'", "{"]
    values = [("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))))
              for _ in range(3000)] + [None]
    expected = [None if v is None else export.neutralise(v) for v in values]
    for dtype in ("str", object):
        got = export.safe_frame(pd.DataFrame({"t": pd.Series(values, dtype=dtype)}))["t"]
        assert [None if pd.isna(v) else v for v in got] == expected
    mixed = pd.Series(["=1", 5, None, dt.date(2024, 1, 1), " -x"], dtype=object)
    assert export.safe_frame(pd.DataFrame({"m": mixed}))["m"].tolist()[:2] == ["'=1", 5]
    assert export.safe_frame(pd.DataFrame({"m": mixed}))["m"].tolist()[4] == "' -x"


def test_streamed_csv_is_the_csv_of_the_joined_batches(batches, tmp_path):
    path = tmp_path / "out.csv"
    assert export.write_csv(batches, path) == len(joined(batches))
    data = path.read_bytes()
    assert data == export.to_csv_bytes(joined(batches))
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    # Read back with the csv module: one header, CRLF rows, every text cell neutralised.
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(batches[0].columns)
    assert sum(line == rows[0] for line in rows) == 1
    titles = [v for b in batches for v in b["title"]]
    assert [r[1] for r in rows[1:]] == ["" if pd.isna(v) else export.neutralise(v)
                                        for v in titles]
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n") + sum(
        v.count("\n") for v in titles if isinstance(v, str))


def test_streamed_csv_of_no_rows_is_the_header(tmp_path):
    empty = pd.DataFrame({"iso3": pd.Series([], dtype=object), "=x": pd.Series([], dtype=object)})
    path = tmp_path / "empty.csv"
    assert export.write_csv([empty], path) == 0
    assert path.read_bytes() == export.to_csv_bytes(empty) == "\ufeffiso3,'=x\r\n".encode()


def test_zipped_csv_holds_exactly_that_csv(batches, tmp_path):
    plain = tmp_path / "plain.csv"
    export.write_csv(batches, plain)
    for expected_rows in (len(joined(batches)), None):
        path = tmp_path / f"out-{expected_rows}.zip"
        rows = export.write_csv_zip(batches, path, "seizures_2026-11-22.csv",
                                    rows_expected=expected_rows)
        assert rows == len(joined(batches))
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert archive.namelist() == ["seizures_2026-11-22.csv"]
            info = archive.infolist()[0]
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert archive.read(info) == plain.read_bytes()
        # A small file goes without ZIP64 extensions (the local header's extra field is empty).
        extra_length = int.from_bytes(path.read_bytes()[28:30], "little")
        assert (extra_length == 0) is (expected_rows is not None)


def _all_null_batches(tmp_path) -> tuple[duckdb.DuckDBPyConnection, str]:
    con = duckdb.connect()
    con.execute("""
        create table t as
        select i as row, 'S-' || i as seizure_id,
               case when i between 2048 and 4095 then null else 'THA' end as iso3,
               case when i between 2048 and 4095 then null else i % 7 end as month,
               case when i between 2048 and 4095 then null
                    else date '2024-01-01' + (i % 400)::int end as day,
               i % 3 = 0 as ecommerce, i * 1.5 as value_usd
        from range(5000) r(i)
    """)
    return con, "select * from t order by row"


def test_parquet_round_trip_equals_duckdb_with_an_all_null_batch(tmp_path):
    con, query = _all_null_batches(tmp_path)
    expected = con.sql(query).to_arrow_table()
    batches = list(con.sql(query).to_arrow_reader(2048))
    nulls = [b.column("iso3").null_count == b.num_rows for b in batches]
    assert any(nulls) and not all(nulls), "one batch has the column all null"
    path = tmp_path / "out.parquet"
    assert export.write_parquet(batches, path) == 5000
    back = pq.read_table(path)
    assert back.schema == expected.schema  # one schema: month stays an integer, day a date
    assert back.equals(expected)
    empty = pa.RecordBatch.from_pylist([], schema=expected.schema)
    assert export.write_parquet([empty], tmp_path / "empty.parquet") == 0
    assert pq.read_table(tmp_path / "empty.parquet").schema == expected.schema


def test_streamed_csv_of_duckdb_chunks_equals_the_whole_frame(tmp_path):
    con, query = _all_null_batches(tmp_path)
    whole = con.sql(query).df()
    cur = con.cursor().execute(query)
    chunks = []
    while len(chunk := cur.fetch_df_chunk(1)):
        chunks.append(chunk)
    assert len(chunks) == 3 and chunks[1]["month"].isna().all()
    path = tmp_path / "out.csv"
    export.write_csv(chunks, path)
    assert path.read_bytes() == export.to_csv_bytes(whole)


def _cells(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_streamed_xlsx_reads_back_as_the_data(batches, tmp_path):
    sources = [("seizures.parquet", 10_000_000, dt.datetime(2026, 11, 22, 8, 0))]
    path = tmp_path / "out.xlsx"
    rows = export.write_xlsx(batches, path, "period 2024-01-01 to today", sources, EXPORTED_AT,
                             sheet_name="seizures")
    data = joined(batches)
    assert rows == len(data)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["seizures", "about"]
    sheet = book["seizures"]
    assert sheet.freeze_panes == "A2"
    cells = _cells(sheet)
    assert cells[0] == list(data.columns)
    body = cells[1:]
    assert len(body) == len(data)

    def expected(v):
        if v is None or v is pd.NA or (not isinstance(v, str) and pd.isna(v)):
            return None
        if isinstance(v, pd.Timestamp):
            return v.to_pydatetime()
        return v

    for c, name in enumerate(data.columns):
        assert [r[c] for r in body] == [expected(v) for v in data[name].astype(object)], name
    # the cells a spreadsheet would run carry the quote prefix, no other cell does
    titles = data["title"].astype(object).tolist()
    assert [sheet.cell(row=i + 2, column=2).quotePrefix for i in range(len(data))] == [
        isinstance(v, str) and export.neutralise(v) != v for v in titles]
    assert "{=1+1}" in [r[1] for r in body]
    assert not any(cell.hyperlink for row in sheet.iter_rows() for cell in row)
    dates = [sheet.cell(row=i + 2, column=5) for i in range(len(data))]
    assert all(d.is_date and d.number_format == "yyyy-mm-dd" for d in dates if d.value)
    about = _cells(book["about"])
    assert about[0][:2] == ["Exported at", EXPORTED_AT]
    assert about[1][:2] == ["Filters", "period 2024-01-01 to today"]
    assert about[2][:2] == ["Rows", len(data)]
    assert about[5][:3] == ["file", "rows", "loaded at"]
    assert about[6][:3] == ["seizures.parquet", 10_000_000, dt.datetime(2026, 11, 22, 8, 0)]


def test_streamed_xlsx_refuses_rows_beyond_a_sheet(batches, tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="CSV or Parquet"):
        export.write_xlsx(batches, tmp_path / "a.xlsx", "x", None, EXPORTED_AT,
                          rows_expected=export.EXCEL_MAX_ROWS)
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 10)  # a sheet of 9 rows and the header
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(ValueError, match="CSV or Parquet"):
        export.via_temporary_file(
            lambda path: export.write_xlsx(batches, path, "x", None, EXPORTED_AT), ".xlsx")
    assert list(tmp_path.iterdir()) == []  # the file and xlsxwriter's scratch files are gone


def test_via_temporary_file_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def write(path):
        path.write_bytes(b"abc")
        (path.parent / "scratch").write_text("x")

    assert export.via_temporary_file(write, ".csv") == b"abc"
    assert list(tmp_path.iterdir()) == []

    def fail(path):
        path.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export.via_temporary_file(fail, ".csv")
    assert list(tmp_path.iterdir()) == []


# --- typed values and readable widths --------------------------------------------------------


def test_csv_booleans_one_spelling_and_whole_numbers_without_a_fraction():
    df = pd.DataFrame({
        "flag": pd.Series([True, False, True], dtype="bool"),
        "maybe": pd.Series([True, None, False], dtype="boolean"),
        "mixed": pd.Series([True, "x", 2.0], dtype=object),
        "usd": [600.0, 1500.25, float("nan")],
        "big": [1e20, -0.0, 3.0],
        "n": pd.Series([600, None, 3], dtype="Int64"),
    })
    rows = list(csv.reader(io.StringIO(export.to_csv_bytes(df).decode("utf-8-sig"))))
    assert rows[1:] == [["true", "true", "true", "600", "1e+20", "600"],
                        ["false", "", "x", "1500.25", "0", ""],
                        ["true", "false", "2", "", "3", "3"]]
    # every number reads back as the same number
    back = pd.read_csv(io.BytesIO(export.to_csv_bytes(df)), encoding="utf-8-sig")
    assert back["usd"].tolist()[:2] == [600.0, 1500.25] and back["big"].tolist()[0] == 1e20


def test_xlsx_widths_follow_the_content_and_booleans_are_boolean_cells():
    title = "Regional workshop on IP enforcement at the border"
    df = pd.DataFrame({"id": ["A1", "A2"], "title": [title, "short"],
                       "notes": ["x" * 200, None], "ok": [True, False],
                       "start_date": [dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1)],
                       "loaded": [dt.datetime(2024, 1, 1, 8, 30), None]})
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(df, "x", None, EXPORTED_AT)))
    ws = wb["data"]
    width = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert width["B"] >= len(title) + 1  # the whole title, not the header's 10
    assert export.MAX_WIDTH <= width["C"] <= export.MAX_WIDTH + 1  # long notes: capped
    assert width["E"] >= len("2024-01-01") + 1 and width["F"] >= len("2024-01-01 08:30:00")
    assert width["A"] < 12
    assert [ws.cell(row=r, column=4).value for r in (2, 3)] == [True, False]
    assert ws.cell(row=2, column=4).data_type == "b"
    assert ws.cell(row=2, column=4).number_format == '"TRUE";"TRUE";"FALSE"'
    about = wb["about"]
    assert about.column_dimensions["B"].width >= len("2026-11-22 09:30:00")
