"""Find a data folder's extracts and read each, CSV or Parquet, into a DuckDB relation of text.

The header is matched to the contract (case- and space-blind); a file that cannot be read,
or whose header has problems, yields problems and no relation. Values are judged later, by
`analytics.checks`, over the relation's text cells.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analytics import contract
from analytics.contract import Dataset
from analytics.problems import MAX_PER_RULE, Collector, Problem
from analytics.sql_quote import ident, literal

DATA_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".parq": "parquet", ".pq": "parquet"}
_DELIMITERS = (",", ";", "\t", "|")
SPACES = " \t\r\n" + chr(0xA0) + chr(0x202F) + chr(0xFEFF)


def normalise_header(name: str) -> str:
    """How a header cell is matched to a contract column: trimmed, case- and space-blind."""
    n = name.strip(SPACES).casefold()
    return re.sub(r"[\s\-]+", "_", n)


@dataclass
class RawExtract:
    """One extract as read: its cells as text in `relation`, numbered by `_line`."""

    dataset: Dataset
    file: str
    path: Path
    format: str
    relation: str  # table or view holding the cells as text, with a _line column
    columns: list[str]  # contract columns present in the file
    pending: list = field(default_factory=list)  # checks queued for `run_queued_checks`
    native: frozenset[str] = frozenset()  # Parquet columns already of the contract's type


def _inside(link: Path, root: Path) -> bool:
    """Whether the link leads to an existing file inside the (resolved) data folder."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return False
    return target.is_relative_to(root) and target != root


def discover(data_dir: Path, out: Collector, notices: list[str]) -> dict[str, Path]:
    """The file of each dataset in `data_dir` (problems: missing or two; notices: others)."""
    found: dict[str, list[Path]] = {}
    refused: set[str] = set()  # datasets whose file is a link that leaves the folder
    root = data_dir.resolve()
    for path in sorted(data_dir.iterdir()):
        fmt = DATA_SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            continue
        name = path.stem.casefold()
        if path.is_symlink() and not _inside(path, root):
            # A link may name another file of the folder; one that leaves it (or leads
            # nowhere) is never read, so nothing outside the folder can be shown.
            out.add(Problem(path.name, None, None, None,
                            "is a link to a file outside the data folder (or to nothing): "
                            "links may only point to files inside the folder; copy the "
                            "extract into the folder instead"))
            refused.add(name)
            continue
        if not path.is_file():
            continue
        if name in contract.BY_NAME:
            found.setdefault(name, []).append(path)
        else:
            notices.append(f"{path.name}: not a dataset of the contract; ignored.")
    chosen: dict[str, Path] = {}
    for ds in contract.DATASETS:
        paths = found.get(ds.name, [])
        if not paths and ds.name in refused:
            continue  # its problem says what to do
        if not paths and ds.optional:
            continue  # loaded empty: folders from before the dataset existed stay valid
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
                  out: Collector) -> list[str] | None:
    """The contract column names of a header, or None when the header has problems."""
    names = [normalise_header(h) for h in header]
    known = set(ds.column_names)
    if not known.intersection(names):
        # Not an extract at all (a wrong file, or a link to one): its first line may hold
        # anything (passwords, personal data), and the problems are shown to every visitor.
        out.add(Problem(file, header_line, None, None,
                        "the first line names none of the dataset's columns, so this is not "
                        f"an extract of {ds.name} (its content is not shown): put the "
                        f"{ds.name} extract here, headed " + ", ".join(ds.column_names)))
        return None
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
              out: Collector) -> RawExtract | None:
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
    while skip < len(lines) and not lines[skip].strip(SPACES):
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
            f"create temp table {ident(rel)} as select * from read_csv($path, delim=$delim, "
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
    skipped = [int(r[0]) for r in con.sql(f"select distinct line from {ident(rejects)}").fetchall()]
    rejected = con.sql(
        f"select line, first(error_type order by column_idx), first(csv_line), "
        f"first(error_message order by column_idx) from {ident(rejects)} group by line "
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
        f"create or replace temp table {ident(rel)} as select r.*, "
        f"r.rowid + {first_data} + (select count(*) from _skips s where s.c <= r.rowid + "
        f"{first_data}) as _line from {ident(rel)} r"
    )
    return RawExtract(ds, file, path, "csv", rel, names)


def _read_parquet(con: duckdb.DuckDBPyConnection, ds: Dataset, path: Path,
                  out: Collector) -> RawExtract | None:
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
    # already stored as the contract's type skips the text round trip (see `checks._native_parse`):
    # same values, same messages, but no text copy of millions of numbers.
    native = frozenset(name for (_, typ), name in zip(schema, names, strict=True)
                       if typ.upper() in _NATIVE_TYPES.get(ds.column(name).type, ()))
    select = ", ".join(
        (ident(raw) if name in native else f"cast({ident(raw)} as varchar)") + f" as {ident(name)}"
        for (raw, _), name in zip(schema, names, strict=True)
    )
    con.execute(
        f"create or replace temp view {ident(rel)} as select {select}, "
        f"file_row_number + 1 as _line from read_parquet({literal(str(path))}, "
        "file_row_number=true)"
    )
    return RawExtract(ds, file, path, "parquet", rel, names, native=native)


def read_extract(con: duckdb.DuckDBPyConnection, ds: Dataset, path: Path,
                 out: Collector) -> RawExtract | None:
    """The extract at `path` read into `con`, or None (with problems in `out`)."""
    if DATA_SUFFIXES[path.suffix.lower()] == "csv":
        return _read_csv(con, ds, path, out)
    return _read_parquet(con, ds, path, out)


# Parquet types whose values need no text parsing: each converts to the contract type without
# loss. FLOAT is left out (its text differs from its double value), unsigned 64-bit too.
_NATIVE_TYPES: dict[str, tuple[str, ...]] = {
    "integer": ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT"),
    "decimal": ("DOUBLE",),
    "date": ("DATE",),
    "boolean": ("BOOLEAN",),
}
