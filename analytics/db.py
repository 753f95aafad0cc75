"""The one door through which SQL runs: named `.sql` files, values as bound parameters."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).parent / "sql"
_INCLUDE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@cache
def sql_text(folder: str, name: str) -> str:
    """The SQL of `sql/<folder>/<name>.sql`, with `{{ shared }}` fragments expanded.

    Names are checked against a strict pattern and must be existing files, so nothing a
    user types can become SQL.
    """
    if folder not in ("marts", "staging", "shared", "rollups") or not _NAME.fullmatch(name):
        raise ValueError(f"not a known SQL file: {folder}/{name}")
    path = SQL_DIR / folder / f"{name}.sql"
    text = path.read_text(encoding="utf-8")

    def expand(m: re.Match[str]) -> str:
        return "(\n" + _strip_comments(sql_text("shared", m.group(1))) + "\n)"

    return _INCLUDE.sub(expand, text)


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def params_used(sql: str) -> set[str]:
    return set(_PARAM.findall(_strip_comments(sql)))


def run(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Run mart `name` on a fresh cursor with the parameters it uses; a DataFrame back."""
    sql = sql_text("marts", name)
    used = params_used(sql)
    given = params or {}
    missing = used - given.keys()
    if missing:
        raise KeyError(f"mart {name} needs parameters {sorted(missing)}")
    # A DuckDB connection is not thread-safe and Streamlit serves sessions from threads.
    cur = con.cursor()
    try:
        return cur.execute(sql, {k: given[k] for k in used}).df()
    finally:
        cur.close()


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
