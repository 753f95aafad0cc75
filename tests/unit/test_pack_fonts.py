"""A PDF pack whose text no font of the pack draws is refused, saying so, before any chart
is drawn; the PowerPoint pack of the same data is still made."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pptx import Presentation

from analytics import images, pack_content, pack_file, pack_pdf, pack_text
from analytics.filters import Filters
from analytics.load import load_folder
from analytics.pack_images import Images
from tests.folders import tiny_with_titles

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"
# Santali in Ol Chiki: a script of India no font of the pack (Carlito, DejaVu Sans, Noto Sans
# Thai, Khmer, Lao, Myanmar) has, whatever else is installed.
OL_CHIKI = "ᱥᱟᱱᱛᱟᱲᱤ"


def olchiki_folder(tmp: Path) -> Path:
    """The tiny data set, its first activity titled partly in Ol Chiki."""
    return tiny_with_titles(tmp / "olchiki", [f"Workshop {OL_CHIKI}"])


@pytest.fixture(scope="module")
def olchiki_pack(tmp_path_factory) -> pack_content.BriefingPack:
    loaded = load_folder(olchiki_folder(tmp_path_factory.mktemp("fonts")))
    assert loaded.ok, [p.message() for p in loaded.problems]
    pack = pack_content.build_pack(loaded.con, Filters())
    assert any(OL_CHIKI in " ".join(row) for row in pack.appendix_rows), \
        "the appendix no longer lists the activity titles: pick another text of the pack"
    return pack


def test_no_font_of_the_pack_has_ol_chiki():
    # read from the font files themselves, not from the code under test
    fonts = [f for f in (*pack_text.PDF_MAIN, *pack_text.PDF_SCRIPTS) if f.installed()]
    assert fonts, "no font of the pack is installed: bash scripts/install-test.sh"
    for font in fonts:
        cmap = TTFont(str(font.regular)).getBestCmap()
        assert not any(ord(c) in cmap for c in OL_CHIKI), font.family


def test_the_pdf_is_refused_with_what_is_missing_and_what_to_do(olchiki_pack):
    with pytest.raises(pack_text.MissingGlyphs) as refused:
        pack_file.make_pack(olchiki_pack, "pdf")
    message = str(refused.value)
    for ch in set(OL_CHIKI):
        assert f"U+{ord(ch):04X}" in message
    assert "PowerPoint pack" in message
    # installing fonts cannot help with a script the pack has no font for
    assert "install" not in message
    # refused before a chart was drawn: the image renderer was never started
    assert images._renderer is None


def test_the_powerpoint_pack_of_the_same_data_is_made(olchiki_pack):
    made = pack_file.make_pack(olchiki_pack, "pptx", Images(missing="not drawn in this test"))
    shown = " ".join(shape.text_frame.text for slide in Presentation(io.BytesIO(made.data)).slides
                     for shape in slide.shapes if shape.has_text_frame)
    tables = " ".join(cell.text for slide in Presentation(io.BytesIO(made.data)).slides
                      for shape in slide.shapes if shape.has_table
                      for row in shape.table.rows for cell in row.cells)
    assert OL_CHIKI in shown + tables


def test_the_tiny_data_passes_the_font_check():
    loaded = load_folder(TINY)
    pack_pdf.check_fonts(pack_content.build_pack(loaded.con, Filters()))  # raises if refused
