"""Tick labels as a renderer drew them (plotly's SVG), against the figure's categories.

Used by the tests of the chart images: the labels are read from the drawing (text, position,
font size), the categories from the figure given to the renderer, so a label the drawing
lacks, cuts at the image's edge or lays over another fails.
"""

from __future__ import annotations

import base64
import html
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go

SVG = "{http://www.w3.org/2000/svg}"
CARLITO = Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_NUMBER_OR_DATE = re.compile(r"^-?[\d.,]+$|^\d{4}-\d{2}(-\d{2})?")


@dataclass(frozen=True)
class Label:
    axis: str  # "x", "y", "x2" …
    text: str  # as drawn (its lines joined by spaces)
    box: tuple[float, float, float, float]  # left, top, right, bottom in image pixels


@cache
def _font(size: float):  # noqa: ANN202 - PIL's font
    from PIL import ImageFont

    path = CARLITO if CARLITO.is_file() else DEJAVU
    return ImageFont.truetype(str(path), max(1, round(size)))


def _width(text: str, size: float) -> float:
    return float(_font(size).getlength(text))


def _translate(transform: str | None) -> tuple[float, float]:
    x = y = 0.0
    for tx, ty in re.findall(r"translate\(\s*([-\d.e]+)[ ,]*([-\d.e]*)\s*\)", transform or ""):
        x += float(tx)
        y += float(ty or 0)
    return x, y


def _rotation(transform: str | None) -> tuple[float, float, float] | None:
    m = re.search(r"rotate\(\s*([-\d.e]+)[ ,]*([-\d.e]*)[ ,]*([-\d.e]*)\s*\)", transform or "")
    if not m:
        return None
    return float(m.group(1)), float(m.group(2) or 0), float(m.group(3) or 0)


def _font_size(style: str | None) -> float:
    m = re.search(r"font-size:\s*([\d.]+)px", style or "")
    return float(m.group(1)) if m else 12.0


def drawn_labels(svg: bytes | str) -> list[Label]:
    """Every non-empty tick label of the SVG with its approximate box."""
    root = ET.fromstring(svg if isinstance(svg, bytes) else svg.encode())
    labels: list[Label] = []
    for group in root.iter(f"{SVG}g"):
        m = re.fullmatch(r"(x\d*|y\d*)tick", group.get("class", ""))
        if not m:
            continue
        gx, gy = _translate(group.get("transform"))
        for text in group.iter(f"{SVG}text"):
            lines = [t.text or "" for t in text.iter(f"{SVG}tspan")
                     if "line" in (t.get("class") or "")] or ["".join(text.itertext())]
            shown = " ".join(line.strip() for line in lines).strip()
            if not shown:
                continue
            size = _font_size(text.get("style"))
            tx, ty = _translate(text.get("transform"))
            x = float(text.get("x") or 0) + tx + gx
            y = float(text.get("y") or 0) + ty + gy
            width = max(_width(line, size) for line in lines)
            anchor = text.get("text-anchor", "start")
            left = x - (width / 2 if anchor == "middle" else width if anchor == "end" else 0)
            top, bottom = y - 0.8 * size, y + 0.25 * size + 1.3 * size * (len(lines) - 1)
            corners = [(left, top), (left + width, top), (left, bottom), (left + width, bottom)]
            rotation = _rotation(text.get("transform"))
            if rotation:
                angle, cx, cy = rotation
                cx, cy = cx + tx + gx, cy + ty + gy
                a = math.radians(angle)
                corners = [(cx + (px - cx) * math.cos(a) - (py - cy) * math.sin(a),
                            cy + (px - cx) * math.sin(a) + (py - cy) * math.cos(a))
                           for px, py in corners]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            labels.append(Label(m.group(1), shown, (min(xs), min(ys), max(xs), max(ys))))
    return labels


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, dict) and "bdata" in value:  # plotly's typed array (figure JSON)
        value = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return [_category(v) for v in np.asarray(value, dtype=object).ravel()]


def _category(value: Any) -> Any:
    """A value as plotly names its category: 2024, not 2024.0."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def _as_drawn(label: str) -> str:
    """A label's text as plotly draws it: lines joined, tags (<b>) applied, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", label.replace("<br>", " ")))


def _axis_name(letter: str, ref: str | None) -> str:
    suffix = (ref or letter)[1:]
    return f"{letter}axis{suffix}"


def expected_labels(fig: go.Figure) -> dict[str, list[str]]:
    """Per category axis ("x", "y2" …): the label each category should have, as the figure
    gives it (its tick text where it sets one, else the category itself)."""
    layout = fig.layout
    found: dict[str, list[Any]] = {}
    for trace in fig.data:
        for letter in ("x", "y"):
            if letter not in trace or trace[letter] is None:
                continue
            ref = getattr(trace, f"{letter}axis", None) or letter
            found.setdefault(ref, []).extend(_values(trace[letter]))
    out: dict[str, list[str]] = {}
    for ref, values in found.items():
        axis = layout[_axis_name(ref[0], ref)]
        if axis.visible is False or axis.showticklabels is False:
            continue
        declared = axis.type
        if declared not in (None, "-", "category"):
            continue
        categories = ([_category(v) for v in axis.categoryarray]
                      if axis.categoryarray is not None else list(dict.fromkeys(values)))
        if declared != "category" and not any(
                isinstance(v, str) and not _NUMBER_OR_DATE.match(v) for v in categories):
            continue  # numbers or dates: not a category axis
        if axis.range is not None:  # only what the axis shows
            lo, hi = sorted(float(r) for r in axis.range)
            categories = [c for i, c in enumerate(categories) if lo - 0.01 <= i <= hi + 0.01]
        text = dict(zip((str(_category(v)) for v in axis.tickvals or ()), axis.ticktext or (),
                        strict=False))
        out[ref] = [_as_drawn(str(text.get(str(c), c))) for c in categories]
    return out


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def problems(fig: go.Figure, svg: bytes | str, width: int, height: int) -> list[str]:
    """What is wrong with the drawn tick labels of the categories of `fig`."""
    expected = expected_labels(fig)
    labels = drawn_labels(svg)
    out = []
    for ref, wanted in expected.items():
        drawn = [lab for lab in labels if lab.axis == ref]
        texts = [" ".join(lab.text.split()) for lab in drawn]
        for label in wanted:
            if " ".join(label.split()) not in texts:
                out.append(f"{ref} axis: category {label!r} has no label "
                           f"(drawn: {texts[:8]})")
        wanted_norm = {" ".join(w.split()) for w in wanted}
        for lab, text in zip(drawn, texts, strict=True):
            if text not in wanted_norm:
                out.append(f"{ref} axis: label {text!r} is not a category's label (cut?)")
            left, top, right, bottom = lab.box
            if left < -1 or top < -1 or right > width + 1 or bottom > height + 1:
                out.append(f"{ref} axis: label {text!r} runs past the image's edge "
                           f"({left:.0f}, {top:.0f}, {right:.0f}, {bottom:.0f})")
        for i in range(len(drawn)):
            for j in range(i + 1, len(drawn)):
                if _overlap(drawn[i].box, drawn[j].box) > 4:
                    out.append(f"{ref} axis: labels {texts[i]!r} and {texts[j]!r} overlap")
    return out
