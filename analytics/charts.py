"""Pure chart functions: a query's DataFrame in, a plotly Figure out (no I/O, no streamlit).

Every figure has a title and axis titles in the programme's words, takes its colours from
`analytics.palette`, and carries `customdata` (and `ids` where a point is one thing) so a page
can tell which activity, country, cluster or indicator was selected. The first customdata
field of each point is the key a page needs (activity_id, iso3, cluster, indicator_id, year,
category). An empty DataFrame gives a figure saying "No data for these filters".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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


# Trace fields whose text plotly shows (axis categories, labels, legend names, hover values):
# data values reach them, and plotly reads `<a href>`, `<b>`, `<br>` in them as markup.
_SHOWN_TEXT = ("x", "y", "text", "hovertext", "labels", "name", "legendgroup")


def _literal_values(value: object, as_text=literal.plotly) -> object:
    """`value` with every string in it (nested lists and arrays too) made literal plotly text."""
    if isinstance(value, str):
        return as_text(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "OUS":
            return value  # numbers and dates: nothing to escape
        value = value.tolist()
    if isinstance(value, list | tuple):
        if not any(isinstance(v, str | list | tuple | np.ndarray) for v in value):
            return value
        return [_literal_values(v, as_text) for v in value]
    return value


def _customdata_text(text: str) -> str:
    # Reversible (html.unescape, ui/chart_display.selected_points): the page reads the key of a
    # clicked point back from customdata, and hover templates show it.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _literal_text(fig: go.Figure) -> None:
    """Every data text in the traces (and the axes' category orders) shown as written."""
    for trace in fig.data:
        for name in _SHOWN_TEXT:
            value = trace[name] if name in trace else None
            if value is not None:
                trace[name] = _literal_values(value)
        if "customdata" in trace and trace["customdata"] is not None:
            trace["customdata"] = _literal_values(trace["customdata"], _customdata_text)
    for axis in ("xaxis", "yaxis"):
        order = fig.layout[axis].categoryarray
        if order is not None:
            fig.layout[axis].categoryarray = _literal_values(order)


def _layout(fig: go.Figure, title: str, x_title: str = "", y_title: str = "") -> go.Figure:
    # Every chart ends here: its data texts are made literal once, for page, PNG and pack.
    # `title` is the programme's own text (a page that puts data in a title escapes it).
    _literal_text(fig)
    # Nested dicts, not plotly's "xaxis_title" shorthand: parsing those names is most of the
    # cost of building a figure, paid on every rerun of every session.
    fig.update_layout({
        "title": {"text": title},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "legend": {"title": {"text": ""}},
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        # transparent backgrounds: the page's light or dark theme shows through
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
    })
    return fig


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


def _activity_label(row: pd.Series) -> str:
    title = str(row["title"])
    if len(title) > 48:
        title = title[:47] + "…"
    return f"{row['activity_id']} · {title}"


def timeline(
    df: pd.DataFrame, today: dt.date | None = None, title: str = "Activities over time"
) -> go.Figure:
    """Gantt of the dated activities, grouped by cluster, coloured by status, with today.

    Expects `queries.activities_timeline` columns; undated activities are left out (the page
    lists them). customdata: activity_id, cluster, status, host, countries, start, end.
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
    dated = dated.sort_values(["cluster", "start", "activity_id"])
    clusters_order = list(dict.fromkeys(dated["cluster"]))

    fig = go.Figure()
    for status, part in dated.groupby("status", sort=False):
        fig.add_trace(
            go.Bar(
                name=str(status),
                orientation="h",
                base=part["start"],
                x=part["duration_ms"],
                y=[part["cluster"].tolist(), part["label"].tolist()],
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
    fig.update_yaxes(
        type="multicategory", autorange="reversed", categoryorder="array",
        categoryarray=clusters_order,
    )
    fig.update_layout(barmode="overlay", height=max(300, 28 * len(dated) + 120))
    if today is not None:
        fig.add_shape(
            type="line", x0=today, x1=today, y0=0, y1=1, yref="paper",
            line={"color": palette.TODAY_COLOUR, "dash": "dash", "width": 2},
        )
        fig.add_annotation(
            x=today, y=1, yref="paper", text="today", showarrow=False, yanchor="bottom",
            font={"color": palette.TODAY_COLOUR},
        )
    return _layout(fig, title, "Date", "Cluster and activity")


def status_cluster_bar(
    df: pd.DataFrame, title: str = "Activities by cluster and status"
) -> go.Figure:
    """Stacked bars: activities per cluster, one colour per status; customdata: cluster, status."""
    if _is_empty(df, ("cluster", "status", "activities")):
        return empty_figure(title)
    fig = go.Figure()
    for status, part in df.groupby("status", sort=False):
        fig.add_trace(
            go.Bar(
                name=str(status),
                x=part["cluster"],
                y=part["activities"],
                marker_color=palette.status_colour(str(status)),
                customdata=part[["cluster", "status"]].to_numpy(),
                hovertemplate="%{x}<br>%{customdata[1]}: %{y} activities<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    return _layout(fig, title, "Cluster", "Activities")


# --- results ----------------------------------------------------------------------------


def indicator_progress(
    df: pd.DataFrame, title: str = "Progress towards the targets"
) -> go.Figure:
    """Horizontal bars: progress per indicator in RAG colours, a tick for the time elapsed.

    customdata: indicator_id, rag, latest value, unit, time elapsed.
    """
    if _is_empty(df, ("indicator_id", "name", "progress", "time_elapsed", "rag")):
        return empty_figure(title)
    d = df.copy()
    d["label"] = d["indicator_id"] + " · " + d["name"].astype(str)
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
    ).to_numpy()
    fig = go.Figure(
        go.Bar(
            name="Progress",
            orientation="h",
            x=d["progress_pct"],
            y=d["label"],
            ids=d["indicator_id"].tolist(),
            marker_color=[palette.rag_colour(r) for r in d["rag"]],
            customdata=custom,
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
            customdata=custom,
            hovertemplate="%{y}<br>Time elapsed: %{x:.0f}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(ticksuffix="%")
    return _layout(fig, title, "Progress from baseline to target", "Indicator")


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
    names = [n for n, _ in grid.index]
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
    return _layout(fig, title, "Cluster", "Country")


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
    return _layout(fig, title, "Participants", "Type of agency")


def asean_map(
    df: pd.DataFrame, value: str = "activities", title: str = "Activities by member state",
    selected: Sequence[str] = (),
) -> go.Figure:
    """Choropleth of the member states by `value`; customdata: iso3, name.

    The `selected` member states stand out (the others are drawn faded, still clickable).

    No map outlines are fetched by the figure itself: the page passes `topojsonURL` (served
    locally) in the plotly config. A member state without a value (e.g. no participant of
    known gender for a share) is left uncoloured rather than drawn as 0.
    """
    if _is_empty(df, ("iso3", "name", value)):
        return empty_figure(title)
    shown = df[df[value].notna()].reset_index(drop=True)
    is_share = value.endswith("_share")
    z = shown[value].astype(float) * (100 if is_share else 1)
    label = _label(value) + (" (%)" if is_share else "")
    number = "%{z:.1f}%" if is_share else "%{z:,}"
    fig = go.Figure(
        go.Choropleth(
            locations=shown["iso3"],
            locationmode="ISO-3",
            z=z,
            text=shown["name"],
            ids=shown["iso3"].tolist(),
            customdata=shown[["iso3", "name"]].to_numpy(),
            colorscale=palette.SEQUENTIAL_SCALE,
            marker={"line": {"color": "#FFFFFF"}},
            colorbar={"title": {"text": label}},
            hovertemplate=f"%{{text}}<br>{_label(value)}: {number}<extra></extra>",
        )
    )
    if z.nunique() <= 1:
        fig.update_traces(showscale=False)  # one value: a colour scale would only mislead
    picked = [i for i, code in enumerate(shown["iso3"]) if code in set(selected)]
    if picked:
        fig.update_traces(selectedpoints=picked, unselected={"marker": {"opacity": 0.35}},
                          selector=0)
    # The neighbours in the frame, plain and inert, so the members are seen in place. Drawn
    # as a second trace rather than plotly's land layer, which draws every coast of the world
    # on each redraw (about 0.3 s per filter change in the browser).
    neighbours = [c for c in NEIGHBOURS if c not in set(shown["iso3"])]
    fig.add_trace(go.Choropleth(
        locations=neighbours, locationmode="ISO-3", z=[0] * len(neighbours),
        colorscale=[[0, NEIGHBOUR_COLOUR], [1, NEIGHBOUR_COLOUR]], showscale=False,
        marker={"line": {"color": "#FFFFFF", "width": 0.5}}, hoverinfo="skip",
        name="neighbours",
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


# Myanmar's western border to Indonesia's Papua (141 E), with a margin.
ASEAN_LON_RANGE = (91.0, 142.0)
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
    return _layout(fig, title, "Year", "Member states")


# --- seizures and challenges ------------------------------------------------------------


def seizures_over_time(
    df: pd.DataFrame, measure: str = "articles", title: str | None = None
) -> go.Figure:
    """Bars per year of a seizure measure (cases, articles or value_usd); customdata: year."""
    title = title or f"{_label(measure)} per year"
    if _is_empty(df, ("year", measure)):
        return empty_figure(title)
    fig = go.Figure(
        go.Bar(
            name=_label(measure), x=df["year"], y=df[measure],
            marker_color=palette.SERIES_COLOUR, customdata=df[["year"]].to_numpy(),
            hovertemplate=f"%{{x}}: %{{y:,}} {_label(measure).lower()}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category")
    return _layout(fig, title, "Year", _label(measure))


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
    return _layout(fig, title, _label(measure), axis_title)


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
    return _layout(fig, title, _label(measure), "Economy of provenance")


def ecommerce_share(
    df: pd.DataFrame, title: str = "Share of seizures ordered online (e-commerce)"
) -> go.Figure:
    """Lines per year: e-commerce share of cases (and of articles); customdata: year."""
    if _is_empty(df, ("year", "ecommerce_share")):
        return empty_figure(title)
    custom = df[["year"]].to_numpy()
    fig = go.Figure(
        go.Scatter(
            name="Share of cases", x=df["year"], y=df["ecommerce_share"],
            mode="lines+markers", line={"color": palette.SERIES_COLOUR}, customdata=custom,
            hovertemplate="%{x}: %{y:.0%} of cases<extra></extra>",
        )
    )
    if "ecommerce_articles_share" in df.columns:
        fig.add_trace(
            go.Scatter(
                name="Share of articles", x=df["year"], y=df["ecommerce_articles_share"],
                mode="lines+markers", line={"color": palette.SECOND_SERIES_COLOUR, "dash": "dot"},
                customdata=custom, hovertemplate="%{x}: %{y:.0%} of articles<extra></extra>",
            )
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return _layout(fig, title, "Year", "E-commerce share")


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
    names = [n for n, _ in grid.index]
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
    fig.update_layout(hovermode="closest", hoverdistance=-1)
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, "Challenge", "Country")
