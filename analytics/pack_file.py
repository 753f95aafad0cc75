"""One call for the app and the command line: the briefing pack as PowerPoint or PDF bytes."""

from __future__ import annotations

import time
from dataclasses import dataclass

from analytics import pack_pdf, pack_pptx
from analytics.pack_content import BriefingPack
from analytics.pack_images import Images, render_images

MIME = {"pptx": pack_pptx.MIME, "pdf": pack_pdf.MIME}


@dataclass
class PackFile:
    data: bytes
    filename: str
    mime: str
    warnings: list[str]
    seconds: float


def filename(pack: BriefingPack, fmt: str) -> str:
    return f"briefing-pack-{pack.today:%Y-%m-%d}.{fmt}"


def make_pack(pack: BriefingPack, fmt: str, imgs: Images | None = None) -> PackFile:
    """The pack as `fmt` ("pptx" or "pdf") bytes; charts are drawn unless `imgs` is given.

    Raises `pack_text.MissingGlyphs` for a PDF whose text no installed font draws.
    """
    if fmt not in MIME:
        raise ValueError(f"format must be pptx or pdf, not {fmt!r}")
    t0 = time.perf_counter()
    if fmt == "pdf" and imgs is None:
        pack_pdf.check_fonts(pack)  # a PDF refused for its fonts is refused before the charts
    imgs = imgs if imgs is not None else render_images(pack)
    data = (pack_pptx.to_pptx(pack, imgs) if fmt == "pptx"
            else pack_pdf.to_pdf(pack, imgs))
    return PackFile(data, filename(pack, fmt), MIME[fmt], list(imgs.warnings),
                    time.perf_counter() - t0)
