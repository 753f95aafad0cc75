"""Figures as PNG images for slides and downloads: kaleido driving the installed Chromium.

Nothing is fetched at run time: plotly.js comes from the plotly wheel, MathJax is off, map
outlines are read from `static/topojson/` through a file:// URL, and Chromium runs behind a
proxy address that refuses every connection, so an unexpected request fails at once instead
of leaving the machine. One renderer (one Chromium) is started per process and reused: the
first image takes about 2 s, each further one about 0.3 s.
"""

from __future__ import annotations

import asyncio
import copy
import html
import os
import shutil
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from analytics import charts, offline_chromium, pack_text

SLIDE_WIDTH = 1600  # pixels: a 16:9 slide at 120 dpi
SLIDE_HEIGHT = 900
TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "static" / "topojson"
TOPOJSON_URL = TOPOJSON_DIR.as_uri() + "/"
# Port 9 (discard) on the loopback: nothing listens, so any request that would go out fails.
NO_NETWORK_PROXY = "http://127.0.0.1:9"
START_TIMEOUT_S = 60
RENDER_TIMEOUT_S = 60
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                  "chrome")


class ImageRendererUnavailable(RuntimeError):
    """No browser to draw chart images with; the message says what to install or set."""


def find_browser() -> str | None:
    """The Chromium to draw with: $BROWSER_PATH when set, else the first one on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        path = Path(configured)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def renderer_problem() -> str | None:
    """Why chart images cannot be drawn here (what to do next), or None when they can."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return ("Chart images need the Python package kaleido: run "
                "`.venv/bin/pip install -r requirements.txt`.")
    if find_browser() is None:
        configured = os.environ.get("BROWSER_PATH")
        where = (f"BROWSER_PATH={configured!r} is not an executable file" if configured
                 else "no chromium found on PATH")
        return (f"Chart images need Chromium ({where}). Install Debian's package "
                "(`apt-get install chromium`) or set BROWSER_PATH to a Chromium binary; "
                "the pack is built with a note in place of each chart until then.")
    return None


class _Renderer:
    """One headless Chromium (via kaleido) on its own event-loop thread."""

    def __init__(self, browser: str) -> None:
        import kaleido

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="kaleido-renderer")
        self._thread.start()

        async def open_browser() -> Any:
            # Every online feature off (analytics/offline_chromium.py); the dead proxy stays
            # as a second wall.
            k = kaleido.Kaleido(n=1, mathjax=False, timeout=RENDER_TIMEOUT_S,
                                path=offline_chromium.launcher(browser),
                                proxy_server=NO_NETWORK_PROXY)
            await k.open()
            return k

        try:
            self._kaleido = self._call(open_browser(), START_TIMEOUT_S)
        except Exception as e:
            self._stop_loop()
            raise ImageRendererUnavailable(
                f"Chromium at {browser} did not start for chart images ({e}). Check that "
                "`chromium --headless --version` runs; the pack is built without images."
            ) from e

    def _call(self, coro: Coroutine[Any, Any, Any], timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def render(self, fig: go.Figure, width: int, height: int, topojson: str | None,
               fmt: str = "png") -> bytes:
        opts = {"format": fmt, "width": width, "height": height, "scale": 1}
        return self._call(
            self._kaleido.calc_fig(fig, opts=opts, topojson=topojson),
            RENDER_TIMEOUT_S + 5,
        )

    def close(self) -> None:
        try:
            self._call(self._kaleido.close(), 30)
        except Exception:  # noqa: BLE001 - closing is best effort; the process may be gone
            pass
        self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)


_renderer: _Renderer | None = None
_lock = threading.Lock()


def start() -> None:
    """Start the shared renderer (once per process); ImageRendererUnavailable if it cannot."""
    global _renderer
    with _lock:
        if _renderer is not None:
            return
        problem = renderer_problem()
        if problem:
            raise ImageRendererUnavailable(problem)
        # Also for anyone calling fig.to_image(): maps read the local outlines.
        pio.defaults.topojson = TOPOJSON_URL
        _renderer = _Renderer(find_browser() or "")


def stop() -> None:
    """Close the shared renderer's Chromium (it starts again on the next image)."""
    global _renderer
    with _lock:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


def figure_png(fig: go.Figure, width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT, *,
               topojson: str | None = TOPOJSON_URL, fmt: str = "png") -> bytes:
    """The figure as PNG bytes, exactly `width` × `height` pixels, drawn as it is.

    Maps read their outlines from `topojson` (a folder URL ending in "/"): the local files.
    None leaves plotly.js to its default (the CDN), which the no-network proxy refuses.
    `fmt` "svg": the same drawing as SVG (its text elements can be read, e.g. by a test).
    """
    start()
    renderer = _renderer
    if renderer is None:  # stopped by another thread in between
        raise ImageRendererUnavailable("The chart image renderer was stopped; try again.")
    return renderer.render(fig, width, height, topojson, fmt)


PRINT_TITLE_WIDTH = 100  # characters per title line on a 1600-pixel image


def for_print(fig: go.Figure, title: str | None = None, caption: str | None = None,
              font_size: int = 16) -> go.Figure:
    """A copy on a white background: its title (the finding, or `title`), and under it the
    chart's subtitle (what it measures) followed by `caption` (the filters, a note).

    The charts are transparent for the app's light and dark themes; an image on a slide or
    in an e-mail needs its own background. The text is in the pack's family
    (`pack_text.CHART_FONT`): a download looks like the slide's picture. The caption is part
    of the title's subtitle, so it can never overlap axis labels.
    """
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    if title is None:
        # the page's title lines are a half-width chart's: the image is wider
        text = charts.wrapped(html.unescape((out.layout.title.text or "").replace("<br>", " ")),
                              PRINT_TITLE_WIDTH)
    else:
        text = charts.wrapped(title, PRINT_TITLE_WIDTH) if title else ""
    measures = out.layout.title.subtitle.text or ""
    below = " · ".join(part for part in (measures, charts.plain(caption or "")) if part)
    lines = text.count("<br>") + 1 if text else 0
    margin_top = 40 + 30 * lines + (26 if below else 0)
    out.update_layout(
        title={"text": text, "x": 0.01, "xanchor": "left", "font": {"size": font_size + 6},
               "subtitle": {"text": below, "font": {"size": font_size - 2,
                                                    "color": "#555555"}}},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        font={"size": font_size, "family": pack_text.CHART_FONT},
        margin={"l": 20, "r": 20, "t": margin_top, "b": 20},
        height=None,
        width=None,
    )
    return out


def caption_text(filters_text: str, extra: str | None = None) -> str:
    """The caption under a chart's title: the filters in words (and a note)."""
    text = f"Filters: {filters_text}"
    return f"{text} · {extra}" if extra else text


def printed_chart(fig: go.Figure, filters_text: str, *, title: str | None = None,
                  note: str | None = None) -> go.Figure:
    """The figure as its PNG download draws it: `for_print` with the filters as caption."""
    return for_print(fig, title, caption_text(filters_text, note))


def chart_png(fig: go.Figure, filters_text: str, *, title: str | None = None,
              note: str | None = None, width: int = SLIDE_WIDTH,
              height: int = SLIDE_HEIGHT) -> bytes:
    """A chart as a PNG for download: white background, its title, the filters as caption."""
    return figure_png(printed_chart(fig, filters_text, title=title, note=note), width, height)
