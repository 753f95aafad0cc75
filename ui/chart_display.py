"""Drawing what the figures layer defines: key-figure tiles, charts with their takeaway, notes.

Every number comes from `analytics.figures`; this module only lays it out. Text from the
data (a takeaway naming a country) is shown literally.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

import streamlit as st

from analytics import figures, images
from analytics.answers import Answers
from analytics.figures import ChartView
from ui.filter_state import chart_epoch, filters_text
from ui.presentation import presenting

ILLUSTRATIVE_TEXT = figures.ILLUSTRATIVE_TEXT


def illustrative_note(flag: bool) -> None:
    """A visible caption when what is shown holds illustrative (sample) values."""
    if flag:
        st.caption(f"⚠️ {ILLUSTRATIVE_TEXT}")


class IllustrativeNotice:
    """The page's one illustrative-data note, under its title: shown as soon as anything
    drawn on the page holds illustrative values (once, however many charts do)."""

    def __init__(self) -> None:
        self._slot = st.empty()
        self.shown = False

    def add(self, flag: bool) -> None:
        if flag and not self.shown:
            self.shown = True
            with self._slot.container():
                illustrative_note(True)


def empty_state(message: str) -> None:
    """A plain message where a chart would be, when the filters leave no data."""
    st.info(message + " Widen the filters in the sidebar, or press Reset filters.", icon="ℹ️")


def key_figure_tiles(answers: Answers, names: Sequence[str], per_row: int = 3) -> bool:
    """The key figures `names` as tiles, their definitions as help; True if any illustrative."""
    shown = [figures.key_figure(name, answers) for name in names]
    for start in range(0, len(shown), per_row):
        for column, s in zip(st.columns(per_row), shown[start:start + per_row], strict=False):
            column.metric(s.label, s.value, delta=s.detail or None, delta_color="off",
                          delta_arrow="off", help=s.figure.help())
    return any(s.illustrative for s in shown)


def topojson_url() -> str:
    """Where the app serves the map outlines (static/topojson, see .streamlit/config.toml)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return ("/" + base if base else "") + "/app/static/topojson/"


def plotly_config() -> dict[str, Any]:
    return {"topojsonURL": topojson_url(), "displaylogo": False}


def chart_png_bytes(fig: Any, caption_filters: str, illustrative: bool = False) -> bytes:
    """The chart as a slide-sized PNG with its finding, the filters and the data note."""
    return images.chart_png(fig, caption_filters,
                            note=ILLUSTRATIVE_TEXT if illustrative else None)


def png_download(fig: Any, key: str, illustrative: bool = False) -> None:
    """A small "PNG" download under a chart: 1600×900, its title, the filters as caption."""
    problem = images.renderer_problem()
    st.download_button(
        "PNG", partial(chart_png_bytes, fig, filters_text(), illustrative),
        file_name=f"chart-{re.sub(r'[^a-z0-9-]+', '-', key.lower())}-"
                  f"{dt.date.today():%Y-%m-%d}.png",
        mime="image/png", key=f"png-{key}", on_click="ignore", type="tertiary", icon="⬇️",
        disabled=problem is not None,
        help=problem or "This chart as a 1600×900 image for slides, with its title and the "
                        "filters in a caption.",
    )


def show_chart(
    fig: Any,
    key: str,
    on_select: str | Callable[[], None] | None = None,
    selection_mode: str | Iterable[str] = "points",
    alt: str | None = None,
    png: bool = True,
    height: int | str | None = None,
    illustrative: bool = False,
) -> Any:
    """Draw a plotly figure (maps draw offline); the selection when `on_select` is given.

    `on_select`: None (no selection), "rerun", or a callback. The chart key changes when the
    filters are set from code, so an old click does not apply again after a reset. `png`: a
    download of the chart as an image under it (never in presentation mode); nothing is
    drawn until it is clicked.
    """
    full_key = f"{key}-{chart_epoch()}"
    kwargs: dict[str, Any] = {"key": full_key, "config": plotly_config(), "width": "stretch"}
    if alt:
        kwargs["alt"] = alt
    if height is not None:
        kwargs["height"] = height
    if on_select is None:
        st.plotly_chart(fig, **kwargs)
        selection = None
    else:
        selection = st.plotly_chart(fig, on_select=on_select, selection_mode=selection_mode,
                                    **kwargs)
    if png and not presenting():
        png_download(fig, full_key, illustrative)
    return selection


def show_view(view: ChartView, key: str, *, alt: str, on_select: str | None = None,
              selection_mode: str | Iterable[str] = "points", figure: Any = None,
              notice: IllustrativeNotice | None = None) -> Any:
    """A chart of the figures layer: its finding is its title (as on the slide and in the
    pack), what it measures the subtitle; the page says once whether data is illustrative."""
    if notice is not None:
        notice.add(view.illustrative)
    return show_chart(figure if figure is not None else view.figure, key,
                      on_select=on_select, selection_mode=selection_mode,
                      alt=f"{view.takeaway} ({alt})", illustrative=view.illustrative)


def selected_points(selection: Any) -> list[dict[str, Any]]:
    """The points of a plotly selection (each a dict: x, y, location, customdata, ...)."""
    if not selection:
        return []
    sel = selection.get("selection") if hasattr(selection, "get") else None
    points = list((sel or {}).get("points", []) or [])
    # The charts escape their customdata for plotly (analytics/charts.py): the key as written.
    for point in points:
        custom = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(custom, list):
            point["customdata"] = [html.unescape(v) if isinstance(v, str) else v
                                   for v in custom]
        elif isinstance(custom, str):
            point["customdata"] = html.unescape(custom)
    return points
