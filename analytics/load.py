"""Load a data folder: read every extract, check it, and build the DuckDB tables from it.

`load_folder` runs the steps in order: find and read the extracts (`analytics.read_extracts`),
judge their values, keys and references (`analytics.checks`), then, only when nothing is
wrong, write the contract's tables, the staging relations and the rollups (`analytics.db`).
All reading and checking is done by DuckDB; Python only assembles the SQL from the contract
and words the problems. A folder with any problem never produces a connection, so callers
keep what they had.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import uuid
from pathlib import Path

import duckdb

from analytics import checks, contract, db
from analytics.problems import Collector, LoadedFile, LoadResult, Problem
from analytics.read_extracts import RawExtract, discover, read_extract
from analytics.sql_quote import ident, literal

# DuckDB memory while checking and loading; beyond it, work spills to a temporary folder.
# Keeps the dashboard server under its 1.5 GB budget with 10 million seizure rows.
LOAD_MEMORY_LIMIT = os.environ.get("IPR_LOAD_MEMORY_LIMIT", "1GB")
# Below that cap the limit follows the extracts' size: DuckDB fills whatever it is allowed,
# and a 60 MB CSV (whose cells are held as text and as values while checked) took 1 GB.
# Bytes of memory per byte of extract (Parquet is compressed about tenfold), and a floor
# under which spilling would only cost time (benchmarks/RESULTS.md, loader memory).
MEMORY_PER_CSV_BYTE = 6
MEMORY_PER_PARQUET_BYTE = 100
MIN_LOAD_MEMORY = 256 * 2**20
_SIZE = re.compile(r"\s*([0-9.]+)\s*([KMGT]?)(I?B)?\s*", re.IGNORECASE)


def _bytes(size: str) -> int | None:
    m = _SIZE.fullmatch(size)
    if not m:
        return None
    unit = 1024 if (m.group(3) or "").upper() == "IB" else 1000
    return int(float(m.group(1)) * unit ** "_KMGT".index((m.group(2) or "_").upper()))


def load_memory_limit(chosen: dict[str, Path]) -> str:
    """DuckDB's memory while loading these extracts: in line with their size, at most
    LOAD_MEMORY_LIMIT."""
    cap = _bytes(LOAD_MEMORY_LIMIT)
    if cap is None:
        return LOAD_MEMORY_LIMIT
    wanted = sum(path.stat().st_size * (MEMORY_PER_PARQUET_BYTE if path.suffix.lower()
                                        == ".parquet" else MEMORY_PER_CSV_BYTE)
                 for path in chosen.values())
    return f"{min(cap, max(MIN_LOAD_MEMORY, wanted)) // 2**20}MiB"


def load_folder(data_dir: Path | str, db_path: Path | str | None = None) -> LoadResult:
    """Validate every extract in `data_dir`; when all are clean, load them into DuckDB.

    With `db_path` the tables are written to that DuckDB file (replaced only on success);
    otherwise they live in memory. On any problem `result.con` is None.
    """
    data_dir = Path(data_dir)
    result = LoadResult(data_dir=data_dir)
    out = Collector()
    if not data_dir.is_dir():
        out.add(Problem(str(data_dir), None, None, None,
                        "no such folder: set IPR_DATA_DIR or pass the folder of the extracts"))
        result.problems, result.problems_total = out.problems, out.total
        return result
    chosen = discover(data_dir, out, result.notices)

    work = duckdb.connect(":memory:")
    # Checking millions of rows needs more memory than a dashboard server should take: the
    # work spills to a private temporary folder beyond LOAD_MEMORY_LIMIT (never to the cwd).
    memory_limit = work.sql("select current_setting('memory_limit')").fetchall()[0][0]
    spill = Path(tempfile.gettempdir()) / f"ipr-duckdb-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    work.execute(f"set temp_directory = {literal(str(spill))}")
    work.execute(f"set memory_limit = {literal(load_memory_limit(chosen))}")
    checks.create_allowed_values(work)
    raws: dict[str, RawExtract] = {}
    views: dict[str, str] = {}
    for ds in contract.DATASETS:
        path = chosen.get(ds.name)
        if path is None:
            continue
        before = out.total
        raw = read_extract(work, ds, path, out)
        if raw is None:
            continue
        raws[ds.name] = raw
        view = checks.typed_view(work, raw)
        rows = int(work.sql(f"select count(*) from {ident(raw.relation)}").fetchall()[0][0])
        if rows < ds.min_rows:
            out.add(Problem(raw.file, None, None, None,
                            "has no data rows: the dashboard needs at least one"))
        checks.check_values(raw)
        checks.run_queued_checks(work, out, raw, view)
        checks.check_keys(work, raw, view, out)
        if out.total == before:
            views[ds.name] = view
    file_names = {name: r.file for name, r in raws.items()}
    for ds in contract.DATASETS:
        if ds.name in raws:
            checks.check_references(raws[ds.name], views, file_names)
            checks.run_queued_checks(work, out, raws[ds.name], f"typed_{ds.name}")

    result.problems, result.problems_total = out.problems, out.total
    if out.problems:
        work.close()
        return result
    if "indicator_disaggregations" in raws:
        result.notices.extend(_unreconciled(work, raws["indicator_disaggregations"].file))

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
            table = f"{schema}.{ident(ds.name)}"
            work.execute(contract.create_table_sql(ds).replace(
                f"create table {ident(ds.name)}", f"create table {table}", 1))
            raw = raws.get(ds.name)
            if raw is None:  # an optional dataset left out of the folder: an empty table
                continue
            cols = ", ".join(ident(c.name) for c in ds.columns)
            # A Parquet scan already yields rows in file order (insertion order is kept):
            # sorting millions of rows again would only cost memory, unless the contract
            # asks for an order (seizures: the data explorer's, so its preview stays cheap).
            terms = list(ds.load_order) + ([] if raw.format == "parquet" else ["_line"])
            order = " order by " + ", ".join(terms) if terms else ""
            work.execute(f"insert into {table} select {cols} "
                         f"from {ident(f'typed_{ds.name}')}{order}")
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
            if ds.name not in raws:
                continue
            work.execute(f"drop view if exists {ident(f'typed_{ds.name}')}"
                         if raws[ds.name].native else
                         f"drop table if exists {ident(f'typed_{ds.name}')}")
            work.execute(f"drop table if exists {ident(f'typed_{ds.name}__cells')}")
            kind = "view" if raws[ds.name].format == "parquet" else "table"
            work.execute(f"drop {kind} if exists {ident(raws[ds.name].relation)}")
        if tmp is not None:
            db.create_staging(work, schema)
            db.create_rollups(work, schema)
            work.execute("detach target")
    except BaseException:
        work.close()
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    work.execute(f"set memory_limit = {literal(memory_limit)}")
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


def _unreconciled(work: duckdb.DuckDBPyConnection, file: str) -> list[str]:
    """A notice per breakdown whose categories do not add up to the total given.

    A partial breakdown (only women counted, say) is legitimate, so this is said, not refused.
    """
    rows = work.execute("""
        with parts as (
            select indicator_id, value_type, period_end, dimension, sum(value) as parts,
                min(_line) as line
            from typed_indicator_disaggregations
            group by indicator_id, value_type, period_end, dimension
        ),
        totals as (
            select indicator_id, 'actual' as value_type, period_end, value as total
            from typed_indicator_values where value is not null
            union all
            select indicator_id, 'target', period_end, target
            from typed_indicator_values where target is not null
            union all
            select indicator_id, 'baseline', baseline_date, baseline
            from typed_indicators where baseline is not null and baseline_date is not null
        )
        select p.line, p.indicator_id, p.value_type, p.period_end, p.dimension, p.parts,
            t.total
        from parts as p
        join totals as t using (indicator_id, value_type, period_end)
        join typed_indicators as i using (indicator_id)
        where coalesce(i.measure, 'unit') = 'unit'
            and abs(p.parts - t.total) > 1e-9 * greatest(1.0, abs(t.total))
        order by p.line
    """).fetchall()
    return [f"{file}:{line}: the {kind} of {ind} for {end} by "
            f"{dim} adds up to {parts:g}, the total is {total:g}: the breakdown is partial, "
            "or one of the two is wrong" for line, ind, kind, end, dim, parts, total in rows]


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

