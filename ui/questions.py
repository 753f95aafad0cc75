"""The questions of `analytics.queries` for the pages, answered once and shared by all sessions.

A meeting room opens the same link and steps through the same filters: each question is
answered once per data version and arguments, then served to every session from memory.
The answers are small frames (the explorer preview is capped), so the caches are bounded
by entries; full-size downloads are never cached. A connection that is no longer the served
one (a run that started before a reload) is asked directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from analytics import figures, queries
from analytics.answers import Answers, Question, ask_together
from analytics.figures import ChartView
from analytics.filters import Filters
from ui.data_store import served_store

Connection = duckdb.DuckDBPyConnection


@st.cache_data(max_entries=2048, show_spinner=False)
def _shared_answer(version: str, question: str, args: tuple[Any, ...],
                   _ask: Callable[..., Any], _con: Connection) -> Any:
    return _ask(_con, *args)


def _served_version(con: Connection) -> str | None:
    """The data version when `con` is the served connection, else None."""
    store = served_store()
    good = store.good
    return store.version if good is not None and good.con is con else None


def ask_shared(question: Callable[..., Any], con: Connection, *args: Any) -> Any:
    """`question(con, *args)`, answered once per data version and shared by all sessions."""
    version = _served_version(con)
    if version is None:
        return question(con, *args)
    return _shared_answer(version, question.__name__, args, question, con)


def answers_for(con: Connection, f: Filters, today: dt.date | None = None) -> Answers:
    """The answers of a page's selection, through the shared cache."""
    return Answers(con, f, today or dt.date.today(), ask_shared)


# Shown where the page is about to draw, from half a second on (st.spinner waits that long
# before it shows, so answers already in the cache never flash it): a page switch, a filter
# change or leaving presentation mode otherwise shows only Streamlit's small "Running…" in
# the corner above faded, stale charts.
WAIT_TEXT = "Counting the figures for these filters…"


def ask_ahead(*asked: tuple[Answers, Iterable[Question]]) -> None:
    """Ask these questions of these selections side by side (through the shared cache), so
    that the page finds them answered when it draws; a spinner while that takes time."""
    with st.spinner(WAIT_TEXT, show_time=True):
        ask_together((answers, q) for answers, questions in asked for q in questions)


@st.cache_resource(max_entries=512, show_spinner=False)
def _shared_view(version: str, key: str, measure: str | None, f: Filters, today: dt.date,
                 _answers: Answers) -> ChartView:
    return figures.chart_view(key, _answers, measure)


def chart_view(answers: Answers, key: str, measure: str | None = None) -> ChartView:
    """Chart `key` of the figures layer for the selection, built once and shared.

    Sessions showing the same selection get the same figure object: a caller that adjusts
    the figure must copy it first.
    """
    version = _served_version(answers.con)
    if version is None:
        return figures.chart_view(key, answers, measure)
    return _shared_view(version, key, measure, answers.filters, answers.today, answers)


# --- the data explorer ------------------------------------------------------------------


def explore_preview(con: Connection, dataset: str, f: Filters, limit: int) -> pd.DataFrame:
    """The first `limit` rows of a dataset under the filters (cached: the preview is capped)."""
    return ask_shared(queries.explore, con, dataset, f, limit)


def count_rows(con: Connection, dataset: str, f: Filters) -> int:
    """How many rows of the dataset match the filters."""
    return int(ask_shared(queries.count_explore, con, dataset, f))


def rows_illustrative(con: Connection, dataset: str, f: Filters) -> bool:
    """Whether any matching row of the dataset carries illustrative values."""
    return bool(ask_shared(queries.rows_illustrative, con, dataset, f))


def seizures_illustrative(con: Connection, f: Filters) -> bool:
    return bool(ask_shared(queries.seizures_illustrative, con, f))


def activity_detail(con: Connection, activity_id: str) -> pd.DataFrame:
    """One row per country of the activity and agency type."""
    return ask_shared(queries.activity_detail, con, activity_id)
