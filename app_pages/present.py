"""Presentation mode: the briefing pack's charts one at a time, large, for a projector.

The slides are the charts of the figures layer (analytics/figures.py), as the pages and the
briefing pack show them: the same titles and takeaways, so what is said in the room matches
the page and the file sent afterwards. A page's slides follow its measure (`measure`).
The sidebar, the header and every control but the small stepping buttons are hidden. The
URL holds the filters, the sequence (`seq=<page>`: that page's charts; none: all) and the
slide (`slide`, from 1), so a reload or a prepared link opens the same slide. ← / → step,
Esc returns to the page it came from.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import streamlit as st

from analytics import pack_content
from analytics.figures import ILLUSTRATIVE_TEXT, PACK_CHARTS, PAGE_CHARTS
from analytics.filters import Filters
from ui.chart_display import show_chart
from ui.data_store import served_data
from ui.literal import markdown as plain
from ui.presentation import return_page
from ui.questions import answers_for, chart_view
from ui.sidebar import presentation_filters

PROJECTOR_FONT = 20  # chart text in pixels: readable from the back of a meeting room

# Constant CSS only (no data): hide everything that is not the slide, enlarge the type.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stMainMenu"] { display: none !important; }
[data-testid="stMainBlockContainer"] {
  padding: 1.2rem 2.5rem 0.5rem 2.5rem !important; max-width: 100% !important;
}
.st-key-present-title h1 {
  font-size: clamp(1.7rem, 3.1vw, 3rem) !important; line-height: 1.15 !important;
  font-weight: 700 !important; padding: 0 !important;
}
.st-key-present-subtitle p {
  font-size: clamp(1.1rem, 1.6vw, 1.6rem) !important; line-height: 1.3 !important;
  margin: 0 !important; opacity: 0.8;
}
.st-key-present-chart [data-testid="stPlotlyChart"] {
  height: max(320px, calc(100vh - 290px)) !important;
}
.st-key-present-caption p, .st-key-present-caption [data-testid="stCaptionContainer"] {
  font-size: clamp(0.95rem, 1.2vw, 1.2rem) !important;
}
.st-key-present-illustrative p { font-size: clamp(1rem, 1.3vw, 1.3rem) !important;
  color: #b03a00 !important; font-weight: 600 !important; }
.st-key-present-controls button { min-height: 2rem !important; opacity: 0.75; }
.st-key-present-controls button:hover { opacity: 1; }
.st-key-present-clicker, .st-key-present-chart .modebar-container,
.st-key-present-chart [data-testid="stElementToolbar"] { display: none !important; }
</style>
"""

def sequence() -> str | None:
    """The page whose charts are presented (`seq`), or None for the whole pack."""
    seq = st.query_params.get("seq")
    if seq is None or seq in PAGE_CHARTS:
        return seq
    del st.query_params["seq"]
    return None


def slide_number(n: int) -> int:
    """The slide shown, from 1 to n (`slide` in the URL; anything else shows the first)."""
    raw = st.query_params.get("slide", "1")
    # ASCII digits only: str.isdigit() is also true for "²", which int() refuses, and int()
    # reads other scripts' digits ("٣"); the URL names a slide one way. More digits than
    # any deck has slides is beyond the end (int() refuses 4,300 digits and more).
    if re.fullmatch(r"[0-9]{1,9}", raw):
        k = int(raw)
    else:
        k = n if re.fullmatch(r"[0-9]+", raw) else 1
    k = min(max(k, 1), n)
    if raw != str(k):
        st.query_params["slide"] = str(k)
    return k


def go_to(k: int) -> None:
    st.query_params["slide"] = str(k)


SLIDE_PLOT_PX = 360  # the plot's height on a 1280×720 projector, titles and controls aside


def category_count(fig: Any, axis: str) -> int:
    """How many categories a figure's axis shows (0 for a numeric axis)."""
    layout_axis = fig.layout[f"{axis}axis"]
    if layout_axis.tickvals is not None and layout_axis.tickmode == "array":
        return len(layout_axis.tickvals)
    values: set[Any] = set()
    for trace in fig.data:
        given = getattr(trace, axis, None)
        for v in () if given is None else given:
            if isinstance(v, str):
                values.add(v)
    return len(values)


def projector_figure(figure: Any) -> Any:
    """A copy of the chart with large type; the slide's title and subtitle replace the
    chart's own."""
    fig = copy.deepcopy(figure)
    fig.update_layout(
        title={"text": "", "subtitle": {"text": ""}}, font={"size": PROJECTOR_FONT},
        legend={"font": {"size": PROJECTOR_FONT}},
        hoverlabel={"font": {"size": PROJECTOR_FONT}}, height=None, autosize=True,
        margin={"t": 30, "b": 10, "l": 10, "r": 10},
    )
    # Streamlit's chart theme sets the axis and colour-bar type small: set them here.
    small, large = {"size": PROJECTOR_FONT - 2}, {"size": PROJECTOR_FONT}
    fig.update_xaxes(tickfont=small, title={"font": large})
    # Row labels as large as their rows allow at 1280×720 (a smaller type beats plotly
    # dropping every other label, or labels running into each other).
    rows = category_count(fig, "y")
    fig.update_yaxes(tickfont={"size": max(10, min(PROJECTOR_FONT - 2,
                                                   int(SLIDE_PLOT_PX / max(rows, 1) * 0.5)))},
                     title={"font": large})
    for trace in fig.data:
        if "colorbar" in trace:
            trace.colorbar.update(tickfont=small, title={"font": large})
    return fig


st.html(PRESENT_CSS)

data = served_data()
countries = answers_for(data.con, Filters()).countries()
f, filters_text = presentation_filters(countries[["iso3", "name"]])
answers = answers_for(data.con, f)
loaded_text = pack_content.BriefingPack.loaded_text_of(
    pack_content.loaded_at_of(getattr(data, "files", None) or []))

seq = sequence()
measure = st.query_params.get("measure")
keys = PAGE_CHARTS[seq] if seq else PACK_CHARTS
n = len(keys)
k = slide_number(n)
slide = chart_view(answers, keys[k - 1], measure)

# The finding is the slide's title; what the chart measures is under it (as on the page).
with st.container(key="present-title"):
    st.title(plain(slide.takeaway), anchor=False)
with st.container(key="present-subtitle"):
    st.markdown(plain(slide.title))
with st.container(key="present-chart"):
    show_chart(projector_figure(slide.figure), key=f"present-{slide.key}", png=False,
               height="stretch", alt=f"{slide.title}: {slide.takeaway}")
if slide.illustrative:
    with st.container(key="present-illustrative"):
        st.markdown(f"⚠️ {ILLUSTRATIVE_TEXT}")

left, middle, right = st.columns([5, 2, 1], vertical_alignment="center")
with left, st.container(key="present-caption"):
    st.caption(f"Slide {k} of {n} · Filters: {plain(filters_text)} · {plain(loaded_text)}")
with middle, st.container(key="present-controls", horizontal=True,
                          horizontal_alignment="right"):
    st.button("◀", key="present-back", on_click=go_to, args=(k - 1,), disabled=k == 1,
              shortcut="Left", help="Previous chart")
    st.button("▶", key="present-next", on_click=go_to, args=(k + 1,), disabled=k == n,
              shortcut="Right", help="Next chart")
with right, st.container(key="present-exit", horizontal=True, horizontal_alignment="right"):
    leave = st.button("Exit", key="present-exit-button", shortcut="Esc", type="tertiary",
                      help="Back to the page, with the same filters")
# Presenter remotes send Page Up / Page Down: buttons with those shortcuts, not shown.
with st.container(key="present-clicker"):
    st.button("Next", key="present-next-page", on_click=go_to, args=(k + 1,), disabled=k == n,
              shortcut="PageDown")
    st.button("Previous", key="present-back-page", on_click=go_to, args=(k - 1,),
              disabled=k == 1, shortcut="PageUp")

if leave:
    back = f.to_query() | ({"measure": [measure]} if measure else {})
    st.switch_page(return_page(), query_params=back)
