"""Staging relations: tables for small datasets, views for large ones, the same rows either way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytics import contract, db, queries
from analytics.filters import Filters
from tests.conftest import frame_rows, load

STAGING = sorted(p.stem for p in (db.SQL_DIR / "staging").glob("*.sql"))


def _kinds(con) -> dict[str, str]:
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    views = {r[0] for r in con.execute(
        "select view_name from duckdb_views() where not internal").fetchall()}
    return {name: "table" if name in tables else "view" if name in views else "missing"
            for name in STAGING}


def test_every_dataset_has_a_staging_file():
    assert STAGING == sorted(f"stg_{ds.name}" for ds in contract.DATASETS)


def test_staging_is_a_table_up_to_the_threshold_and_a_view_above(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch,
):
    rows = {name: load(tiny_dir).execute(
        f'select count(*) from "{name.removeprefix("stg_")}"').fetchall()[0][0]
        for name in STAGING}
    threshold = sorted(rows.values())[len(rows) // 2]  # some datasets on each side
    monkeypatch.setattr(db, "STAGE_AS_TABLE_MAX_ROWS", threshold)
    kinds = _kinds(load(tiny_dir))
    assert kinds == {name: "table" if n <= threshold else "view" for name, n in rows.items()}
    assert set(kinds.values()) == {"table", "view"}


def test_answers_do_not_depend_on_how_staging_is_stored(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(db, "STAGE_AS_TABLE_MAX_ROWS", -1)
    as_views = load(tiny_dir)
    monkeypatch.setattr(db, "STAGE_AS_TABLE_MAX_ROWS", 10**12)
    as_tables = load(tiny_dir)
    assert set(_kinds(as_views).values()) == {"view"}
    assert set(_kinds(as_tables).values()) == {"table"}
    for name in STAGING:
        sql = f'select * from "{name}" order by all'
        a, b = as_views.execute(sql), as_tables.execute(sql)
        assert [d[:2] for d in a.description] == [d[:2] for d in b.description], name
        assert a.fetchall() == b.fetchall(), name
    today = dt.date(2026, 11, 22)
    cluster, country = as_views.execute(
        "select a.cluster, ac.iso3 from stg_activities as a join stg_activity_countries as ac "
        "using (activity_id) order by all limit 1").fetchone()
    questions = {
        "coverage_by_country": lambda con, f: queries.coverage_by_country(con, f, today),
        "country_cluster_matrix": queries.country_cluster_matrix,
        "member_coverage_over_time": queries.member_coverage_over_time,
        "key_figures": lambda con, f: queries.key_figures(con, f, today),
        "seizures_by_year": queries.seizures_by_year,
    }
    for f in (Filters(), Filters(countries=(country,)), Filters(clusters=(cluster,)),
              Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))):
        for name, question in questions.items():
            answer = frame_rows(question(as_views, f))
            assert answer, (name, f)
            assert answer == frame_rows(question(as_tables, f)), (name, f)
