"""The dashboard serves a data folder from the DuckDB file prepared from exactly its files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import contract, prepared
from analytics.load import load_folder
from analytics.prepared import open_folder

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(TINY, d)
    return d


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def prepared_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("ipr-*.duckdb"))


def table(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    return con.execute(f'select * from "{name}" order by all').df()


def seizure_rows(folder: Path) -> int:
    text = (folder / "seizures.csv").read_text(encoding="utf-8")
    return len([line for line in text.splitlines()[1:] if line.strip()])


def add_seizure_copy(folder: Path, new_id: str) -> None:
    """Append a valid seizure: the last row again under a new seizure_id."""
    path = folder / "seizures.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    header = lines[0].split(",")
    last = lines[-1].split(",")
    last[header.index("seizure_id")] = new_id
    path.write_text("\n".join([*lines, ",".join(last)]) + "\n", encoding="utf-8")


def test_first_open_prepares_a_file_holding_what_the_loader_loads(folder: Path,
                                                                   cache: Path) -> None:
    served = open_folder(folder, cache)
    assert served.ok
    assert len(prepared_files(cache)) == 1
    fresh = load_folder(folder)
    for ds in contract.DATASETS:
        pd.testing.assert_frame_equal(table(served.con, ds.name), table(fresh.con, ds.name))
    for stg in ("stg_seizures", "seizures_monthly"):
        pd.testing.assert_frame_equal(table(served.con, stg), table(fresh.con, stg))
    assert [(f.dataset, f.file, f.rows) for f in served.files] == [
        (f.dataset, f.file, f.rows) for f in fresh.files]
    assert next(f.rows for f in served.files if f.dataset == "seizures") == seizure_rows(folder)


def test_unchanged_files_are_served_from_the_same_file_without_a_new_check(
        folder: Path, cache: Path) -> None:
    first = open_folder(folder, cache)
    (path,) = prepared_files(cache)
    built = path.stat().st_ino
    # The same bytes with a new modification time are the same data.
    (folder / "seizures.csv").touch()
    second = open_folder(folder, cache)
    assert prepared_files(cache) == [path] and path.stat().st_ino == built
    # loaded_at is when the folder was checked; a hit keeps the first check's time.
    assert [f.loaded_at for f in second.files] == [f.loaded_at for f in first.files]
    with pytest.raises(duckdb.Error):  # served read-only: nothing can alter the checked data
        second.con.execute("delete from seizures")


def test_an_edited_file_is_checked_and_prepared_again(folder: Path, cache: Path) -> None:
    open_folder(folder, cache)
    add_seizure_copy(folder, "SZ-ADDED-1")
    served = open_folder(folder, cache)
    assert served.ok and len(prepared_files(cache)) == 2
    rows = served.con.execute("select count(*) from seizures").fetchall()[0][0]
    assert rows == seizure_rows(folder)
    assert served.con.execute("select count(*) from seizures where seizure_id = 'SZ-ADDED-1'"
                              ).fetchall()[0][0] == 1


def test_a_broken_folder_reports_its_problems_and_keeps_the_good_file(folder: Path,
                                                                      cache: Path) -> None:
    open_folder(folder, cache)
    good = prepared_files(cache)
    path = folder / "countries.csv"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("KHM", "KHMX", 1), encoding="utf-8")
    broken = open_folder(folder, cache)
    assert broken.con is None
    assert any("KHMX" in p.message() for p in broken.problems)
    assert prepared_files(cache) == good
    path.write_text(original, encoding="utf-8")
    again = open_folder(folder, cache)
    assert again.ok and prepared_files(cache) == good


def test_a_damaged_prepared_file_is_rebuilt(folder: Path, cache: Path) -> None:
    open_folder(folder, cache)
    (path,) = prepared_files(cache)
    path.write_bytes(b"not a database" * 100)
    served = open_folder(folder, cache)
    assert served.ok
    assert served.con.execute("select count(*) from seizures").fetchall()[0][0] == seizure_rows(
        folder)


def test_a_cache_folder_that_cannot_be_written_falls_back_to_memory(folder: Path,
                                                                    tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    served = open_folder(folder, blocker / "cache")
    assert served.ok
    assert served.con.execute("select count(*) from seizures").fetchall()[0][0] == seizure_rows(
        folder)


def test_old_prepared_files_are_pruned(folder: Path, cache: Path) -> None:
    for i in range(prepared.CACHE_KEEP + 2):
        add_seizure_copy(folder, f"SZ-PRUNE-{i}")
        assert open_folder(folder, cache).ok
    assert len(prepared_files(cache)) == prepared.CACHE_KEEP


def test_the_name_depends_on_the_contents_and_the_code(folder: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = {ds.name: folder / f"{ds.name}.csv" for ds in contract.DATASETS}
    name = prepared.prepared_name(chosen)
    assert prepared.prepared_name(chosen) == name
    add_seizure_copy(folder, "SZ-NAME-1")
    changed = prepared.prepared_name(chosen)
    assert changed != name
    monkeypatch.setattr(prepared, "_code_digest", lambda: "another contract")
    assert prepared.prepared_name(chosen) != changed


def test_remembered_digests_never_hide_an_edit(folder: Path, cache: Path) -> None:
    # The digest of an unchanged file is remembered; an edit that keeps the size and puts
    # the modification time back still changes the ctime, so the file is read again.
    import os

    first = open_folder(folder, cache)
    assert (cache / "digests.json").exists()
    path = folder / "countries.csv"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Cambodia", "Cambodja", 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    served = open_folder(folder, cache)
    assert served.ok and len(prepared_files(cache)) == 2
    names = served.con.execute("select name from countries where iso3 = 'KHM'").fetchall()
    assert names == [("Cambodja",)]
    first.con.close()


def test_cli_build_prepares_the_dashboards_file(folder: Path, cache: Path) -> None:
    env = {"IPR_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "analytics", "build", str(folder)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    (path,) = prepared_files(cache)
    assert f"prepared {path}" in done.stderr
    served = open_folder(folder, cache)
    assert prepared_files(cache) == [path]
    assert served.ok


def test_the_code_digest_covers_every_module_that_loads_a_folder() -> None:
    # A fresh interpreter: every module of the package that `load_folder` imports, directly
    # or not, decides what a prepared file holds, so its source must name the file.
    code = ("import sys, analytics.load\n"
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('analytics.'))))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    imported = {m.removeprefix("analytics.") for m in done.stdout.split()}
    assert "load" in imported and "read_extracts" in imported and "checks" in imported
    assert imported <= set(prepared.PREPARED_BY), imported - set(prepared.PREPARED_BY)
    package = ROOT / "analytics"
    sources = prepared.code_sources()
    for name in prepared.PREPARED_BY:
        assert package / f"{name}.py" in sources
    assert all(path.is_file() for path in sources)
    assert set((package / "sql").rglob("*.sql")) <= set(sources)


def test_the_code_digest_reads_every_source(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = prepared.code_sources()
    digest = prepared._code_digest()
    for left_out in range(len(prepared.PREPARED_BY)):
        fewer = sources[:left_out] + sources[left_out + 1:]
        monkeypatch.setattr(prepared, "code_sources", lambda fewer=fewer: fewer)
        assert prepared._code_digest() != digest
