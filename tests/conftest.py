"""Shared fixtures: the tiny data set loaded into an in-memory DuckDB by the real loader."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics.load import load_folder

TINY = Path(__file__).parent / "data" / "tiny"


def load(folder: Path) -> duckdb.DuckDBPyConnection:
    """A connection holding the validated tables of `folder` and the staging relations."""
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


@pytest.fixture(scope="session")
def sample_con() -> duckdb.DuckDBPyConnection:
    """The repository's sample data (data/), loaded by the real loader."""
    return load(Path(__file__).parents[1] / "data")


@pytest.fixture(scope="session", autouse=True)
def _prepared_files_in_a_temporary_folder(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    # The app serves each data folder from a DuckDB file it prepares once (analytics.prepared
    # open_folder); tests, and the servers they start, keep those files out of the checkout.
    old = os.environ.get("IPR_CACHE_DIR")
    os.environ["IPR_CACHE_DIR"] = str(tmp_path_factory.mktemp("prepared"))
    yield
    if old is None:
        os.environ.pop("IPR_CACHE_DIR", None)
    else:
        os.environ["IPR_CACHE_DIR"] = old


def frame_rows(df: pd.DataFrame) -> list[tuple]:
    """Rows as Python values: dates as dates (DuckDB DATE comes to pandas as datetime64)."""
    cols = []
    for name in df.columns:
        s = df[name]
        if pd.api.types.is_datetime64_any_dtype(s):
            cols.append([None if pd.isna(v) else v.date() for v in s])
        else:
            cols.append([None if pd.isna(v) else v for v in s.astype(object)])
    return list(zip(*cols, strict=True)) if cols else []
