"""The briefing pack as readers see it: LibreOffice Impress opens the .pptx (with a Calibri-metric
font, and with its fallback font when there is none), the project writes its PDF; poppler reads
every word's box from both and the tests hold them against the boxes the .pptx declares."""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from pptx import Presentation
from pptx.enum.text import PP_ALIGN

from analytics import images, pack_content, pack_images, pack_layout, pack_pdf, pack_pptx
from analytics.filters import Filters, from_query
from analytics.load import load_folder
from analytics.pack_images import Images
from tests import office
from tests.folders import tiny_with_titles
from tests.oracles import Extracts

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "data"
TINY = ROOT / "tests" / "data" / "tiny"
TODAY = dt.date(2026, 11, 22)
VIEWS = {"all": "", "khm": "country=KHM&from=2024-01-01"}
EMU_PER_PT = 12700
SLACK = 1.5  # points: anti-aliasing and rounding of the boxes poppler reports
# Text in the script of each member state that does not write in Latin, and Vietnamese.
SCRIPTS = {"Thai": "ประเทศไทย", "Khmer": "កម្ពុជា", "Lao": "ລາວ", "Burmese": "မြန်မာ",
           "Vietnamese": "Việt Nam Đà Nẵng"}
RENDERINGS = ("libreoffice-carlito", "libreoffice-fallback", "project-pdf")
ARTIFACTS = ROOT / "artifacts" / "pack"


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    name: str
    align_left: bool = True
    inset_x: float = 0.0

    def holds(self, w: office.Word) -> bool:
        return (w.x0 >= self.x0 - SLACK and w.x1 <= self.x1 + SLACK
                and w.y0 >= self.y0 - SLACK and w.y1 <= self.y1 + SLACK)


def _pt(emu: int) -> float:
    return emu / EMU_PER_PT


def slide_boxes(slide) -> list[Box]:
    """The boxes text may be drawn in, as the .pptx declares them: text frames and table cells."""
    boxes = []
    for sh in slide.shapes:
        if sh.has_table:
            y = sh.top
            for r, row in enumerate(sh.table.rows):
                x = sh.left
                for c, col in enumerate(sh.table.columns):
                    boxes.append(Box(_pt(x), _pt(y), _pt(x + col.width), _pt(y + row.height),
                                     f"cell {r},{c}"))
                    x += col.width
                y += row.height
        elif sh.has_text_frame:
            left = all(p.alignment in (None, PP_ALIGN.LEFT) for p in sh.text_frame.paragraphs)
            boxes.append(Box(_pt(sh.left), _pt(sh.top), _pt(sh.left + sh.width),
                             _pt(sh.top + sh.height), sh.name, left,
                             _pt(sh.text_frame.margin_left)))
    return boxes


def _scripts_folder(tmp: Path) -> Path:
    """The tiny data set with activity titles in Thai, Khmer, Lao, Burmese and Vietnamese."""
    return tiny_with_titles(tmp / "scripts-data",
                            [f"{name}: {text}" for name, text in SCRIPTS.items()])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each pack as .pptx, LibreOffice's PDF of it (two font setups) and the project's PDF."""
    tmp = tmp_path_factory.mktemp("pack-office")
    sample = load_folder(SAMPLE)
    assert sample.ok
    packs: dict[str, tuple[pack_content.BriefingPack, Images]] = {}
    images.start()
    try:
        for name, view in VIEWS.items():
            f, notices = from_query(parse_qs(view))
            assert not notices
            pack = pack_content.build_pack(sample.con, f, today=TODAY,
                                           loaded_at=pack_content.loaded_at_of(sample.files))
            # chart pictures hold no text poppler reads: one pack with them is enough (each
            # pack's charts take seconds to draw); the other shows the no-picture notes
            packs[name] = (pack, pack_images.render_images(pack) if name == "all"
                           else Images(missing="not drawn in this test"))
    finally:
        images.stop()
    scripts = load_folder(_scripts_folder(tmp))
    assert scripts.ok, [p.message() for p in scripts.problems]
    packs["scripts"] = (pack_content.build_pack(scripts.con, Filters(), today=TODAY),
                        Images(missing="not drawn in this test"))
    files = []
    for name, (pack, imgs) in packs.items():
        (tmp / f"{name}.pptx").write_bytes(pack_pptx.to_pptx(pack, imgs))
        (tmp / "project-pdf").mkdir(exist_ok=True)
        (tmp / "project-pdf" / f"{name}.pdf").write_bytes(pack_pdf.to_pdf(pack, imgs))
        files.append(tmp / f"{name}.pptx")
    office.convert(files, "pdf", tmp / "libreoffice-carlito", fonts="installed")
    office.convert(files, "pdf", tmp / "libreoffice-fallback", fonts="fallback")
    for rendering in RENDERINGS:  # every pack page as a picture, to look at (gitignored)
        out = ARTIFACTS / rendering
        out.mkdir(parents=True, exist_ok=True)
        for name in packs:
            subprocess.run([office.tool("pdftoppm"), "-r", "60", "-png",
                            str(tmp / rendering / f"{name}.pdf"), str(out / name)],
                           check=True, timeout=120)
    return tmp, packs


@functools.cache
def _pages(pdf: Path) -> list[office.Page]:
    return office.pages(pdf)


def _read(rendered, rendering: str, name: str):
    tmp, packs = rendered
    prs = Presentation(str(tmp / f"{name}.pptx"))
    pdf = tmp / rendering / f"{name}.pdf"
    return packs[name][0], prs, pdf, _pages(pdf)


CASES = [(r, n) for r in RENDERINGS for n in ("all", "khm", "scripts")]


@pytest.mark.parametrize(("rendering", "name"), CASES)
def test_every_word_lies_inside_the_slide_and_its_box(rendered, rendering, name):
    pack, prs, _, pages = _read(rendered, rendering, name)
    slides = list(prs.slides)
    assert len(pages) == len(slides) == pack.slide_count
    for number, (slide, page) in enumerate(zip(slides, pages, strict=True), start=1):
        assert (page.width, page.height) == pytest.approx(
            (_pt(prs.slide_width), _pt(prs.slide_height)), abs=1)
        boxes = slide_boxes(slide)
        for w in page.words:
            assert 0 <= w.x0 and w.x1 <= page.width and 0 <= w.y0 and w.y1 <= page.height, (
                number, w)
            assert any(b.holds(w) for b in boxes), (
                f"slide {number}: {w.text!r} at {w} lies in no box of the slide")


@pytest.mark.parametrize(("rendering", "name"), CASES)
def test_the_appendix_lists_every_activity_to_its_last_line(rendered, rendering, name):
    pack, prs, _, pages = _read(rendered, rendering, name)
    ex = Extracts(TINY if name == "scripts" else SAMPLE, TODAY)
    expected = ex.activities(Filters() if name != "khm" else from_query(parse_qs(VIEWS[name]))[0])
    first = 2 + len(pack.charts)
    shown = [w.text for p in pages[first:] for w in p.words]
    for activity in expected["activity_id"]:
        assert activity in shown, activity
    last = pages[-1]
    last_row = pack.appendix_pages[-1][-1]
    table = next(sh for sh in list(prs.slides)[-1].shapes if sh.has_table)
    bottom = _pt(table.top + table.height)
    ids = [w for w in last.words if w.text == last_row[0]]
    assert ids and ids[-1].y1 <= bottom + SLACK <= last.height
    for page in pages[first:-1]:
        assert "continued on the next slide" in " ".join(w.text for w in page.words)


@pytest.mark.parametrize(("rendering", "name"), CASES)
def test_text_is_left_aligned_with_even_word_spacing(rendered, rendering, name):
    _, prs, _, pages = _read(rendered, rendering, name)
    for number, (slide, page) in enumerate(zip(prs.slides, pages, strict=True), start=1):
        boxes = [b for b in slide_boxes(slide) if not b.name.startswith("cell")]
        for line in page.lines:
            for box in boxes:
                inside = [w for w in line if box.holds(w)]
                if not inside:
                    continue
                height = max(w.y1 - w.y0 for w in inside)
                gaps = [b.x0 - a.x1 for a, b in zip(inside, inside[1:], strict=False)]
                # a space is 0.23–0.32 em; a justified line stretches them
                assert all(g < 0.5 * height for g in gaps), (number, [w.text for w in inside])
                if box.align_left:
                    assert inside[0].x0 == pytest.approx(box.x0 + box.inset_x, abs=3), (
                        number, box.name, inside[0])
                break


@pytest.mark.parametrize(("rendering", "name"), CASES)
def test_every_slide_but_the_first_shows_its_number(rendered, rendering, name):
    _, _, _, pages = _read(rendered, rendering, name)
    x, y, w, h = (v * 72 for v in pack_layout.NUMBER_BOX)
    for number, page in enumerate(pages, start=1):
        corner = [wd.text for wd in page.words
                  if wd.x0 >= x - SLACK and wd.y0 >= y - SLACK and wd.x1 <= x + w + SLACK]
        assert corner == ([] if number == 1 else [str(number)]), number


@pytest.mark.parametrize("rendering", ["libreoffice-carlito", "project-pdf"])
def test_one_font_family(rendered, rendering):
    tmp, _ = rendered
    latin = {f for name in ("all", "khm") for f in office.font_names(tmp / rendering /
                                                                      f"{name}.pdf")}
    assert latin and all(f.startswith("Carlito") for f in latin), latin


@pytest.mark.parametrize("rendering", ["libreoffice-carlito", "libreoffice-fallback",
                                       "project-pdf"])
def test_asean_scripts_come_back_intact(rendered, rendering):
    tmp, _ = rendered
    text = "".join(office.raw_text(tmp / rendering / "scripts.pdf").split())
    for script, words in SCRIPTS.items():
        assert f"{script}:{''.join(words.split())}" in text, script


def test_the_master_and_layouts_are_16_9(rendered):
    tmp, _ = rendered
    prs = Presentation(str(tmp / "all.pptx"))
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, abs=0.01)
    template = Presentation()  # python-pptx's own 4:3 template, as it comes
    assert template.slide_width / template.slide_height == pytest.approx(4 / 3)
    parts = [prs.slide_master, *prs.slide_layouts]
    originals = [template.slide_master, *template.slide_layouts]
    for part, original in zip(parts, originals, strict=True):
        for ph, ph0 in zip(part.placeholders, original.placeholders, strict=True):
            # each placeholder where it was, relative to the slide's width and height
            assert ph.left / prs.slide_width == pytest.approx(
                ph0.left / template.slide_width, abs=0.002), (part.name, ph.name)
            assert ph.width / prs.slide_width == pytest.approx(
                ph0.width / template.slide_width, abs=0.002), (part.name, ph.name)
            assert ph.top / prs.slide_height == pytest.approx(
                ph0.top / template.slide_height, abs=0.002), (part.name, ph.name)


def test_the_pdf_refuses_text_it_has_no_font_for(rendered, monkeypatch):
    _, packs = rendered
    pack, imgs = packs["scripts"]
    monkeypatch.setattr(pack_pdf.pack_text, "PDF_SCRIPTS", ())
    with pytest.raises(pack_pdf.pack_text.MissingGlyphs, match="fonts-noto-core"):
        pack_pdf.to_pdf(pack, imgs)
