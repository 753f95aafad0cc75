"""The briefing pack as a PDF: the slides of `pack_layout`, one 16:9 page each.

Text is drawn in Carlito (Calibri's letter widths, the pack's family), with Noto Sans Thai,
Khmer, Lao and Myanmar as fallback fonts for those scripts, and shaped by HarfBuzz
(`uharfbuzz`) so their vowels and stacked consonants sit where they belong. A character no
installed font has raises `MissingGlyphs` instead of leaving a blank (fpdf2 itself only logs).
"""

from __future__ import annotations

import io
import logging
import unicodedata
from typing import Any

from analytics import pack_layout, pack_text
from analytics.pack_content import BriefingPack
from analytics.pack_images import Images
from analytics.pack_layout import SLIDE_H_IN, SLIDE_W_IN, Picture, Table, Text

MIME = "application/pdf"
# The Noto fonts' "created" date is 0, which fontTools reports on every load: not a problem.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)


def _fonts(pdf: Any, texts: list[str]) -> str:
    """Register the main family and the installed fallbacks `texts` need; the main one.
    (A script font is only loaded for text in its script: each costs a fifth of a second.)"""
    main = next((f for f in pack_text.PDF_MAIN if f.installed()), None)
    if main is None:
        raise pack_text.MissingGlyphs(
            "The PDF needs the fonts Carlito or DejaVu Sans: install the fonts with the run "
            f"command as root (bash scripts/run.sh), or the Debian packages "
            f"{pack_text.FONT_PACKAGES}; or download the PowerPoint pack instead.")
    fallbacks = []
    for font in (*[f for f in pack_text.PDF_MAIN if f is not main], *pack_text.PDF_SCRIPTS):
        if font.installed() and font.needed_for(texts):
            pdf.add_font(font.family, "", str(font.regular))
            pdf.add_font(font.family, "B", str(font.bold))
            fallbacks.append(font.family)
    pdf.add_font(main.family, "", str(main.regular))
    pdf.add_font(main.family, "B", str(main.bold))
    pdf.set_fallback_fonts(fallbacks)
    pdf.set_text_shaping(True)
    return main.family


def _check_glyphs(pdf: Any, texts: list[str]) -> None:
    """Raise when a character is in no registered font. With text shaping on, fpdf2 draws such
    a character as an empty box and records nothing, so the fonts' own tables are asked."""
    covered: set[int] = set()
    for f in pdf.fonts.values():
        ttfont = getattr(f, "ttfont", None)
        if ttfont is not None:
            covered.update(ttfont.getBestCmap())
    missing = sorted({c for t in texts for c in t
                      if ord(c) not in covered and not c.isspace()
                      and unicodedata.category(c) != "Cf"})  # joiners: no glyph of their own
    if not missing:
        return
    shown = " ".join(f"{c!r} (U+{ord(c):04X})" for c in missing[:10])
    shown += " …" if len(missing) > 10 else ""
    # Installing helps only where a font the PDF would use is absent; a script the pack has
    # no font for (Ol Chiki, say) stays missing whatever is installed.
    installable = not pack_text.PDF_MAIN[0].installed() or any(
        lo <= ord(c) <= hi for c in missing
        for blocks in pack_text.SCRIPT_BLOCKS.values() for lo, hi in blocks)
    if installable:
        raise pack_text.MissingGlyphs(
            f"The PDF has no font for {shown}: install the fonts with the run command as root "
            f"(bash scripts/run.sh), or the Debian packages {pack_text.FONT_PACKAGES}; or "
            "download the PowerPoint pack instead.")
    raise pack_text.MissingGlyphs(
        f"The PDF has no font for {shown}: the pack draws Latin, Thai, Khmer, Lao and Burmese "
        "text, and no font it uses has these characters. Download the PowerPoint pack "
        "instead (it uses the fonts of the reader's computer), or correct the text in the "
        "data.")


def _drawn_texts(specs: list[pack_layout.Slide]) -> list[str]:
    """Every line of text the slides draw: titles, boxes and table cells."""
    return [line for spec in specs for item in (spec.title, *spec.items)
            for line in (item.lines if isinstance(item, Text) else
                         [v for row in (item.header, *item.rows) for v in row]
                         if isinstance(item, Table) else [])]


def check_fonts(pack: BriefingPack) -> None:
    """Raise `pack_text.MissingGlyphs` when a text of the pack has characters no installed
    font draws: the check of `to_pdf`, before any chart is drawn (a fraction of a second,
    where drawing the charts takes ten)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", unit="in", format=(SLIDE_H_IN, SLIDE_W_IN))
    drawn = _drawn_texts(pack_layout.slides(pack, Images()))
    _fonts(pdf, drawn)
    _check_glyphs(pdf, drawn)


def to_pdf(pack: BriefingPack, imgs: Images) -> bytes:
    """The same slides as a PDF, one 16:9 landscape page each.

    Raises `pack_text.MissingGlyphs` when a text has characters no installed font draws.
    """
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", unit="in", format=(SLIDE_H_IN, SLIDE_W_IN))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.c_margin = 0  # the boxes carry their inner margins, as in PowerPoint
    specs = pack_layout.slides(pack, imgs)
    drawn = _drawn_texts(specs)
    font = _fonts(pdf, drawn)
    pdf.set_title(pack.title)

    def text(t: Text, align: str = "L") -> None:
        pdf.set_font(font, "B" if t.bold else "", t.size)
        pdf.set_text_color(*t.colour)
        pdf.set_xy(t.x + pack_layout.BOX_INSET_X, t.y + pack_layout.BOX_INSET_Y)
        for line in t.lines:
            pdf.set_x(t.x + pack_layout.BOX_INSET_X)
            pdf.multi_cell(t.w - 2 * pack_layout.BOX_INSET_X, t.size / 72 * pack_layout.LINE,
                           line, align=align, new_x="LMARGIN", new_y="NEXT")

    def table(t: Table) -> None:
        y = t.y
        for i, row in enumerate([t.header, *t.rows]):
            x = t.x
            pdf.set_font(font, "B" if i == 0 else "", t.size)
            for w, value in zip(t.widths, row, strict=True):
                if i == 0:
                    pdf.set_fill_color(0x4F, 0x81, 0xBD)
                    pdf.set_text_color(0xFF, 0xFF, 0xFF)
                else:
                    pdf.set_fill_color(*((0xE9, 0xED, 0xF4) if i % 2 else (0xD0, 0xD8, 0xE8)))
                    pdf.set_text_color(0, 0, 0)
                pdf.rect(x, y, w, t.row_h, style="F")
                pdf.set_xy(x + pack_layout.CELL_INSET_X, y)
                pdf.cell(w - 2 * pack_layout.CELL_INSET_X, t.row_h, value, align="L")
                x += w
            y += t.row_h

    _check_glyphs(pdf, drawn)  # before drawing: a refused pack costs nothing more
    for spec in specs:
        pdf.add_page()
        text(spec.title)
        for item in spec.items:
            if isinstance(item, Picture):
                pdf.image(io.BytesIO(item.png), x=item.x, y=item.y, w=item.w, h=item.h)
            elif isinstance(item, Table):
                table(item)
            else:
                text(item)
        if spec.number is not None:
            x, y, w, h = pack_layout.NUMBER_BOX
            text(Text(x, y, w, h, (str(spec.number),), 11, colour=pack_layout.GREY), "R")
    return bytes(pdf.output())
