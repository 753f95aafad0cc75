"""Compare two loads of the data (served and candidate, or two versions): per dataset the
rows added, removed and changed by key, with a sample of each, and the headline figures
before and after, from the figures layer (the same numbers the pages show).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics import contract, figures
from analytics.answers import Answers
from analytics.sql_quote import ident

SAMPLE = 5
_SEP = chr(31)  # joins the parts of a composite key; never inside an extract's value


@dataclass
class DatasetChange:
    dataset: str
    key: tuple[str, ...]
    rows_before: int
    rows_after: int
    added: int
    removed: int
    changed: int
    samples: dict[str, pd.DataFrame] = field(default_factory=dict)  # added/removed/changed

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _key_sql(key: tuple[str, ...]) -> str:
    return f"concat_ws({_SEP!r}, " + ", ".join(f"cast({ident(k)} as varchar)" for k in key) + ")"


def _keyed(ds: contract.Dataset) -> str:
    """The dataset's rows with `k`, the key a row is matched by, and `h`, a hash of the rest.

    A row whose key is not given (a seizure record without `seizure_id`, which the contract
    allows) cannot be matched by key: it is matched by its whole content instead, each copy of
    an identical row once, so an edited keyless row counts as one removed and one added.
    """
    others = [c for c in ds.column_names if c not in ds.key] or list(ds.key)
    row = "row(" + ", ".join(ident(c) for c in others) + ")"
    whole = "hash(row(" + ", ".join(ident(c) for c in ds.column_names) + "))"
    keyless = " or ".join(f"{ident(k)} is null" for k in ds.key)
    return (
        f"select t.*, case when {keyless} then {_SEP * 2!r} || cast({whole} as varchar) || '#' "
        f"|| cast(row_number() over (partition by ({keyless}), {whole}) as varchar) "
        f"else {_key_sql(ds.key)} end as k, hash({row}) as h from {ident(ds.name)} as t"
    )


def _fingerprints(con: duckdb.DuckDBPyConnection, ds: contract.Dataset):
    # A 64-bit hash per row: 10 million seizures compare in seconds, without their text.
    return con.cursor().sql(f"select k, h from ({_keyed(ds)})").to_arrow_table()


def _rows(con: duckdb.DuckDBPyConnection, ds: contract.Dataset, keys: list[str]) -> pd.DataFrame:
    if not keys:
        return pd.DataFrame(columns=list(ds.column_names))
    columns = ", ".join(ident(c) for c in ds.column_names)
    return con.cursor().execute(
        f"select {columns} from ({_keyed(ds)}) where list_contains($keys, k) order by k",
        {"keys": keys}).df()


def _changed_cells(before: pd.DataFrame, after: pd.DataFrame, ds: contract.Dataset
                   ) -> pd.DataFrame:
    """One line per changed cell of the sampled rows: key, column, before, after."""
    lines = []
    b = before.set_index(list(ds.key))
    a = after.set_index(list(ds.key))
    for key in a.index:
        if key not in b.index:
            continue
        for col in a.columns:
            old, new = b.at[key, col], a.at[key, col]
            if not (pd.isna(old) and pd.isna(new)) and not (old == new):
                lines.append({"key": ", ".join(map(str, key if isinstance(key, tuple)
                                                    else (key,))),
                              "column": col, "before": str(old), "after": str(new)})
    return pd.DataFrame(lines, columns=["key", "column", "before", "after"])


def compare(before: duckdb.DuckDBPyConnection, after: duckdb.DuckDBPyConnection,
            sample: int = SAMPLE) -> list[DatasetChange]:
    """Each dataset's rows added, removed and changed by key, `before` -> `after`."""
    work = duckdb.connect(":memory:")
    out = []
    try:
        for ds in contract.DATASETS:
            old, new = _fingerprints(before, ds), _fingerprints(after, ds)
            work.register("old", old)
            work.register("new", new)
            diff = work.execute(
                "select coalesce(n.k, o.k) as k, case when o.k is null then 'added' "
                "when n.k is null then 'removed' else 'changed' end as change "
                "from new n full outer join old o on n.k = o.k "
                "where o.k is null or n.k is null or n.h <> o.h order by k").df()
            counts = diff["change"].value_counts()
            keys = {c: diff.loc[diff["change"] == c, "k"].head(sample).tolist()
                    for c in ("added", "removed", "changed")}
            changed_before = _rows(before, ds, keys["changed"])
            changed_after = _rows(after, ds, keys["changed"])
            out.append(DatasetChange(
                dataset=ds.name, key=ds.key, rows_before=old.num_rows, rows_after=new.num_rows,
                added=int(counts.get("added", 0)), removed=int(counts.get("removed", 0)),
                changed=int(counts.get("changed", 0)),
                samples={"added": _rows(after, ds, keys["added"]),
                         "removed": _rows(before, ds, keys["removed"]),
                         "changed": _changed_cells(changed_before, changed_after, ds)}))
            work.unregister("old")
            work.unregister("new")
    finally:
        work.close()
    return out


def summary(changes: list[DatasetChange]) -> pd.DataFrame:
    """One row per dataset: rows before and after, added, removed, changed."""
    return pd.DataFrame(
        [{"dataset": c.dataset, "rows before": c.rows_before, "rows after": c.rows_after,
          "added": c.added, "removed": c.removed, "changed": c.changed} for c in changes],
        columns=["dataset", "rows before", "rows after", "added", "removed", "changed"])


def headline(before: duckdb.DuckDBPyConnection, after: duckdb.DuckDBPyConnection
             ) -> pd.DataFrame:
    """The key figures of the whole programme (no filters), before and after."""
    a_before, a_after = Answers(before), Answers(after)
    rows = []
    for figure in figures.KEY_FIGURES:
        if figure.name == "hosted":  # a one-country figure: no value without a country
            continue
        old, new = figure.shown(a_before), figure.shown(a_after)
        rows.append({"figure": figure.label, "before": str(old.value), "after": str(new.value),
                     "changed": str(old.value) != str(new.value)})
    return pd.DataFrame(rows, columns=["figure", "before", "after", "changed"])
