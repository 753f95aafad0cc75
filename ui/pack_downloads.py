"""Sidebar: the briefing pack for the current filters, as PowerPoint and as PDF."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

import streamlit as st

from analytics import images, pack_content, pack_file
from analytics.filters import Filters
from analytics.problems import LoadResult
from ui.data_store import served_store
from ui.literal import markdown
from ui.questions import answers_for

log = logging.getLogger(__name__)


def pack_bytes(result: LoadResult, f: Filters, fmt: str) -> bytes:
    """The briefing pack file for filters `f` (built on the download click, on its own thread)."""
    answers = answers_for(result.con, f)
    pack = pack_content.pack_from_answers(
        answers, loaded_at=pack_content.loaded_at_of(result.files))
    made = pack_file.make_pack(pack, fmt)
    for warning in made.warnings:
        log.warning("briefing pack: %s", warning)
    return made.data


def briefing_pack_downloads(f: Filters) -> None:
    """The two download buttons; nothing is built until one is clicked."""
    result = served_store().good
    if result is None:
        return
    today = dt.date.today()
    st.markdown("**Briefing pack** for these filters")
    for fmt, label in (("pptx", "Briefing pack (PowerPoint)"), ("pdf", "Briefing pack (PDF)")):
        st.download_button(
            label, partial(pack_bytes, result, f, fmt),
            file_name=f"briefing-pack-{today:%Y-%m-%d}.{fmt}", mime=pack_file.MIME[fmt],
            key=f"_pack_{fmt}", on_click="ignore", width="stretch", icon="📑",
            help="Title, key figures, one slide per chart with its takeaway, and the "
                 "activities; 16:9. Takes about 10 seconds.",
        )
    problem = images.renderer_problem()
    if problem:
        st.caption(f"⚠️ {markdown(problem)}")
