"""The pack's slides as boxes on a 16:9 page: one layout, drawn by both the PowerPoint and the
PDF writer, so the two files show the same thing in the same place.

Every text is sized to its box with `pack_text` (measured in the widest fallback font), so
nothing wraps out of a box or runs past the slide bottom in PowerPoint, LibreOffice or the PDF.
Text is left-aligned; every slide but the first carries its number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from analytics import pack_text, queries
from analytics.figures import CHARTS
from analytics.pack_content import ILLUSTRATIVE_NOTE, BriefingPack
from analytics.pack_images import IMAGE_HEIGHT, IMAGE_WIDTH, Images, placeholder_text

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MARGIN = 0.5
CONTENT_W = SLIDE_W_IN - 2 * MARGIN
# Inner margins of a text box (PowerPoint's defaults, also LibreOffice's) and of a table cell.
BOX_INSET_X, BOX_INSET_Y = 0.1, 0.05
CELL_INSET_X, CELL_INSET_Y = 0.08, 0.04
LINE = 1.25  # line height in em: DejaVu Sans 1.16, Carlito 1.22, with room
BLACK, GREY, RED = (0, 0, 0), (0x55, 0x55, 0x55), (0xB0, 0x3A, 0x00)
TABLE_SIZE = 10
ROW_H = 0.3  # one line of 10 pt with the cell's inner margins, in any of the fonts
APPENDIX_WIDTH_CAPS = (3.0, 12.3, 2.6, 1.6, 2.9)  # Activity, Title, Cluster, Status, Dates
NUMBER_BOX = (SLIDE_W_IN - MARGIN - 1.0, SLIDE_H_IN - 0.45, 1.0, 0.35)
RULE_CHART = "indicator_progress"  # its slide states the status rule under the chart
RULE_BOX_H = 0.75  # room for the rule (three lines at 10 pt) under the chart


@dataclass(frozen=True)
class Text:
    """A text box: paragraphs at one size, left-aligned, that fit the box."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    size: float
    bold: bool = False
    colour: tuple[int, int, int] = BLACK


@dataclass(frozen=True)
class Picture:
    key: str
    png: bytes = field(repr=False)
    x: float = MARGIN
    y: float = 1.2
    w: float = 0.0
    h: float = 0.0


@dataclass(frozen=True)
class Table:
    """One line per cell; rows of ROW_H; the header row bold."""

    x: float
    y: float
    widths: tuple[float, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    size: float = TABLE_SIZE
    row_h: float = ROW_H


@dataclass(frozen=True)
class Slide:
    title: Text
    items: tuple[Text | Picture | Table, ...]
    number: int | None  # shown bottom right; None on the title slide
    notes: str = ""


def _wrapped_lines(text: str, width: float, size: float, bold: bool) -> int:
    """How many lines `text` takes in `width` inches, wrapped at spaces (greedy, as office
    software does), a word wider than the line broken into pieces."""
    lines, current = 0, ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if pack_text.width_in(trial, size, bold) <= width:
            current = trial
            continue
        if current:
            lines += 1
        w = pack_text.width_in(word, size, bold)
        pieces = max(1, int(-(-w // width)))
        lines += pieces - 1
        current = word if pieces == 1 else "x"
    return lines + (1 if current or lines == 0 else 0)


def fitted(x: float, y: float, w: float, h: float, lines: Sequence[str], size: float,
           bold: bool = False, colour: tuple[int, int, int] = BLACK,
           min_size: float | None = None) -> Text:
    """A text box whose paragraphs fit it: the size is lowered (to `min_size`, by default
    70 % of `size`) until they do; below that, the last paragraphs are shortened."""
    inner_w, inner_h = w - 2 * BOX_INSET_X - 0.05, h - 2 * BOX_INSET_Y
    lowest = min_size if min_size is not None else round(size * 0.7)
    s = float(size)
    while True:
        used = sum(_wrapped_lines(t, inner_w, s, bold) for t in lines) * s * LINE / 72
        if used <= inner_h or s <= lowest:
            break
        s -= 1
    out = list(lines)
    used = 0.0
    for i, t in enumerate(out):  # still too long at the smallest size: shorten, never spill
        room = int((inner_h - used) // (s * LINE / 72))
        n = _wrapped_lines(t, inner_w, s, bold)
        if n > room:
            out[i] = pack_text.fit(t, inner_w * max(room, 1), s, bold) if room else ""
            out = out[:i + 1] if room else out[:i]
            break
        used += n * s * LINE / 72
    return Text(x, y, w, h, tuple(out), s, bold, colour)


def _title(text: str, size: float = 28) -> Text:
    return fitted(MARGIN, 0.3, CONTENT_W, 0.9, [text], size, bold=True, min_size=18)


def slides(pack: BriefingPack, imgs: Images) -> list[Slide]:
    """Every slide of the pack, in order, as boxes."""
    out: list[Slide] = []
    lines = [f"Period: {pack.period}", f"Filters: {pack.filters_text}", pack.loaded_text,
             f"Prepared {pack.today:%d %b %Y} for the ASEAN Working Group on IP Cooperation"]
    items: list[Text | Picture | Table] = [fitted(MARGIN, 1.6, CONTENT_W, 3.2, lines, 20)]
    if pack.illustrative:
        items.append(fitted(MARGIN, 5.2, CONTENT_W, 0.8, [ILLUSTRATIVE_NOTE], 22, True, RED))
    out.append(Slide(fitted(MARGIN, 0.3, CONTENT_W, 1.2, [pack.title], 34, True, min_size=24),
                     tuple(items), None))

    items = []
    for i, k in enumerate(pack.key_figures):  # three tiles a row
        x, y = MARGIN + (i % 3) * 4.15, 1.3 + (i // 3) * 1.7
        items += [fitted(x, y, 3.9, 0.45, [k.label], 14, colour=GREY),
                  fitted(x, y + 0.4, 3.9, 0.75, [k.value], 30, bold=True),
                  fitted(x, y + 1.1, 3.9, 0.45, [k.detail] if k.detail else [], 12,
                         colour=GREY)]
    items.append(fitted(MARGIN, 6.45, CONTENT_W - 1.2, 0.55, [f"Filters: {pack.filters_text}"],
                        11, colour=GREY))
    out.append(Slide(_title("Key figures"), tuple(items), len(out) + 1))

    # A chart slide states its finding as its title (the figures layer's takeaway, as on the
    # page and in presentation mode), what the chart measures under it, then the chart.
    pic_h = 5.15
    for chart in pack.charts:
        png = imgs.png.get(chart.key)
        # The indicators' slide says how the status is set (as the page does), under a
        # smaller chart.
        rule = [f"How the status is set: {queries.RAG_RULE}"] if chart.key == RULE_CHART else []
        h = pic_h - RULE_BOX_H if rule else pic_h
        body: Text | Picture = (
            Picture(chart.key, png, MARGIN, 1.72, h * IMAGE_WIDTH / IMAGE_HEIGHT, h)
            if png is not None
            else fitted(MARGIN, 2.5, CONTENT_W, 2.0, placeholder_text(chart, imgs).splitlines(),
                        18, colour=RED))
        measures = fitted(MARGIN, 1.2, CONTENT_W, 0.5, [chart.title], 18, colour=GREY)
        extra = (fitted(MARGIN, 1.72 + h + 0.05, NUMBER_BOX[0] - MARGIN - 0.1, RULE_BOX_H, rule,
                        10, colour=GREY, min_size=8),) if rule else ()
        # The chart's definition for the presenter: for the indicators, the status rule.
        definition = CHARTS[chart.key].definition if chart.key in CHARTS else ""
        notes = (f"{chart.takeaway}\n{definition}\nFilters: {pack.filters_text}\n"
                 f"{pack.loaded_text}" + (f"\n{ILLUSTRATIVE_NOTE}" if chart.illustrative else ""))
        out.append(Slide(_title(chart.takeaway), (measures, body, *extra), len(out) + 1, notes))

    pages = pack.appendix_pages
    widths = pack_text.column_widths(
        pack.appendix_columns, pack.appendix_rows, CONTENT_W, TABLE_SIZE,
        2 * CELL_INSET_X + 0.1, stretch=1, caps=APPENDIX_WIDTH_CAPS)
    for i, (title, rows) in enumerate(zip(pack.appendix_titles, pages, strict=True)):
        items = []
        if not rows:
            items.append(fitted(MARGIN, 1.5, CONTENT_W, 1.0,
                                ["No activities match these filters."], 16))
        else:
            cells = tuple(tuple(pack_text.fit(v, w - 2 * CELL_INSET_X - 0.05, TABLE_SIZE)
                                for v, w in zip(row, widths, strict=True)) for row in rows)
            items.append(Table(MARGIN, 1.35, widths, pack.appendix_columns, cells))
        last = i == len(pages) - 1
        note = ("continued on the next slide" if not last else
                f"… and {pack.appendix_more} more activities (the full list is in the "
                "dashboard's data explorer)." if pack.appendix_more else "")
        if note:
            y = 1.35 + ROW_H * (len(rows) + 1) + 0.15
            items.append(fitted(MARGIN, y, CONTENT_W - 1.2, 0.4, [note], 12, colour=GREY))
        out.append(Slide(_title(title, 26), tuple(items), len(out) + 1))
    return out
