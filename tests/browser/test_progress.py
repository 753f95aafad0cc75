"""A wait for a page's figures shows a spinner with the time elapsed; a quick one shows none.

A small app asks, through the pages' own `ui.questions.ask_ahead`, a question that takes as
long as its link says (`?wait=2`): a real wait, in a real server and browser.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.conftest import REPO, streamlit_server
from ui.questions import WAIT_TEXT

SLOW_APP = '''
import datetime as dt
import time

import streamlit as st

from analytics.answers import Answers
from analytics.filters import Filters
from ui.questions import ask_ahead


def slow(_answers):
    time.sleep(float(st.query_params.get("wait", "0")))


ask_ahead((Answers(None, Filters(), dt.date.today()), (slow,)))
st.markdown("Answered.")
'''
# Whether a spinner was ever in the page, however briefly (read after the run).
WATCH_SPINNER = """
window.__spinnerSeen = false;
new MutationObserver(() => {
  if (document.querySelector('[data-testid=stSpinner]')) window.__spinnerSeen = true;
}).observe(document, {childList: true, subtree: true});
"""


def test_a_long_wait_shows_a_spinner_and_a_short_one_none(browser: Browser, tmp_path: Path):
    (tmp_path / "app.py").write_text(SLOW_APP, encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    with streamlit_server(tmp_path, REPO / "data", tmp_path / "log.txt", env=env) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        p = context.new_page()
        p.add_init_script(WATCH_SPINNER)  # in every document this page opens
        p.goto(base + "/?wait=3")
        spinner = p.locator("[data-testid=stSpinner]")
        expect(spinner).to_contain_text(WAIT_TEXT, timeout=10_000)
        expect(spinner).to_contain_text("seconds")  # show_time: the time elapsed
        assert spinner.first.is_visible()
        expect(p.get_by_text("Answered.")).to_be_visible(timeout=30_000)
        expect(spinner).to_have_count(0)
        assert p.evaluate("() => window.__spinnerSeen") is True  # the watcher sees one

        p.goto(base + "/?wait=0")
        expect(p.get_by_text("Answered.")).to_be_visible(timeout=30_000)
        p.wait_for_timeout(1000)
        assert p.evaluate("() => window.__spinnerSeen") is False
        context.close()
