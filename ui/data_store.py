"""The data the app serves: the last clean load of the data folder, shared by all sessions.

A folder with problems never replaces data that loaded cleanly: the problems are listed
and the last good data stays served.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from ui import chart_scripts
from ui.literal import code

if TYPE_CHECKING:
    from analytics.problems import LoadResult

APP_DIR = Path(__file__).resolve().parent.parent
DATA_DIR_ENV = "IPR_DATA_DIR"
MAX_PROBLEMS_SHOWN = 50


def data_base_dir() -> Path:
    """The data folder: `$IPR_DATA_DIR`, or `data/` next to app.py."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else APP_DIR / "data"


def data_dir() -> Path:
    """The folder served: the published version (analytics.versions), else the data folder."""
    from analytics.versions import served_folder

    return served_folder(data_base_dir())


def _problem_text(problem: Any) -> str:
    message = getattr(problem, "message", None)
    return str(message() if callable(message) else problem)


@dataclass
class DataStore:
    """The data the app serves: the last clean load, and the problems of the latest attempt."""

    folder: Path
    good: LoadResult | None = None  # the last clean load
    problems: list[str] = field(default_factory=list)  # of the latest attempt
    problems_total: int = 0  # the loader summarises long lists; this counts them all
    notices: list[str] = field(default_factory=list)  # e.g. files ignored in the folder
    checked_at: dt.datetime | None = None
    loaded_at: dt.datetime | None = None  # when `good` was loaded
    version: str = ""  # names `good`: cached answers of other data never apply to it
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reload(self) -> bool:
        """Validate the folder again; swap the data in only if it is clean. True when clean."""
        with self.lock:
            problems, result = _load(self.folder)
            self.problems = problems
            self.problems_total = max(len(problems),
                                      int(getattr(result, "problems_total", 0) or 0))
            self.notices = [str(n) for n in (getattr(result, "notices", None) or [])]
            self.checked_at = dt.datetime.now()
            if not problems and getattr(result, "con", None) is not None:
                # Sessions still holding the old result keep a working connection until done.
                self.good = result
                self.loaded_at = self.checked_at
                self.version = uuid.uuid4().hex
                return True
            return False


def _load(folder: Path) -> tuple[list[str], Any]:
    """(problem lines, LoadResult or None); never raises for a bad folder."""
    if not folder.is_dir():
        return [f"{folder}: the data folder does not exist. Set {DATA_DIR_ENV} to the folder "
                "holding the extracts, or put them in data/ next to app.py."], None
    try:
        from analytics.prepared import open_folder
    except ImportError as exc:  # a broken install; say so instead of crashing
        return [f"The data loader cannot be imported ({exc})."], None
    try:
        # Served from the DuckDB file prepared from these very files (validated once), so a
        # restart with unchanged extracts takes seconds, not a minute per 10 M rows.
        result = open_folder(folder)
    except Exception as exc:  # noqa: BLE001 - show the reason to the user, never a traceback
        return [f"{folder}: the data could not be read ({type(exc).__name__}: {exc}). "
                "Fix the file named above, then press Reload data."], None
    problems = [_problem_text(p) for p in (getattr(result, "problems", None) or [])]
    return problems, result


# One store per served folder; each publish serves a new folder, so only the latest few are
# kept (a session still holding an older one keeps it until its run ends).
@st.cache_resource(show_spinner="Loading and checking the data…", max_entries=4)
def _store(folder: str) -> DataStore:
    store = DataStore(Path(folder))
    store.reload()
    return store


def served_store() -> DataStore:
    """The store of the data folder this server serves (one for all sessions)."""
    return _store(str(data_dir()))


def show_problems(problems: Sequence[str], serving_since: dt.datetime | None,
                  total: int | None = None) -> None:
    """The problems of the data folder as a readable list, saying what to do next."""
    n = max(total or 0, len(problems))
    if serving_since is None:
        head = (f"The data folder has {n} problem(s) and there is no earlier good "
                "data to show. Fix the files listed below, then press **Reload data**.")
    else:
        head = (f"The data folder has {n} problem(s); the dashboard still shows the "
                f"data loaded at {serving_since:%Y-%m-%d %H:%M}. Fix the files listed below, "
                "then press **Reload data**.")
    shown = list(problems[:MAX_PROBLEMS_SHOWN])
    lines = "\n".join(f"- {code(p)}" for p in shown)
    more = len(problems) - len(shown)
    if more > 0:
        lines += f"\n- … and {more} more"
    st.error(head + "\n\n" + lines)


_RELOAD_MESSAGE = "_reload_message"


def _reload_clicked() -> None:
    if served_store().reload():
        st.session_state[_RELOAD_MESSAGE] = "Data reloaded: the folder has no problems."
    else:
        st.session_state[_RELOAD_MESSAGE] = None  # the problems list says what is wrong


def reload_button(key: str = "_reload_data") -> None:
    """A "Reload data" button: checks the folder again and uses it only if it is clean."""
    st.button("Reload data", key=key, on_click=_reload_clicked,
              help="Check the data folder again; its data is used only if it has no problems.")


def data_status() -> None:
    """When the data was loaded, and the Reload button (the sidebar draws it at the end)."""
    store = served_store()
    if store.loaded_at is not None:
        from ui.published import folder_label

        st.caption(f"Data loaded {store.loaded_at:%Y-%m-%d %H:%M} from "
                   f"{folder_label(store.folder)}")
    for notice in store.notices:
        st.caption(f"ℹ️ {code(notice)}")
    reload_button()


def served_data() -> LoadResult:
    """The validated data for the data folder; stops the page if there is none.

    Shows the folder's problems when its latest check found any; the data shown is then the
    last clean load, if there was one.
    """
    store = served_store()
    from ui.published import say_if_switched

    say_if_switched(store.folder)
    message = st.session_state.pop(_RELOAD_MESSAGE, None)
    if message:
        st.success(message, icon="✅")
    if store.problems:
        show_problems(store.problems, store.loaded_at if store.good is not None else None,
                      store.problems_total)
    if store.good is None:
        reload_button(key="_reload_data_main")
        stop_page()
    assert store.good is not None
    return store.good


def stop_page() -> None:
    """End this run here (st.stop), without leaving the chart-scripts request on the page."""
    chart_scripts.release()
    st.stop()


def sources_frame(result: Any) -> pd.DataFrame:
    """The loaded files: dataset, file, rows, loaded_at (for captions and export 'about' sheets)."""
    rows = [
        {"dataset": f.dataset, "file": Path(str(getattr(f, "file", None) or f.path)).name,
         "rows": f.rows, "loaded_at": f.loaded_at}
        for f in (getattr(result, "files", None) or [])
    ]
    return pd.DataFrame(rows, columns=["dataset", "file", "rows", "loaded_at"])
