"""The one set of filters: sidebar widgets, kept across pages and mirrored in the URL.

On a session's first run the filters come from the URL (a shared link); a page may set one
(a click on a map country, a bar, a year); every change is written back to the URL so the
address bar always holds what is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from analytics import contract
from analytics.filters import PASSTHROUGH_KEYS, URL_KEYS, Filters, from_query
from ui.literal import markdown

_KEY = "filter_"  # session-state key prefix of the filter widgets: filter_<Filters field>
_LIST_FIELDS = ("programmes", "clusters", "expected_results", "countries", "statuses")
_INIT = "_filters_initialised"
_NOTICES = "_filter_notices"
_PENDING = "_filters_pending"
EPOCH = "_filters_epoch"  # bumped when filters change from code; renews chart keys
_WRITTEN = "_filters_written"  # the filter part of the URL as this module last wrote it
FILTERS_TEXT = "_filters_text"  # the filters in words, for chart image captions


def _widget_values(f: Filters) -> dict[str, Any]:
    values: dict[str, Any] = {_KEY + "start": f.start, _KEY + "end": f.end}
    for name in _LIST_FIELDS:
        values[_KEY + name] = list(getattr(f, name))
    return values


def _query_now() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def current_filters() -> Filters:
    """The filters as the sidebar widgets hold them now."""
    s = st.session_state
    return Filters(
        start=s.get(_KEY + "start"),
        end=s.get(_KEY + "end"),
        **{name: tuple(s.get(_KEY + name) or ()) for name in _LIST_FIELDS},
    )


def _apply(f: Filters) -> None:
    for key, value in _widget_values(f).items():
        st.session_state[key] = value


def set_filter(field_name: str, values: Any, *, rerun: bool = True) -> None:
    """Set one filter from a page (a click on a map country, a timeline cluster, a bar).

    `field_name` is a Filters field ("countries", "clusters", ...; "start"/"end" take a date).
    Reruns the app when the value changed, unless `rerun=False` (inside a widget callback).
    """
    if field_name not in (*_LIST_FIELDS, "start", "end"):
        raise ValueError(f"not a filter: {field_name!r}")
    if field_name in _LIST_FIELDS:
        if isinstance(values, str | int):
            values = [values]
        value: Any = list(dict.fromkeys(values))
    else:
        value = values
    current = st.session_state.get(_PENDING) or current_filters()
    changed = current.with_(**{field_name: tuple(value) if field_name in _LIST_FIELDS
                                  else value})
    if changed == current:
        return
    # A widget's value cannot be changed after it was drawn in this run: apply it next run.
    st.session_state[_PENDING] = changed
    st.session_state[EPOCH] = st.session_state.get(EPOCH, 0) + 1
    if rerun:
        st.rerun()


def reset_filters() -> None:
    """Callback of the Reset button: no filters (widget callbacks run before widgets draw)."""
    _apply(Filters())
    st.session_state[EPOCH] = st.session_state.get(EPOCH, 0) + 1


def _initialise(known_countries: Sequence[str]) -> None:
    """First run of a session: the filters come from the URL (a shared link)."""
    query = {k: v for k, v in _query_now().items()}
    f, notices = from_query(query, known_countries=known_countries)
    _apply(f)
    st.session_state[_NOTICES] = notices
    st.session_state[_INIT] = True


def write_query(f: Filters) -> None:
    """Put the filters in the URL, keeping page-state parameters (dataset, measure, ...)."""
    query = _query_now()
    wanted: dict[str, list[str]] = {k: v for k, v in query.items() if k in PASSTHROUGH_KEYS}
    wanted.update(f.to_query())
    if wanted != query:
        st.query_params.from_dict(wanted)
    st.session_state[_WRITTEN] = f.to_query()


def _filters_in_url() -> dict[str, list[str]]:
    return {k: v for k, v in _query_now().items() if k in URL_KEYS}


def _url_filters_changed(known_countries: Sequence[str]) -> tuple[Filters, list[str]] | None:
    """Filters put in the URL by other code (st.switch_page / st.page_link with query_params).

    A URL without filter parameters does not count: page switches drop the query string.
    """
    in_url = _filters_in_url()
    if not in_url or in_url == st.session_state.get(_WRITTEN):
        return None
    return from_query(in_url, known_countries=known_countries)


def names_of(countries: pd.DataFrame | None) -> dict[str, str]:
    if countries is None or not len(countries):
        return {}
    return dict(zip(countries["iso3"].astype(str), countries["name"].astype(str), strict=False))


def sync_filters(known: list[str]) -> None:
    """The filters of this run: from the URL on a session's first run or when a link changed
    them, else as set from code or kept in the session; notices of ignored link values shown."""
    s = st.session_state
    if not s.get(_INIT):
        _initialise(known)
    elif _PENDING in s:
        _apply(s.pop(_PENDING))
    else:
        from_url = _url_filters_changed(known)
        if from_url is not None:
            _apply(from_url[0])
            s[_NOTICES] = from_url[1]
    # Widget values are re-assigned every run so they survive page switches (a widget's state
    # is dropped when a page without it runs).
    for key, value in _widget_values(current_filters()).items():
        s[key] = value

    for notice in s.pop(_NOTICES, []) or []:
        # The notice quotes the link's own text: shown literally, never as Markdown.
        st.warning(markdown(notice + " The rest of the link was applied."), icon="⚠️")


def usable(f: Filters) -> Filters:
    """The filters as queries take them: a period whose start is after its end is ignored."""
    if f.start and f.end and f.start > f.end:
        return f.with_(start=None, end=None)
    return f


def filter_widgets(countries: pd.DataFrame | None) -> Filters:
    """The filter widgets (drawn in the sidebar); the filters of this run.

    `countries` has columns iso3 and name (the countries table); None offers no country filter
    choices beyond those already selected. Shows a notice for a period whose start is after
    its end (the period is then ignored).
    """
    country_names = names_of(countries)
    known = list(country_names)
    s = st.session_state
    with st.sidebar:
        st.header("Filters")
        c1, c2 = st.columns(2)
        c1.date_input("From", value=None, key=_KEY + "start", format="YYYY-MM-DD",
                      min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
        c2.date_input("To", value=None, key=_KEY + "end", format="YYYY-MM-DD",
                      min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
        st.multiselect("Programme", contract.PROGRAMMES, key=_KEY + "programmes",
                       placeholder="All programmes")
        st.multiselect("Cluster", contract.CLUSTERS, key=_KEY + "clusters",
                       placeholder="All clusters")
        st.multiselect("Expected result", list(contract.EXPECTED_RESULTS),
                       key=_KEY + "expected_results", placeholder="All expected results",
                       format_func=lambda r: f"{r}. {contract.EXPECTED_RESULTS[r]}")
        selected_countries = s.get(_KEY + "countries") or []
        options = known + [c for c in selected_countries if c not in country_names]
        st.multiselect("Country", options, key=_KEY + "countries", placeholder="All countries",
                       format_func=lambda c: f"{country_names.get(c, c)} ({c})")
        st.multiselect("Status", contract.STATUSES, key=_KEY + "statuses",
                       placeholder="All statuses")
        st.button("Reset filters", key="_reset_filters", on_click=reset_filters,
                  help="Remove every filter.")

    f = current_filters()
    if f != usable(f):
        st.warning("The period's 'From' date is after its 'To' date: the period is ignored. "
                   "Pick a 'From' date before the 'To' date.", icon="⚠️")
        f = usable(f)
    s[FILTERS_TEXT] = f.describe(country_names)
    return f


def filters_text() -> str:
    """The filters of this run in words (as the sidebar last described them)."""
    return st.session_state.get(FILTERS_TEXT) or current_filters().describe()


def chart_epoch() -> int:
    """Renewed when filters are set from code, so an old chart click does not apply again."""
    return int(st.session_state.get(EPOCH, 0))
