"""Which errors a page throws are the app's, and which come from a chart no longer on it.

Shared by the benchmark's browser phase (benchmarks/browser.py) and the browser tests
(tests/browser/conftest.py), so both judge a page's errors by the same rule.

One error is let through, and only this one: plotly's map (geo) drawing finishing on a chart
that Streamlit has already taken off the page. A map waits for its outlines file before it
draws; when a rerun replaces the chart in the meantime (a filter changed while a first page
was loading), Streamlit's chart wrapper purges the old chart, and plotly's pending draw then
reads the purged chart's settings: "Cannot read properties of undefined (reading
'_scrollZoom')" at `updateFx`, called from the map's `update`. Plotly sets a chart's settings
(`_context`) at the start of every draw and only its purge deletes them, so this error at this
place can only come from a removed chart; the chart that replaced it draws in full (the tests
and the benchmark check that every map on the page is drawn). The same upstream race is
reported for another plotly wrapper: reflex-dev/reflex#6003.
tests/browser/test_removed_chart.py reproduces it on purpose (the outlines held back, a
filter changed meanwhile) and fails once the error no longer happens, so this allowance
cannot outlive its cause.
"""

from __future__ import annotations

import re

REMOVED_MAP_MESSAGE = "Cannot read properties of undefined (reading '_scrollZoom')"
# The first two frames of the stack: the map's updateFx, called by its update.
_REMOVED_MAP_STACK = re.compile(r"^\s*at \S*\.?updateFx \(.+\n\s*at \S*\.?update \(", re.M)


def from_removed_map(message: str, stack: str | None) -> bool:
    """True if a page error is a map's pending draw on a chart already removed (see above)."""
    if message != REMOVED_MAP_MESSAGE:
        return False
    frames = (stack or "").split("\n", 1)
    return len(frames) == 2 and bool(_REMOVED_MAP_STACK.match(frames[1]))
