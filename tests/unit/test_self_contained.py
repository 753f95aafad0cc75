"""A fresh clone passes its tests with nothing beside it: no test, generator or data dictionary
points at a folder of one machine or outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
THIS = Path(__file__).resolve()

# What a test or generator must not name: a machine's folder, the seeds' former variable, the
# shared folder beside the repository in CI.
FORBIDDEN = ["/work/", "IPR_SEEDS_DIR", "../shared"]

# An absolute path: `/dir/...` or `~/dir/...` at the start of a word or in backticks, quotes or
# parentheses; a Windows drive `C:\...`; or a path leaving the repository `../dir/...`.
ABSOLUTE = re.compile(
    r"(?:^|[\s`(\"'=])(~?/[A-Za-z][\w.-]*/[\w./-]*)|\b([A-Za-z]:\\[\w\\.-]*)|(\.\./[\w./-]+)",
    re.MULTILINE,
)

SOURCES = sorted(
    p for p in [*(REPO / "tests").rglob("*.py"), *(REPO / "sample_data").rglob("*.py")]
    if p.resolve() != THIS
)


def test_there_are_sources_to_check() -> None:
    assert (REPO / "tests" / "unit" / "test_seed_facts.py") in SOURCES
    assert (REPO / "sample_data" / "sample.py") in SOURCES


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_path_outside_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [s for s in FORBIDDEN if s in text]
    assert found == [], f"{path.relative_to(REPO)} names {found}"


def test_the_seed_facts_never_skip() -> None:
    text = (REPO / "tests" / "unit" / "test_seed_facts.py").read_text(encoding="utf-8")
    assert "skip" not in text
    assert (REPO / "sample_data" / "seeds" / "README.md").is_file()


def test_the_data_dictionary_names_no_machine_path() -> None:
    text = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    found = [m.group(0).strip() for m in ABSOLUTE.finditer(text)]
    assert found == []
    assert "sample_data/seeds/" in text


@pytest.mark.parametrize("text", [
    "documents in `/work/shared/seeds/`", "see /home/me/seeds", "in ~/seeds/x.txt",
    r"C:\Users\me\seeds", "in ../shared/seeds/", '("/srv/data/x.csv")',
])
def test_the_path_pattern_finds_absolute_paths(text: str) -> None:
    assert ABSOLUTE.search(text)


@pytest.mark.parametrize("text", [
    "`sample_data/seeds/`", "`true`/`false`", "`yes`/`no`", "enforcement and/or courts",
    "python -m sample_data.sample --out data/", "mobile phones & accessories, labels/tags",
])
def test_the_path_pattern_lets_relative_text_be(text: str) -> None:
    assert not ABSOLUTE.search(text)
