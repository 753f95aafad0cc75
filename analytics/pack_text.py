"""The pack's one font family, and text measured against the widest font a reader may have.

The pack names Calibri (PowerPoint's own font). LibreOffice draws it with Carlito, which has
Calibri's letter widths; where neither is installed it falls back to DejaVu Sans, the widest of
the three. Every cell and box is therefore sized, and every text shortened, by its width in
DejaVu Sans, so it fits with any of them. The PDF embeds Carlito, and Noto Sans Thai, Khmer,
Lao and Myanmar for the scripts Carlito lacks (Debian `fonts-crosextra-carlito`,
`fonts-noto-core`); the chart images ask Chromium for the same family.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

FAMILY = "Calibri"  # named in the .pptx: PowerPoint has it; LibreOffice draws Carlito

_TRUETYPE = Path("/usr/share/fonts/truetype")
_WIDEST = (_TRUETYPE / "dejavu" / "DejaVuSans.ttf", _TRUETYPE / "dejavu" / "DejaVuSans-Bold.ttf")
FONT_PACKAGES = "fonts-crosextra-carlito fonts-noto-core fonts-dejavu-core"


@dataclass(frozen=True)
class PdfFont:
    """A family as two font files (regular, bold), and the Unicode blocks it is there for."""

    family: str
    regular: Path
    bold: Path
    blocks: tuple[tuple[int, int], ...] = ()

    def installed(self) -> bool:
        return self.regular.is_file() and self.bold.is_file()

    def needed_for(self, texts: list[str]) -> bool:
        """Whether any text has a character of this font's blocks (all when it has none)."""
        if not self.blocks:
            return True
        return any(lo <= ord(c) <= hi for t in texts for c in t for lo, hi in self.blocks)


PDF_MAIN = (
    PdfFont("Carlito", _TRUETYPE / "crosextra" / "Carlito-Regular.ttf",
            _TRUETYPE / "crosextra" / "Carlito-Bold.ttf"),
    PdfFont("DejaVu Sans", *_WIDEST),  # a server without Carlito still gets every Latin letter
)
# The Unicode blocks of each script (Khmer and Myanmar with their extensions).
SCRIPT_BLOCKS = {"Thai": ((0x0E00, 0x0E7F),), "Lao": ((0x0E80, 0x0EFF),),
           "Khmer": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
           "Myanmar": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))}
# The chart images' family (the PNG downloads and the pack's pictures), as the PDF's: Chromium
# takes each character from the first family listed that has it, so Thai, Khmer, Lao and
# Burmese come from the same Noto fonts as in the PDF, not from whatever fontconfig picks.
CHART_FONT = ", ".join(["Calibri", "Carlito", *(f"'Noto Sans {s}'" for s in SCRIPT_BLOCKS),
                        "'Noto Sans'", "'DejaVu Sans'", "sans-serif"])
PDF_SCRIPTS = tuple(
    PdfFont(f"Noto Sans {script}", _TRUETYPE / "noto" / f"NotoSans{script}-Regular.ttf",
            _TRUETYPE / "noto" / f"NotoSans{script}-Bold.ttf", blocks)
    for script, blocks in SCRIPT_BLOCKS.items()
)


class MissingGlyphs(RuntimeError):
    """Text the PDF cannot draw with the fonts installed; the message says what to install."""


@cache
def _font(bold: bool):  # noqa: ANN202 - PIL's font type; PIL is imported only when measuring
    from PIL import ImageFont

    path = _WIDEST[1 if bold else 0]
    return ImageFont.truetype(str(path), 1000) if path.is_file() else None


def width_in(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of `text` at `size_pt` in inches, in DejaVu Sans (the widest fallback)."""
    font = _font(bold)
    if font is None:  # no DejaVu: a generous 0.62 em a letter
        return len(text) * 0.62 * size_pt / 72
    return font.getlength(text) / 1000 * size_pt / 72


def fit(text: str, width: float, size_pt: float, bold: bool = False) -> str:
    """`text`, shortened with "…" where needed, so it fits `width` inches on one line."""
    if width_in(text, size_pt, bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if width_in(text[:mid].rstrip() + "…", size_pt, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def column_widths(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], total: float,
                  size_pt: float, padding: float, stretch: int,
                  caps: tuple[float, ...]) -> tuple[float, ...]:
    """Column widths (inches) summing to `total`: each column as wide as its widest cell
    (header in bold) plus `padding`, at most its cap; column `stretch` takes what is left."""
    need = []
    for j, name in enumerate(header):
        widest = max([width_in(name, size_pt, bold=True)]
                     + [width_in(r[j], size_pt) for r in rows])
        need.append(min(caps[j], widest + padding))
    rest = total - sum(w for j, w in enumerate(need) if j != stretch)
    need[stretch] = max(rest, 1.0)
    scale = total / sum(need)  # only when the caps leave less than 1 inch to stretch
    return tuple(w * scale for w in need)
