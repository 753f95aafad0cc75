"""Exports read back with independent readers (pandas CSV, openpyxl) and compared to the frame."""

import datetime as dt
import io

import openpyxl
import pandas as pd
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
    assert back["value_usd"].tolist() == ["1500.5", "-2.25", "", "0.0", "1000000.0"]
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
    assert [r[2] for r in body] == SAFE_TITLES
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
    assert rows[7][:3] == ["'=evil.csv", 3, dt.datetime(2026, 11, 22, 8, 1)]


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
