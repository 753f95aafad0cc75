"""Have the browser load the chart scripts while the server works on a session's first page.

The browser fetches plotly's 4.7 MB script only when a first chart arrives, and running it
holds the page's main thread for about a second on the 2-core laptops we target. An empty
chart sent at the very start of a session's first run, before the server imports pandas and
answers the page's questions, has the browser do that work while the server does its own,
instead of after it: the first page is drawn about a second sooner (benchmarks/RESULTS.md,
cold start). The chart is removed when the run ends, or before the page stops early.

Imports nothing but streamlit (and ui/startup.py: the standard library), so that app.py can
send the chart before anything heavy.
"""

from __future__ import annotations

import threading

import streamlit as st

from ui import startup

_REQUESTED = "_chart_scripts_requested"  # this browser tab has been sent the chart once
# The placeholder holding the chart, for the run that sent it only: a run interrupted by a
# rerun leaves its elements to the next run, whose own first element takes that place.
# A run starts and ends on one thread, and request() sets this at the start of every run.
_run = threading.local()

# Transparent, 10 px high (plotly's minimum), no axes, no toolbar: nothing to see or click.
EMPTY_CHART = {
    "data": [{"type": "scatter", "x": [], "y": []}],
    "layout": {"height": 10, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
               "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
               "xaxis": {"visible": False}, "yaxis": {"visible": False}},
}


def request() -> None:
    """Send the empty chart on this session's first run (later runs: the scripts are loaded)."""
    _run.slot = None
    if st.session_state.get(_REQUESTED):
        return
    st.session_state[_REQUESTED] = True
    _run.slot = st.empty()
    # Drawing a plotly chart imports plotly, numpy and pandas: not while another first
    # session imports them (ui/startup.py).
    with startup.first_imports():
        _run.slot.plotly_chart(EMPTY_CHART, theme=None,
                               config={"staticPlot": True, "displayModeBar": False})


def release() -> None:
    """Remove the empty chart, if this run sent one."""
    slot, _run.slot = getattr(_run, "slot", None), None
    if slot is not None:
        slot.empty()
