"""Shared fixtures: the tiny data set loaded into an in-memory DuckDB by the real loader."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics.load import load_folder

TINY = Path(__file__).parent / "data" / "tiny"


def load(folder: Path) -> duckdb.DuckDBPyConnection:
    """A connection holding the validated tables of `folder` and the staging views."""
    result = load_folder(folder)
    assert not result.problems, [p.message() for p in result.problems]
    assert result.con is not None
    return result.con


@pytest.fixture(scope="session")
def tiny_con() -> duckdb.DuckDBPyConnection:
    return load(TINY)


@pytest.fixture(scope="session")
def tiny_dir() -> Path:
    return TINY
