"""A meeting room opening the link right after a restart: ten first sessions at once.

Each session's first run imports pandas, numpy, plotly and the app's modules; run on ten
threads at the same moment those imports must not race (a partially initialised module
raised AttributeError in one of six sessions). Every session must draw its page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import (
    CHART_TIMEOUT_MS,
    REPO,
    Recorded,
    assert_local_only,
    sample_dir,
    streamlit_server,
    wait_for_app,
)

SESSIONS = 10
PAGES = ("", "countries", "timeline", "counterfeiting", "expected_results")


@pytest.mark.parametrize("restart", range(2))
def test_ten_first_sessions_at_once_after_a_restart(browser: Browser, tmp_path, restart: int):
    with streamlit_server(REPO, sample_dir(), tmp_path / "streamlit.log") as base:
        contexts, pages = [], []
        for _ in range(SESSIONS):
            context = browser.new_context(viewport={"width": 1200, "height": 800})
            page = context.new_page()
            page.set_default_timeout(CHART_TIMEOUT_MS * 2)
            rec = Recorded()
            page.on("request", lambda r, rec=rec: rec.requests.append(r.url))
            contexts.append(context)
            pages.append((page, rec))
        # Every session connects before any has finished its imports.
        for i, (page, _) in enumerate(pages):
            page.goto(f"{base}/{PAGES[i % len(PAGES)]}", wait_until="commit")
        try:
            for i, (page, rec) in enumerate(pages):
                page.locator("[data-testid=stMain] h1, [data-testid=stException]").first.wait_for()
                wait_for_app(page)
                errors = page.locator("[data-testid=stException]")
                assert errors.count() == 0, (
                    f"session {i} ({PAGES[i % len(PAGES)] or 'overview'}): "
                    f"{errors.first.inner_text()}")
                # Ten sessions share two cores: the charts may come a while after the title.
                page.locator(".js-plotly-plot").first.wait_for()
                assert errors.count() == 0, f"session {i}: {errors.first.inner_text()}"
                assert_local_only(rec)
        finally:
            for context in contexts:
                context.close()
