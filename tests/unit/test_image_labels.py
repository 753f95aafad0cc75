"""The chart images (the "⬇️ PNG" downloads): every category labelled, whole, apart from the
others, and in the pack's font family.

Each chart of the pages is drawn as its download draws it (`images.printed_chart`, then the
one shared Chromium) but as SVG, whose tick labels can be read: their text, position and
font size against the categories of the figure the renderer was given.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import plotly.graph_objects as go
import pytest

from analytics import figures, images, pack_content, pack_images, pack_text
from analytics.answers import Answers
from analytics.filters import Filters
from tests import svg_ticks

TODAY = dt.date(2026, 11, 22)
CHARTS = list(dict.fromkeys(key for keys in figures.PAGE_CHARTS.values() for key in keys))
MAPS = {"member_map"}  # a map has no axis: nothing to label
FILTER_SETS = {"all": Filters(), "one-country": Filters(countries=("THA",))}
W, H = images.SLIDE_WIDTH, images.SLIDE_HEIGHT


@pytest.fixture(scope="module")
def renderer():
    """One Chromium for the module; a Chromium that cannot start fails the tests."""
    images.start()
    yield
    images.stop()


def download_svg(view: figures.ChartView, answers: Answers) -> tuple[go.Figure, bytes]:
    """The figure as the PNG download prints it, and its drawing as SVG."""
    fig = images.printed_chart(view.figure, answers.filters_text(),
                               note=figures.ILLUSTRATIVE_TEXT if view.illustrative else None)
    return fig, images.figure_png(fig, W, H, fmt="svg")


@pytest.mark.parametrize("filters", list(FILTER_SETS))
@pytest.mark.parametrize("key", CHARTS)
def test_every_category_is_labelled_whole_and_apart(renderer, sample_con, key, filters):
    answers = Answers(sample_con, FILTER_SETS[filters], TODAY)
    fig, svg = download_svg(figures.chart_view(key, answers), answers)
    expected = svg_ticks.expected_labels(fig)
    if key in MAPS:
        assert any(t.type == "choropleth" for t in fig.data) and not expected
        return
    assert expected, f"{key}: no category axis found: the check would pass on nothing"
    assert svg_ticks.problems(fig, svg, W, H) == []


def _families(svg: bytes) -> set[str]:
    return set(re.findall(r"font-family: ([^;\"]+)", svg.decode()))


def test_the_download_is_in_the_pack_family_with_the_asean_scripts(renderer, sample_con):
    answers = Answers(sample_con, Filters(), TODAY)
    view = figures.chart_view("status_cluster", answers)
    _, download = download_svg(view, answers)
    pack = pack_content.pack_from_answers(answers)
    slide = pack_images.slide_figure(pack, next(c for c in pack.charts if c.key == view.key))
    on_slide = images.figure_png(slide, W, H, fmt="svg")
    assert _families(download) == _families(on_slide) == {pack_text.CHART_FONT}
    family = [f.strip(" '") for f in pack_text.CHART_FONT.split(",")]
    assert family[:2] == ["Calibri", "Carlito"]
    # Thai, Khmer, Lao and Burmese fonts named, and installed here (fontconfig's own list)
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                               check=True).stdout
    for script in ("Thai", "Khmer", "Lao", "Myanmar"):
        assert f"Noto Sans {script}" in family
        assert f"Noto Sans {script}" in installed, "bash scripts/install-test.sh"
    assert "Carlito" in installed


def test_the_check_fails_crowded_cut_and_missing_labels(renderer):
    # the check itself: a chart too small for its labels must fail it
    names = [f"Category number {i} with a long name" for i in range(40)]
    crowded = go.Figure(go.Bar(x=names, y=list(range(40))))
    crowded.update_layout(xaxis={"tickangle": 0, "tickmode": "linear", "dtick": 1},
                          margin={"l": 0, "r": 0})
    found = svg_ticks.problems(crowded, images.figure_png(crowded, 600, 300, fmt="svg"),
                               600, 300)
    assert any("overlap" in p for p in found)
    # a label the margin leaves no room for: drawn past the image's left edge ("ea", "ad")
    cut = go.Figure(go.Bar(y=["sea", "road", "express courier by air"], x=[3, 2, 1],
                           orientation="h"))
    cut.update_layout(yaxis={"automargin": False}, margin={"l": 30})
    found = svg_ticks.problems(cut, images.figure_png(cut, 600, 300, fmt="svg"), 600, 300)
    assert any("'express courier by air' runs past the image's edge" in p for p in found)
    assert not any("'sea'" in p for p in found)
    # plotly's own choice, unset: it drops labels that crowd
    sparse = go.Figure(go.Bar(x=names, y=list(range(40))))
    sparse.update_layout(xaxis={"tickangle": 0})
    found = svg_ticks.problems(sparse, images.figure_png(sparse, 600, 300, fmt="svg"), 600, 300)
    assert any("has no label" in p for p in found)
