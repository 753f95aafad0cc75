"""Pure chart functions: a query's DataFrame in, a plotly Figure out (no I/O, no streamlit).

Every figure has a title and axis titles in the programme's words, takes its colours from
`analytics.palette`, and carries `customdata` (and `ids` where a point is one thing) so a page
can tell which activity, country, cluster or indicator was selected. The first customdata
field of each point is the key a page needs (activity_id, iso3, cluster, indicator_id, year,
category). An empty DataFrame gives a figure saying "No data for these filters".
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import literal, palette

NO_DATA = "No data for these filters"
DAY_MS = 24 * 60 * 60 * 1000

MEASURE_LABELS: dict[str, str] = {
    "cases": "Seizure cases",
    "articles": "Articles seized",
    "value_usd": "Value of genuine goods (US$)",
    "activities": "Activities",
    "participants": "Participants",
    "women": "Women participants",
    "women_share": "Share of women",
}


TITLE_WIDTH = 46  # characters per line of a title (a half-width chart at 1280 px)
_TITLE_LINE_PX = 26  # Streamlit's theme draws titles bold at 16-17 px
_SUBTITLE_PX = 26


# Trace fields whose text plotly shows (axis categories, labels, legend names, hover values):
# data values reach them, and plotly reads `<a href>`, `<b>`, `<br>` in them as markup.
_SHOWN_TEXT = ("x", "y", "text", "hovertext", "labels", "name", "legendgroup", "customdata")


def _literal_values(value: object) -> object:
    """`value` with every string in it (nested lists and arrays too) without plotly tags."""
    if isinstance(value, str):
        return literal.plotly_once(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "OUS":
            return value  # numbers and dates: nothing to escape
        value = value.tolist()
    if isinstance(value, list | tuple):
        if not any(isinstance(v, str | list | tuple | np.ndarray) for v in value):
            return value
        return [_literal_values(v) for v in value]
    return value


def _literal_text(fig: go.Figure) -> None:
    """Every data text of the traces shown as written, whichever chart built it; the axes'
    category orders and tick values escaped alike, so they still match the data."""
    for trace in fig.data:
        for name in _SHOWN_TEXT:
            value = trace[name] if name in trace else None
            if value is not None:
                trace[name] = _literal_values(value)
    for axis in ("xaxis", "yaxis"):
        for key in ("categoryarray", "tickvals"):
            value = fig.layout[axis][key]
            if value is not None:
                fig.layout[axis][key] = _literal_values(value)


def _layout(fig: go.Figure, title: str, x_title: str = "", y_title: str = "") -> go.Figure:
    # Every chart ends here: its data texts are made literal once, for page, PNG and pack
    # (titles are escaped where they are made: state_finding, wrapped, plain).
    _literal_text(fig)
    # Nested dicts, not plotly's "xaxis_title" shorthand: parsing those names is most of the
    # cost of building a figure, paid on every rerun of every session.
    fig.update_layout({
        "title": {"text": title, "x": 0, "xanchor": "left", "xref": "container",
                  "pad": {"l": 8}},
        "xaxis": {"title": {"text": x_title}, "automargin": True},
        "yaxis": {"title": {"text": y_title}, "automargin": True},
        # At the foot of the figure, left (the margin grows to hold its rows): on the right
        # it took a third of a half-width chart, above it it ran into the title's lines.
        "legend": {"title": {"text": ""}, "orientation": "h", "x": 0, "xanchor": "left",
                   "xref": "container", "y": 0, "yanchor": "bottom", "yref": "container"},
        "margin": {"l": 10, "r": 10, "t": _top_margin(fig, 1, False), "b": 10},
        # transparent backgrounds: the page's light or dark theme shows through
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
    })
    return fig


def _top_margin(fig: go.Figure, title_lines: int, subtitle: bool) -> int:
    return 30 + _TITLE_LINE_PX * title_lines + (_SUBTITLE_PX if subtitle else 0)


def plain(text: object) -> str:
    """Text shown by plotly as written: its tags (`<b>`, `<a href>`, `<br>`) are not markup
    (analytics/literal.py, the one literal path)."""
    return literal.plotly(text)


def wrapped(text: str, width: int = TITLE_WIDTH) -> str:
    """Plain text broken into plotly lines of at most `width` characters."""
    return "<br>".join(plain(line) for line in textwrap.wrap(
        str(text), width, break_long_words=False, break_on_hyphens=False) or [""])


def state_finding(fig: go.Figure, finding: str, measures: str,
                  width: int = TITLE_WIDTH) -> go.Figure:
    """The finding as the chart's title, what it measures as its subtitle (in place)."""
    title = wrapped(finding, width)
    fig.update_layout({
        "title": {"text": title, "subtitle": {"text": plain(measures)}},
        "margin": {"t": _top_margin(fig, title.count("<br>") + 1, True)},
    })
    return fig


def _whole_numbers(fig: go.Figure, axis: str, largest: float | None) -> None:
    """Ticks at whole numbers on a count axis (never 0.2 of an activity)."""
    settings: dict[str, object] = {"tickformat": ",d", "rangemode": "tozero"}
    if largest is not None and np.isfinite(largest) and largest <= 8:
        settings |= {"dtick": 1, "range": [0, max(1.0, float(largest)) * 1.05]}
    fig.update_layout({axis: settings})


def _every_category(fig: go.Figure, axis: str) -> None:
    """Label every category (plotly drops every other label when they crowd)."""
    fig.update_layout({axis: {"tickmode": "linear", "dtick": 1}})


def _wrapped_ticks(fig: go.Figure, axis: str, categories: Sequence[object],
                   width: int = 16) -> None:
    """Every category labelled level, its name broken into short lines (long names tilted
    take half a slide's height, and plotly drops the ones that do not fit)."""
    fig.update_layout({axis: {"tickmode": "array", "tickvals": list(categories),
                              "ticktext": [wrapped(str(c), width) for c in categories],
                              "tickangle": 0}})


def _short(text: object, length: int) -> str:
    text = str(text)
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def partial_year_label(year: int) -> str:
    """How a year not wholly counted is named on an axis."""
    return f"{year} (part)"


def empty_figure(title: str, message: str = NO_DATA) -> go.Figure:
    """A figure with a title and a centred message instead of data."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
        font={"size": 16},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title)


def _is_empty(df: pd.DataFrame | None, columns: Sequence[str] = ()) -> bool:
    if df is None or df.empty:
        return True
    return any(c not in df.columns for c in columns)


def _label(measure: str) -> str:
    return MEASURE_LABELS.get(measure, measure.replace("_", " ").capitalize())


# --- activities ---------------------------------------------------------------------------


ACTIVITY_LABEL_LENGTH = 34  # characters of an activity's label on the timeline's axis


def _activity_label(row: pd.Series) -> str:
    return _short(f"{row['activity_id']} · {row['title']}", ACTIVITY_LABEL_LENGTH)


def timeline(
    df: pd.DataFrame, today: dt.date | None = None, title: str = "Activities over time",
    window: tuple[dt.date, dt.date] | None = None,
) -> go.Figure:
    """Gantt of the dated activities, grouped by cluster, coloured by status, with today.

    Expects `queries.activities_timeline` columns; undated activities are left out (the page
    lists them). Each cluster's name heads its group of rows (not a second label column,
    which took half the width). `window`: the dates shown first (a double click shows all).
    customdata: activity_id, cluster, status, host, countries, start, end.
    """
    needed = ("activity_id", "title", "cluster", "status", "start_date", "end_date", "has_dates")
    if _is_empty(df, needed):
        return empty_figure(title)
    dated = df[df["has_dates"].astype(bool) & df["start_date"].notna()].copy()
    if dated.empty:
        return empty_figure(title, "No dated activities for these filters")
    dated["start"] = pd.to_datetime(dated["start_date"])
    dated["end"] = pd.to_datetime(dated["end_date"]).fillna(dated["start"])
    # a bar covers whole days: from the first day's start to the last day's end
    dated["duration_ms"] = (
        (dated["end"] - dated["start"]).dt.total_seconds() * 1000 + DAY_MS
    )
    dated["label"] = dated.apply(_activity_label, axis=1)
    dated["host"] = dated.get("host_name", pd.Series(index=dated.index)).fillna("regional/online")
    dated["countries_text"] = dated.get("countries", pd.Series(index=dated.index)).fillna("")
    dated = dated.sort_values(["cluster", "start", "activity_id"]).reset_index(drop=True)
    # One row per activity, named by its (unique) id, under a heading row per cluster whose
    # label is the cluster's name.
    rows: list[str] = []
    labels: list[str] = []
    for cluster, part in dated.groupby("cluster", sort=False):
        rows.append(f"cluster:{cluster}")
        labels.append(f"<b>{plain(cluster)}</b>")
        rows += part["activity_id"].tolist()
        labels += [plain(label) for label in part["label"]]

    fig = go.Figure()
    for status, part in dated.groupby("status", sort=False):
        fig.add_trace(
            go.Bar(
                name=str(status),
                orientation="h",
                base=part["start"],
                x=part["duration_ms"],
                y=part["activity_id"],
                ids=part["activity_id"].tolist(),
                marker_color=palette.status_colour(str(status)),
                customdata=part[
                    ["activity_id", "cluster", "status", "host", "countries_text", "start", "end"]
                ].assign(
                    start=part["start"].dt.strftime("%Y-%m-%d"),
                    end=part["end"].dt.strftime("%Y-%m-%d"),
                ).to_numpy(),
                text=part["title"],
                textposition="none",
                hovertemplate=(
                    "<b>%{text}</b><br>%{customdata[5]} to %{customdata[6]}"
                    "<br>Status: %{customdata[2]}<br>Host: %{customdata[3]}"
                    "<br>Countries: %{customdata[4]}<extra>%{customdata[0]}</extra>"
                ),
            )
        )
    fig.update_xaxes(type="date")
    if window is not None:
        fig.update_xaxes(range=[pd.Timestamp(window[0]), pd.Timestamp(window[1])])
    # An explicit range: autorange leaves out a heading row at the top (it has no bar).
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=rows, range=[len(rows) - 0.5,
                                                                           -0.5],
        tickmode="array", tickvals=rows, ticktext=labels,
    )
    fig.update_layout(barmode="overlay", height=max(320, 26 * len(rows) + 150))
    if today is not None:
        fig.add_shape(
            type="line", x0=today, x1=today, y0=0, y1=1, yref="paper",
            line={"color": palette.TODAY_COLOUR, "dash": "dash", "width": 2},
        )
        fig.add_annotation(
            x=today, y=1, yref="paper", text="today", showarrow=False, yanchor="bottom",
            font={"color": palette.TODAY_COLOUR},
        )
    return _layout(fig, title, "Date", "")


def status_cluster_bar(
    df: pd.DataFrame, title: str = "Activities by cluster and status"
) -> go.Figure:
    """Stacked horizontal bars: activities per cluster, one colour per status (clusters on
    the vertical axis, so their names read level at any width); customdata: cluster, status."""
    if _is_empty(df, ("cluster", "status", "activities")):
        return empty_figure(title)
    order = list(dict.fromkeys(df["cluster"]))
    fig = go.Figure()
    for status, part in df.groupby("status", sort=False):
        fig.add_trace(
            go.Bar(
                name=str(status),
                orientation="h",
                x=part["activities"],
                y=part["cluster"],
                marker_color=palette.status_colour(str(status)),
                customdata=part[["cluster", "status"]].to_numpy(),
                hovertemplate="%{y}<br>%{customdata[1]}: %{x} activities<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", height=max(320, 44 * len(order) + 190))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=order)
    _whole_numbers(fig, "xaxis", float(df.groupby("cluster")["activities"].sum().max()))
    _every_category(fig, "yaxis")
    return _layout(fig, title, "Activities", "")


# --- results ----------------------------------------------------------------------------


INDICATOR_LABEL_LENGTH = 40  # characters of an indicator's label on the axis


def indicator_progress(
    df: pd.DataFrame, title: str = "Progress towards the targets"
) -> go.Figure:
    """Horizontal bars: progress per indicator, a tick for the time elapsed.

    Each status (green, amber, red, no value yet) is a trace of its own, so the legend names
    all of them; its colour, bar pattern and the word at the bar's end tell it apart.
    customdata: indicator_id, rag, latest value, unit, time elapsed.
    """
    if _is_empty(df, ("indicator_id", "name", "progress", "time_elapsed", "rag")):
        return empty_figure(title)
    d = df.copy()
    d["label"] = [_short(f"{i} · {n}", INDICATOR_LABEL_LENGTH)
                  for i, n in zip(d["indicator_id"], d["name"].astype(str), strict=True)]
    d["progress_pct"] = d["progress"].astype(float).fillna(0).clip(lower=0, upper=1.5) * 100
    d["elapsed_pct"] = d["time_elapsed"].astype(float) * 100
    unit = d["unit"] if "unit" in d.columns else pd.Series("", index=d.index)
    latest = d["latest_value"] if "latest_value" in d.columns else pd.Series(index=d.index)
    custom = pd.DataFrame(
        {
            "indicator_id": d["indicator_id"],
            "rag": d["rag"],
            "latest": latest.astype(object).where(latest.notna(), "no value yet"),
            "unit": unit,
            "elapsed": d["elapsed_pct"].round(0),
        }
    )
    fig = go.Figure()
    for rag in palette.RAG_COLOURS:
        part = d["rag"] == rag
        if not part.any():
            continue
        fig.add_trace(
            go.Bar(
                name=palette.RAG_LABELS[rag],
                orientation="h",
                x=d.loc[part, "progress_pct"],
                y=d.loc[part, "label"],
                ids=d.loc[part, "indicator_id"].tolist(),
                # the status colour under the pattern, set outright: a themed page (and
                # plotly's default "replace" fill) would otherwise draw the pattern on white
                marker={"color": palette.RAG_COLOURS[rag],
                        "pattern": {"shape": palette.RAG_PATTERNS[rag], "fillmode": "overlay",
                                    "bgcolor": palette.RAG_COLOURS[rag],
                                    "fgcolor": "#333333", "size": 6, "solidity": 0.25}},
                text=[palette.RAG_LABELS[rag].split(" (")[0]] * int(part.sum()),
                textposition="outside", cliponaxis=False,
                customdata=custom[part].to_numpy(),
                hovertemplate=(
                    "%{y}<br>Progress: %{x:.0f}%  (%{customdata[1]})"
                    "<br>Latest: %{customdata[2]} %{customdata[3]}"
                    "<br>Time elapsed: %{customdata[4]}%<extra></extra>"
                ),
            )
        )
    fig.add_trace(
        go.Scatter(
            name="Time elapsed",
            x=d["elapsed_pct"],
            y=d["label"],
            mode="markers",
            marker={"symbol": "line-ns-open", "size": 22, "color": palette.TARGET_COLOUR,
                    "line": {"width": 3}},
            customdata=custom.to_numpy(),
            hovertemplate="%{y}<br>Time elapsed: %{x:.0f}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", categoryorder="array",
                     categoryarray=d["label"].tolist())
    _every_category(fig, "yaxis")
    top = float(max(d["progress_pct"].max(), d["elapsed_pct"].max(), 100))
    fig.update_xaxes(ticksuffix="%", range=[0, top * 1.18])
    fig.update_layout(barmode="overlay", height=max(320, 34 * len(d) + 170))
    return _layout(fig, title, "Progress from baseline to target", "")


def indicator_trend(df: pd.DataFrame, title: str = "Indicator values over time") -> go.Figure:
    """A line per indicator through its measured values, and a dashed path to its target.

    customdata: indicator_id, unit.
    """
    if _is_empty(df, ("indicator_id", "name", "period_end", "value", "target", "target_date")):
        return empty_figure(title)
    fig = go.Figure()
    for i, (indicator_id, part) in enumerate(df.groupby("indicator_id", sort=False)):
        colour = palette.FALLBACK_SEQUENCE[i % len(palette.FALLBACK_SEQUENCE)]
        part = part.sort_values("period_end")
        first = part.iloc[0]
        unit = str(first.get("unit", ""))
        fig.add_trace(
            go.Scatter(
                name=f"{indicator_id} · {first['name']}",
                x=part["period_end"],
                y=part["value"],
                mode="lines+markers",
                line={"color": colour},
                customdata=[[indicator_id, unit]] * len(part),
                hovertemplate="%{x|%Y-%m-%d}: %{y} %{customdata[1]}<extra>%{customdata[0]}</extra>",
            )
        )
        start_x = first.get("baseline_date")
        if start_x is None or pd.isna(start_x):
            start_x = first["period_end"]
        fig.add_trace(
            go.Scatter(
                name=f"{indicator_id} target",
                x=[start_x, first["target_date"]],
                y=[first["baseline"], first["target"]],
                mode="lines+markers",
                line={"color": colour, "dash": "dash", "width": 1},
                marker={"symbol": ["circle-open", "star"], "size": [6, 12]},
                customdata=[[indicator_id, unit]] * 2,
                hovertemplate=(
                    "%{x|%Y-%m-%d}: %{y} %{customdata[1]} (baseline / target)"
                    "<extra>%{customdata[0]}</extra>"
                ),
                showlegend=False,
            )
        )
    return _layout(fig, title, "End of reporting period", "Value")


# --- countries --------------------------------------------------------------------------


def country_cluster_heatmap(
    df: pd.DataFrame, title: str = "Activities by country and cluster"
) -> go.Figure:
    """Heatmap of activity counts, countries × clusters; customdata: iso3, cluster."""
    if _is_empty(df, ("iso3", "name", "cluster", "activities")):
        return empty_figure(title)
    grid = df.pivot_table(
        index=["name", "iso3"], columns="cluster", values="activities", aggfunc="sum",
        fill_value=0,
    )
    names = [plain(n) for n, _ in grid.index]  # shown on the axis and in the hover
    codes = [c for _, c in grid.index]
    clusters = list(grid.columns)
    custom = [[[code, cluster] for cluster in clusters] for code in codes]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=clusters,
            y=names,
            colorscale=palette.SEQUENTIAL_SCALE,
            customdata=custom,
            colorbar={"title": {"text": "Activities"}},
            hovertemplate="%{y} · %{x}: %{z} activities<extra></extra>",
            texttemplate="%{z}",
        )
    )
    fig.update_yaxes(autorange="reversed")
    _every_category(fig, "yaxis")
    _wrapped_ticks(fig, "xaxis", clusters)
    fig.update_traces(textfont={"size": 14}, selector={"type": "heatmap"})
    fig.update_layout(height=max(340, 30 * len(names) + 190))
    return _layout(fig, title, "", "")


def participation_by_agency(
    df: pd.DataFrame, title: str = "Participants by type of agency"
) -> go.Figure:
    """Stacked horizontal bars: women, men and gender not reported; customdata: agency_type."""
    if _is_empty(df, ("agency_type", "women", "men")):
        return empty_figure(title)
    fig = go.Figure()
    parts = [
        ("women", "Women", palette.WOMEN_COLOUR),
        ("men", "Men", palette.MEN_COLOUR),
        ("gender_not_reported", "Gender not reported", palette.NOT_REPORTED_COLOUR),
    ]
    for column, name, colour in parts:
        if column not in df.columns:
            continue
        fig.add_trace(
            go.Bar(
                name=name,
                orientation="h",
                x=df[column],
                y=df["agency_type"],
                marker_color=colour,
                customdata=df[["agency_type"]].to_numpy(),
                hovertemplate=f"%{{y}}<br>{name}: %{{x}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    _every_category(fig, "yaxis")
    totals = sum(df[c].fillna(0) for c, _, _ in parts if c in df.columns)
    _whole_numbers(fig, "xaxis", float(totals.max()) if len(df) else None)
    return _layout(fig, title, "Participants", "")


def asean_map(
    df: pd.DataFrame, value: str = "activities", title: str = "Activities by member state",
    selected: Sequence[str] = (),
) -> go.Figure:
    """Choropleth of the member states by `value`, each labelled with its value.

    The scale runs from the smallest value above zero to the largest, so that ten states
    between 17 and 22 do not all look alike; zero has a grey of its own (and says "0"). The
    two states too small to see at this scale, Singapore and Brunei, get a dot in their
    colour. The `selected` member states are outlined and the others drawn faded (still
    clickable). A state without a value (e.g. no participant of known gender for a share)
    is drawn as plain land and says so on hover. customdata: iso3, name.

    No map outlines are fetched by the figure itself: the page passes `topojsonURL` (served
    locally) in the plotly config.
    """
    if _is_empty(df, ("iso3", "name", value)):
        return empty_figure(title)
    d = df.reset_index(drop=True)
    known = d[d[value].notna()].reset_index(drop=True)
    unknown = d[d[value].isna()]
    is_share = value.endswith("_share")
    real = known[value].astype(float) * (100 if is_share else 1)
    label = _label(value) + (" (%)" if is_share else "")
    shown_text = [(f"{v:.0f}%" if is_share else f"{v:,.0f}") for v in real]
    positive = real[real > 0]
    lo, hi = (float(positive.min()), float(positive.max())) if len(positive) else (1.0, 1.0)
    span = hi - lo if hi > lo else max(hi, 1.0)
    zero_at = lo - 0.25 * span  # zero sits below the scale's light end, in a grey of its own
    z = real.where(real > 0, zero_at)
    edge = (lo - zero_at) / (hi - zero_at) if hi > zero_at else 0.0
    scale = [[0.0, palette.MAP_ZERO_COLOUR], [edge, palette.MAP_ZERO_COLOUR]] + [
        [edge + (1 - edge) * p, c] for p, c in palette.MAP_SCALE]
    ticks = sorted({lo, (lo + hi) / 2, hi}) if hi > lo else [hi]
    picked = set(selected)
    fig = go.Figure(
        go.Choropleth(
            locations=known["iso3"],
            locationmode="ISO-3",
            z=z,
            zmin=zero_at,
            zmax=hi,
            text=known["name"],
            ids=known["iso3"].tolist(),
            customdata=np.column_stack([known["iso3"], known["name"], shown_text]),
            colorscale=scale,
            marker={"line": {"color": [palette.SELECTED_OUTLINE if c in picked else "#FFFFFF"
                                       for c in known["iso3"]],
                             "width": [2.5 if c in picked else 0.8 for c in known["iso3"]]}},
            colorbar={"title": {"text": label, "side": "top"}, "thickness": 12,
                      "len": 0.6, "tickvals": [zero_at, *ticks],
                      "ticktext": ["0"] + [(f"{t:.0f}%" if is_share else f"{t:,.0f}")
                                           for t in ticks]},
            hovertemplate=f"%{{text}}<br>{_label(value)}: %{{customdata[2]}}<extra></extra>",
            showscale=len(positive) > 0,
        )
    )
    rows = [i for i, code in enumerate(known["iso3"]) if code in picked]
    if rows:
        fig.update_traces(selectedpoints=rows, unselected={"marker": {"opacity": 0.45}},
                          selector=0)
    # The neighbours in the frame (and members without a value), plain and inert, so the
    # members are seen in place. A second trace rather than plotly's land layer, which draws
    # every coast of the world on each redraw (about 0.3 s per filter change in the browser).
    neighbours = [c for c in NEIGHBOURS if c not in set(d["iso3"])]
    fig.add_trace(go.Choropleth(
        locations=neighbours, locationmode="ISO-3", z=[0] * len(neighbours),
        colorscale=[[0, NEIGHBOUR_COLOUR], [1, NEIGHBOUR_COLOUR]], showscale=False,
        marker={"line": {"color": "#FFFFFF", "width": 0.5}}, hoverinfo="skip",
        name="neighbours",
    ))
    if len(unknown):  # drawn as land, and saying why they have no colour
        fig.add_trace(go.Choropleth(
            locations=unknown["iso3"], locationmode="ISO-3", z=[0] * len(unknown),
            colorscale=[[0, NEIGHBOUR_COLOUR], [1, NEIGHBOUR_COLOUR]], showscale=False,
            marker={"line": {"color": "#FFFFFF", "width": 0.8}}, text=unknown["name"],
            customdata=unknown[["iso3", "name"]].to_numpy(),
            hovertemplate=f"%{{text}}: no {_label(value).lower()} to show<extra></extra>",
            name="no value",
        ))
    # Each member's value at a point inside it; a dot for the states too small to see.
    at = known[known["iso3"].isin(list(LABEL_POINTS))]
    small = at["iso3"].isin(list(SMALL_STATES)).tolist()
    fig.add_trace(go.Scattergeo(
        lon=[LABEL_POINTS[c][0] for c in at["iso3"]],
        lat=[LABEL_POINTS[c][1] for c in at["iso3"]],
        mode="markers+text",
        text=[f"{n} {t}" if c in SMALL_STATES else t for c, n, t in zip(
            at["iso3"], at["name"], (shown_text[i] for i in at.index), strict=True)],
        textposition=[SMALL_STATES.get(c, "middle center") for c in at["iso3"]],
        # A white halo, stacked: the small states' labels lie over the sea, which is the
        # page's own background (dark in the dark theme).
        textfont={"size": 12, "color": "#111111",
                  "shadow": "0 0 2px #FFFFFF, 0 0 2px #FFFFFF, 0 0 3px #FFFFFF"},
        marker={"size": [13 if s_ else 0 for s_ in small],
                "color": [z[i] for i in at.index], "colorscale": scale,
                "cmin": zero_at, "cmax": hi,
                "line": {"color": [palette.SELECTED_OUTLINE if c in picked else "#FFFFFF"
                                   for c in at["iso3"]], "width": 1.5}},
        hoverinfo="skip", showlegend=False, name="labels",
    ))
    # Always the whole region, so one selected country is seen in place, not blown up. World
    # outlines: borders clipped at the edge of a regional scope draw as a stray frame.
    fig.update_layout({"geo": {
        "scope": "world", "resolution": 50, "projection": {"type": "mercator"},
        "lonaxis": {"range": list(ASEAN_LON_RANGE)}, "lataxis": {"range": list(ASEAN_LAT_RANGE)},
        "showframe": False, "showcountries": False, "showcoastlines": False, "showland": False,
        "bgcolor": "rgba(0,0,0,0)",
    }})
    return _layout(fig, title)


# Where each member state's value is written (longitude, latitude): inside its largest land.
LABEL_POINTS: dict[str, tuple[float, float]] = {
    "BRN": (114.8, 4.6), "KHM": (104.9, 12.7), "IDN": (113.8, -1.2), "LAO": (102.6, 19.6),
    "MYS": (102.1, 4.3), "MMR": (96.0, 21.6), "PHL": (122.6, 12.3), "SGP": (103.82, 1.35),
    "THA": (101.0, 15.6), "TLS": (125.9, -8.8), "VNM": (107.9, 14.3),
}
# The states drawn as a dot too (too small to see at the region's scale), and where their
# name and value go beside the dot.
SMALL_STATES: dict[str, str] = {"SGP": "bottom right", "BRN": "top right"}


# Myanmar's western border to Indonesia's Papua (141 E).
ASEAN_LON_RANGE = (91.0, 141.1)  # Papua whole, no strip of its neighbour
ASEAN_LAT_RANGE = (-11.5, 29.0)
# The other countries with land inside that frame (from static/topojson/world_50m.json;
# tests/unit/test_charts.py recomputes the list from the outlines).
NEIGHBOURS: tuple[str, ...] = ("AUS", "BGD", "BTN", "CHN", "FSM", "HKG", "IND", "JPN", "MAC",
                               "PLW", "PNG", "TWN")
NEIGHBOUR_COLOUR = "rgba(150, 150, 150, 0.25)"  # plain land, readable on light and dark


def member_coverage(
    df: pd.DataFrame, title: str = "ASEAN member states reached each year"
) -> go.Figure:
    """Bars of members reached against a line of the members at the time; customdata: year."""
    if _is_empty(df, ("year", "members", "members_reached")):
        return empty_figure(title)
    custom = df[["year"]].to_numpy()
    fig = go.Figure(
        [
            go.Bar(
                name="Member states reached", x=df["year"], y=df["members_reached"],
                marker_color=palette.SERIES_COLOUR, customdata=custom,
            ),
            go.Scatter(
                name="Member states at the year's end", x=df["year"], y=df["members"],
                mode="lines+markers", line={"color": palette.TARGET_COLOUR, "shape": "hv"},
                customdata=custom,
            ),
        ]
    )
    fig.update_xaxes(type="category")
    _whole_numbers(fig, "yaxis", float(max(df["members"].max(), df["members_reached"].max())))
    return _layout(fig, title, "", "Member states")


# --- seizures and challenges ------------------------------------------------------------


def _year_axis(fig: go.Figure, years: Sequence[int], partial: Collection[int]) -> None:
    """Every year labelled, those not wholly counted named so ("2026 (part)")."""
    fig.update_xaxes(type="category", tickmode="array", tickvals=list(years),
                     ticktext=[partial_year_label(y) if y in partial else str(y)
                               for y in years])


def seizures_over_time(
    df: pd.DataFrame, measure: str = "articles", title: str | None = None,
    partial: Collection[int] = (),
) -> go.Figure:
    """Bars per year of a seizure measure (cases, articles or value_usd); customdata: year.

    The `partial` years (not over yet, or cut by the period) are hatched and named so.
    """
    title = title or f"{_label(measure)} per year"
    if _is_empty(df, ("year", measure)):
        return empty_figure(title)
    years = [int(y) for y in df["year"]]
    fig = go.Figure(
        go.Bar(
            name=_label(measure), x=years, y=df[measure],
            marker={"color": palette.SERIES_COLOUR,
                    "pattern": {"shape": [palette.PARTIAL_YEAR_PATTERN if y in partial else ""
                                          for y in years], "fillmode": "overlay",
                                "bgcolor": palette.SERIES_COLOUR, "fgcolor": "#FFFFFF",
                                "solidity": 0.3}},
            customdata=df[["year"]].to_numpy(),
            hovertemplate=f"%{{x}}: %{{y:,}} {_label(measure).lower()}<extra></extra>",
        )
    )
    _year_axis(fig, years, partial)
    fig.update_yaxes(rangemode="tozero")
    return _layout(fig, title, "", _label(measure))


def _category_bars(
    df: pd.DataFrame, key: str, measure: str, title: str, axis_title: str
) -> go.Figure:
    if _is_empty(df, (key, measure)):
        return empty_figure(title)
    d = df.sort_values(measure, ascending=False)
    fig = go.Figure(
        go.Bar(
            name=_label(measure), orientation="h", x=d[measure], y=d[key],
            marker_color=palette.SERIES_COLOUR, customdata=d[[key]].to_numpy(),
            hovertemplate=f"%{{y}}: %{{x:,}} {_label(measure).lower()}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    _every_category(fig, "yaxis")
    fig.update_layout(height=max(320, 34 * len(d) + 160))
    return _layout(fig, title, _label(measure), "")


def seizures_by_category(
    df: pd.DataFrame, measure: str = "articles", title: str | None = None
) -> go.Figure:
    """Bars per product category; customdata: product_category."""
    return _category_bars(
        df, "product_category", measure, title or f"{_label(measure)} by product category",
        "Product category",
    )


def seizures_by_transport(
    df: pd.DataFrame, measure: str = "articles", title: str | None = None
) -> go.Figure:
    """Bars per transport mode; customdata: transport_mode."""
    return _category_bars(
        df, "transport_mode", measure, title or f"{_label(measure)} by transport mode",
        "Transport mode",
    )


def seizures_by_ipr_type(
    df: pd.DataFrame, measure: str = "articles", title: str | None = None
) -> go.Figure:
    """Bars per right infringed; customdata: ipr_type."""
    return _category_bars(df, "ipr_type", measure,
                          title or f"{_label(measure)} by right infringed", "Right infringed")


def seizures_by_detention_result(
    df: pd.DataFrame, measure: str = "articles", title: str | None = None
) -> go.Figure:
    """Bars per result of the detention; customdata: detention_result."""
    return _category_bars(df, "detention_result", measure,
                          title or f"{_label(measure)} by detention result",
                          "Result of the detention")


def seizures_by_hs_chapter(
    df: pd.DataFrame, measure: str = "articles", title: str | None = None
) -> go.Figure:
    """Bars per HS chapter (labelled "HS 61"); customdata: hs_chapter."""
    if _is_empty(df, ("hs_chapter", measure)):
        return empty_figure(title or f"{_label(measure)} by HS chapter")
    shown = df.assign(hs_chapter=[c if c == "not reported" else f"HS {c}"
                                  for c in df["hs_chapter"]])
    fig = _category_bars(shown, "hs_chapter", measure,
                         title or f"{_label(measure)} by HS chapter", "HS chapter")
    fig.data[0].customdata = df.sort_values(measure, ascending=False)[["hs_chapter"]].to_numpy()
    return fig


def cases_and_procedures(
    df: pd.DataFrame, title: str = "Cases and procedures per year"
) -> go.Figure:
    """Bars per year: the cases and the procedures of the records that report procedures;
    customdata: year."""
    if _is_empty(df, ("year", "procedures", "cases_with_procedures")) or \
            df["procedures"].isna().all():
        return empty_figure(title)
    d = df[df["procedures"].notna()]
    fig = go.Figure()
    for column, name, colour in (("cases_with_procedures", "Cases", palette.SERIES_COLOUR),
                                 ("procedures", "Procedures", palette.SECOND_SERIES_COLOUR)):
        fig.add_trace(go.Bar(
            name=name, x=d["year"], y=d[column], marker_color=colour,
            customdata=d[["year"]].to_numpy(),
            hovertemplate=f"%{{x}}: %{{y:,}} {name.lower()}<extra></extra>",
        ))
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category")
    return _layout(fig, title, "Year", "Cases and procedures")


def top_provenance(
    df: pd.DataFrame, measure: str = "articles", title: str | None = None
) -> go.Figure:
    """Bars per economy of provenance, largest first; customdata: provenance_iso3, name."""
    title = title or f"{_label(measure)} by economy of provenance"
    if _is_empty(df, ("provenance_iso3", "provenance_name", measure)):
        return empty_figure(title)
    d = df.sort_values(measure, ascending=False)
    fig = go.Figure(
        go.Bar(
            name=_label(measure), orientation="h", x=d[measure], y=d["provenance_name"],
            ids=d["provenance_iso3"].tolist(),
            marker_color=palette.SERIES_COLOUR,
            customdata=d[["provenance_iso3", "provenance_name"]].to_numpy(),
            hovertemplate=f"%{{y}}: %{{x:,}} {_label(measure).lower()}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    _every_category(fig, "yaxis")
    fig.update_layout(height=max(320, 34 * len(d) + 160))
    return _layout(fig, title, _label(measure), "")


def ecommerce_share(
    df: pd.DataFrame, title: str = "Share of seizures ordered online (e-commerce)",
    partial: Collection[int] = (),
) -> go.Figure:
    """Lines per year: e-commerce share of cases (and of articles); customdata: year.

    A `partial` year's point is hollow and its label says so: a share of a year not yet
    over is not comparable with a whole year's.
    """
    if _is_empty(df, ("year", "ecommerce_share")):
        return empty_figure(title)
    custom = df[["year"]].to_numpy()
    years = [int(y) for y in df["year"]]
    symbols = ["circle-open" if y in partial else "circle" for y in years]
    fig = go.Figure(
        go.Scatter(
            name="Share of cases", x=years, y=df["ecommerce_share"],
            mode="lines+markers", line={"color": palette.SERIES_COLOUR},
            marker={"symbol": symbols, "size": 9}, customdata=custom,
            hovertemplate="%{x}: %{y:.0%} of cases<extra></extra>",
        )
    )
    if "ecommerce_articles_share" in df.columns:
        fig.add_trace(
            go.Scatter(
                name="Share of articles", x=years, y=df["ecommerce_articles_share"],
                mode="lines+markers", line={"color": palette.SECOND_SERIES_COLOUR, "dash": "dot"},
                marker={"symbol": symbols, "size": 9},
                customdata=custom, hovertemplate="%{x}: %{y:.0%} of articles<extra></extra>",
            )
        )
    _year_axis(fig, years, partial)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return _layout(fig, title, "", "E-commerce share")


def challenge_heatmap(
    df: pd.DataFrame, title: str = "Severity of the enforcement challenges"
) -> go.Figure:
    """Heatmap of the latest severity (1-5), countries × challenges.

    Plotly heatmap cells cannot be clicked to select them, so a second, invisible trace puts a
    point on every cell (assessed or not), customdata [iso3, challenge]: with no hover distance
    limit, a click anywhere in a cell picks that cell's point (the nearest), and the page sets
    the country filter from it. The heatmap only paints; the points carry the hover label.
    """
    if _is_empty(df, ("iso3", "name", "challenge", "severity")):
        return empty_figure(title)
    grid = df.pivot_table(index=["name", "iso3"], columns="challenge", values="severity",
                          aggfunc="max")
    names = [plain(n) for n, _ in grid.index]  # shown on the axis and in the hover
    codes = [c for _, c in grid.index]
    challenges = list(grid.columns)
    z = grid.to_numpy(dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=challenges,
            y=names,
            zmin=1,
            zmax=5,
            colorscale=palette.SEVERITY_SCALE,
            colorbar={"title": {"text": "Severity (1 minor – 5 severe)"}},
            hoverinfo="skip",
            texttemplate="%{z}",
        )
    )
    cells = [(name, code, challenge, z[i, j])
             for i, (name, code) in enumerate(zip(names, codes, strict=True))
             for j, challenge in enumerate(challenges)]
    fig.add_trace(
        go.Scatter(
            x=[c[2] for c in cells],
            y=[c[0] for c in cells],
            mode="markers",
            marker={"size": 1, "opacity": 0},
            customdata=[[c[1], c[2]] for c in cells],
            text=["not assessed" if np.isnan(c[3]) else f"severity {c[3]:g}" for c in cells],
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_layout(hovermode="closest", hoverdistance=-1,
                      height=max(340, 30 * len(names) + 190))
    fig.update_yaxes(autorange="reversed")
    _every_category(fig, "yaxis")
    _wrapped_ticks(fig, "xaxis", challenges)
    fig.update_traces(textfont={"size": 14}, selector={"type": "heatmap"})
    return _layout(fig, title, "", "")


def indicator_breakdown(df: pd.DataFrame, title: str = "Breakdown") -> go.Figure:
    """One indicator's values broken down by one dimension: per period, a stacked bar for the
    target and one for the measured value (baseline too, when broken down), one colour per
    category, and a diamond at each total given, so a breakdown that does not add up shows.

    customdata: indicator_id, category.
    """
    if _is_empty(df, ("indicator_id", "value_type", "period_end", "category", "value")):
        return empty_figure(title)
    order = {"baseline": 0, "target": 1, "actual": 2}
    df = df.assign(_order=df["value_type"].map(order)).sort_values(["period_end", "_order"])
    fig = go.Figure()
    for i, category in enumerate(dict.fromkeys(df["category"])):
        part = df[df["category"] == category]
        part_periods = pd.to_datetime(part["period_end"]).dt.strftime("%Y-%m-%d")
        fig.add_trace(go.Bar(
            name=plain(category),
            x=[list(part_periods), list(part["value_type"])],
            y=part["value"],
            marker={"color": palette.FALLBACK_SEQUENCE[i % len(palette.FALLBACK_SEQUENCE)]},
            customdata=[[ind, category] for ind in part["indicator_id"]],
            hovertemplate="%{x}: %{y}<extra>%{customdata[1]}</extra>",
        ))
    totals = df.drop_duplicates(["period_end", "value_type"])
    totals = totals[totals["total"].notna()] if "total" in totals else totals.iloc[0:0]
    if len(totals):
        fig.add_trace(go.Scatter(
            name="total given",
            x=[list(pd.to_datetime(totals["period_end"]).dt.strftime("%Y-%m-%d")),
               list(totals["value_type"])],
            y=totals["total"], mode="markers",
            marker={"symbol": "diamond", "size": 11, "color": palette.TARGET_COLOUR,
                    "line": {"width": 1, "color": "black"}},
            customdata=[[ind, "total"] for ind in totals["indicator_id"]],
            hovertemplate="%{x}: total %{y}<extra></extra>",
        ))
    fig.update_layout(barmode="stack")
    unit = str(df["unit"].iloc[0]) if "unit" in df else ""
    return _layout(fig, plain(title), "period end · value", plain(unit))
