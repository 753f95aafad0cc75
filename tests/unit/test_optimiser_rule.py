"""`analytics.db`: a mart over small relations runs without DuckDB's optimiser, one that reads
a large relation keeps it. That both plans give the same answer for every mart is held by
tests/unit/test_result_frames.py (db.run against a plain, optimised cursor)."""

from __future__ import annotations

import duckdb
import pytest

from analytics import db


def _con(participation_rows: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table activity_involvement as select 1 as activity_id")
    con.execute("create table stg_participation as select * from range(" + participation_rows
                + ")")
    return con


def test_the_relations_a_mart_reads_are_the_staging_and_rollups_named_in_its_sql():
    assert db.relations_read("participation_by_agency") == {
        "activity_involvement", "stg_participation"}
    assert db.relations_read("seizures_by_year") == {"seizures_monthly"}
    # the shared relations (filtered_activities …) are CTEs of the mart, not relations read
    assert not db.relations_read("activity_figures") & {
        "filtered_activities", "activity_reach", "selected_member_states"}


@pytest.mark.parametrize(("rows", "needed"), [("25000", False), ("25001", True)])
def test_the_optimiser_runs_when_a_relation_holds_more_than_the_limit(rows, needed):
    assert db.SMALL_RELATION_ROWS == 25_000
    assert db._needs_optimiser(_con(rows), "participation_by_agency") is needed


def test_a_relation_that_is_not_there_keeps_the_optimiser():
    con = duckdb.connect()
    con.execute("create table activity_involvement as select 1 as activity_id")
    assert db._needs_optimiser(con, "participation_by_agency") is True


def test_the_sample_data_asks_the_pages_questions_without_it(sample_con):
    for name in ("activity_figures", "coverage_by_country", "member_coverage_over_time",
                 "seizures_by_year", "explore_seizures"):
        assert db._needs_optimiser(sample_con, name) is False, name


def test_the_setting_is_the_cursors_own(sample_con):
    # on a cursor without the optimiser
    db.run(sample_con, "count_countries", {"all_countries": True, "countries": []})
    plan = sample_con.cursor().execute(
        "explain select * from stg_countries where asean_member and 1 = 1").fetchall()[0][1]
    assert "Filters:" in plan  # pushed into the scan: the optimiser ran
