"""The briefing pack as a 16:9 PowerPoint file: the slides of `pack_layout`, on a 16:9 master."""

from __future__ import annotations

import copy
import io
from typing import Any

from analytics import pack_layout, pack_text
from analytics.pack_content import BriefingPack
from analytics.pack_images import Images
from analytics.pack_layout import SLIDE_H_IN, SLIDE_W_IN, Picture, Table, Text

__all__ = ["MIME", "SLIDE_H_IN", "SLIDE_W_IN", "to_pptx"]

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
TITLE_ONLY = 5  # the default template's "Title Only" layout: a real title placeholder


def _widescreen(prs: Any) -> None:
    """Make the default (4:3) template 16:9: the slide size, and every placeholder the master
    and its layouts position stretched across, so a slide added in PowerPoint, or a
    placeholder it restores, is laid out for 16:9 too. (The template's theme fonts are
    Calibri, the pack's family, already.)"""
    from pptx.oxml.ns import qn
    from pptx.util import Inches

    old_w = prs.slide_width
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    factor = prs.slide_width / old_w
    for part in [prs.slide_master, *prs.slide_layouts]:
        for shape in part.placeholders:
            # only a position of its own: an inherited one is stretched once, on the master
            if shape._element.spPr.find(qn("a:xfrm")) is not None:  # noqa: SLF001
                shape.left, shape.width = int(shape.left * factor), int(shape.width * factor)


def _font(run_font: Any, size: float, bold: bool, colour: tuple[int, int, int]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    run_font.name = pack_text.FAMILY
    run_font.size = Pt(size)
    run_font.bold = bold
    run_font.color.rgb = RGBColor(*colour)


def _frame(tf: Any, item: Text) -> None:
    """Paragraphs of `item` in a text frame: left-aligned, fixed size, wrapped in the box."""
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Inches

    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = MSO_ANCHOR.TOP  # the master centres titles; the PDF starts at the top
    tf.margin_left = tf.margin_right = Inches(pack_layout.BOX_INSET_X)
    tf.margin_top = tf.margin_bottom = Inches(pack_layout.BOX_INSET_Y)
    for i, line in enumerate(item.lines or ("",)):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = PP_ALIGN.LEFT
        run = p.add_run()
        run.text = line
        _font(run.font, item.size, item.bold, item.colour)


def _slide_number(slide: Any, number: int) -> None:
    """The slide's number as PowerPoint's slide-number field (it follows a reordering)."""
    from lxml import etree
    from pptx.enum.text import PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Inches

    x, y, w, h = pack_layout.NUMBER_BOX
    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    box.name = "Slide number"
    tf = box.text_frame
    _frame(tf, Text(x, y, w, h, (str(number),), 11, colour=pack_layout.GREY))
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.RIGHT
    r = p.runs[0]._r  # noqa: SLF001 - python-pptx has no API for fields
    fld = etree.SubElement(p._p, qn("a:fld"))  # noqa: SLF001
    fld.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
    fld.set("type", "slidenum")
    fld.append(copy.deepcopy(r.find(qn("a:rPr"))))
    etree.SubElement(fld, qn("a:t")).text = str(number)
    r.addprevious(fld)
    p._p.remove(r)  # noqa: SLF001


def _table(slide: Any, t: Table) -> None:
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches

    shape = slide.shapes.add_table(len(t.rows) + 1, len(t.widths), Inches(t.x), Inches(t.y),
                                   Inches(sum(t.widths)), Inches(t.row_h * (len(t.rows) + 1)))
    table = shape.table
    for j, w in enumerate(t.widths):
        table.columns[j].width = Inches(w)
    for i, row in enumerate([t.header, *t.rows]):
        table.rows[i].height = Inches(t.row_h)
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Inches(pack_layout.CELL_INSET_X)
            cell.margin_top = cell.margin_bottom = Inches(pack_layout.CELL_INSET_Y)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE  # as in the PDF
            tf = cell.text_frame
            tf.word_wrap = False  # one line: the text was shortened to the column
            p = tf.paragraphs[0]
            p.alignment = PP_ALIGN.LEFT
            run = p.add_run()
            run.text = value
            colour = (0xFF, 0xFF, 0xFF) if i == 0 else pack_layout.BLACK
            _font(run.font, t.size, i == 0, colour)


def to_pptx(pack: BriefingPack, imgs: Images) -> bytes:
    """The pack as a 16:9 PowerPoint file."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    _widescreen(prs)
    layout = prs.slide_layouts[TITLE_ONLY]
    for spec in pack_layout.slides(pack, imgs):
        s = prs.slides.add_slide(layout)
        t = s.shapes.title
        tt = spec.title
        t.left, t.top, t.width, t.height = (Inches(v) for v in (tt.x, tt.y, tt.w, tt.h))
        t.text_frame.text = ""
        _frame(t.text_frame, tt)
        for item in spec.items:
            if isinstance(item, Picture):
                s.shapes.add_picture(io.BytesIO(item.png), Inches(item.x), Inches(item.y),
                                     width=Inches(item.w), height=Inches(item.h))
            elif isinstance(item, Table):
                _table(s, item)
            else:
                box = s.shapes.add_textbox(Inches(item.x), Inches(item.y), Inches(item.w),
                                           Inches(item.h))
                _frame(box.text_frame, item)
        if spec.number is not None:
            _slide_number(s, spec.number)
        if spec.notes:
            s.notes_slide.notes_text_frame.text = spec.notes
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
