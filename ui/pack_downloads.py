"""Sidebar: the briefing pack for the current filters, as PowerPoint and as PDF."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

import streamlit as st

from analytics import images, pack_content, pack_file, pack_pdf
from analytics.filters import Filters
from analytics.pack_content import BriefingPack
from analytics.pack_text import MissingGlyphs
from analytics.problems import LoadResult
from ui.data_store import served_store
from ui.literal import markdown
from ui.questions import answers_for

log = logging.getLogger(__name__)

# (filters, message) of the last PDF refused for its fonts in this session.
REFUSED_KEY = "_pack_pdf_refused"


def _pack(result: LoadResult, f: Filters) -> BriefingPack:
    return pack_content.pack_from_answers(
        answers_for(result.con, f), loaded_at=pack_content.loaded_at_of(result.files))


def pack_bytes(result: LoadResult, f: Filters, fmt: str) -> bytes:
    """The briefing pack file for filters `f` (built on the download click, on its own thread).

    Raises `MissingGlyphs` for a PDF no installed font can draw (before any chart is drawn):
    the browser then says the download failed, and `check_pdf` says why.
    """
    try:
        made = pack_file.make_pack(_pack(result, f), fmt)
    except MissingGlyphs as e:
        log.warning("briefing pack refused: %s", e)
        raise
    for warning in made.warnings:
        log.warning("briefing pack: %s", warning)
    return made.data


def check_pdf(result: LoadResult, f: Filters) -> None:
    """On a click of the PDF button, the PDF's font check again, in the script run the click
    starts: the download's own thread can show nothing (Streamlit ignores its elements), and
    the browser only says "Failed to generate file for download"."""
    try:
        pack_pdf.check_fonts(_pack(result, f))
    except MissingGlyphs as e:
        st.session_state[REFUSED_KEY] = (f, str(e))
    else:
        st.session_state.pop(REFUSED_KEY, None)


def refusal(f: Filters) -> str | None:
    """Why the PDF of these filters was refused, if it was (another selection may pass)."""
    refused = st.session_state.get(REFUSED_KEY)
    return refused[1] if refused and refused[0] == f else None


@st.fragment
def briefing_pack_downloads(f: Filters) -> None:
    """The two download buttons; nothing is built until one is clicked. A fragment: the PDF
    button's click reruns this section only, to say why a PDF is refused."""
    result = served_store().good
    if result is None:
        return
    today = dt.date.today()
    st.markdown("**Briefing pack** for these filters")
    for fmt, label in (("pptx", "Briefing pack (PowerPoint)"), ("pdf", "Briefing pack (PDF)")):
        st.download_button(
            label, partial(pack_bytes, result, f, fmt),
            file_name=f"briefing-pack-{today:%Y-%m-%d}.{fmt}", mime=pack_file.MIME[fmt],
            key=f"_pack_{fmt}", width="stretch", icon="📑",
            on_click=(check_pdf if fmt == "pdf" else "ignore"),
            args=((result, f) if fmt == "pdf" else None),
            help="Title, key figures, one slide per chart with its takeaway, and the "
                 "activities; 16:9. Takes about 10 seconds.",
        )
    message = refusal(f)
    if message:
        st.error(f"The PDF pack was not made. {markdown(message)}", icon="🔤")
    problem = images.renderer_problem()
    if problem:
        st.caption(f"⚠️ {markdown(problem)}")
