"""Chart images: PNG bytes at slide resolution, a caption with title and filters, offline maps."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import plotly.io as pio
import pytest
from PIL import Image

from analytics import charts, images, queries
from analytics.filters import Filters
from analytics.load import load_folder

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "data"
TODAY = dt.date(2026, 11, 22)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def renderer():
    """One Chromium for the whole module (starting it is the slow part)."""
    images.start()
    yield
    images.stop()


@pytest.fixture(scope="module")
def sample_con():
    result = load_folder(SAMPLE)
    assert result.ok, [p.message() for p in result.problems]
    return result.con


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _coloured_share(region: np.ndarray) -> float:
    """Share of pixels that are clearly coloured (not white, grey or black)."""
    spread = region.max(axis=2) - region.min(axis=2)
    return float((spread > 40).mean())


def test_chart_png_is_slide_resolution_and_not_blank(renderer, sample_con):
    df = queries.activities_by_status_cluster(sample_con, Filters())
    png = images.chart_png(charts.status_cluster_bar(df), "all data (no filters)")
    assert png.startswith(PNG_SIGNATURE)
    px = _pixels(png)
    assert px.shape == (images.SLIDE_HEIGHT, images.SLIDE_WIDTH, 3) == (900, 1600, 3)
    assert (px == 255).all(axis=2).mean() > 0.3  # a white background, not transparent
    assert _coloured_share(px) > 0.02  # the bars are drawn


def test_chart_png_other_size(renderer):
    fig = charts.empty_figure("Nothing here")
    png = images.chart_png(fig, "country Cambodia", width=800, height=450)
    assert Image.open(io.BytesIO(png)).size == (800, 450)


def test_caption_carries_title_and_filters():
    fig = charts.status_cluster_bar(
        queries.pd.DataFrame({"cluster": ["Enforcement"], "status": ["completed"],
                              "activities": [3]})
    )
    words = Filters(countries=("KHM",), statuses=("completed",)).describe({"KHM": "Cambodia"})
    printed = images.for_print(fig, caption=images.caption_text(words, "illustrative"))
    assert printed.layout.title.text == "Activities by cluster and status"
    subtitle = printed.layout.title.subtitle.text
    assert "country Cambodia" in subtitle and "status completed" in subtitle
    assert "illustrative" in subtitle
    assert printed.layout.paper_bgcolor == "#FFFFFF"
    # the original figure (shown in the app, transparent) is left alone
    assert fig.layout.paper_bgcolor == "rgba(0,0,0,0)"
    assert not fig.layout.title.subtitle.text
    retitled = images.for_print(fig, title="My title", caption="Filters: x")
    assert retitled.layout.title.text == "My title"


def test_topojson_points_at_local_files(renderer):
    assert images.TOPOJSON_URL.startswith("file://") and images.TOPOJSON_URL.endswith("/")
    assert (images.TOPOJSON_DIR / "asia_50m.json").is_file()
    assert pio.defaults.topojson == images.TOPOJSON_URL


def test_map_draws_from_local_outlines_without_network(renderer, sample_con, tmp_path):
    fig = charts.asean_map(queries.coverage_by_country(sample_con, Filters(), TODAY))
    png = images.chart_png(fig, "all data (no filters)", width=1600, height=900)
    px = _pixels(png)
    # the member states fill the middle of the image
    map_area = px[250:800, 300:1200]
    assert _coloured_share(map_area) > 0.10, "the map area is blank: outlines not loaded"
    # The land can only come from the local files: pointed at an empty folder the same map
    # fails, and plotly.js's own default (the CDN) is refused by the no-network proxy.
    empty = tmp_path / "no-topojson"
    empty.mkdir()
    with pytest.raises(Exception, match="topojson"):
        images.figure_png(images.for_print(fig), 800, 450, topojson=empty.as_uri() + "/")
    with pytest.raises(Exception, match="topojson"):
        images.figure_png(images.for_print(fig), 800, 450, topojson=None)
    # the renderer is still usable after those failures
    assert images.figure_png(charts.empty_figure("ok"), 400, 300).startswith(PNG_SIGNATURE)


def test_missing_browser_gives_a_clear_message(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert images.find_browser() is None
    message = images.renderer_problem()
    assert message and "BROWSER_PATH" in message and "apt-get install chromium" in message
    # with no renderer running, starting one fails with that message (never a hang)
    monkeypatch.setattr(images, "_renderer", None)
    with pytest.raises(images.ImageRendererUnavailable, match="Chromium"):
        images.start()
    assert images._renderer is None


def test_no_browser_on_path(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(images.shutil, "which", lambda name: None)
    assert images.find_browser() is None
    assert "no chromium found on PATH" in (images.renderer_problem() or "")
