"""`analytics.result_frames`: a result read through Arrow, or built from NumPy arrays, is the
DataFrame DuckDB's `.df()` gives, dtype for dtype, for every mart, under filters that keep
rows, keep none, and leave values missing (nullable integers, booleans, dates, all-null
text)."""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest

from analytics import db, queries, result_frames
from analytics.filters import Filters

FILTERS = [
    Filters(),
    Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
    Filters(countries=("THA",)),
    Filters(countries=("KHM", "PHL"), statuses=("completed",)),
    Filters(start=dt.date(1990, 1, 1), end=dt.date(1990, 12, 31)),  # no row at all
]
PARAMS = {"today": dt.date(2025, 6, 30), "row_limit": 500, "limit": 10,
          **queries.RagRule().params()}
MARTS = sorted(p.stem for p in (db.SQL_DIR / "marts").glob("*.sql"))


def _bound(mart: str, f: Filters) -> dict | None:
    sql = db.sql_text("marts", mart)
    given = {**f.params(), **PARAMS}
    used = db.params_used(sql)
    return None if used - given.keys() else {k: given[k] for k in used}


@pytest.mark.parametrize("mart", MARTS)
def test_every_mart_reads_the_same_both_ways(tiny_con, sample_con, mart):
    compared = 0
    for con in (tiny_con, sample_con):
        for f in FILTERS:
            bound = _bound(mart, f)
            if bound is None:
                continue  # a mart of one record (activity_detail): asked with its own key
            sql = db.sql_text("marts", mart)
            expected = con.cursor().execute(sql, bound).df()
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # no "extra copy" warning on this path
                got = result_frames.from_arrow(
                    con.cursor().sql(sql, params=bound).to_arrow_table())
            pd.testing.assert_frame_equal(got, expected, check_dtype=True)
            built = result_frames.from_result(con.cursor().execute(sql, bound))
            pd.testing.assert_frame_equal(built, expected, check_dtype=True)
            # and what db.run gives (the parsed statement, the NumPy path; on these small
            # relations planned without DuckDB's optimiser, which the plain cursor above runs)
            pd.testing.assert_frame_equal(db.run(con, mart, bound), expected)
            compared += 1
    if mart != "activity_detail":
        assert compared == 2 * len(FILTERS)


def test_the_explorer_preview_is_read_through_arrow_and_equals_df(sample_con):
    """queries.explore with a preview's limit takes the Arrow path; the answer is `.df()`'s."""
    for name in queries.EXPLORABLE:
        for f in FILTERS[:3]:
            got = queries.explore(sample_con, name, f, queries.PREVIEW_ROWS)
            sql = db.sql_text("marts", f"explore_{name}")
            bound = {k: v for k, v in {**f.params(), "row_limit": queries.PREVIEW_ROWS}.items()
                     if k in db.params_used(sql)}
            pd.testing.assert_frame_equal(got, sample_con.cursor().execute(sql, bound).df())


def test_missing_values_of_each_kind():
    """Nullable where a value is missing, plain where none is; dates as datetime64[us]."""
    import duckdb

    con = duckdb.connect()
    sql = """select * from (values
        (1::bigint, null::bigint, true, null::boolean, 'a', null::varchar, date '2024-01-02',
         null::date, 1.5::double, 3::integer, null::integer, 1.25::decimal(10, 2)),
        (2, 3, false, true, 'b', null, date '2024-02-03', date '2020-01-01', null, 4, 5, null)
    ) t(i, ni, b, nb, s, ns, d, nd, f, i32, ni32, dec)"""
    expected = con.execute(sql).df()
    got = result_frames.from_arrow(con.sql(sql).to_arrow_table())
    pd.testing.assert_frame_equal(got, expected, check_dtype=True)
    assert str(got["ni"].dtype) == "Int64" and str(got["i"].dtype) == "int64"
    for rows in ("", " where false", " where i = 2"):
        expected = con.execute(sql + rows).df()
        built = result_frames.from_result(con.execute(sql + rows))
        pd.testing.assert_frame_equal(built, expected, check_dtype=True)


def test_from_result_leaves_other_types_to_df():
    """Lists, decimals, unsigned and small integers, timestamps: `.df()`'s frame either way."""
    import duckdb

    con = duckdb.connect()
    sql = """select * from (values
        ([1, 2], 1.25::decimal(10, 2), 1::utinyint, null::usmallint, 2::tinyint,
         timestamp '2024-01-01 10:00', null::timestamp, 1.5::float),
        (null, null, 3, 7, null, null, timestamp '2020-01-01', null)
    ) t(l, dec, u8, nu16, i8, ts, nts, fl)"""
    for rows in ("", " where false"):
        expected = con.execute(sql + rows).df()
        built = result_frames.from_result(con.execute(sql + rows))
        pd.testing.assert_frame_equal(built, expected, check_dtype=True)
