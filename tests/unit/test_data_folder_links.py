"""Links in a data folder: one to another file of the folder is read; one that leaves the
folder (or leads nowhere) is refused and never read; no content of a file that is not an
extract is ever echoed in a problem."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.load import load_folder
from analytics.prepared import open_folder

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny"
SECRET = "root:x:0:0:secret-line:/root:/bin/bash"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(TINY, d)
    return d


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET + "\nbin:x:1:1::/:/bin/false\n", encoding="utf-8")
    return path


def messages(result) -> str:
    return "\n".join(p.message() for p in result.problems)


def cli_check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analytics", "check", str(folder)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_a_link_leaving_the_folder_is_refused_unread(folder: Path, secret: Path):
    (folder / "activities.csv").unlink()
    (folder / "activities.csv").symlink_to(secret)
    for result in (load_folder(folder), open_folder(folder, folder.parent / "cache")):
        assert result.con is None
        assert [(p.file, "outside the data folder" in p.rule) for p in result.problems] == [
            ("activities.csv", True)]
        assert "root:" not in messages(result) and "secret" not in messages(result)
    out = cli_check(folder)
    assert out.returncode == 1 and "root:" not in out.stdout + out.stderr


def test_a_link_to_a_valid_extract_outside_is_refused_too(folder: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere.csv"
    shutil.move(folder / "activities.csv", outside)
    (folder / "activities.csv").symlink_to(outside)
    result = load_folder(folder)
    assert [p.file for p in result.problems] == ["activities.csv"]


def test_dangling_and_looping_links_are_refused(folder: Path, tmp_path: Path):
    (folder / "activities.csv").unlink()
    (folder / "activities.csv").symlink_to(tmp_path / "nothing-here.csv")
    (folder / "challenges.csv").unlink()
    (folder / "challenges.csv").symlink_to(folder / "challenges.csv")
    result = load_folder(folder)
    assert sorted(p.file for p in result.problems) == ["activities.csv", "challenges.csv"]


def test_a_link_inside_the_folder_is_read(folder: Path):
    versions = folder / "versions"
    versions.mkdir()
    shutil.move(folder / "activities.csv", versions / "activities-2026-11.csv")
    (folder / "activities.csv").symlink_to(Path("versions") / "activities-2026-11.csv")
    result = load_folder(folder)
    assert not result.problems, messages(result)
    assert result.con is not None


def test_the_data_folder_itself_may_be_a_link(folder: Path, tmp_path: Path):
    link = tmp_path / "current"
    link.symlink_to(folder)
    result = load_folder(link)
    assert not result.problems, messages(result)


def test_a_file_that_is_not_an_extract_is_not_echoed(folder: Path, secret: Path):
    shutil.copy(secret, folder / "activities.csv")
    result = load_folder(folder)
    assert [p.file for p in result.problems] == ["activities.csv"]
    assert "root:" not in messages(result) and "not shown" in messages(result)
