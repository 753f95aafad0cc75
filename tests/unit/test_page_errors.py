"""The one page error let through (benchmarks/page_errors.py), and nothing that resembles it."""

from __future__ import annotations

from benchmarks.page_errors import REMOVED_MAP_MESSAGE, from_removed_map

# As Chromium reported it in CI (tests/browser/test_benchmark_browser.py, 3 December 2026).
SEEN = (
    "TypeError: Cannot read properties of undefined (reading '_scrollZoom')\n"
    "    at j.updateFx (http://127.0.0.1:45501/static/js/PlotlyChart.D9Z0_fxz.js:1997:308465)\n"
    "    at j.update (http://127.0.0.1:45501/static/js/PlotlyChart.D9Z0_fxz.js:1997:303713)\n"
    "    at http://127.0.0.1:45501/static/js/PlotlyChart.D9Z0_fxz.js:1997:302842"
)


def test_the_removed_maps_draw_is_recognised() -> None:
    assert from_removed_map(REMOVED_MAP_MESSAGE, SEEN)


def test_the_same_message_elsewhere_is_the_apps() -> None:
    elsewhere = SEEN.replace("j.updateFx", "j.drawLegend")
    assert not from_removed_map(REMOVED_MAP_MESSAGE, elsewhere)
    called_otherwise = SEEN.replace("at j.update (", "at j.relayout (")
    assert not from_removed_map(REMOVED_MAP_MESSAGE, called_otherwise)
    assert not from_removed_map(REMOVED_MAP_MESSAGE, None)
    assert not from_removed_map(REMOVED_MAP_MESSAGE, SEEN.split("\n", 1)[0])


def test_other_messages_are_the_apps() -> None:
    other = "Cannot read properties of undefined (reading '_fullLayout')"
    assert not from_removed_map(other, SEEN.replace("'_scrollZoom'", "'_fullLayout'"))
    assert not from_removed_map(REMOVED_MAP_MESSAGE + " ", SEEN)
