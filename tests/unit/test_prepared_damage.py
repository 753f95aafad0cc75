"""A prepared DuckDB file is verified before it is trusted; a damaged one is rebuilt (or the
folder served from memory), and a read-only cache folder still serves.

Real files, real DuckDB; the read-only cache is a read-only bind mount in a private mount
namespace (`unshare -m`: permissions alone do not stop root).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from analytics import contract, prepared_seal
from analytics.load import load_folder
from analytics.prepared import open_folder

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)  # the sample data: a file of some megabytes
    return d


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def contents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Every table of the contract and the rollup, read whole (every block of the file)."""
    names = [ds.name for ds in contract.DATASETS] + ["seizures_monthly"]
    return {n: con.execute(f'select count(*), sum(hash(columns(*))) from "{n}"').fetchall()[0]
            for n in names}


@pytest.fixture
def expected(folder: Path) -> dict[str, tuple]:
    result = load_folder(folder)
    assert result.con is not None
    return contents(result.con)


def prepared_file(cache: Path) -> Path:
    (path,) = sorted(cache.glob("ipr-*.duckdb"))
    return path


def cut_to_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def cut_to_1mb(path: Path) -> None:
    os.truncate(path, 1 << 20)


def overwrite_middle(path: Path) -> None:
    with path.open("r+b") as f:
        f.seek(path.stat().st_size // 2)
        f.write(b"\xff" * 8192)


def empty(path: Path) -> None:
    path.write_bytes(b"")


def garbage(path: Path) -> None:
    path.write_bytes(b"not a database" * 1000)


DAMAGE = [cut_to_half, cut_to_1mb, overwrite_middle, empty, garbage]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__)
def test_a_damaged_prepared_file_is_rebuilt_and_serves_the_data(folder, cache, expected,
                                                                damage):
    first = open_folder(folder, cache)
    first.con.close()
    path = prepared_file(cache)
    damage(path)
    served = open_folder(folder, cache)
    assert served.ok and served.con is not None
    assert contents(served.con) == expected
    assert prepared_seal.is_sealed(prepared_file(cache))  # built again, whole


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__)
def test_damaged_while_this_process_still_has_it_open(folder, cache, expected, damage):
    """Sessions still hold the connection of the last good load when Reload finds damage."""
    held = open_folder(folder, cache)
    damage(prepared_file(cache))
    served = open_folder(folder, cache)
    assert served.ok and contents(served.con) == expected
    held.con.close()


def test_a_prepared_file_without_its_seal_is_rebuilt(folder, cache, expected):
    open_folder(folder, cache).con.close()
    path = prepared_file(cache)
    prepared_seal.seal_path(path).unlink()
    served = open_folder(folder, cache)
    assert contents(served.con) == expected
    assert prepared_seal.is_sealed(path)


def test_a_seal_that_is_not_json_counts_as_no_seal(folder, cache, expected):
    open_folder(folder, cache).con.close()
    path = prepared_file(cache)
    prepared_seal.seal_path(path).write_text("{not json", encoding="utf-8")
    assert not prepared_seal.is_sealed(path)
    assert contents(open_folder(folder, cache).con) == expected


def _in_read_only_cache(folder: Path, cache: Path) -> dict:
    """open_folder in a child process that sees `cache` mounted read-only."""
    script = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {str(ROOT)!r})
        from analytics import contract
        from analytics.prepared import open_folder
        result = open_folder({str(folder)!r}, {str(cache)!r})
        names = [ds.name for ds in contract.DATASETS] + ["seizures_monthly"]
        print(json.dumps({{
            "problems": [p.message() for p in result.problems],
            "path": result.con.execute("select path from duckdb_databases() "
                                       "where database_name = current_database()"
                                       ).fetchall()[0][0],
            "contents": {{n: [str(v) for v in result.con.execute(
                f'select count(*), sum(hash(columns(*))) from "{{n}}"').fetchall()[0]]
                for n in names}},
        }}))
    """)
    shell = ('mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && '
             'touch "$1/probe" 2>/dev/null && exit 97; exec "$2" -c "$3"')
    run = subprocess.run(["unshare", "-m", "sh", "-c", shell, "sh", str(cache), sys.executable,
                          script], capture_output=True, text=True, timeout=300)
    assert run.returncode != 97, "the cache folder was not read-only"
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _as_text(found: dict[str, tuple]) -> dict[str, list[str]]:
    return {k: [str(v) for v in row] for k, row in found.items()}


def test_a_read_only_cache_holding_the_prepared_file_still_serves_it(folder, cache, expected):
    open_folder(folder, cache).con.close()
    got = _in_read_only_cache(folder, cache)
    assert not got["problems"]
    assert got["path"] == str(prepared_file(cache))  # served from the file, not rebuilt
    assert got["contents"] == _as_text(expected)


def test_a_read_only_cache_with_a_damaged_file_serves_from_memory(folder, cache, expected):
    open_folder(folder, cache).con.close()
    cut_to_half(prepared_file(cache))
    got = _in_read_only_cache(folder, cache)
    assert not got["problems"] and got["contents"] == _as_text(expected)


def test_an_empty_read_only_cache_serves_from_memory(folder, cache, expected):
    cache.mkdir()
    got = _in_read_only_cache(folder, cache)
    assert not got["problems"] and got["contents"] == _as_text(expected)
