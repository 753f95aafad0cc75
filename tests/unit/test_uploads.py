"""Uploads: every limit and every bad input gets a message that says what to do."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from analytics import publish, uploads, versions
from analytics.problem_table import problem_table, problems_csv
from analytics.uploads import Limits, read_upload

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny"
LIMITS = Limits(max_bytes=1024 * 1024, max_files=5, max_unzipped_bytes=2 * 1024 * 1024,
                max_cells=10_000)


def tiny(name: str) -> bytes:
    return (TINY / f"{name}.csv").read_bytes()


def tiny_rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(tiny(name).decode("utf-8"))))


def rules(up: uploads.Upload) -> str:
    return "\n".join(p.rule for p in up.problems)


def read(items, tmp_path: Path, limits: Limits = LIMITS) -> uploads.Upload:
    return read_upload(items, tmp_path / "work", limits)


def workbook(sheets: dict[str, list[list[object]]], *, merge: str | None = None,
             formula: tuple[int, int, str, object] | None = None,
             date_format_col: int | None = None) -> bytes:
    """An .xlsx made by xlsxwriter: sheet name -> rows (first row the header)."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if c == date_format_col and r > 0 and hasattr(value, "year"):
                    ws.write_datetime(r, c, value, date_fmt)
                else:
                    ws.write(r, c, value)
        if merge and name == next(iter(sheets)):
            ws.merge_range(merge, "merged", None)
        if formula and name == next(iter(sheets)):
            r, c, text, value = formula
            ws.write_formula(r, c, text, None, value)
    book.close()
    return buf.getvalue()


def as_cells(rows: list[list[str]]) -> list[list[object]]:
    """CSV text cells as a spreadsheet would hold them: numbers as numbers."""
    out = []
    for row in rows:
        cells: list[object] = []
        for v in row:
            try:
                cells.append(int(v))
            except ValueError:
                cells.append(v)
        out.append(cells)
    return out


# --- limits ---------------------------------------------------------------------------------

def test_too_many_files(tmp_path):
    up = read([(f"f{i}.csv", b"a\n") for i in range(6)], tmp_path)
    assert "6 files is more than the limit of 5" in rules(up) and not up.files


def test_upload_larger_than_the_limit(tmp_path):
    up = read([("seizures.csv", b"x" * (LIMITS.max_bytes + 1))], tmp_path)
    assert "more than the limit of 1.0 MB" in rules(up) and "Parquet" in rules(up)


def test_zip_bomb_by_declared_size(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("seizures.csv", b"0" * (3 * 1024 * 1024))  # compresses to a few KB
    assert len(buf.getvalue()) < 50_000
    up = read([("data.zip", buf.getvalue())], tmp_path)
    assert "unpacks to 3.0 MB, more than the limit of 2.0 MB" in rules(up) and not up.files


def test_zip_bomb_that_lies_about_its_size(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("seizures.csv", b"0" * (3 * 1024 * 1024))
    data = bytearray(buf.getvalue())
    # Rewrite the uncompressed size in the local header and the central directory to 10 bytes.
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(sig)
        data[at + offset:at + offset + 4] = (10).to_bytes(4, "little")
    up = read([("data.zip", bytes(data))], tmp_path)
    assert up.problems and not up.files
    assert "damaged" in rules(up) or "more than the limit" in rules(up)


def test_zip_paths_that_climb_out_are_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../etc/seizures.csv", tiny("seizures"))
    up = read([("data.zip", buf.getvalue())], tmp_path)
    assert "climbs out of its folder" in rules(up) and not up.files
    assert not (tmp_path / "etc").exists()


def test_zip_with_a_link_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("seizures.csv")
        info.external_attr = (0o120777 << 16)  # a symbolic link
        zf.writestr(info, "/etc/passwd")
    up = read([("data.zip", buf.getvalue())], tmp_path)
    assert "holds a link" in rules(up)


def test_a_zip_of_a_data_folder(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data/seizures.csv", tiny("seizures"))
        zf.writestr("data/countries.csv", tiny("countries"))
        zf.writestr("data/README.md", "notes")
        zf.writestr("__MACOSX/data/._seizures.csv", "junk")
    up = read([("data.zip", buf.getvalue())], tmp_path)
    assert not up.problems
    assert set(up.files) == {"seizures", "countries"}
    assert up.origins["seizures"].label == "data.zip › data/seizures.csv"
    assert any("README.md" in n for n in up.notices)


def test_a_zip_cut_short_as_by_a_cancelled_upload(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("seizures.csv", tiny("seizures"))
    up = read([("data.zip", buf.getvalue()[: len(buf.getvalue()) // 2])], tmp_path)
    assert "damaged or incomplete" in rules(up) and "upload it again" in rules(up)


def test_workbook_cells_limit(tmp_path):
    rows = [["seizure_id"] + [f"c{i}" for i in range(99)]] + [[f"S{i}"] + [1] * 99
                                                             for i in range(200)]
    up = read([("book.xlsx", workbook({"seizures": rows}))], tmp_path)
    assert "more than the limit of 10,000" in rules(up)


# --- wrong types ----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "words"), [
    ("book.xlsm", "macro-enabled"), ("book.xlsb", "macro-enabled"), ("book.xls", ".xls"),
    ("notes.txt", "'.txt' are not accepted"), ("book.ods", "save it as .xlsx"),
])
def test_wrong_file_types(tmp_path, name, words):
    up = read([(name, b"anything")], tmp_path)
    assert words in rules(up) and not up.files


def test_csv_named_xlsx(tmp_path):
    up = read([("activities.xlsx", tiny("activities"))], tmp_path)
    assert "not an Excel workbook: it looks like CSV text: rename it to .csv" in rules(up)


def test_workbook_named_csv(tmp_path):
    up = read([("activities.csv", workbook({"activities": [["a"]]}))], tmp_path)
    assert "Excel workbook or a zip named .csv" in rules(up)


def test_workbook_with_macros_named_xlsx(tmp_path):
    data = workbook({"seizures": as_cells(tiny_rows("seizures"))})
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    up = read([("book.xlsx", buf.getvalue())], tmp_path)
    assert "holds macros" in rules(up) and not up.files


def test_parquet_cut_short(tmp_path):
    up = read([("seizures.parquet", b"PAR1 half a file")], tmp_path)
    assert "not a complete Parquet file" in rules(up)


def test_file_not_named_after_a_dataset(tmp_path):
    up = read([("export (3).csv", b"a,b\n1,2\n")], tmp_path)
    assert "name each file after its dataset" in rules(up)


def test_same_dataset_twice(tmp_path):
    book = workbook({"seizures": as_cells(tiny_rows("seizures"))})
    up = read([("seizures.csv", tiny("seizures")), ("book.xlsx", book)], tmp_path)
    assert "is in the upload twice" in rules(up)


# --- workbooks ------------------------------------------------------------------------------

def test_empty_workbook(tmp_path):
    up = read([("book.xlsx", workbook({"Sheet1": []}))], tmp_path)
    assert "no sheet named after a dataset" in rules(up)
    up = read([("book.xlsx", workbook({"seizures": []}))], tmp_path)
    assert "the sheet is empty" in rules(up)


def test_merged_header_cells(tmp_path):
    rows = as_cells(tiny_rows("seizures"))
    up = read([("book.xlsx", workbook({"seizures": rows}, merge="B1:C1"))], tmp_path)
    assert "merged header cells (B1:C1)" in rules(up) and "unmerge" in rules(up)


def test_formula_cells_use_their_values_and_say_so(tmp_path):
    rows = as_cells(tiny_rows("seizures"))
    cases_col = rows[0].index("cases")
    up = read([("book.xlsx", workbook({"seizures": rows},
                                      formula=(1, cases_col, "=1+1", 2)))], tmp_path)
    assert not up.problems
    assert any("1 cell(s) hold formulas; their saved values were used" in n for n in up.notices)
    text = up.files["seizures"].read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(text)))[1][cases_col] == "2"


def test_formula_without_a_saved_value(tmp_path):
    rows = as_cells(tiny_rows("seizures"))
    data = workbook({"seizures": rows}, formula=(1, rows[0].index("cases"), "=1+1", 2))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = body.replace(b"<v>2</v>", b"")
            dst.writestr(item, body)
    up = read([("book.xlsx", buf.getvalue())], tmp_path)
    assert "a formula with no saved value" in rules(up)
    assert up.problems[0].line == 2  # the row Excel shows


def test_dates_as_excel_serial_numbers(tmp_path):
    rows = as_cells(tiny_rows("indicators"))
    col = rows[0].index("baseline_date")
    rows[1][col] = 45292  # 2024-01-01 as a plain number
    up = read([("book.xlsx", workbook({"indicators": rows}))], tmp_path)
    p = next(p for p in up.problems if p.column == "baseline_date")
    assert p.line == 2 and p.value == "45292"
    assert "(45292 is 2024-01-01)" in p.rule and "Format Cells → Date" in p.rule


def test_real_date_cells_are_read_as_dates(tmp_path):
    import datetime as dt

    rows = as_cells(tiny_rows("indicators"))
    col = rows[0].index("baseline_date")
    for r in rows[1:]:
        if r[col]:
            r[col] = dt.datetime.fromisoformat(r[col])
    up = read([("book.xlsx", workbook({"indicators": rows}, date_format_col=col))], tmp_path)
    assert not up.problems
    out = list(csv.reader(io.StringIO(up.files["indicators"].read_text(encoding="utf-8"))))
    assert [r[col] for r in out[1:]] == [r[col] for r in tiny_rows("indicators")[1:]]


def test_workbook_problems_name_the_sheet_and_the_row_excel_shows(tmp_path, monkeypatch):
    monkeypatch.setenv("IPR_PUBLISH_DIR", str(tmp_path / "pub"))
    rows = as_cells(tiny_rows("seizures"))
    # Two title rows and a blank row above the header, a blank row inside the data.
    month = rows[0].index("month")
    rows[3][month] = 13  # the third data row
    date_text = [["Seizures extract"], [], *rows[:2], [], *rows[2:]]
    book = workbook({"seizures": date_text, "Notes": [["free text"]]})
    store = versions.configured_store()
    c = publish.check_upload([("book.xlsx", book)], TINY, store, LIMITS)
    assert not c.ok
    row = c.table.iloc[0]
    # Excel: row 3 is the header, row 4 data, row 5 blank, rows 6.. data: the third data
    # row is row 7.
    assert (row["File or sheet"], row["Row"], row["Column"], row["Value"]) == (
        "book.xlsx › seizures", 7, "month", "13")
    assert row["Rule"] == "must be between 1 and 12"
    text = problems_csv(c.table).decode("utf-8-sig")
    assert text.splitlines()[0] == "File or sheet,Row,Column,Value,Rule,What to do"
    assert "book.xlsx › seizures,7,month,13,must be between 1 and 12" in text
    assert any("Notes: not a dataset sheet" in n for n in c.upload.notices)


def test_dates_stored_as_text_are_checked_like_csv(tmp_path):
    rows = as_cells(tiny_rows("indicators"))
    col = rows[0].index("baseline_date")
    rows[1][col] = "25/11/2013"  # day first: accepted
    rows[2][col] = "Nov 25, 2013"  # not accepted
    c = publish.check_upload([("book.xlsx", workbook({"indicators": rows}))], TINY, None, LIMITS)
    bad = c.table[c.table["Column"] == "baseline_date"]
    assert bad["Row"].tolist() == [3]
    assert "write YYYY-MM-DD" in bad["What to do"].iloc[0]


def test_kept_datasets_are_named_as_kept(tmp_path):
    activities = tiny("activities").decode().replace("\nA1,", "\nA1X,", 1)
    c = publish.check_upload([("activities.csv", activities.encode())], TINY, None, LIMITS)
    assert not c.ok
    files = set(c.table["File or sheet"])
    assert any(f.endswith("(kept from the data folder)") for f in files), files


def test_the_problem_table_splits_rule_and_what_to_do():
    from analytics.problems import Problem

    t = problem_table([], [Problem("seizures.csv", 4, "cases", "x",
                                   "not a whole number: write digits only, e.g. 1200")],
                      {"seizures": uploads.Origin("seizures.csv")})
    assert t.iloc[0].tolist() == ["seizures.csv", 4, "cases", "x", "not a whole number",
                                  "write digits only, e.g. 1200"]


def test_every_problem_at_once_refused_file_and_checked_sheet(tmp_path):
    rows = as_cells(tiny_rows("indicators"))
    col = rows[0].index("baseline_date")
    rows[1][col] = 45292
    month_bad = tiny("seizures").decode().replace("S1,2024,3,", "S1,2024,13,", 1)
    c = publish.check_upload([("book.xlsx", workbook({"indicators": rows})),
                              ("seizures.csv", month_bad.encode()), ("macro.xlsm", b"x")],
                             TINY, None, LIMITS)
    assert not c.ok
    found = set(zip(c.table["File or sheet"], c.table["Column"], strict=True))
    assert {("book.xlsx › indicators", "baseline_date"), ("seizures.csv", "month"),
            ("macro.xlsm", "")} <= found
    # The serial number is said once, by the upload's own rule, not also as an invalid date.
    assert (c.table["Column"] == "baseline_date").sum() == 1


def test_a_workbook_cut_short_as_by_a_cancelled_upload(tmp_path):
    data = workbook({"seizures": as_cells(tiny_rows("seizures"))})
    up = read([("book.xlsx", data[: len(data) // 2])], tmp_path)
    assert "the workbook is damaged or incomplete" in rules(up) and "upload it again" in rules(up)
    assert not up.files


def test_an_old_xls_named_xlsx(tmp_path):
    up = read([("book.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)], tmp_path)
    assert "old .xls workbook: save it as .xlsx" in rules(up)
