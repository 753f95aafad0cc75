"""Serve a data folder from a DuckDB file prepared once from exactly its files.

Validating 10 million rows takes a minute; a dashboard must start in seconds. A folder that
was validated once is served from the DuckDB file built then, named by a digest of exactly
those files' contents and of the code that checked them: any edited, added or removed
extract, or a new contract, names another file, which is validated and built afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import duckdb

from analytics import contract, prepared_seal
from analytics.load import load_folder
from analytics.problems import Collector, LoadedFile, LoadResult
from analytics.read_extracts import discover

CACHE_ENV = "IPR_CACHE_DIR"
CACHE_KEEP = 3  # prepared files kept per cache folder (the newest used)
# DuckDB memory of the serving connection (its buffer pool over the prepared file).
SERVE_MEMORY_LIMIT = os.environ.get("IPR_SERVE_MEMORY_LIMIT", "1GB")
_PACKAGE = Path(__file__).resolve().parent
# The modules whose code decides what a prepared file holds: `load_folder`'s module and every
# module of the package it imports (tests/unit/test_prepared.py proves none is left out).
PREPARED_BY = ("contract", "problems", "sql_quote", "read_extracts", "checks", "load", "db",
               "result_frames")


def default_cache_dir() -> Path:
    """`$IPR_CACHE_DIR`, or `.cache/duckdb` beside the `analytics` package."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value).expanduser() if value else _PACKAGE.parent / ".cache" / "duckdb"


def code_sources() -> list[Path]:
    """The source files that decide what a prepared file holds: PREPARED_BY and the SQL."""
    return [*(_PACKAGE / f"{name}.py" for name in PREPARED_BY),
            *sorted((_PACKAGE / "sql").rglob("*.sql"))]


def _code_digest() -> str:
    """A digest of everything that decides what a prepared file holds."""
    h = hashlib.blake2b(digest_size=16)
    h.update(duckdb.__version__.encode())
    for path in code_sources():
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
        prepared_seal.remove(old)


def open_folder(data_dir: Path | str, cache_dir: Path | str | None = None) -> LoadResult:
    """The folder's data, served read-only from the DuckDB file prepared from these very files.

    Validates and prepares the file first when there is none (a new or changed folder); a
    folder with problems yields them and no connection, exactly as `load_folder`. Falls back
    to loading in memory when the cache folder cannot be written.
    """
    data_dir = Path(data_dir)
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    out, notices = Collector(), []
    if not data_dir.is_dir():
        return load_folder(data_dir)
    chosen = discover(data_dir, out, notices)
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
        served = _serve_sealed(data_dir, target, notices)
        if served is not None:
            return served
        # Damaged, or another process has built it and not sealed it yet: built again below
        # (the new file replaces it whole, so a connection still open keeps its old copy).
    try:
        result = load_folder(data_dir, db_path=target)
        if result.con is None:
            return result
        result.con.close()
        prepared_seal.write_seal(target)
        result.con = _connect_prepared(target)
    except (OSError, duckdb.Error):
        # A cache that cannot be written, or a file this process still has open from before
        # it was damaged: the folder is served from memory instead.
        prepared_seal.remove(target)
        return load_folder(data_dir)
    _prune(cache, target)
    return result


def _serve_sealed(data_dir: Path, target: Path, notices: list[str]) -> LoadResult | None:
    """The prepared file served, if it holds exactly the bytes it was built with; else None."""
    if not prepared_seal.is_sealed(target):
        return None
    con = None
    try:
        con = _connect_prepared(target)
        files = _files_of(con)
    except (duckdb.Error, OSError):
        if con is not None:
            con.close()  # or rebuilding the file in this process fails on the open handle
        return None
    try:
        os.utime(target)  # most recently used: kept by _prune
    except OSError:
        pass  # a read-only cache still serves; only the pruning order is lost
    return LoadResult(data_dir=data_dir, notices=notices, files=files, con=con)
