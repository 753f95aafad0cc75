"""Entry point: page config and navigation; the page scripts live in app_pages/."""

import time
from pathlib import Path

import streamlit as st

from ui import chart_scripts, startup

# Before the imports below (pandas, the questions, the charts): see ui/chart_scripts.py.
chart_scripts.request()
# Concurrent first sessions import one at a time (ui/startup.py); later runs do not wait.
startup.import_all()

from ui import sign_in  # noqa: E402
from ui.presentation import entered_page, navigation_position  # noqa: E402
from ui.timing import rerun_timer  # noqa: E402

# Each run of this script is one rerun (the imports above are already loaded after the first):
# its time is logged when IPR_TIMING_LOG is set.
STARTED = time.perf_counter()

HERE = Path(__file__).parent

# (script, title, icon). Emoji icons: Material icon names make the browser fetch a font from a
# CDN. Only pages whose script exists are registered, so the app runs while pages are written.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("app_pages/overview.py", "Overview", "🏠"),
    ("app_pages/timeline.py", "Timeline", "📅"),
    ("app_pages/expected_results.py", "Expected results", "🎯"),
    ("app_pages/countries.py", "Countries", "🌏"),
    ("app_pages/counterfeiting.py", "Counterfeiting", "🛃"),
    ("app_pages/data_explorer.py", "Data explorer", "🔎"),
    ("app_pages/definitions.py", "Definitions", "📖"),
    ("app_pages/present.py", "Presentation", "🎞️"),
)

st.set_page_config(
    page_title="EU–ASEAN IP cooperation dashboard",
    page_icon="📊",
    layout="wide",
)

# Who may see which pages is decided here, on the server, for every run (ui/sign_in.py);
# the data managers' pages check the role again themselves and in every action.
identity = sign_in.current()
shown_pages = sign_in.pages_for(identity, PAGES)
registered = [
    (Path(script).stem, st.Page(script, title=title, icon=icon, default=(i == 0)))
    for i, (script, title, icon) in enumerate(p for p in shown_pages if (HERE / p[0]).exists())
]
# In presentation mode the navigation is hidden with everything else in the sidebar.
page = st.navigation([p for _, p in registered], position=navigation_position())
name = next(name for name, p in registered if p.url_path == page.url_path)
entered_page(name)
sign_in.sidebar_status(identity)
with rerun_timer(STARTED, name):
    page.run()
chart_scripts.release()
