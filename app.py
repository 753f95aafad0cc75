"""Entry point: page config and navigation; the pages live in pages/."""

import time
from pathlib import Path

import streamlit as st

from pages import _chart_scripts

# Before the imports below (pandas, the questions, the charts): see pages/_chart_scripts.py.
_chart_scripts.request()

from pages._shared import entered_page, navigation_position, rerun_timer  # noqa: E402

# Each run of this script is one rerun (the imports above are already loaded after the first):
# its time is logged when IPR_TIMING_LOG is set.
STARTED = time.perf_counter()

HERE = Path(__file__).parent

# (script, title, icon). Emoji icons: Material icon names make the browser fetch a font from a
# CDN. Only pages whose script exists are registered, so the app runs while pages are written.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("pages/overview.py", "Overview", "🏠"),
    ("pages/timeline.py", "Timeline", "📅"),
    ("pages/expected_results.py", "Expected results", "🎯"),
    ("pages/countries.py", "Countries", "🌏"),
    ("pages/counterfeiting.py", "Counterfeiting", "🛃"),
    ("pages/data_explorer.py", "Data explorer", "🔎"),
    ("pages/present.py", "Presentation", "🎞️"),
)

st.set_page_config(
    page_title="EU–ASEAN IP cooperation dashboard",
    page_icon="📊",
    layout="wide",
)

registered = [
    (Path(script).stem, st.Page(script, title=title, icon=icon, default=(i == 0)))
    for i, (script, title, icon) in enumerate(p for p in PAGES if (HERE / p[0]).exists())
]
# In presentation mode the navigation is hidden with everything else in the sidebar.
page = st.navigation([p for _, p in registered], position=navigation_position())
name = next(name for name, p in registered if p.url_path == page.url_path)
entered_page(name)
with rerun_timer(STARTED, name):
    page.run()
_chart_scripts.release()
