"""The sidebar every page draws: the filters, presentation links, the briefing pack, the data."""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from analytics.answers import Answers, Question
from analytics.figures import page_questions
from analytics.filters import Filters
from ui import filter_state
from ui.data_store import data_status
from ui.pack_downloads import briefing_pack_downloads
from ui.presentation import follow_present_flag, presentation_links
from ui.questions import answers_for, ask_ahead


def sidebar(countries: pd.DataFrame | None) -> Filters:
    """The filters of this run, drawn in the sidebar, kept across pages and in the URL.

    Below the filters: presentation mode and the briefing pack. A link with `present=1` (or
    `present=all`) opens presentation mode.
    """
    filter_state.sync_filters(list(filter_state.names_of(countries)))
    follow_present_flag(filter_state.usable(filter_state.current_filters()))
    f = filter_state.filter_widgets(countries)
    with st.sidebar:
        st.divider()
        presentation_links(f)
        briefing_pack_downloads(f)
        st.divider()
        data_status()
    filter_state.write_query(f)
    return f


def presentation_filters(countries: pd.DataFrame | None) -> tuple[Filters, str]:
    """The filters for presentation mode: as the sidebar keeps them, but no widget drawn.

    Returns the filters and the filters in words.
    """
    country_names = filter_state.names_of(countries)
    filter_state.sync_filters(list(country_names))
    f = filter_state.usable(filter_state.current_filters())
    text = f.describe(country_names)
    st.session_state[filter_state.FILTERS_TEXT] = text
    filter_state.write_query(f)
    return f, text


def page_answers(con: duckdb.DuckDBPyConnection, page: str | None = None,
                 *also: Question) -> Answers:
    """A page's start: the sidebar drawn, and the answers of the selection it holds.

    The questions of `page` in the figures layer, and those in `also` (its own tables), are
    asked side by side now, before the page draws anything.
    """
    countries = answers_for(con, Filters()).countries()
    answers = answers_for(con, sidebar(countries[["iso3", "name"]]))
    if page is not None:
        ask_ahead((answers, (*page_questions(page), *also)))
    return answers
