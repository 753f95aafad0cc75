"""The briefing pack's chart images: every chart of a pack drawn once, in one Chromium."""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from analytics import images
from analytics.figures import ChartView
from analytics.pack_content import BriefingPack

IMAGE_WIDTH = 1600  # chart image in pixels; placed 11.4 × 5.15 in on the slide (140 dpi)
IMAGE_HEIGHT = 720


@dataclass
class Images:
    """PNG bytes per chart key; `missing` says why the others could not be drawn."""

    png: dict[str, bytes] = field(default_factory=dict)
    missing: str | None = None
    warnings: list[str] = field(default_factory=list)


def slide_figure(pack: BriefingPack, slide: ChartView) -> go.Figure:
    """The figure as drawn on its slide: white, no title or subtitle (the slide has them),
    the filters as caption, in the pack's font family (`images.for_print`)."""
    note = "illustrative sample data" if slide.illustrative else None
    fig = go.Figure(slide.figure)  # a copy: the slide says what it measures above the image
    fig.update_layout(title_subtitle_text="")
    return images.for_print(fig, title="", font_size=18,
                            caption=images.caption_text(pack.filters_text, note))


def render_images(pack: BriefingPack) -> Images:
    """Draw every chart of the pack; never raises for a missing or failing browser."""
    out = Images()
    try:
        images.start()
    except images.ImageRendererUnavailable as e:
        out.missing = str(e)
        out.warnings.append(str(e))
        return out
    for slide in pack.charts:
        try:
            out.png[slide.key] = images.figure_png(slide_figure(pack, slide), IMAGE_WIDTH,
                                                   IMAGE_HEIGHT)
        except Exception as e:  # noqa: BLE001 - one chart failing must not lose the pack
            out.warnings.append(f"Chart '{slide.title}' could not be drawn ({e}); "
                                "its slide shows a note instead.")
    return out


def placeholder_text(slide: ChartView, imgs: Images) -> str:
    reason = imgs.missing or "the chart could not be drawn (see the warnings)"
    return f"Chart not drawn: {reason}\nThe takeaway below is computed from the data."
