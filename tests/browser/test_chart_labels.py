"""Every chart as Chromium draws it at 1280×720 and 1920×1080: no category without its label,
no two labels on top of each other, nothing cut at the figure's edge.

The labels are read from plotly's drawn SVG (the tick texts and the title lines), and the
categories from the figure plotly laid out, so a label plotly dropped for lack of room, or
a title wider than its chart, fails here. Pages in the light and the dark theme; every slide
of "Present this page". Screenshots of each go to artifacts/screenshots/.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from analytics import figures
from tests.browser.conftest import (
    CHART_TIMEOUT_MS,
    Recorded,
    assert_local_only,
    wait_for_app,
)
from tests.browser.conftest import (
    screenshot as save_screenshot,
)

PAGES = {"overview": "/", "timeline": "/timeline", "expected_results": "/expected_results",
         "countries": "/countries?country=THA", "counterfeiting": "/counterfeiting"}
SIZES = [(1280, 720), (1920, 1080)]

# For each drawn plotly figure: its categories per axis, the tick labels drawn (text and
# box), its title lines' boxes, and the figure's own box.
READ_CHARTS = """
() => [...document.querySelectorAll('.js-plotly-plot')].map((el) => {
  const fl = el._fullLayout || {};
  const box = (n) => { const r = n.getBoundingClientRect();
                       return [r.left, r.top, r.right, r.bottom]; };
  const axes = {};
  for (const name of ['xaxis', 'yaxis']) {
    const ax = fl[name];
    if (!ax || ax.visible === false || !ax._categories) continue;
    const letter = name[0];
    const ticks = [...el.querySelectorAll(`.${letter}axislayer-above .${letter}tick text`)]
      .filter((t) => t.textContent.trim() !== '')
      .map((t) => ({text: t.textContent, box: box(t)}));
    const range = (ax.range || []).map(Number);
    const lo = Math.min(...range), hi = Math.max(...range);
    const shown = ax.type === 'category'
      ? ax._categories.filter((_, i) => i >= lo - 0.01 && i <= hi + 0.01) : ax._categories;
    axes[name] = {type: ax.type, categories: shown.map(String), ticks};
  }
  const title = [...el.querySelectorAll('.g-gtitle text, .g-gtitle tspan')].map(box);
  return {box: box(el), axes, title,
          name: (el.querySelector('.g-gtitle') || {}).textContent || '(untitled)'};
})
"""


def _overlap(a: list[float], b: list[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def check_charts(charts: list[dict[str, Any]], where: str) -> None:
    assert charts, f"{where}: no chart drawn"
    problems = []
    for chart in charts:
        name = f"{where} · {chart['name'][:60]}"
        left, top, right, bottom = chart["box"]
        for axis, ax in chart["axes"].items():
            if ax["type"] != "category":
                continue
            drawn = [t["text"] for t in ax["ticks"]]
            if len(drawn) < len(ax["categories"]):
                problems.append(f"{name}: {axis} draws {len(drawn)} labels for "
                                f"{len(ax['categories'])} categories")
            boxes = [t["box"] for t in ax["ticks"]]
            for i in range(len(boxes)):
                for j in range(i + 1, len(boxes)):
                    if _overlap(boxes[i], boxes[j]) > 4:
                        problems.append(f"{name}: {axis} labels overlap: "
                                        f"{drawn[i]!r} and {drawn[j]!r}")
            for t in ax["ticks"]:
                b = t["box"]
                if b[0] < left - 1 or b[2] > right + 1:
                    problems.append(f"{name}: {axis} label {t['text']!r} cut at the edge")
        for b in chart["title"]:
            if b[2] > right + 1 or b[0] < left - 1 or b[1] < top - 1:
                problems.append(f"{name}: title runs past the figure's edge")
                break
    assert not problems, "\n".join(problems)


def read_charts(p: Page) -> list[dict[str, Any]]:
    p.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length"
                        " || document.querySelector('[data-testid=stException]')",
                        timeout=CHART_TIMEOUT_MS)
    wait_for_app(p)
    errors = p.locator("[data-testid=stException]")
    assert errors.count() == 0, errors.first.inner_text()[:2000]
    p.wait_for_timeout(800)  # plotly's second layout pass (automargin) after the first draw
    return p.evaluate(READ_CHARTS)


@pytest.fixture(scope="module", params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def sized(request: pytest.FixtureRequest, browser: Browser):
    width, height = request.param
    contexts = {theme: browser.new_context(viewport={"width": width, "height": height},
                                           color_scheme=theme) for theme in ("light", "dark")}
    yield width, height, contexts
    for c in contexts.values():
        c.close()


@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_charts_keep_every_label(app_server: str, sized, page_name: str):
    width, height, contexts = sized
    for theme in ("light", "dark"):
        p = contexts[theme].new_page()
        rec = Recorded()
        p.on("request", lambda r, rec=rec: rec.requests.append(r.url))
        p.goto(app_server + PAGES[page_name])
        charts = read_charts(p)
        save_screenshot(p, f"labels-{page_name}-{width}x{height}-{theme}")
        p.close()
        check_charts(charts, f"{page_name} {width}x{height} {theme}")
        assert_local_only(rec)


@pytest.mark.parametrize("seq", list(figures.PAGE_CHARTS))
def test_slides_keep_every_label(app_server: str, browser: Browser, seq: str):
    width, height = SIZES[0]  # the projector's 1280×720
    context = browser.new_context(viewport={"width": width, "height": height})
    p = context.new_page()
    p.goto(f"{app_server}/present?seq={seq}&slide=1")
    for k in range(1, len(figures.PAGE_CHARTS[seq]) + 1):
        heading = p.locator(".st-key-present-title h1")
        if k > 1:  # the next slide as the presenter reaches it: the arrow key
            before = heading.inner_text()
            p.keyboard.press("ArrowRight")
            p.wait_for_function("(t) => { const h = document.querySelector("
                                "'.st-key-present-title h1'); return h && h.innerText !== t; }",
                                arg=before, timeout=CHART_TIMEOUT_MS)
        charts = read_charts(p)
        save_screenshot(p, f"slide-{seq}-{k}-{width}x{height}")
        check_charts(charts, f"slide {seq} {k} {width}x{height}")
    context.close()
