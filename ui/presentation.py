"""Presentation mode: which page is running, links into presentation, and the way back.

A page's slides are its charts of the figures layer (`figures.PAGE_CHARTS`), in that order:
`/present?seq=<page>` presents them; without `seq`, the briefing pack's whole sequence.
"""

from __future__ import annotations

import streamlit as st

from analytics.figures import MAP_MEASURES, MEASURES, PAGE_CHARTS
from analytics.filters import Filters

PRESENT_PAGE = "present"
PRESENT_SCRIPT = "app_pages/present.py"
DEFAULT_PAGE = "overview"
# Page state a page's slides follow: the measure chosen on the pages that offer one.
PAGE_STATE_KEYS: dict[str, tuple[str, ...]] = {"counterfeiting": ("measure",),
                                               "countries": ("measure",)}
# The values each may take: a link carries on only a value the page itself would use.
_PAGE_STATE_VALUES: dict[tuple[str, str], frozenset[str]] = {
    ("counterfeiting", "measure"): frozenset(MEASURES),
    ("countries", "measure"): frozenset(MAP_MEASURES),
}
_PAGE = "_current_page"  # the page script running (its file name without .py)
_LAST_PAGE = "_last_page"  # the last page run other than presentation: where Exit returns
_PRESENTING = "_presenting"


def navigation_position() -> str:
    """app.py: the navigation is hidden in presentation mode."""
    return "hidden" if st.session_state.get(_PRESENTING) else "sidebar"


def entered_page(name: str) -> None:
    """app.py: the page about to run (its script's file name without .py).

    Entering or leaving presentation mode reruns once, so that the navigation is drawn (or
    not) for the page that runs.
    """
    s = st.session_state
    s[_PAGE] = name
    if name != PRESENT_PAGE:
        s[_LAST_PAGE] = name
    now_presenting = name == PRESENT_PAGE
    if now_presenting != bool(s.get(_PRESENTING)):
        s[_PRESENTING] = now_presenting
        st.rerun()


def presenting() -> bool:
    return bool(st.session_state.get(_PRESENTING))


def current_page() -> str | None:
    return st.session_state.get(_PAGE)


def present_query(f: Filters, page: str | None) -> dict[str, list[str]]:
    """The query string of presentation mode: the filters, `seq` for one page's charts, and
    the page's own state its charts follow (the measure)."""
    query = f.to_query()
    if page in PAGE_CHARTS:
        query["seq"] = [page]
        for key in PAGE_STATE_KEYS.get(page, ()):
            value = st.query_params.get(key)
            if value and value in _PAGE_STATE_VALUES.get((page, key), ()):
                query[key] = [value]
    return query


def return_page() -> str:
    """The page script Exit returns to: the page presentation was entered from."""
    s = st.session_state
    name = s.get(_LAST_PAGE) or st.query_params.get("seq") or DEFAULT_PAGE
    known = name in PAGE_CHARTS or name in ("data_explorer", "definitions")
    return f"app_pages/{name if known else DEFAULT_PAGE}.py"


def follow_present_flag(f: Filters) -> None:
    """`present=1` in a page's link opens that page's charts in presentation mode;
    `present=all` the whole sequence."""
    flag = (st.query_params.get("present") or "").strip().lower()
    if flag not in ("1", "true", "yes", "all"):
        return
    page = None if flag == "all" else current_page()
    st.switch_page(PRESENT_SCRIPT, query_params=present_query(f, page))


def presentation_links(f: Filters) -> None:
    """Sidebar links into presentation mode with the current filters (copy one to prepare a
    meeting: the link opens straight into it)."""
    if _PAGE not in st.session_state:  # a page script run on its own, not through app.py
        return
    page = current_page()
    if page in PAGE_CHARTS:
        st.page_link(PRESENT_SCRIPT, label="Present this page", icon="🎞️",
                     query_params=present_query(f, page),
                     help="This page's charts one at a time, full screen, for a projector. "
                          "← → step; Esc returns here.")
    st.page_link(PRESENT_SCRIPT, label="Present all charts", icon="📽️",
                 query_params=present_query(f, None),
                 help="The briefing pack's charts one at a time, full screen, for a projector. "
                      "← → step; Esc returns here.")
