"""The one door through which SQL runs: named `.sql` files, values as bound parameters.

SQL files live in `sql/<folder>/<name>.sql` (folders: marts, shared, staging, rollups) and
may refer to a shared file with `{{ name }}` (`sql/shared/<name>.sql`). Shared files are of
two kinds, told apart by their first word (after comments):

- a **relation** (the file is a query: it starts with `select` or `with`), e.g.
  `filtered_activities`. `{{ filtered_activities }}` stands for its name, and the expanded
  statement opens with `with filtered_activities as (...)`: each relation the statement needs,
  directly or through another shared relation, is defined there exactly once, after the
  relations it refers to (dependency order), and before the file's own CTEs (a file that starts
  with `with` has its CTEs appended to the same list). This is dbt's `{{ ref('...') }}`: a
  mart reads top to bottom, and a relation used by three others is written once, not pasted
  three times. A shared relation refers to another the same way, by `{{ name }}`.
- an **expression** (anything else: a condition or a value, e.g. `as_of_date`,
  `seizure_filters`): `{{ name }}` is replaced in place by the expression in parentheses.

No other templating: no arguments, no conditionals, no Jinja. Names are checked against a
strict pattern and must be existing files, so nothing a user types can become SQL; values
reach the SQL only as bound `$name` parameters.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics import result_frames

SQL_DIR = Path(__file__).parent / "sql"
_INCLUDE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@cache
def sql_text(folder: str, name: str) -> str:
    """The SQL of `sql/<folder>/<name>.sql`, its `{{ shared }}` references resolved.

    The shared relations it needs open the statement as CTEs, each once, in dependency order;
    shared expressions are pasted in place (see the module docstring).
    """
    if folder == "shared":
        relation, body, needed = _shared(name, (name,))
        return _with_relations(body, needed) if relation else body
    body, needed = _resolve(_read(folder, name), (f"{folder}/{name}",))
    return _with_relations(body, needed)


def _read(folder: str, name: str) -> str:
    if folder not in ("marts", "staging", "shared", "rollups") or not _NAME.fullmatch(name):
        raise ValueError(f"not a known SQL file: {folder}/{name}")
    path = SQL_DIR / folder / f"{name}.sql"
    return path.read_text(encoding="utf-8")


def _is_relation(text: str) -> bool:
    words = _strip_comments(text).split(None, 1)
    return bool(words) and words[0].lower() in ("select", "with")


@cache
def _shared(name: str, seen: tuple[str, ...] = ()) -> tuple[bool, str, tuple[str, ...]]:
    """Shared file `name`: (is a relation, its SQL without comments, relations it needs)."""
    text = _read("shared", name)
    body, needed = _resolve(_strip_comments(text).strip(), seen)
    return _is_relation(text), body, needed


def _resolve(text: str, seen: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """`text` with its references resolved, and the shared relations it needs, dependencies
    first (each once)."""
    needed: list[str] = []

    def add(names: tuple[str, ...]) -> None:
        needed.extend(n for n in names if n not in needed)

    def replace(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref in seen:
            raise ValueError(f"shared SQL refers to itself: {' -> '.join((*seen, ref))}")
        relation, body, deps = _shared(ref, (*seen, ref))
        add(deps)
        if relation:
            add((ref,))
            return ref
        return "(" + body + ")"

    return _INCLUDE.sub(replace, text), tuple(needed)


def _with_relations(body: str, needed: tuple[str, ...]) -> str:
    """`body` opened by one CTE per shared relation in `needed`, joined to its own `with`."""
    if not needed:
        return body
    ctes = ",\n\n".join(
        f"{n} as (\n" + _indent(_shared(n, (n,))[1]) + "\n)" for n in needed)
    lines = body.splitlines()
    head = 0  # the file's leading comments (its grain) stay on top
    while head < len(lines) and (not lines[head].strip() or lines[head].lstrip().startswith("--")):
        head += 1
    comments, rest = "\n".join(lines[:head]), "\n".join(lines[head:])
    own = re.match(r"with\s", rest, re.IGNORECASE)
    if own and rest[own.end():].lstrip().lower().startswith("recursive"):
        raise ValueError("a file opening with `with recursive` cannot take shared relations")
    rest = ",\n\n" + rest[own.end():].lstrip() if own else "\n\n" + rest
    return (comments + "\n" if comments else "") + "with " + ctes + rest


def _indent(sql: str) -> str:
    return "\n".join("    " + line if line.strip() else "" for line in sql.splitlines())


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def params_used(sql: str) -> set[str]:
    return set(_PARAM.findall(_strip_comments(sql)))


def run(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None,
    *, through_arrow: bool = False,
) -> pd.DataFrame:
    """Run mart `name` on a fresh cursor with the parameters it uses; a DataFrame back.

    `through_arrow`: for results of thousands of rows, the same DataFrame sooner through
    Arrow; otherwise it is built from NumPy arrays (both in `analytics.result_frames`).
    """
    statement, used = _parsed(name)
    given = params or {}
    missing = used - given.keys()
    if missing:
        raise KeyError(f"mart {name} needs parameters {sorted(missing)}")
    # A DuckDB connection is not thread-safe and Streamlit serves sessions from threads.
    cur = con.cursor()
    try:
        if not _needs_optimiser(con, name):
            cur.execute("pragma disable_optimizer")
        bound = {k: given[k] for k in used}
        if through_arrow:
            return result_frames.from_arrow(cur.sql(statement, params=bound).to_arrow_table())
        return result_frames.from_result(cur.execute(statement, bound))
    finally:
        cur.close()


# Parsing a mart is a third of its time on small data (activity_figures: 4.5 of 18 ms); a
# parsed statement does not depend on the data, and DuckDB copies it for each execution, so
# one parse serves every connection and thread. Parsed on a connection of its own: parsing
# needs no catalog, and the module's default connection is not ours to share.
_PARSER = duckdb.connect(":memory:")
_PARSER_LOCK = threading.Lock()


@cache
def _parsed(name: str) -> tuple[duckdb.Statement, set[str]]:
    """Mart `name` parsed once, and the parameters it uses."""
    sql = sql_text("marts", name)
    with _PARSER_LOCK:
        statements = _PARSER.extract_statements(sql)
    if len(statements) != 1:
        raise ValueError(f"mart {name} must be one statement, not {len(statements)}")
    return statements[0], params_used(sql)


# A mart whose relations each hold at most this many rows runs without DuckDB's optimiser. On
# the few hundred rows of a programme's activities the optimiser is about a fifth of a
# question's time (the plan it improves runs in well under a millisecond), and a page asks
# six to nine such questions per rerun. Every join of the marts is written with its
# condition, so the unoptimised plan is the same hash joins, only without the rewrites that
# pay off on large tables (filter pushdown into scans, join order); the seizure marts at
# scale keep them.
SMALL_RELATION_ROWS = 25_000

_SIZES: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[str, int | None]] = (
    weakref.WeakKeyDictionary())
_SIZES_LOCK = threading.Lock()


@cache
def relations_read(name: str) -> frozenset[str]:
    """The staging and rollup relations mart `name` reads (named in its SQL)."""
    words = set(re.findall(r"[a-z_][a-z0-9_]*", _strip_comments(sql_text("marts", name))))
    built = {p.stem for folder in ("staging", "rollups") for p in (SQL_DIR / folder).glob("*.sql")}
    return frozenset(words & built)


def _rows(con: duckdb.DuckDBPyConnection, relation: str) -> int | None:
    """Rows of `relation` on `con`, counted once per connection (None: it is not there)."""
    with _SIZES_LOCK:
        held = _SIZES.setdefault(con, {})
        if relation in held:
            return held[relation]
    cur = con.cursor()
    rows: int | None
    try:
        rows = int(cur.execute("select count(*) from " + _quote(relation)).fetchall()[0][0])
    except duckdb.CatalogException:
        rows = None  # held too: not asked again on every question
    finally:
        cur.close()
    with _SIZES_LOCK:
        # A connection serves one data version (a new version opens a new one).
        return _SIZES.setdefault(con, {}).setdefault(relation, rows)


def _needs_optimiser(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether mart `name` reads a relation of more than SMALL_RELATION_ROWS rows on `con`."""
    for relation in relations_read(name):
        rows = _rows(con, relation)
        if rows is None or rows > SMALL_RELATION_ROWS:
            return True
    return False


# Staging over a dataset of at most this many rows is stored as a table rather than a view.
# The pages' questions over small datasets are mostly DuckDB binding and planning: over tables
# that takes about half as long as over views (the countries page asks nine of them per
# rerun), and a copy of a small dataset costs next to nothing. Larger datasets (seizures at
# scale) stay views, so that their rows are not stored twice.
STAGE_AS_TABLE_MAX_ROWS = 1_000_000


def create_staging(con: duckdb.DuckDBPyConnection, schema: str = "main") -> None:
    """Create the `stg_*` relations over the validated tables (in `schema`, an attached file)."""

    def create(name: str) -> str:
        source = name.removeprefix("stg_")  # each staging file reads the dataset it is named after
        if not _NAME.fullmatch(source):
            raise ValueError(f"not a staging name: {name}")
        rows = con.execute(f"select count(*) from {_quote(source)}").fetchall()[0][0]
        return ("create or replace table " if rows <= STAGE_AS_TABLE_MAX_ROWS
                else "create or replace view ")

    _create_all(con, schema, "staging", create)


def create_rollups(con: duckdb.DuckDBPyConnection, schema: str = "main") -> None:
    """Build the rollup tables (`sql/rollups/*.sql`) from the staging relations, once per load."""
    _create_all(con, schema, "rollups", lambda name: "create or replace table ")


def _create_all(con: duckdb.DuckDBPyConnection, schema: str, folder: str,
                create: Callable[[str], str]) -> None:
    if not _NAME.fullmatch(schema):
        raise ValueError(f"not a schema name: {schema}")
    before = con.sql("select current_database()").fetchall()[0][0]
    if schema != "main":
        con.execute("use " + schema)  # the SQL names its tables and views unqualified
    try:
        for path in sorted((SQL_DIR / folder).glob("*.sql")):
            name = path.stem  # a file of ours; sql_text() checks the name's shape
            con.execute(create(name) + name + " as\n" + sql_text(folder, name))
    finally:
        if schema != "main":
            con.execute("use " + _quote(before))
