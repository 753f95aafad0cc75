"""The one literal path (analytics/literal.py), through every Streamlit sink, in Chromium.

Each attack of tests/hostile.py goes through `markdown` into st.markdown, st.caption,
st.info / warning / error / success, a subheader, a metric label and a widget label, and
through `code` into inline code. In the browser each shows exactly the text (as `plain` writes
it: one line, invisible characters written out) and no element Markdown would have made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from analytics.literal import WORD_JOINER, plain
from tests.browser.conftest import REPO, Recorded, assert_local_only, streamlit_server
from tests.hostile import HOSTILE, MARKERS, SINGLE_ATTACKS

ATTACKS = (*SINGLE_ATTACKS, *HOSTILE)
SINKS = ("markdown", "caption", "info", "warning", "error", "success", "subheader", "metric",
         "label", "code")

SCRIPT = """
import json, sys
sys.path.insert(0, {repo!r})
import streamlit as st
from ui import literal

ATTACKS = json.loads({attacks!r})
for i, text in enumerate(ATTACKS):
    shown = literal.markdown(text)
    sinks = {{
        "markdown": lambda: st.markdown(shown),
        "caption": lambda: st.caption(shown),
        "info": lambda: st.info(shown),
        "warning": lambda: st.warning(shown),
        "error": lambda: st.error(shown),
        "success": lambda: st.success(shown),
        "subheader": lambda: st.subheader(shown, anchor=False),
        "metric": lambda: st.metric(shown, "1"),
        "label": lambda: st.checkbox(shown, key=f"box{{i}}"),
        "code": lambda: st.markdown(literal.code(text)),
    }}
    for sink, draw in sinks.items():
        with st.container(key=f"{{sink}}-{{i}}"):
            draw()
# Widget options get data text as the pages pass it (format_func with a data value): the
# options are shown as plain text by Streamlit.
with st.container(key="options"):
    st.selectbox("Options", list(range(len(ATTACKS))), format_func=lambda i: ATTACKS[i],
                 key="select-options")
"""

# Elements Markdown makes: none may appear (inline code only for the code sink, the heading
# only for the subheader).
_MADE = """(root, sink) => {
  const allowed = {code: ['CODE'], subheader: ['H3']}[sink] || [];
  const made = root.querySelectorAll('a, img, svg image, .katex, em, strong, del, code, h1, h2,'
    + ' h3, h4, h5, h6, li, blockquote, table, pre, hr, [data-testid=stIconMaterial],'
    + ' span[class*=Colored], span[style*=color], span[class*=Badge]');
  return [...made].filter(e => !allowed.includes(e.tagName)).map(e => e.outerHTML.slice(0, 120));
}"""


@pytest.fixture(scope="module")
def sinks_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app_dir = tmp_path_factory.mktemp("literal-sinks")
    (app_dir / "app.py").write_text(
        SCRIPT.format(repo=str(REPO), attacks=json.dumps(ATTACKS)), encoding="utf-8")
    with streamlit_server(app_dir, Path(app_dir), app_dir / "streamlit.log") as base:
        yield base


def test_every_sink_shows_the_text_as_written(sinks_app: str, page: tuple[Page, Recorded]):
    p, rec = page
    p.goto(sinks_app + "/")
    p.locator(f".st-key-code-{len(ATTACKS) - 1}").wait_for()
    p.wait_for_timeout(1000)
    wrong: list[str] = []
    for i, attack in enumerate(ATTACKS):
        for sink in SINKS:
            box = p.locator(f".st-key-{sink}-{i}")
            shown = re.sub(r"\s+", " ", box.inner_text().replace(WORD_JOINER, "")).strip()
            expected = plain(attack)
            if sink == "metric":
                shown = shown.removesuffix(" 1")
            if shown != expected:
                wrong.append(f"{sink}: {attack!r} shown as {shown!r}")
            made = box.evaluate(_MADE, sink)
            if made:
                wrong.append(f"{sink}: {attack!r} made {made}")
    box = p.locator(".st-key-options").get_by_role("combobox")
    listbox = p.get_by_role("listbox")
    for _ in range(5):  # a click while the page still settles may not open the list
        box.scroll_into_view_if_needed()
        box.click()
        try:
            listbox.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            p.keyboard.press("Escape")
    listbox.wait_for(timeout=5_000)
    made = listbox.evaluate(_MADE, "options")
    assert not made, f"options made {made}"
    first = listbox.get_by_role("option").first.inner_text()
    assert first.strip() == ATTACKS[0]
    html = p.content()
    assert not [m for m in MARKERS if f'="http://{m}' in html or f"={m}" in html]
    assert not wrong, "\n".join(wrong)
    assert_local_only(rec)
