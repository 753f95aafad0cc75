"""Read a data folder, validate every extract against the contract, load DuckDB tables.

All reading and checking is done by DuckDB (its CSV and Parquet readers, SQL checks over
whole columns); Python only assembles the SQL from the contract and words the problems.
A folder with any problem never produces a connection, so callers keep what they had.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pycountry

from analytics import contract, db
from analytics.contract import Column, Dataset

MAX_PER_RULE = 20  # lines listed per rule and column before summarising the rest
MAX_PROBLEMS = 500  # a folder this broken needs fixing at the source, not line by line
# DuckDB memory while checking and loading; beyond it, work spills to a temporary folder.
# Keeps the dashboard server under its 1.5 GB budget with 10 million seizure rows.
LOAD_MEMORY_LIMIT = os.environ.get("IPR_LOAD_MEMORY_LIMIT", "1GB")
DATA_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".parq": "parquet", ".pq": "parquet"}
_DELIMITERS = (",", ";", "\t", "|")
_SPACES = " \t\r\n" + chr(0xA0) + chr(0x202F) + chr(0xFEFF)
_ISO3_CODES = sorted({c.alpha_3 for c in pycountry.countries} | {"XKX"})  # + Kosovo (EU usage)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data folder, worded for the data manager."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def message(self) -> str:
        line = "-" if self.line is None else str(self.line)
        column = self.column or "-"
        value = "-" if self.value is None else _show(self.value)
        return f"{self.file}:{line}: {column}: {value}: {self.rule}"

    __str__ = message


@dataclass(frozen=True)
class LoadedFile:
    dataset: str
    file: str
    format: str
    rows: int
    modified_at: dt.datetime
    loaded_at: dt.datetime
    missing_optional: tuple[str, ...] = ()


@dataclass
class LoadResult:
    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    files: list[LoadedFile] = field(default_factory=list)
    con: duckdb.DuckDBPyConnection | None = None
    problems_total: int = 0  # problems found, including those summarised away

    @property
    def ok(self) -> bool:
        return not self.problems and self.con is not None


def _show(value: str) -> str:
    v = value if len(value) <= 60 else value[:57] + "..."
    return "'" + v.replace("\n", "\\n").replace("\r", "\\r") + "'"


def _q(identifier: str) -> str:
    """Quote an identifier that comes from the contract (never from a file or a user)."""
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    """A SQL string literal for a constant of this module or the contract."""
    return "'" + text.replace("'", "''") + "'"


def normalise_header(name: str) -> str:
    """How a header cell is matched to a contract column: trimmed, case- and space-blind."""
    n = name.strip(_SPACES).casefold()
    return re.sub(r"[\s\-]+", "_", n)


# --- SQL for parsing text cells -------------------------------------------------------------

def _cell(col: str) -> str:
    return f"nullif(trim({_q(col)}, {_lit(_SPACES)}), '')"


def _number_text(v: str) -> str:
    # Spaces (incl. no-break) and well-formed comma thousands separators are unambiguous.
    s = f"regexp_replace({v}, '[ {chr(0xA0)}{chr(0x202F)}]', '', 'g')"
    return (
        f"case when regexp_full_match({s}, '[+-]?\\d{{1,3}}(,\\d{{3}})+(\\.\\d+)?') "
        f"then replace({s}, ',', '') else {s} end"
    )


def _parse(c: Column, v: str) -> str:
    """SQL turning the trimmed text `v` into the contract type; NULL when it does not parse."""
    if c.type == "integer":
        n = _number_text(v)
        return (
            f"case when regexp_full_match({n}, '[+-]?\\d{{1,18}}(\\.0+)?') "
            f"then cast(regexp_extract({n}, '^([+-]?\\d+)', 1) as bigint) end"
        )
    if c.type == "decimal":
        n = _number_text(v)
        return (
            f"case when regexp_full_match({n}, '[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?') "
            f"then try_cast({n} as double) end"
        )
    if c.type == "date":
        return (
            f"case when regexp_full_match({v}, '\\d{{4}}-\\d{{1,2}}-\\d{{1,2}}"
            f"([ T]00:00(:00(\\.0+)?)?)?') "
            f"then cast(try_strptime(split_part(replace({v}, 'T', ' '), ' ', 1), '%Y-%m-%d') "
            "as date) "
            f"when regexp_full_match({v}, '\\d{{1,2}}[/.]\\d{{1,2}}[/.]\\d{{4}}') "
            f"then cast(try_strptime(replace({v}, '.', '/'), '%d/%m/%Y') as date) end"
        )
    if c.type == "boolean":
        return (
            f"case when lower({v}) in ('true', 't', 'yes', 'y', '1') then true "
            f"when lower({v}) in ('false', 'f', 'no', 'n', '0') then false end"
        )
    if c.pattern == contract.ISO3_PATTERN or (c.references and c.references[1] == "iso3"):
        return f"upper({v})"  # country codes are unambiguous in any case
    return v


_TYPE_RULES = {
    "integer": "not a whole number: write digits only, e.g. 1200 (1,200 is accepted too)",
    "decimal": "not a number: write digits with a decimal point, e.g. 1234.5",
    "date": (
        "not a valid date: write YYYY-MM-DD (2013-11-25) or day first DD/MM/YYYY "
        "(25/11/2013); month-first dates such as 11/25/2013 are not accepted"
    ),
    "boolean": "not true or false: write true or false (yes/no and 1/0 are accepted)",
}


# --- reading files ---------------------------------------------------------------------------

@dataclass
class _Raw:
    dataset: Dataset
    file: str
    path: Path
    format: str
    relation: str  # table or view holding the cells as text, with a _line column
    columns: list[str]  # contract columns present in the file
    pending: list = field(default_factory=list)  # checks queued for `_flush`
    native: frozenset[str] = frozenset()  # Parquet columns already of the contract's type


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.total = 0

    def add(self, p: Problem) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(p)

    def add_capped(self, rows: Iterable[Problem], count: int, file: str, column: str | None,
                   rule: str) -> None:
        shown = 0
        for p in rows:
            self.add(p)
            shown += 1
        if count > shown:
            self.total += count - shown - 1
            self.add(Problem(file, None, column, None,
                             f"{count - shown} more lines break the same rule ({rule})"))


def _discover(data_dir: Path, out: _Collector, notices: list[str]) -> dict[str, Path]:
    found: dict[str, list[Path]] = {}
    for path in sorted(data_dir.iterdir()):
        fmt = DATA_SUFFIXES.get(path.suffix.lower())
        if not path.is_file() or fmt is None:
            continue
        name = path.stem.casefold()
        if name in contract.BY_NAME:
            found.setdefault(name, []).append(path)
        else:
            notices.append(f"{path.name}: not a dataset of the contract; ignored.")
    chosen: dict[str, Path] = {}
    for ds in contract.DATASETS:
        paths = found.get(ds.name, [])
        if not paths:
            out.add(Problem(f"{ds.name}.csv", None, None, None,
                            f"missing: add {ds.name}.csv or {ds.name}.parquet to {data_dir}"))
        elif len(paths) > 1:
            names = " and ".join(p.name for p in paths)
            out.add(Problem(paths[0].name, None, None, None,
                            f"two files for the dataset {ds.name} ({names}): keep only one"))
        else:
            chosen[ds.name] = paths[0]
    return chosen


def _check_header(ds: Dataset, file: str, header: list[str], header_line: int,
                  out: _Collector) -> list[str] | None:
    """The contract column names of a header, or None when the header has problems."""
    names = [normalise_header(h) for h in header]
    known = set(ds.column_names)
    ok = True
    seen: set[str] = set()
    for raw, name in zip(header, names, strict=True):
        if name in seen:
            out.add(Problem(file, header_line, raw, raw, "the column appears twice: keep one"))
            ok = False
        seen.add(name)
        if name not in known:
            out.add(Problem(file, header_line, raw or "(blank)", raw,
                            "unknown column: rename or remove it; the columns are "
                            + ", ".join(ds.column_names)))
            ok = False
    for c in ds.columns:
        if c.required and c.name not in seen:
            out.add(Problem(file, header_line, c.name, None,
                            f"missing required column: add a column headed {c.name} "
                            f"({c.meaning})"))
            ok = False
    return names if ok else None


def _blank_lines(path: Path) -> list[int]:
    """Physical line numbers of empty lines, which DuckDB's reader skips.

    Their positions let us report the line a spreadsheet shows. Searching bytes keeps this
    at memory speed on multi-GB files.
    """
    blanks: list[int] = []
    line = 1
    carry = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            data = carry + chunk
            cut = data.rfind(b"\n")
            if cut < 0:
                carry = data
                continue
            body, carry = data[: cut + 1], data[cut + 1 :]
            for pattern in (b"\n\n", b"\n\r\n"):
                pos = body.find(pattern)
                while pos >= 0:
                    blanks.append(line + body.count(b"\n", 0, pos + 1))
                    pos = body.find(pattern, pos + 1)
            line += body.count(b"\n")
    return sorted(set(blanks))


def _read_csv(con: duckdb.DuckDBPyConnection, ds: Dataset, path: Path,
              out: _Collector) -> _Raw | None:
    file = path.name
    if path.stat().st_size == 0:
        out.add(Problem(file, None, None, None,
                        "the file is empty: it needs a header row ("
                        + ", ".join(c.name for c in ds.columns if c.required) + ") and data rows"))
        return None
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not just a character cut at the end of the sample
            line = head.count(b"\n", 0, e.start) + 1
            out.add(Problem(file, line, None, head[max(0, e.start - 10):e.start + 10]
                            .decode("utf-8", "replace"),
                            "the file is not UTF-8 text: save it as 'CSV UTF-8' from the "
                            "spreadsheet"))
            return None
    text_head = head.decode("utf-8", "replace").lstrip("\ufeff")
    lines = text_head.splitlines()
    skip = 0
    while skip < len(lines) and not lines[skip].strip(_SPACES):
        skip += 1
    if skip >= len(lines):
        out.add(Problem(file, None, None, None,
                        "the file has no header row: the first line must name the columns"))
        return None
    header_line = lines[skip]
    best: tuple[int, int, str] | None = None
    known = set(ds.column_names)
    for d in _DELIMITERS:
        cells = next(csv.reader(io.StringIO(header_line), delimiter=d))
        score = (sum(normalise_header(c) in known for c in cells), len(cells), d)
        if best is None or score[:2] > best[:2]:
            best = score
    assert best is not None
    delim = best[2]
    header = next(csv.reader(io.StringIO(header_line), delimiter=delim))
    names = _check_header(ds, file, header, skip + 1, out)
    if names is None:
        return None
    rel = f"raw_{ds.name}"
    rejects = f"rejects_{ds.name}"
    columns = {n: "VARCHAR" for n in names}
    try:
        con.execute(
            f"create temp table {_q(rel)} as select * from read_csv($path, delim=$delim, "
            "header=true, quote='\"', escape='\"', auto_detect=false, columns=$columns, "
            "skip=$skip, store_rejects=true, rejects_table=$rt, rejects_scan=$rs, "
            "strict_mode=true, null_padding=false, encoding='utf-8')",
            {"path": str(path), "delim": delim, "columns": columns, "skip": skip,
             "rt": rejects, "rs": f"scan_{ds.name}"},
        )
    except duckdb.Error as e:
        first_line = str(e).splitlines()[0]
        out.add(Problem(file, None, None, None,
                        f"could not be read as CSV ({first_line}): check the file opens in a "
                        "spreadsheet and save it again as CSV UTF-8"))
        return None
    skipped = [int(r[0]) for r in con.sql(f"select distinct line from {_q(rejects)}").fetchall()]
    rejected = con.sql(
        f"select line, first(error_type order by column_idx), first(csv_line), "
        f"first(error_message order by column_idx) from {_q(rejects)} group by line "
        "order by line"
    ).fetchall()
    for line, etype, csv_line, msg in rejected[:MAX_PER_RULE]:
        if etype in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
            rule = (f"the line has a different number of cells than the header ({msg}): "
                    "check for a delimiter inside an unquoted value or a missing cell")
        elif etype == "INVALID ENCODING":
            rule = "the line is not UTF-8 text: save the file as 'CSV UTF-8'"
        else:
            rule = f"the line could not be read ({etype.lower()}: {msg})"
        out.add(Problem(file, int(line), None, (csv_line or "").strip("\r\n"), rule))
    if len(rejected) > MAX_PER_RULE:
        out.add(Problem(file, None, None, None,
                        f"{len(rejected) - MAX_PER_RULE} more lines could not be read"))
    blanks = _blank_lines(path)
    skip_lines = sorted(set(blanks) | set(skipped))
    # The n-th data row sits on the n-th line after the header that DuckDB did not skip.
    offsets = [b - i for i, b in enumerate(s for s in skip_lines if s > skip + 1)]
    con.execute("create or replace temp table _skips (c bigint)")
    if offsets:
        con.executemany("insert into _skips values (?)", [(o,) for o in offsets])
    first_data = skip + 2
    con.execute(
        f"create or replace temp table {_q(rel)} as select r.*, "
        f"r.rowid + {first_data} + (select count(*) from _skips s where s.c <= r.rowid + "
        f"{first_data}) as _line from {_q(rel)} r"
    )
    return _Raw(ds, file, path, "csv", rel, names)


def _read_parquet(con: duckdb.DuckDBPyConnection, ds: Dataset, path: Path,
                  out: _Collector) -> _Raw | None:
    file = path.name
    try:
        schema = con.execute(
            "select column_name, column_type from (describe select * from read_parquet($p))",
            {"p": str(path)},
        ).fetchall()
    except duckdb.Error as e:
        out.add(Problem(file, None, None, None,
                        f"not a readable Parquet file ({str(e).splitlines()[0]}): export it "
                        "again, or send CSV"))
        return None
    header = [name for name, _ in schema]
    names = _check_header(ds, file, header, 0, out)
    if names is None:
        return None
    bad_types = False
    for (raw_name, typ), name in zip(schema, names, strict=True):
        if any(t in typ.upper() for t in ("STRUCT", "MAP", "[]", "UNION", "BLOB")):
            out.add(Problem(file, None, raw_name, None,
                            f"Parquet type {typ} cannot hold a {ds.column(name).type} value: "
                            "store plain values"))
            bad_types = True
    if bad_types:
        return None
    rel = f"raw_{ds.name}"
    # Every column goes through the same text rules as CSV, so a Parquet file with a string
    # where a number belongs is judged value by value, exactly as a CSV would be. A column
    # already stored as the contract's type skips the text round trip (see `_native_parse`):
    # same values, same messages, but no text copy of millions of numbers.
    native = frozenset(name for (_, typ), name in zip(schema, names, strict=True)
                       if typ.upper() in _NATIVE_TYPES.get(ds.column(name).type, ()))
    select = ", ".join(
        (_q(raw) if name in native else f"cast({_q(raw)} as varchar)") + f" as {_q(name)}"
        for (raw, _), name in zip(schema, names, strict=True)
    )
    con.execute(
        f"create or replace temp view {_q(rel)} as select {select}, "
        f"file_row_number + 1 as _line from read_parquet({_lit(str(path))}, "
        "file_row_number=true)"
    )
    return _Raw(ds, file, path, "parquet", rel, names, native=native)


# Parquet types whose values need no text parsing: each converts to the contract type without
# loss. FLOAT is left out (its text differs from its double value), unsigned 64-bit too.
_NATIVE_TYPES: dict[str, tuple[str, ...]] = {
    "integer": ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT"),
    "decimal": ("DOUBLE",),
    "date": ("DATE",),
    "boolean": ("BOOLEAN",),
}


def _native_parse(c: Column, col: str) -> str:
    """The parsed value of a native Parquet column: exactly what the text rules would give."""
    if c.type == "integer":  # the text rule reads at most 18 digits
        return (f"case when {col} between -999999999999999999 and 999999999999999999 "
                f"then cast({col} as bigint) end")
    if c.type == "decimal":  # 'nan' and 'inf' are not numbers to the text rule
        return f"case when isfinite({col}) then {col} end"
    if c.type == "date":  # the text rule reads four-digit years
        return f"case when isfinite({col}) and year({col}) between 1 and 9999 then {col} end"
    return col


# --- checks ----------------------------------------------------------------------------------

def _typed_view(con: duckdb.DuckDBPyConnection, raw: _Raw) -> str:
    """A view with, per column, the trimmed text `<c>__text` and the parsed value `<c>`."""
    parts = ["_line"]
    texts, natives = [], []  # native columns: text and parsed value computed when read
    for c in raw.dataset.columns:
        if c.name in raw.native:
            # Stored as read; its text is what the varchar cast gives (no spaces to trim in
            # a number or date) and its value what the text rules would make of that text.
            parts.append(_q(c.name))
            texts.append(f"cast({_q(c.name)} as varchar) as {_q(c.name + '__text')}")
            natives.append(f"{_native_parse(c, _q(c.name))} as {_q(c.name)}")
        elif c.name in raw.columns:
            v = _cell(c.name)
            if c.allowed:
                parsed = (f"(select a.value from _allowed a where a.key = "
                          f"{_lit(raw.dataset.name + '.' + c.name)} and lower(a.value) = "
                          f"lower({v}))")
            else:
                parsed = _parse(c, v)
            parts.append(f"{v} as {_q(c.name + '__text')}")
            parts.append(f"{parsed} as {_q(c.name)}")
        else:
            parts.append(f"cast(null as varchar) as {_q(c.name + '__text')}")
            parts.append(f"cast(null as {contract.SQL_TYPES[c.type]}) as {_q(c.name)}")
    table = f"typed_{raw.dataset.name}"
    # Materialised once: every check and the final load read it instead of re-parsing.
    if not texts:
        con.execute(f"create or replace temp table {_q(table)} as select {', '.join(parts)} "
                    f"from {_q(raw.relation)}")
        return table
    con.execute(f"create or replace temp table {_q(table + '__cells')} as select "
                f"{', '.join(parts)} from {_q(raw.relation)}")
    con.execute(f"create or replace temp view {_q(table)} as select * replace "
                f"({', '.join(natives)}), {', '.join(texts)} from {_q(table + '__cells')}")
    return table


def _report(con: duckdb.DuckDBPyConnection, out: _Collector, raw: _Raw, view: str,
            column: str, where: str, rule: str, params: dict | None = None,
            value_sql: str | None = None) -> None:
    """Queue a check: rows of `view` where `where` holds break `rule` (see `_flush`)."""
    n = len(raw.pending)
    # Each check's parameters get their own names so all checks can run as one query.
    for name in params or {}:
        where = re.sub(rf"\${name}\b", f"${name}_{n}", where)
    raw.pending.append((column, where, rule, {f"{k}_{n}": v for k, v in (params or {}).items()},
                        value_sql or _q(column + "__text")))


def _flush(con: duckdb.DuckDBPyConnection, out: _Collector, raw: _Raw, view: str) -> None:
    """Run the queued checks in one query: one plan and one pass, whatever the file's size."""
    checks, raw.pending = raw.pending, []
    if not checks:
        return
    hits = "\nunion all\n".join(
        f"select {i} as check_no, _line, cast({value_sql} as varchar) as value "
        f"from {_q(view)} where {where}"
        for i, (_, where, _, _, value_sql) in enumerate(checks)
    )
    params: dict = {}
    for _, _, _, p, _ in checks:
        params.update(p)
    rows = con.execute(
        f"with hits as ({hits}), numbered as (select *, row_number() over (partition by "
        f"check_no order by _line) as rn, count(*) over (partition by check_no) as n "
        f"from hits) select check_no, _line, value, n from numbered where rn <= "
        f"{MAX_PER_RULE} order by check_no, _line",
        params,
    ).fetchall()
    by_check: dict[int, list[tuple[int, str | None, int]]] = {}
    for check_no, line, value, n in rows:
        by_check.setdefault(check_no, []).append((line, value, n))
    for check_no, found in sorted(by_check.items()):
        column, _, rule, _, _ = checks[check_no]
        out.add_capped(
            (Problem(raw.file, int(line), column, "" if val is None else str(val), rule)
             for line, val, _ in found),
            found[0][2], raw.file, column, rule,
        )


def _check_values(con: duckdb.DuckDBPyConnection, raw: _Raw, view: str, out: _Collector) -> None:
    ds = raw.dataset
    for c in ds.columns:
        if c.name not in raw.columns:
            continue
        text, val = _q(c.name + "__text"), _q(c.name)
        if not c.nullable:
            _report(con, out, raw, view, c.name, f"{text} is null",
                    "must not be empty: fill in a value")
        if c.allowed:
            _report(con, out, raw, view, c.name, f"{text} is not null and {val} is null",
                    "not an allowed value: use one of " + ", ".join(c.allowed))
            continue
        if c.type in _TYPE_RULES:
            _report(con, out, raw, view, c.name, f"{text} is not null and {val} is null",
                    _TYPE_RULES[c.type])
        if c.pattern:
            what = ("a three-letter code in capitals, e.g. KHM"
                    if c.pattern == contract.ISO3_PATTERN else f"the pattern {c.pattern}")
            _report(con, out, raw, view, c.name,
                    f"{val} is not null and not regexp_full_match({val}, $pattern)",
                    f"must be {what}", {"pattern": c.pattern})
        if c.iso3_code:
            _report(con, out, raw, view, c.name,
                    f"regexp_full_match({val}, '[A-Z]{{3}}') and not list_contains($codes, {val})",
                    "not an ISO 3166-1 alpha-3 country code: check the code",
                    {"codes": _ISO3_CODES})
        if c.minimum is not None and c.maximum is not None:
            _report(con, out, raw, view, c.name,
                    f"{val} < $lo or {val} > $hi",
                    f"must be between {_num(c.minimum)} and {_num(c.maximum)}",
                    {"lo": c.minimum, "hi": c.maximum})
        elif c.minimum is not None:
            _report(con, out, raw, view, c.name, f"{val} < $lo",
                    f"must be at least {_num(c.minimum)}", {"lo": c.minimum})
        elif c.maximum is not None:
            _report(con, out, raw, view, c.name, f"{val} > $hi",
                    f"must be at most {_num(c.maximum)}", {"hi": c.maximum})
    for rule in ds.row_rules:
        if all(col in raw.columns for col in rule.columns if col != rule.columns[-1]) and \
                rule.columns[0] in raw.columns:
            first = rule.columns[0]
            shown = " || ' / ' || ".join(
                f"{_lit(col + '=')} || coalesce({_q(col + '__text')}, '(empty)')"
                for col in rule.columns if col in raw.columns
            )
            # A value already reported as unreadable is not judged again by a row rule.
            parsed = " and ".join(f"({_q(col + '__text')} is null or {_q(col)} is not null)"
                                  for col in rule.columns if col in raw.columns)
            _report(con, out, raw, view, first, f"{parsed} and coalesce({rule.failing}, false)",
                    rule.rule + ": correct one of the values", value_sql=shown)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _check_keys(con: duckdb.DuckDBPyConnection, raw: _Raw, view: str, out: _Collector) -> None:
    ds = raw.dataset
    key = [k for k in ds.key if k in raw.columns]
    if key and len(key) == len(ds.key):
        cols = ", ".join(_q(k) for k in key)
        not_null = " and ".join(f"{_q(k)} is not null" for k in key)
        # Only rows whose key occurs twice can be duplicates: the window (which holds its
        # rows in memory) runs over those alone, not over millions of unique keys.
        on = " and ".join(f"d.{_q(k)} = v.{_q(k)}" for k in key)
        dup = (f"(select {cols} from {_q(view)} where {not_null} group by {cols} "
               "having count(*) > 1)")
        rows = con.execute(
            f"select _line, first_line, key_text from (select _line, "
            f"min(_line) over (partition by {cols}) as first_line, "
            + " || ', ' || ".join(f"cast({_q(k)} as varchar)" for k in key)
            + f" as key_text from {_q(view)} as v semi join {dup} as d on {on}) "
            "where _line > first_line order by _line"
        ).fetchall()
        label = " + ".join(key)
        rule_text = f"duplicate {label}: each {ds.grain.removeprefix('one row per ')} appears once"
        out.add_capped(
            (Problem(raw.file, int(line), key[0], str(kt),
                     f"{rule_text}; the same value is on line {first}")
             for line, first, kt in rows[:MAX_PER_RULE]),
            len(rows), raw.file, key[0], rule_text,
        )
    # Identical rows are caught by the key when it is complete; the rest are checked whole.
    nullable_key = not key or any(ds.column(k).nullable for k in key) or len(key) < len(ds.key)
    if nullable_key:
        cols = ", ".join(_q(c.name) for c in ds.columns)
        rows_of = _q(view)
        if key and len(key) == len(ds.key):
            # Identical rows share their key: rows with a complete key seen once are left out.
            on = " and ".join(f"d.{_q(k)} = v.{_q(k)}" for k in key)
            any_null = " or ".join(f"v.{_q(k)} is null" for k in key)
            key_cols = ", ".join(_q(k) for k in key)
            rows_of = (f"(select v.* from {_q(view)} as v left join (select {key_cols} from "
                       f"{_q(view)} group by {key_cols} having count(*) > 1) as d on {on} "
                       f"where {any_null} or d.{_q(key[0])} is not null)")
        rows = con.execute(
            f"select _line, first_line from (select _line, min(_line) over (partition by {cols})"
            f" as first_line from {rows_of}) where _line > first_line order by _line"
        ).fetchall()
        out.add_capped(
            (Problem(raw.file, int(line), None, None,
                     f"duplicate row: identical to line {first}; remove one")
             for line, first in rows[:MAX_PER_RULE]),
            len(rows), raw.file, None, "duplicate row",
        )


def _check_references(con: duckdb.DuckDBPyConnection, raw: _Raw, view: str,
                      views: dict[str, str], files: dict[str, str], out: _Collector) -> None:
    for c in raw.dataset.columns:
        if not c.references or c.name not in raw.columns:
            continue
        target_ds, target_col = c.references
        target = views.get(target_ds)
        if target is None:
            continue  # the target's own problems are reported; a cascade would only add noise
        _report(
            con, out, raw, view, c.name,
            f"{_q(c.name)} is not null and {_q(c.name)} not in (select {_q(target_col)} "
            f"from {_q(target)} where {_q(target_col)} is not null)",
            f"not found in {files[target_ds]} ({target_col}): add it there or correct it",
        )


# --- the entry point -------------------------------------------------------------------------

def load_folder(data_dir: Path | str, db_path: Path | str | None = None) -> LoadResult:
    """Validate every extract in `data_dir`; when all are clean, load them into DuckDB.

    With `db_path` the tables are written to that DuckDB file (replaced only on success);
    otherwise they live in memory. On any problem `result.con` is None.
    """
    data_dir = Path(data_dir)
    result = LoadResult(data_dir=data_dir)
    out = _Collector()
    if not data_dir.is_dir():
        out.add(Problem(str(data_dir), None, None, None,
                        "no such folder: set IPR_DATA_DIR or pass the folder of the extracts"))
        result.problems, result.problems_total = out.problems, out.total
        return result
    chosen = _discover(data_dir, out, result.notices)

    work = duckdb.connect(":memory:")
    # Checking millions of rows needs more memory than a dashboard server should take: the
    # work spills to a private temporary folder beyond LOAD_MEMORY_LIMIT (never to the cwd).
    memory_limit = work.sql("select current_setting('memory_limit')").fetchall()[0][0]
    spill = Path(tempfile.gettempdir()) / f"ipr-duckdb-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    work.execute(f"set temp_directory = {_lit(str(spill))}")
    work.execute(f"set memory_limit = {_lit(LOAD_MEMORY_LIMIT)}")
    work.execute("create temp table _allowed (key varchar, value varchar)")
    work.executemany(
        "insert into _allowed values (?, ?)",
        [(f"{ds.name}.{c.name}", a) for ds in contract.DATASETS for c in ds.columns
         for a in c.allowed],
    )
    raws: dict[str, _Raw] = {}
    views: dict[str, str] = {}
    for ds in contract.DATASETS:
        path = chosen.get(ds.name)
        if path is None:
            continue
        fmt = DATA_SUFFIXES[path.suffix.lower()]
        before = out.total
        raw = (_read_csv if fmt == "csv" else _read_parquet)(work, ds, path, out)
        if raw is None:
            continue
        raws[ds.name] = raw
        view = _typed_view(work, raw)
        rows = int(work.sql(f"select count(*) from {_q(raw.relation)}").fetchall()[0][0])
        if rows < ds.min_rows:
            out.add(Problem(raw.file, None, None, None,
                            "has no data rows: the dashboard needs at least one"))
        _check_values(work, raw, view, out)
        _flush(work, out, raw, view)
        _check_keys(work, raw, view, out)
        if out.total == before:
            views[ds.name] = view
    file_names = {name: r.file for name, r in raws.items()}
    for ds in contract.DATASETS:
        if ds.name in raws:
            _check_references(work, raws[ds.name], f"typed_{ds.name}", views, file_names, out)
            _flush(work, out, raws[ds.name], f"typed_{ds.name}")

    result.problems, result.problems_total = out.problems, out.total
    if out.problems:
        work.close()
        return result

    loaded_at = dt.datetime.now().replace(microsecond=0)
    schema = "main"
    tmp: Path | None = None
    if db_path is not None:
        db_path = Path(db_path)
        fd, name = tempfile.mkstemp(prefix=db_path.name + ".", suffix=".tmp",
                                    dir=db_path.parent)
        os.close(fd)
        os.unlink(name)  # DuckDB must create the file itself
        tmp = Path(name)
        work.execute("attach $p as target", {"p": str(tmp)})
        schema = "target"
    try:
        for ds in contract.DATASETS:
            raw = raws[ds.name]
            table = f"{schema}.{_q(ds.name)}"
            work.execute(contract.create_table_sql(ds).replace(
                f"create table {_q(ds.name)}", f"create table {table}", 1))
            cols = ", ".join(_q(c.name) for c in ds.columns)
            # A Parquet scan already yields rows in file order (insertion order is kept):
            # sorting millions of rows again would only cost memory, unless the contract
            # asks for an order (seizures: the data explorer's, so its preview stays cheap).
            terms = list(ds.load_order) + ([] if raw.format == "parquet" else ["_line"])
            order = " order by " + ", ".join(terms) if terms else ""
            work.execute(f"insert into {table} select {cols} "
                         f"from {_q(f'typed_{ds.name}')}{order}")
            if tmp is None:
                # Checkpointing compresses the in-memory tables (about 9x for seizures).
                work.execute("checkpoint")
            rows = int(work.sql(f"select count(*) from {table}").fetchall()[0][0])
            result.files.append(LoadedFile(
                dataset=ds.name, file=raw.file, format=raw.format, rows=rows,
                modified_at=dt.datetime.fromtimestamp(raw.path.stat().st_mtime).replace(
                    microsecond=0),
                loaded_at=loaded_at,
                missing_optional=tuple(c.name for c in ds.columns if c.name not in raw.columns),
            ))
        _write_manifest(work, schema, result.files)
        for ds in contract.DATASETS:  # free the text copies; only the typed tables stay
            work.execute(f"drop view if exists {_q(f'typed_{ds.name}')}"
                         if raws[ds.name].native else
                         f"drop table if exists {_q(f'typed_{ds.name}')}")
            work.execute(f"drop table if exists {_q(f'typed_{ds.name}__cells')}")
            kind = "view" if raws[ds.name].format == "parquet" else "table"
            work.execute(f"drop {kind} if exists {_q(raws[ds.name].relation)}")
        if tmp is not None:
            db.create_staging(work, schema)
            db.create_rollups(work, schema)
            work.execute("detach target")
    except BaseException:
        work.close()
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    work.execute(f"set memory_limit = {_lit(memory_limit)}")
    if tmp is not None and db_path is not None:
        work.close()
        os.replace(tmp, db_path)
        con = duckdb.connect(str(db_path))
    else:
        db.create_staging(work)
        db.create_rollups(work)
        con = work
    result.con = con
    return result


def _write_manifest(work: duckdb.DuckDBPyConnection, schema: str,
                    files: list[LoadedFile]) -> None:
    table = f"{schema}.load_manifest"
    work.execute(f"create table {table} (dataset varchar, file varchar, "
                 "format varchar, rows bigint, modified_at timestamp, loaded_at timestamp, "
                 "missing_optional varchar[])")
    work.executemany(
        f"insert into {table} values (?, ?, ?, ?, ?, ?, ?)",
        [(f.dataset, f.file, f.format, f.rows, f.modified_at, f.loaded_at,
          list(f.missing_optional)) for f in files],
    )


# --- serving from a prepared DuckDB file -----------------------------------------------------
#
# Validating 10 million rows takes a minute; a dashboard must start in seconds. A folder that
# was validated once is served from the DuckDB file built then, named by a digest of exactly
# those files' contents and of the code that checked them: any edited, added or removed
# extract, or a new contract, names another file, which is validated and built afresh.

CACHE_ENV = "IPR_CACHE_DIR"
CACHE_KEEP = 3  # prepared files kept per cache folder (the newest used)
# DuckDB memory of the serving connection (its buffer pool over the prepared file).
SERVE_MEMORY_LIMIT = os.environ.get("IPR_SERVE_MEMORY_LIMIT", "1GB")
_PACKAGE = Path(__file__).resolve().parent


def default_cache_dir() -> Path:
    """`$IPR_CACHE_DIR`, or `.cache/duckdb` beside the `analytics` package."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value).expanduser() if value else _PACKAGE.parent / ".cache" / "duckdb"


def _code_digest() -> str:
    """A digest of everything that decides what a prepared file holds."""
    h = hashlib.blake2b(digest_size=16)
    h.update(duckdb.__version__.encode())
    sources = [_PACKAGE / "contract.py", _PACKAGE / "load.py", _PACKAGE / "db.py",
               *sorted((_PACKAGE / "sql").rglob("*.sql"))]
    for path in sources:
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def _file_digest(path: Path, known: dict[str, str] | None = None) -> str:
    """A digest of the file's bytes; `known` remembers them by inode and times.

    Any write to a file changes its ctime (which no tool can set back), so an unchanged
    (inode, size, mtime, ctime) is the same content and 100 MB need not be read again.
    """
    st = path.stat()
    key = f"{path.resolve()}|{st.st_ino}|{st.st_size}|{st.st_mtime_ns}|{st.st_ctime_ns}"
    if known is not None and key in known:
        return known[key]
    with path.open("rb") as f:
        digest = hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    if known is not None:
        known[key] = digest
    return digest


def prepared_name(chosen: dict[str, Path], known: dict[str, str] | None = None) -> str:
    """The prepared file's name for these extracts (dataset -> file) and this code."""
    h = hashlib.blake2b(digest_size=12)
    h.update(_code_digest().encode())
    for name in sorted(chosen):
        path = chosen[name]
        h.update(f"{name}\0{path.name}\0{_file_digest(path, known)}\0".encode())
    return f"ipr-{h.hexdigest()}.duckdb"


def _read_known(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_known(path: Path, known: dict[str, str], keep: int = 200) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(dict(list(known.items())[-keep:])), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # only a speed-up: the digests are computed again


def _connect_prepared(path: Path) -> duckdb.DuckDBPyConnection:
    # Read-only: any number of server processes and `check` runs can share the file.
    return duckdb.connect(str(path), read_only=True,
                          config={"memory_limit": SERVE_MEMORY_LIMIT})


def _files_of(con: duckdb.DuckDBPyConnection) -> list[LoadedFile]:
    rows = con.execute("select dataset, file, format, rows, modified_at, loaded_at, "
                       "missing_optional from load_manifest").fetchall()
    order = {ds.name: i for i, ds in enumerate(contract.DATASETS)}
    files = [LoadedFile(dataset=r[0], file=r[1], format=r[2], rows=int(r[3]),
                        modified_at=r[4], loaded_at=r[5], missing_optional=tuple(r[6] or ()))
             for r in rows]
    return sorted(files, key=lambda f: order.get(f.dataset, len(order)))


def _prune(cache_dir: Path, keep: Path) -> None:
    """Remove all but the newest prepared files (an open file stays readable until closed)."""
    others = sorted((p for p in cache_dir.glob("ipr-*.duckdb") if p != keep),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[CACHE_KEEP - 1:]:
        old.unlink(missing_ok=True)


def open_folder(data_dir: Path | str, cache_dir: Path | str | None = None) -> LoadResult:
    """The folder's data, served read-only from the DuckDB file prepared from these very files.

    Validates and prepares the file first when there is none (a new or changed folder); a
    folder with problems yields them and no connection, exactly as `load_folder`. Falls back
    to loading in memory when the cache folder cannot be written.
    """
    data_dir = Path(data_dir)
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    out, notices = _Collector(), []
    if not data_dir.is_dir():
        return load_folder(data_dir)
    chosen = _discover(data_dir, out, notices)
    if out.total:
        return load_folder(data_dir)  # reports the folder's problems in full
    try:
        cache.mkdir(parents=True, exist_ok=True)
        known_file = cache / "digests.json"
        known = _read_known(known_file)
        before = dict(known)
        target = cache / prepared_name(chosen, known)
        if known != before:
            _write_known(known_file, known)
    except OSError:
        return load_folder(data_dir)
    if target.exists():
        try:
            con = _connect_prepared(target)
            files = _files_of(con)
        except (duckdb.Error, OSError):
            target.unlink(missing_ok=True)  # damaged: prepare it again below
        else:
            os.utime(target)  # most recently used: kept by _prune
            return LoadResult(data_dir=data_dir, notices=notices, files=files, con=con)
    try:
        result = load_folder(data_dir, db_path=target)
    except OSError:
        return load_folder(data_dir)
    if result.con is None:
        return result
    result.con.close()
    result.con = _connect_prepared(target)
    _prune(cache, target)
    return result
