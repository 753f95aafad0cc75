"""The briefing pack as a PDF: the same slides, one 16:9 landscape page each."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analytics.pack_content import ILLUSTRATIVE_NOTE, BriefingPack
from analytics.pack_images import IMAGE_HEIGHT, IMAGE_WIDTH, Images, placeholder_text
from analytics.pack_pptx import SLIDE_H_IN, SLIDE_W_IN

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian fonts-dejavu-core
MIME = "application/pdf"


def _pdf_fonts(pdf: Any) -> tuple[str, Callable[[str], str]]:
    """A Unicode TTF when Debian's DejaVu is installed; else the latin-1 core font."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu", lambda s: s

    def latin1(s: str) -> str:
        s = s.replace("–", "-").replace("—", "-").replace("…", "...").replace("·", "-")
        s = unicodedata.normalize("NFKD", s)
        return "".join(c for c in s if not unicodedata.combining(c)).encode(
            "latin-1", "replace").decode("latin-1")

    return "helvetica", latin1


def to_pdf(pack: BriefingPack, imgs: Images) -> bytes:
    """The same slides as a PDF, one 16:9 landscape page each."""
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", unit="in", format=(SLIDE_H_IN, SLIDE_W_IN))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0.5, 0.3, 0.5)
    font, clean = _pdf_fonts(pdf)
    pdf.set_title(clean(pack.title))

    def write(x: float, y: float, w: float, line: str, size: int, bold: bool = False,
              colour: tuple[int, int, int] = (0, 0, 0)) -> None:
        pdf.set_xy(x, y)
        pdf.set_font(font, "B" if bold else "", size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(w, size / 72 * 1.3, clean(line))

    def page(title: str, size: int = 28) -> None:
        pdf.add_page()
        write(0.5, 0.4, 12.3, title, size, bold=True)

    page(pack.title, 32)
    y = 1.7
    for line in (f"Period: {pack.period}", f"Filters: {pack.filters_text}", pack.loaded_text,
                 f"Prepared {pack.today:%d %b %Y} for the ASEAN Working Group on IP "
                 "Cooperation"):
        write(0.5, y, 12.3, line, 18)
        y = pdf.get_y() + 0.15
    if pack.illustrative:
        write(0.5, 5.2, 12.3, ILLUSTRATIVE_NOTE, 22, bold=True, colour=(176, 58, 0))

    page("Key figures")
    for i, k in enumerate(pack.key_figures):
        x, y = 0.5 + (i % 3) * 4.15, 1.3 + (i // 3) * 1.75
        write(x, y, 3.9, k.label, 14, colour=(85, 85, 85))
        write(x, y + 0.4, 3.9, k.value, 28, bold=True)
        write(x, y + 1.15, 3.9, k.detail, 12, colour=(85, 85, 85))
    write(0.5, 6.6, 12.3, f"Filters: {pack.filters_text}", 11, colour=(85, 85, 85))

    for slide in pack.charts:
        page(slide.title)
        png = imgs.png.get(slide.key)
        if png is not None:
            pdf.image(io.BytesIO(png), x=0.5, y=1.2, w=12.3, h=12.3 * IMAGE_HEIGHT / IMAGE_WIDTH)
        else:
            write(0.5, 2.5, 12.3, placeholder_text(slide, imgs), 18, colour=(176, 58, 0))
        write(0.5, 6.75, 12.3, slide.takeaway, 16, bold=True)

    page(pack.appendix_title, 24)
    if not pack.appendix_rows:
        write(0.5, 1.5, 12.3, "No activities match these filters.", 16)
    else:
        widths = (2.3, 5.2, 2.0, 1.1, 1.7)
        pdf.set_y(1.3)
        for i, row in enumerate([pack.appendix_columns, *pack.appendix_rows]):
            pdf.set_x(0.5)
            pdf.set_font(font, "B" if i == 0 else "", 9)
            pdf.set_text_color(0, 0, 0)
            for w, value in zip(widths, row, strict=True):
                pdf.cell(w, 0.3, clean(value), border=1)
            pdf.ln(0.3)
    if pack.appendix_more:
        write(0.5, 6.9, 12.3, f"… and {pack.appendix_more} more activities (the full list "
              "is in the dashboard's data explorer).", 11, colour=(85, 85, 85))
    return bytes(pdf.output())
