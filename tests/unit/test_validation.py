"""Each validation rule has a broken file that triggers exactly its message; messy but
unambiguous extracts load to the same values as clean ones."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from analytics import contract
from analytics.load import load_folder

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(TINY, d)
    return d


def edit(folder: Path, name: str, change: Callable[[str], str]) -> None:
    path = folder / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"fixture no longer contains {old!r}"
        return text.replace(old, new, 1)

    return change


def add_line(line: str) -> Callable[[str], str]:
    return lambda text: text.rstrip("\n") + "\n" + line + "\n"


def line_of(folder: Path, name: str, needle: str) -> int:
    """Spreadsheet line (1 = header) of the first line containing `needle`."""
    for i, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {name}")


def only_problem(folder: Path):
    result = load_folder(folder)
    assert result.con is None
    assert len(result.problems) == 1, [p.message() for p in result.problems]
    return result.problems[0]


def test_tiny_folder_is_clean(folder: Path) -> None:
    result = load_folder(folder)
    assert result.problems == []
    assert result.ok


# (case, file, change, needle to find the line after the change (None: file-level),
#  column, value, words of the rule)
CASES = [
    ("not a whole number", "participation.csv", replace_once("A1,PHL,IP office,10,6",
     "A1,PHL,IP office,ten,6"), "A1,PHL,IP office,ten", "participants", "ten",
     "not a whole number"),
    ("ambiguous separator", "participation.csv", replace_once("A1,PHL,IP office,10,6",
     "A1,PHL,IP office,1.234,6"), "1.234", "participants", "1.234", "not a whole number"),
    ("not a number", "seizures.csv", replace_once("5000,false", "5k,false"), "5k",
     "value_usd", "5k", "not a number"),
    ("not a date", "activities.csv", replace_once("2024-01-12", "2024-13-12"), "2024-13-12",
     "end_date", "2024-13-12", "not a valid date"),
    ("month-first date", "activities.csv", replace_once("2024-01-12", "01/31/2024"),
     "01/31/2024", "end_date", "01/31/2024", "month-first"),
    ("not a boolean", "seizures.csv", replace_once("sea,false", "sea,perhaps"), "perhaps",
     "ecommerce", "perhaps", "not true or false"),
    ("empty required", "activities.csv", replace_once("Design network meeting", ""),
     "A1,", "title", "", "must not be empty"),
    ("not allowed", "activities.csv", replace_once(",completed,", ",done,"), ",done,",
     "status", "done", "not an allowed value"),
    ("below minimum", "seizures.csv", replace_once("trademark,2,1000", "trademark,-2,1000"),
     ",-2,", "cases", "-2", "at least 0"),
    ("out of range", "challenges.csv", replace_once("Widespread counterfeit goods,4",
     "Widespread counterfeit goods,6"), ",6,", "severity", "6", "between 1 and 5"),
    ("not a code", "seizures.csv", replace_once("sea,false,CHN", "sea,false,China"),
     "China", "provenance_iso3", "China", "three-letter code"),
    ("not an ISO code", "seizures.csv", replace_once("sea,false,CHN", "sea,false,XQZ"),
     "XQZ", "provenance_iso3", "XQZ", "ISO 3166-1 alpha-3"),
    ("unknown reference", "activity_countries.csv", add_line("A1,ZZZ,participant"), "A1,ZZZ",
     "iso3", "ZZZ", "not found in countries.csv"),
    ("unknown activity", "participation.csv", add_line("A99,PHL,customs,3,1,false"), "A99",
     "activity_id", "A99", "not found in activities.csv"),
    ("duplicate key", "indicators.csv", add_line(
        "ER1-01,1,Other,people,0,10,2024-01-01,2025-12-31,false"), "ER1-01,1,Other",
     "indicator_id", "ER1-01", "duplicate indicator_id"),
    ("women over participants", "participation.csv", replace_once("A1,PHL,IP office,10,6",
     "A1,PHL,IP office,10,11"), "A1,PHL,IP office,10,11", "women", "women=11 / participants=10",
     "women must not exceed participants"),
    ("end before start", "activities.csv", replace_once("2024-01-10,2024-01-12",
     "2024-01-10,2024-01-09"), "2024-01-09", "end_date",
     "end_date=2024-01-09 / start_date=2024-01-10", "end_date must not be before start_date"),
    ("member without date", "countries.csv", replace_once("SGP,Singapore,Singapura,true,1967-08-08",
     "SGP,Singapore,Singapura,true,"), "SGP,", "member_since", "member_since=(empty)",
     "needs its member_since"),
]


@pytest.mark.parametrize(
    ("file", "change", "needle", "column", "value", "words"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_each_rule_has_its_message(folder: Path, file, change, needle, column, value,
                                   words) -> None:
    edit(folder, file, change)
    p = only_problem(folder)
    assert (p.file, p.line, p.column, p.value) == (file, line_of(folder, file, needle), column,
                                                   value)
    assert words in p.rule
    # The message a data manager reads carries all five parts in the documented order.
    assert p.message() == f"{file}:{p.line}: {column}: '{value}': {p.rule}"


def test_duplicate_row_without_key(folder: Path) -> None:
    edit(folder, "seizures.csv", lambda t: "\n".join(
        ",".join(line.split(",")[1:]) for line in t.splitlines()) + "\n")  # drop seizure_id
    text = (folder / "seizures.csv").read_text().splitlines()
    edit(folder, "seizures.csv", add_line(text[1]))
    p = only_problem(folder)
    assert (p.file, p.line, p.column) == ("seizures.csv", len(text) + 1, None)
    assert p.rule == "duplicate row: identical to line 2; remove one"


def test_missing_and_unknown_columns(folder: Path) -> None:
    edit(folder, "participation.csv", replace_once("women", "woman"))
    result = load_folder(folder)
    got = {(p.file, p.line, p.column) for p in result.problems}
    assert got == {("participation.csv", 1, "woman"), ("participation.csv", 1, "women")}
    rules = " | ".join(p.rule for p in result.problems)
    assert "unknown column" in rules and "missing required column" in rules


def test_missing_file_and_two_files(folder: Path) -> None:
    (folder / "challenges.csv").unlink()
    p = only_problem(folder)
    assert p.file == "challenges.csv" and "missing" in p.rule
    duckdb.sql(f"copy (select * from read_csv('{TINY / 'challenges.csv'}')) "
               f"to '{folder / 'challenges.parquet'}'")
    shutil.copy(TINY / "challenges.csv", folder / "challenges.csv")
    p = only_problem(folder)
    assert "challenges.csv" in p.rule and "challenges.parquet" in p.rule


def test_empty_file(folder: Path) -> None:
    (folder / "seizures.csv").write_bytes(b"")
    p = only_problem(folder)
    assert p.file == "seizures.csv" and "empty" in p.rule


def test_header_only_where_rows_are_required(folder: Path) -> None:
    edit(folder, "activities.csv", lambda t: t.splitlines()[0] + "\n")
    edit(folder, "activity_countries.csv", lambda t: t.splitlines()[0] + "\n")
    edit(folder, "participation.csv", lambda t: t.splitlines()[0] + "\n")
    p = only_problem(folder)
    assert p.file == "activities.csv" and "no data rows" in p.rule


def test_ragged_line_is_reported_with_its_line(folder: Path) -> None:
    edit(folder, "challenges.csv", add_line("PHL,2025,Limited public awareness"))
    p = only_problem(folder)
    assert p.line == line_of(folder, "challenges.csv", "PHL,2025,Limited")
    assert "number of cells" in p.rule


def test_not_utf8_is_refused(folder: Path) -> None:
    path = folder / "countries.csv"
    latin = "Tha\xefland".encode("cp1252")  # what "Save as CSV" gives in a Western locale
    path.write_bytes(path.read_bytes().replace("ประเทศไทย".encode(), latin))
    p = only_problem(folder)
    lines = path.read_bytes().split(b"\n")
    assert p.line == next(i for i, line in enumerate(lines, 1) if line.startswith(b"THA"))
    assert "UTF-8" in p.rule


def test_lines_count_as_a_spreadsheet_shows_them(folder: Path) -> None:
    # A blank line and a quoted value spanning two physical lines: the spreadsheet shows the
    # quoted value as one row and the blank line as a row.
    text = (folder / "challenges.csv").read_text().splitlines()
    text.insert(2, "")
    text[1] = text[1].replace(",tiny,", ',"tiny\nsecond line",')
    text.append("PHL,2026,Limited public awareness,9,tiny,false")
    (folder / "challenges.csv").write_text("\n".join(text) + "\n")
    p = only_problem(folder)
    assert p.value == "9"
    # header 1, first row 2 (two physical lines), blank 3, then the rows: the last one's
    # position in the list above is its spreadsheet line.
    assert p.line == len(text)


def test_problems_are_capped_and_summarised(folder: Path) -> None:
    rows = [f"A1,PHL,customs{i},1,0,false" for i in range(40)]
    edit(folder, "participation.csv", lambda t: t.rstrip("\n") + "\n" + "\n".join(rows) + "\n")
    result = load_folder(folder)
    agency = [p for p in result.problems if p.column == "agency_type"]
    assert len(agency) == 21  # 20 lines listed, one line summarising the other 20
    assert "20 more lines" in agency[-1].rule
    assert result.problems_total == 40


def _clean_tables(folder: Path) -> dict[str, list[tuple]]:
    result = load_folder(folder)
    assert result.problems == [], [p.message() for p in result.problems]
    assert result.con is not None
    return {ds.name: result.con.sql(f'select * from "{ds.name}"').fetchall()
            for ds in contract.DATASETS}


def test_messy_but_unambiguous_extracts_load_like_clean_ones(folder: Path,
                                                            tmp_path: Path) -> None:
    clean = _clean_tables(folder)
    # What spreadsheets write: BOM, Windows line endings, semicolons, day-first dates,
    # thousands separators, capitalised values, padded headers, trailing blank lines.
    path = folder / "activities.csv"
    lines = path.read_text().splitlines()
    header = "; ".join(h.upper() for h in lines[0].split(","))
    body = []
    for line in lines[1:]:
        cells = next(__import__("csv").reader([line]))
        out = []
        for c in cells:
            if len(c) == 10 and c[4] == "-" and c[7] == "-":
                c = f"{c[8:]}/{c[5:7]}/{c[:4]}"
            if c in contract.STATUSES:
                c = c.capitalize()
            out.append(c)
        body.append(";".join(out))
    path.write_bytes(("\ufeff" + header + "\r\n" + "\r\n".join(body) + "\r\n\r\n\r\n")
                     .encode("utf-8"))
    edit(folder, "seizures.csv", replace_once(",2,1000,5000,", ',2,"1,000","5,000.00",'))
    assert _clean_tables(folder) == clean


def test_parquet_with_native_and_text_types_loads_like_csv(folder: Path) -> None:
    clean = _clean_tables(folder)
    for name in ("seizures", "activities"):
        csv_path = folder / f"{name}.csv"
        types = "auto_detect=true" if name == "seizures" else "all_varchar=true"
        duckdb.sql(f"copy (select * from read_csv('{csv_path}', {types})) "
                   f"to '{folder / (name + '.parquet')}'")
        csv_path.unlink()
    assert _clean_tables(folder) == clean


def test_parquet_with_wrong_types_is_refused_value_by_value(folder: Path) -> None:
    csv_path = folder / "challenges.csv"
    duckdb.sql(f"copy (select iso3, year, challenge, severity + 0.5 as severity, source, "
               f"illustrative from read_csv('{csv_path}')) to '{folder / 'challenges.parquet'}'")
    csv_path.unlink()
    result = load_folder(folder)
    assert {(p.file, p.column) for p in result.problems} == {("challenges.parquet", "severity")}
    assert [p.line for p in result.problems] == list(range(1, len(result.problems) + 1))
    assert all("whole number" in p.rule for p in result.problems)


def test_bad_folder_never_replaces_a_good_database(folder: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "ipr.duckdb"
    good = load_folder(folder, db_path=db_file)
    assert good.ok
    good.con.close()
    before = db_file.read_bytes()
    edit(folder, "seizures.csv", replace_once("sea,false", "sea,perhaps"))
    bad = load_folder(folder, db_path=db_file)
    assert bad.con is None and bad.problems
    assert db_file.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analytics", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_check_exit_codes_and_lines(folder: Path, tmp_path: Path) -> None:
    assert _cli("check", str(folder)).returncode == 0
    edit(folder, "seizures.csv", replace_once("sea,false", "sea,perhaps"))
    bad = _cli("check", str(folder))
    assert bad.returncode == 1
    line = line_of(folder, "seizures.csv", "perhaps")
    assert bad.stdout.splitlines() == [
        f"seizures.csv:{line}: ecommerce: 'perhaps': not true or false: write true or false "
        "(yes/no and 1/0 are accepted)"
    ]
    assert _cli("check").returncode == 2
    assert _cli("check", str(tmp_path / "nowhere")).returncode == 2
    assert _cli("frobnicate", str(folder)).returncode == 2


def test_cli_build_writes_the_tables(tmp_path: Path) -> None:
    db_file = tmp_path / "out.duckdb"
    done = _cli("build", str(TINY), "--db", str(db_file))
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db_file), read_only=True)
    tables = {r[0] for r in con.sql("select table_name from information_schema.tables "
                                    "where table_type = 'BASE TABLE'").fetchall()}
    assert {ds.name for ds in contract.DATASETS} <= tables
    for ds in contract.DATASETS:
        expected = duckdb.sql(f"select count(*) from read_csv('{TINY / (ds.name + '.csv')}')")
        assert con.sql(f'select count(*) from "{ds.name}"').fetchall() == expected.fetchall()
    assert con.sql("select count(*) from stg_activities").fetchall()[0][0] > 0


@pytest.mark.parametrize(
    ("column", "sql_value", "words"),
    [
        ("value_usd", "'nan'::double", "not a number"),
        ("value_usd", "'inf'::double", "not a number"),
        ("articles", "1234567890123456789::hugeint", "not a whole number"),
        ("year", "20240::bigint", "between 1990 and 2100"),
    ],
    ids=["nan", "infinity", "19 digits", "5-digit year"],
)
def test_parquet_native_values_follow_the_text_rules(folder: Path, column: str, sql_value: str,
                                                     words: str) -> None:
    # Native Parquet columns skip the text round trip; their edge values must still be refused
    # exactly as the same text in a CSV would be.
    csv_path = folder / "seizures.csv"
    first_id = duckdb.sql(f"select min(seizure_id) from read_csv('{csv_path}')").fetchall()[0][0]
    duckdb.sql(
        f"copy (select * replace (case when seizure_id = '{first_id}' then {sql_value} "
        f"else {column} end as {column}) from read_csv('{csv_path}') order by seizure_id) "
        f"to '{folder / 'seizures.parquet'}'"
    )
    csv_path.unlink()
    p = only_problem(folder)
    assert (p.file, p.line, p.column) == ("seizures.parquet", 1, column)
    assert words in p.rule
