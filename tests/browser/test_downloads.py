"""Downloads through the browser: the briefing pack (PowerPoint) and a chart image (PNG)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect
from pptx import Presentation

from analytics import pack_content
from analytics.filters import Filters
from tests.browser.conftest import (
    Recorded,
    assert_local_only,
    assert_no_console_errors,
    sample_dir,
    wait_for_app,
)

PACK_TIMEOUT_MS = 180_000  # Chromium draws nine charts for the pack


def save(p: Page, button, folder: Path) -> Path:
    expect(button).to_be_enabled()
    with p.expect_download(timeout=PACK_TIMEOUT_MS) as info:
        button.click()
    d = info.value
    path = folder / d.suggested_filename
    d.save_as(path)
    return path


def test_pack_and_chart_image(app_server: str, page: tuple[Page, Recorded], tmp_path: Path):
    from analytics.load import load_folder

    p, rec = page
    p.goto(app_server + "/?country=KHM")
    expect(p.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    wait_for_app(p)

    pack_button = p.locator("[data-testid=stSidebar]").get_by_role(
        "button", name="Briefing pack (PowerPoint)", exact=True)
    pptx_file = save(p, pack_button, tmp_path)
    assert pptx_file.suffix == ".pptx"
    expected = pack_content.build_pack(load_folder(sample_dir()).con, Filters(countries=("KHM",)))
    deck = Presentation(str(pptx_file))
    slides = list(deck.slides)
    assert len(slides) == expected.slide_count
    assert [s.shapes.title.text for s in slides] == expected.slide_titles
    first = "\n".join(sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame)
    assert "Filters: country Cambodia" in first
    pictures = [sh for s in slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == len(expected.charts), "every chart drawn"

    png_button = p.locator("[data-testid=stMain] [data-testid=stDownloadButton]").get_by_role(
        "button", name="PNG").first
    png_file = save(p, png_button, tmp_path)
    assert png_file.suffix == ".png"
    with Image.open(png_file) as image:
        assert image.format == "PNG" and image.size == (1600, 900)
    assert_local_only(rec)
    assert_no_console_errors(rec)
