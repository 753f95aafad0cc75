"""The sidebar's briefing pack: a PDF refused for its fonts says why, next to its button.

The data hold a title in Ol Chiki, a script no font of the pack has (tests/unit/
test_pack_fonts.py proves it from the font files): the PDF's real font check refuses it.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import TIMEOUT, open_page, unescaped
from tests.unit.test_pack_fonts import OL_CHIKI, olchiki_folder


def pdf_button_clicked() -> None:
    """The sidebar's pack section as a click of its PDF button runs it: the button's
    callback, then the section (Streamlit runs a widget's callback before the script)."""
    import streamlit as st

    from analytics.filters import Filters
    from ui.data_store import served_store
    from ui.pack_downloads import briefing_pack_downloads, check_pdf

    check_pdf(served_store().good, Filters())
    with st.sidebar:
        briefing_pack_downloads(Filters())


def test_a_pdf_no_font_draws_is_refused_with_what_to_do(tmp_path: Path, use_data):
    use_data(olchiki_folder(tmp_path))
    at = AppTest.from_function(pdf_button_clicked, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.sidebar.error]
    assert len(errors) == 1, errors
    message = unescaped(errors[0])
    assert message.startswith("The PDF pack was not made.")
    for ch in set(OL_CHIKI):  # what is missing, by code point (shown literally)
        assert f"U+{ord(ch):04X}" in message
    assert "PowerPoint pack" in message  # what to do


def test_a_pdf_the_fonts_draw_is_not_refused():
    at = AppTest.from_function(pdf_button_clicked, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert not at.sidebar.error


def test_only_the_pdf_button_reruns_the_section_on_a_click():
    # the PowerPoint pack is never refused: its click needs no run of the script
    at = open_page()
    buttons = {b.proto.label: b.proto for b in at.sidebar.get("download_button")}
    assert buttons["Briefing pack (PowerPoint)"].ignore_rerun
    assert not buttons["Briefing pack (PDF)"].ignore_rerun
