"""The briefing pack as a 16:9 PowerPoint file."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from analytics.figures import CHARTS
from analytics.pack_content import ILLUSTRATIVE_NOTE, BriefingPack
from analytics.pack_images import IMAGE_HEIGHT, IMAGE_WIDTH, Images, placeholder_text

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def to_pptx(pack: BriefingPack, imgs: Images) -> bytes:
    """The pack as a 16:9 PowerPoint file."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    layout = prs.slide_layouts[5]  # "Title Only": a real title placeholder for each slide
    grey = RGBColor(0x55, 0x55, 0x55)
    red = RGBColor(0xB0, 0x3A, 0x00)

    def new_slide(title: str, size: int = 30) -> Any:
        s = prs.slides.add_slide(layout)
        t = s.shapes.title
        t.left, t.top, t.width, t.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9)
        t.text = title
        p = t.text_frame.paragraphs[0]
        p.font.size = Pt(size)
        p.font.bold = True
        from pptx.enum.text import PP_ALIGN
        p.alignment = PP_ALIGN.LEFT
        return s

    def text(s: Any, x: float, y: float, w: float, h: float, lines: Sequence[str],
             size: int = 16, colour: Any = None, bold: bool = False) -> Any:
        box = s.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        tf = box.text_frame
        tf.word_wrap = True
        for i, line in enumerate(lines):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.text = line
            p.font.size = Pt(size)
            p.font.bold = bold
            if colour is not None:
                p.font.color.rgb = colour
        return box

    # title slide
    s = new_slide(pack.title, 34)
    lines = [f"Period: {pack.period}", f"Filters: {pack.filters_text}", pack.loaded_text,
             f"Prepared {pack.today:%d %b %Y} for the ASEAN Working Group on IP Cooperation"]
    text(s, 0.5, 1.6, 12.3, 3.0, lines, 20)
    if pack.illustrative:
        text(s, 0.5, 5.2, 12.3, 0.8, [ILLUSTRATIVE_NOTE], 22, red, bold=True)

    # key figures: two rows of four tiles
    s = new_slide("Key figures")
    for i, k in enumerate(pack.key_figures):
        x, y = 0.5 + (i % 3) * 4.15, 1.3 + (i // 3) * 1.75
        text(s, x, y, 3.9, 0.45, [k.label], 14, grey)
        text(s, x, y + 0.4, 3.9, 0.8, [k.value], 30, bold=True)
        text(s, x, y + 1.15, 3.9, 0.45, [k.detail], 12, grey)
    text(s, 0.5, 6.6, 12.3, 0.6, [f"Filters: {pack.filters_text}"], 11, grey)

    for slide in pack.charts:
        s = new_slide(slide.title, 28)
        png = imgs.png.get(slide.key)
        if png is not None:
            s.shapes.add_picture(io.BytesIO(png), Inches(0.5), Inches(1.2),
                                 width=Inches(12.3), height=Inches(12.3 * IMAGE_HEIGHT
                                                                   / IMAGE_WIDTH))
        else:
            text(s, 0.5, 2.5, 12.3, 2.0, placeholder_text(slide, imgs).splitlines(), 18, red)
        text(s, 0.5, 6.75, 12.3, 0.6, [slide.takeaway], 18, bold=True)
        # The chart's definition for the presenter: for the indicators, the status rule.
        definition = CHARTS[slide.key].definition if slide.key in CHARTS else ""
        s.notes_slide.notes_text_frame.text = (
            f"{slide.takeaway}\n{definition}\nFilters: {pack.filters_text}\n{pack.loaded_text}"
            + (f"\n{ILLUSTRATIVE_NOTE}" if slide.illustrative else ""))

    # appendix: the key table
    s = new_slide(pack.appendix_title, 26)
    n = len(pack.appendix_rows)
    if n == 0:
        text(s, 0.5, 1.5, 12.3, 1.0, ["No activities match these filters."], 16)
    else:
        widths = (2.3, 5.2, 2.0, 1.1, 1.7)
        shape = s.shapes.add_table(n + 1, len(pack.appendix_columns), Inches(0.5),
                                   Inches(1.3), Inches(sum(widths)), Inches(0.3 * (n + 1)))
        table = shape.table
        for j, w in enumerate(widths):
            table.columns[j].width = Inches(w)
        for i, row in enumerate([pack.appendix_columns, *pack.appendix_rows]):
            table.rows[i].height = Inches(0.3)
            for j, value in enumerate(row):
                cell = table.cell(i, j)
                cell.text = value
                for p in cell.text_frame.paragraphs:
                    p.font.size = Pt(10)
                    p.font.bold = i == 0
    if pack.appendix_more:
        text(s, 0.5, 6.9, 12.3, 0.4,
             [f"… and {pack.appendix_more} more activities (the full list is in the "
              "dashboard's data explorer)."], 12, grey)

    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
