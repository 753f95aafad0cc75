"""Judge every value, key and reference of the extracts read, all in DuckDB SQL.

`typed_view` parses each text cell into the contract's type; the checks are queued per
extract (`check_values`, `check_keys`, `check_references`) and `run_queued_checks` runs
them as one query, words the lines that break a rule and caps how many are listed.
"""

from __future__ import annotations

import re

import duckdb
import pycountry

from analytics import contract
from analytics.contract import Column
from analytics.problems import MAX_PER_RULE, Collector, Problem
from analytics.read_extracts import SPACES, RawExtract
from analytics.sql_quote import ident, literal

_ISO3_CODES = sorted({c.alpha_3 for c in pycountry.countries} | {"XKX"})  # + Kosovo (EU usage)


def create_allowed_values(con: duckdb.DuckDBPyConnection) -> None:
    """The table `_allowed` of each contract column's allowed values, read by `typed_view`."""
    con.execute("create temp table _allowed (key varchar, value varchar)")
    con.executemany(
        "insert into _allowed values (?, ?)",
        [(f"{ds.name}.{c.name}", a) for ds in contract.DATASETS for c in ds.columns
         for a in c.allowed],
    )


# --- SQL for parsing text cells -------------------------------------------------------------

def _cell(col: str) -> str:
    return f"nullif(trim({ident(col)}, {literal(SPACES)}), '')"


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

def typed_view(con: duckdb.DuckDBPyConnection, raw: RawExtract) -> str:
    """A view with, per column, the trimmed text `<c>__text` and the parsed value `<c>`."""
    parts = ["_line"]
    texts, natives = [], []  # native columns: text and parsed value computed when read
    for c in raw.dataset.columns:
        if c.name in raw.native:
            # Stored as read; its text is what the varchar cast gives (no spaces to trim in
            # a number or date) and its value what the text rules would make of that text.
            parts.append(ident(c.name))
            texts.append(f"cast({ident(c.name)} as varchar) as {ident(c.name + '__text')}")
            natives.append(f"{_native_parse(c, ident(c.name))} as {ident(c.name)}")
        elif c.name in raw.columns:
            v = _cell(c.name)
            if c.allowed:
                parsed = (f"(select a.value from _allowed a where a.key = "
                          f"{literal(raw.dataset.name + '.' + c.name)} and lower(a.value) = "
                          f"lower({v}))")
            else:
                parsed = _parse(c, v)
            parts.append(f"{v} as {ident(c.name + '__text')}")
            parts.append(f"{parsed} as {ident(c.name)}")
        else:
            parts.append(f"cast(null as varchar) as {ident(c.name + '__text')}")
            parts.append(f"cast(null as {contract.SQL_TYPES[c.type]}) as {ident(c.name)}")
    table = f"typed_{raw.dataset.name}"
    # Materialised once: every check and the final load read it instead of re-parsing.
    if not texts:
        con.execute(f"create or replace temp table {ident(table)} as select {', '.join(parts)} "
                    f"from {ident(raw.relation)}")
        return table
    con.execute(f"create or replace temp table {ident(table + '__cells')} as select "
                f"{', '.join(parts)} from {ident(raw.relation)}")
    con.execute(f"create or replace temp view {ident(table)} as select * replace "
                f"({', '.join(natives)}), {', '.join(texts)} from {ident(table + '__cells')}")
    return table


def _queue_check(raw: RawExtract, column: str, where: str, rule: str,
                 params: dict | None = None, value_sql: str | None = None) -> None:
    """Queue a check: rows where `where` holds break `rule` (run by `run_queued_checks`)."""
    n = len(raw.pending)
    # Each check's parameters get their own names so all checks can run as one query.
    for name in params or {}:
        where = re.sub(rf"\${name}\b", f"${name}_{n}", where)
    raw.pending.append((column, where, rule, {f"{k}_{n}": v for k, v in (params or {}).items()},
                        value_sql or ident(column + "__text")))


def run_queued_checks(con: duckdb.DuckDBPyConnection, out: Collector, raw: RawExtract,
                      view: str) -> None:
    """Run the queued checks in one query: one plan and one pass, whatever the file's size."""
    checks, raw.pending = raw.pending, []
    if not checks:
        return
    hits = "\nunion all\n".join(
        f"select {i} as check_no, _line, cast({value_sql} as varchar) as value "
        f"from {ident(view)} where {where}"
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


def check_values(raw: RawExtract) -> None:
    """Queue the checks of every value: empty, type, allowed values, pattern, range, row rules."""
    ds = raw.dataset
    for c in ds.columns:
        if c.name not in raw.columns:
            continue
        text, val = ident(c.name + "__text"), ident(c.name)
        if not c.nullable:
            _queue_check(raw, c.name, f"{text} is null",
                         "must not be empty: fill in a value")
        if c.allowed:
            _queue_check(raw, c.name, f"{text} is not null and {val} is null",
                         "not an allowed value: use one of " + ", ".join(c.allowed))
            continue
        if c.type in _TYPE_RULES:
            _queue_check(raw, c.name, f"{text} is not null and {val} is null",
                         _TYPE_RULES[c.type])
        if c.pattern:
            what = ("a three-letter code in capitals, e.g. KHM"
                    if c.pattern == contract.ISO3_PATTERN else f"the pattern {c.pattern}")
            _queue_check(raw, c.name,
                         f"{val} is not null and not regexp_full_match({val}, $pattern)",
                         f"must be {what}", {"pattern": c.pattern})
        if c.iso3_code:
            _queue_check(raw, c.name,
                         f"regexp_full_match({val}, '[A-Z]{{3}}') "
                         f"and not list_contains($codes, {val})",
                         "not an ISO 3166-1 alpha-3 country code: check the code",
                         {"codes": _ISO3_CODES})
        if c.minimum is not None and c.maximum is not None:
            _queue_check(raw, c.name,
                         f"{val} < $lo or {val} > $hi",
                         f"must be between {_num(c.minimum)} and {_num(c.maximum)}",
                         {"lo": c.minimum, "hi": c.maximum})
        elif c.minimum is not None:
            _queue_check(raw, c.name, f"{val} < $lo",
                         f"must be at least {_num(c.minimum)}", {"lo": c.minimum})
        elif c.maximum is not None:
            _queue_check(raw, c.name, f"{val} > $hi",
                         f"must be at most {_num(c.maximum)}", {"hi": c.maximum})
    for rule in ds.row_rules:
        if all(col in raw.columns for col in rule.columns if col != rule.columns[-1]) and \
                rule.columns[0] in raw.columns:
            first = rule.columns[0]
            shown = " || ' / ' || ".join(
                f"{literal(col + '=')} || coalesce({ident(col + '__text')}, '(empty)')"
                for col in rule.columns if col in raw.columns
            )
            # A value already reported as unreadable is not judged again by a row rule.
            parsed = " and ".join(f"({ident(col + '__text')} is null or {ident(col)} is not null)"
                                  for col in rule.columns if col in raw.columns)
            _queue_check(raw, first, f"{parsed} and coalesce({rule.failing}, false)",
                         rule.rule + ": correct one of the values", value_sql=shown)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check_keys(con: duckdb.DuckDBPyConnection, raw: RawExtract, view: str,
               out: Collector) -> None:
    """Duplicate keys, and identical rows where the key cannot tell them apart."""
    ds = raw.dataset
    key = [k for k in ds.key if k in raw.columns]
    if key and len(key) == len(ds.key):
        cols = ", ".join(ident(k) for k in key)
        not_null = " and ".join(f"{ident(k)} is not null" for k in key)
        # Only rows whose key occurs twice can be duplicates: the window (which holds its
        # rows in memory) runs over those alone, not over millions of unique keys.
        on = " and ".join(f"d.{ident(k)} = v.{ident(k)}" for k in key)
        dup = (f"(select {cols} from {ident(view)} where {not_null} group by {cols} "
               "having count(*) > 1)")
        rows = con.execute(
            f"select _line, first_line, key_text from (select _line, "
            f"min(_line) over (partition by {cols}) as first_line, "
            + " || ', ' || ".join(f"cast({ident(k)} as varchar)" for k in key)
            + f" as key_text from {ident(view)} as v semi join {dup} as d on {on}) "
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
        cols = ", ".join(ident(c.name) for c in ds.columns)
        rows_of = ident(view)
        if key and len(key) == len(ds.key):
            # Identical rows share their key: rows with a complete key seen once are left out.
            on = " and ".join(f"d.{ident(k)} = v.{ident(k)}" for k in key)
            any_null = " or ".join(f"v.{ident(k)} is null" for k in key)
            key_cols = ", ".join(ident(k) for k in key)
            rows_of = (f"(select v.* from {ident(view)} as v left join (select {key_cols} from "
                       f"{ident(view)} group by {key_cols} having count(*) > 1) as d on {on} "
                       f"where {any_null} or d.{ident(key[0])} is not null)")
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


def check_references(raw: RawExtract, views: dict[str, str], files: dict[str, str]) -> None:
    """Queue the checks that each reference is found in the dataset it points to."""
    for c in raw.dataset.columns:
        if not c.references or c.name not in raw.columns:
            continue
        target_ds, target_col = c.references
        target = views.get(target_ds)
        if target is None:
            continue  # the target's own problems are reported; a cascade would only add noise
        _queue_check(
            raw, c.name,
            f"{ident(c.name)} is not null and {ident(c.name)} not in (select {ident(target_col)} "
            f"from {ident(target)} where {ident(target_col)} is not null)",
            f"not found in {files[target_ds]} ({target_col}): add it there or correct it",
        )
