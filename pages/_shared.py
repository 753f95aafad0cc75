"""What every page script calls: the loaded data, the sidebar filters, charts and notes.

The page scripts do layout only; this module owns the Streamlit state (cached data, filter
widgets, URL query parameters) so that every page behaves the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analytics import brief, contract, images
from analytics import charts as _charts
from analytics import queries as _queries
from analytics.filters import PASSTHROUGH_KEYS, URL_KEYS, Filters, from_query
from pages import _chart_scripts

APP_DIR = Path(__file__).resolve().parent.parent
DATA_DIR_ENV = "IPR_DATA_DIR"
ILLUSTRATIVE_TEXT = "Illustrative sample data — not reported figures"
MAX_PROBLEMS_SHOWN = 50


def data_dir() -> Path:
    """The data folder: `$IPR_DATA_DIR`, or `data/` next to app.py."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else APP_DIR / "data"


# --- data -------------------------------------------------------------------------------------


def _problem_text(problem: Any) -> str:
    message = getattr(problem, "message", None)
    return str(message() if callable(message) else problem)


@dataclass
class DataStore:
    """The data the app serves: the last clean load, and the problems of the latest attempt."""

    folder: Path
    good: Any = None  # analytics.load.LoadResult of the last clean load, or None
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
        return [f"The data loader analytics/load.py cannot be imported ({exc})."], None
    try:
        # Served from the DuckDB file prepared from these very files (validated once), so a
        # restart with unchanged extracts takes seconds, not a minute per 10 M rows.
        result = open_folder(folder)
    except Exception as exc:  # noqa: BLE001 - show the reason to the user, never a traceback
        return [f"{folder}: the data could not be read ({type(exc).__name__}: {exc}). "
                "Fix the file named above, then press Reload data."], None
    problems = [_problem_text(p) for p in (getattr(result, "problems", None) or [])]
    return problems, result


@st.cache_resource(show_spinner="Loading and checking the data…")
def _store(folder: str) -> DataStore:
    store = DataStore(Path(folder))
    store.reload()
    return store


# --- answers shared by all sessions ----------------------------------------------------------
#
# A meeting room opens the same link and steps through the same filters: each question is
# answered once per data version and arguments, then served to every session from memory.
# The answers are small frames (the explorer preview is capped), so the caches are bounded
# by entries; full-size downloads are never cached.


@st.cache_data(max_entries=2048, show_spinner=False)
def _answer(version: str, name: str, args: tuple[Any, ...], kwargs: tuple[Any, ...],
            _con: Any) -> Any:
    return getattr(_queries, name)(_con, *args, **dict(kwargs))


@st.cache_data(max_entries=32, show_spinner=False)
def _preview(version: str, args: tuple[Any, ...], kwargs: tuple[Any, ...], _con: Any) -> Any:
    return _queries.explore(_con, *args, **dict(kwargs))


class _SharedQueries:
    """`analytics.queries` for the pages: the same functions, answers cached across sessions.

    The cache key is the data version of the connection asked, so a reload never serves old
    answers; a connection that is no longer the served one (a run that started before a
    reload) is asked directly.
    """

    def __getattr__(self, name: str) -> Any:
        value = getattr(_queries, name)
        if name.startswith("_") or not callable(value) or name not in _queries.QUESTIONS:
            return value

        def ask(con: Any, *args: Any, **kwargs: Any) -> Any:
            store = _store(str(data_dir()))
            good = store.good
            if good is None or getattr(good, "con", None) is not con:
                return value(con, *args, **kwargs)
            key = tuple(sorted(kwargs.items()))
            if name == "explore":
                limit = kwargs.get("limit", args[2] if len(args) > 2 else None)
                if limit is None:  # a whole dataset, for a download: never kept in memory
                    return value(con, *args, **kwargs)
                return _preview(store.version, args, key, con)
            return _answer(store.version, name, args, key, con)

        return ask


queries = _SharedQueries()


@st.cache_resource(max_entries=512, show_spinner=False)
def _figure(name: str, args: tuple[Any, ...], kwargs: tuple[Any, ...]) -> Any:
    return getattr(_charts, name)(*args, **dict(kwargs))


def shared_chart(name: str, *args: Any, **kwargs: Any) -> Any:
    """`analytics.charts.<name>(*args, **kwargs)`, built once for the same data and shared.

    Sessions showing the same answer get the same figure object (keyed by the frames'
    contents), so the caller must not change it: use `charts.<name>` for a figure that a
    page adjusts before drawing.
    """
    if name.startswith("_") or not callable(getattr(_charts, name, None)):
        raise ValueError(f"not a chart of analytics.charts: {name}")
    return _figure(name, args, tuple(sorted(kwargs.items())))


def _as_code(text: str) -> str:
    """Inline code: shown verbatim (no Markdown), one line; backticks cannot end it early."""
    return "`" + re.sub(r"\s+", " ", text).replace("`", "'") + "`"


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
    lines = "\n".join(f"- {_as_code(p)}" for p in shown)
    more = len(problems) - len(shown)
    if more > 0:
        lines += f"\n- … and {more} more"
    st.error(head + "\n\n" + lines)


_RELOAD_MESSAGE = "_reload_message"


def _reload_clicked() -> None:
    store = _store(str(data_dir()))
    if store.reload():
        st.session_state[_RELOAD_MESSAGE] = "Data reloaded: the folder has no problems."
    else:
        st.session_state[_RELOAD_MESSAGE] = None  # the problems list says what is wrong


def reload_button(key: str = "_reload_data") -> None:
    """A "Reload data" button: checks the folder again and uses it only if it is clean."""
    st.button("Reload data", key=key, on_click=_reload_clicked,
              help="Check the data folder again; its data is used only if it has no problems.")


def data_status() -> None:
    """When the data was loaded, and the Reload button (sidebar_filters draws it at the end)."""
    store = _store(str(data_dir()))
    if store.loaded_at is not None:
        st.caption(f"Data loaded {store.loaded_at:%Y-%m-%d %H:%M} from `{store.folder.name}/`")
    for notice in store.notices:
        st.caption(f"ℹ️ {notice}")
    reload_button()


def _ensure_app_navigation() -> None:
    """Run pages through app.py's navigation, also when a page link is the server's first request.

    Streamlit decides at start-up that an app with a `pages/` folder uses the legacy page
    discovery, until some run calls `st.navigation`. A shared link to a page opened first
    would then run the page script alone (no wide layout, no navigation of ours). Clearing
    that decision and rerunning makes app.py run and pick the same page (pages are keyed by
    their URL path in both modes).
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a Streamlit without this internal
        return
    # Once per session: AppTest sets the decision afresh on every run, and a rerun each time
    # would swallow button clicks.
    if getattr(PagesManager, "uses_pages_directory", False) and not st.session_state.get(
        "_navigation_checked"
    ):
        st.session_state["_navigation_checked"] = True
        PagesManager.uses_pages_directory = False
        st.rerun()


def get_data() -> Any:
    """The validated data (a LoadResult) for the data folder; stops the page if there is none.

    Shows the folder's problems when its latest check found any; the data shown is then the
    last clean load, if there was one.
    """
    _ensure_app_navigation()
    store = _store(str(data_dir()))
    message = st.session_state.pop(_RELOAD_MESSAGE, None)
    if message:
        st.success(message, icon="✅")
    if store.problems:
        show_problems(store.problems, store.loaded_at if store.good is not None else None,
                      store.problems_total)
    if store.good is None:
        reload_button(key="_reload_data_main")
        stop_page()
    return store.good


def stop_page() -> None:
    """End this run here (st.stop), without leaving the chart-scripts request on the page."""
    _chart_scripts.release()
    st.stop()


def sources_frame(result: Any) -> pd.DataFrame:
    """The loaded files: dataset, file, rows, loaded_at (for captions and export 'about' sheets)."""
    rows = [
        {"dataset": f.dataset, "file": Path(str(getattr(f, "file", None) or f.path)).name,
         "rows": f.rows, "loaded_at": f.loaded_at}
        for f in (getattr(result, "files", None) or [])
    ]
    return pd.DataFrame(rows, columns=["dataset", "file", "rows", "loaded_at"])


# --- filters ----------------------------------------------------------------------------------

_KEY = "filter_"  # session-state key prefix of the filter widgets: filter_<Filters field>
_LIST_FIELDS = ("programmes", "clusters", "expected_results", "countries", "statuses")
_INIT = "_filters_initialised"
_NOTICES = "_filter_notices"
_PENDING = "_filters_pending"
_EPOCH = "_filters_epoch"  # bumped when filters change from code; renews chart keys
_WRITTEN = "_filters_written"  # the filter part of the URL as this module last wrote it


def _widget_values(f: Filters) -> dict[str, Any]:
    values: dict[str, Any] = {_KEY + "start": f.start, _KEY + "end": f.end}
    for name in _LIST_FIELDS:
        values[_KEY + name] = list(getattr(f, name))
    return values


def _query_now() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def current_filters() -> Filters:
    """The filters as the sidebar widgets hold them now."""
    s = st.session_state
    return Filters(
        start=s.get(_KEY + "start"),
        end=s.get(_KEY + "end"),
        **{name: tuple(s.get(_KEY + name) or ()) for name in _LIST_FIELDS},
    )


def _apply(f: Filters) -> None:
    for key, value in _widget_values(f).items():
        st.session_state[key] = value


def set_filter(field_name: str, values: Any, *, rerun: bool = True) -> None:
    """Set one filter from a page (a click on a map country, a timeline cluster, a bar).

    `field_name` is a Filters field ("countries", "clusters", ...; "start"/"end" take a date).
    Reruns the app when the value changed, unless `rerun=False` (inside a widget callback).
    """
    if field_name not in (*_LIST_FIELDS, "start", "end"):
        raise ValueError(f"not a filter: {field_name!r}")
    if field_name in _LIST_FIELDS:
        if isinstance(values, str | int):
            values = [values]
        value: Any = list(dict.fromkeys(values))
    else:
        value = values
    current = st.session_state.get(_PENDING) or current_filters()
    changed = current.with_(**{field_name: tuple(value) if field_name in _LIST_FIELDS
                                  else value})
    if changed == current:
        return
    # A widget's value cannot be changed after it was drawn in this run: apply it next run.
    st.session_state[_PENDING] = changed
    st.session_state[_EPOCH] = st.session_state.get(_EPOCH, 0) + 1
    if rerun:
        st.rerun()


def reset_filters() -> None:
    """Callback of the Reset button: no filters (widget callbacks run before widgets draw)."""
    _apply(Filters())
    st.session_state[_EPOCH] = st.session_state.get(_EPOCH, 0) + 1


def _initialise(known_countries: Sequence[str]) -> None:
    """First run of a session: the filters come from the URL (a shared link)."""
    query = {k: v for k, v in _query_now().items()}
    f, notices = from_query(query, known_countries=known_countries)
    _apply(f)
    st.session_state[_NOTICES] = notices
    st.session_state[_INIT] = True


def _write_query(f: Filters) -> None:
    """Put the filters in the URL, keeping page-state parameters (dataset, measure, ...)."""
    query = _query_now()
    wanted: dict[str, list[str]] = {k: v for k, v in query.items() if k in PASSTHROUGH_KEYS}
    wanted.update(f.to_query())
    if wanted != query:
        st.query_params.from_dict(wanted)
    st.session_state[_WRITTEN] = f.to_query()


def _filters_in_url() -> dict[str, list[str]]:
    return {k: v for k, v in _query_now().items() if k in URL_KEYS}


def _url_filters_changed(known_countries: Sequence[str]) -> tuple[Filters, list[str]] | None:
    """Filters put in the URL by other code (st.switch_page / st.page_link with query_params).

    A URL without filter parameters does not count: page switches drop the query string.
    """
    in_url = _filters_in_url()
    if not in_url or in_url == st.session_state.get(_WRITTEN):
        return None
    return from_query(in_url, known_countries=known_countries)


def _names_of(countries: pd.DataFrame | None) -> dict[str, str]:
    if countries is None or not len(countries):
        return {}
    return dict(zip(countries["iso3"].astype(str), countries["name"].astype(str), strict=False))


def _sync_filters(known: list[str]) -> None:
    """The filters of this run: from the URL on a session's first run or when a link changed
    them, else as set from code or kept in the session; notices of ignored link values shown."""
    s = st.session_state
    if not s.get(_INIT):
        _initialise(known)
    elif _PENDING in s:
        _apply(s.pop(_PENDING))
    else:
        from_url = _url_filters_changed(known)
        if from_url is not None:
            _apply(from_url[0])
            s[_NOTICES] = from_url[1]
    # Widget values are re-assigned every run so they survive page switches (a widget's state
    # is dropped when a page without it runs).
    for key, value in _widget_values(current_filters()).items():
        s[key] = value

    for notice in s.pop(_NOTICES, []) or []:
        st.warning(notice + " The rest of the link was applied.", icon="⚠️")


def _usable(f: Filters) -> Filters:
    """The filters as queries take them: a period whose start is after its end is ignored."""
    if f.start and f.end and f.start > f.end:
        return f.with_(start=None, end=None)
    return f


def sidebar_filters(countries: pd.DataFrame | None) -> Filters:
    """The one set of filters, in the sidebar, kept across pages and mirrored in the URL.

    `countries` has columns iso3 and name (the countries table); None offers no country filter
    choices beyond those already selected. Below the filters: presentation mode and the
    briefing pack. A link with `present=1` (or `present=all`) opens presentation mode.
    """
    country_names = _names_of(countries)
    known = list(country_names)
    s = st.session_state
    _sync_filters(known)
    _follow_present_flag(_usable(current_filters()))

    with st.sidebar:
        st.header("Filters")
        c1, c2 = st.columns(2)
        c1.date_input("From", value=None, key=_KEY + "start", format="YYYY-MM-DD",
                      min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
        c2.date_input("To", value=None, key=_KEY + "end", format="YYYY-MM-DD",
                      min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
        st.multiselect("Programme", contract.PROGRAMMES, key=_KEY + "programmes",
                       placeholder="All programmes")
        st.multiselect("Cluster", contract.CLUSTERS, key=_KEY + "clusters",
                       placeholder="All clusters")
        st.multiselect("Expected result", list(contract.EXPECTED_RESULTS),
                       key=_KEY + "expected_results", placeholder="All expected results",
                       format_func=lambda r: f"{r}. {contract.EXPECTED_RESULTS[r]}")
        selected_countries = s.get(_KEY + "countries") or []
        options = known + [c for c in selected_countries if c not in country_names]
        st.multiselect("Country", options, key=_KEY + "countries", placeholder="All countries",
                       format_func=lambda c: f"{country_names.get(c, c)} ({c})")
        st.multiselect("Status", contract.STATUSES, key=_KEY + "statuses",
                       placeholder="All statuses")
        st.button("Reset filters", key="_reset_filters", on_click=reset_filters,
                  help="Remove every filter.")

    f = current_filters()
    if f != _usable(f):
        st.warning("The period's 'From' date is after its 'To' date: the period is ignored. "
                   "Pick a 'From' date before the 'To' date.", icon="⚠️")
        f = _usable(f)
    s[_FILTERS_TEXT] = f.describe(country_names)
    with st.sidebar:
        st.divider()
        presentation_links(f)
        briefing_pack_downloads(f)
        st.divider()
        data_status()
    _write_query(f)
    return f


def presentation_filters(countries: pd.DataFrame | None) -> tuple[Filters, str]:
    """The filters for presentation mode: as sidebar_filters keeps them, but no widget drawn.

    Returns the filters and the filters in words.
    """
    country_names = _names_of(countries)
    _sync_filters(list(country_names))
    f = _usable(current_filters())
    text = f.describe(country_names)
    st.session_state[_FILTERS_TEXT] = text
    _write_query(f)
    return f, text


# --- presentation mode and the briefing pack --------------------------------------------------

PRESENT_PAGE = "present"  # pages/present.py
PRESENT_SCRIPT = "pages/present.py"
DEFAULT_PAGE = "overview"
# The briefing pack's charts (analytics/brief.py keys) each page shows: `/present?seq=<page>`
# presents these, in this order; without `seq`, the pack's whole sequence.
PAGE_SLIDES: dict[str, tuple[str, ...]] = {
    "overview": ("status_cluster", "map", "seizures_year"),
    "timeline": ("timeline",),
    "expected_results": ("indicator_progress",),
    "countries": ("map", "participation"),
    "counterfeiting": ("seizures_year", "seizures_category", "ecommerce", "challenges"),
}
_PAGE = "_current_page"  # the page script running (its file name without .py)
_LAST_PAGE = "_last_page"  # the last page run other than presentation: where Exit returns
_PRESENTING = "_presenting"
_FILTERS_TEXT = "_filters_text"  # the filters in words, for chart image captions
log = logging.getLogger(__name__)


def navigation_position() -> str:
    """app.py: the navigation is hidden in presentation mode."""
    return "hidden" if st.session_state.get(_PRESENTING) else "sidebar"


TIMING_LOG_ENV = "IPR_TIMING_LOG"
_TIMING_LOCK = threading.Lock()


@contextmanager
def rerun_timer(started: float, page: str) -> Iterator[None]:
    """app.py: with `$IPR_TIMING_LOG` set, one JSON line per script run: the server's time.

    `started` is `time.perf_counter()` at the top of app.py. The line says the page, the
    session, when the run started (epoch seconds), how long it took and how it ended
    ("finished", or the exception's name, e.g. "RerunException" when a newer change replaced
    it). Used by the benchmark to time the server under many sessions; off by default.
    """
    path = os.environ.get(TIMING_LOG_ENV, "").strip()
    if not path:
        yield
        return
    wall = time.time() - (time.perf_counter() - started)
    outcome = "finished"
    try:
        yield
    except BaseException as exc:
        # st.stop() ends a run normally; a rerun request ends it early.
        outcome = "finished" if type(exc).__name__ == "StopException" else type(exc).__name__
        raise
    finally:
        ctx = get_script_run_ctx()
        line = json.dumps({"page": page, "session": getattr(ctx, "session_id", None),
                           "start": round(wall, 4),
                           "seconds": round(time.perf_counter() - started, 4),
                           "outcome": outcome})
        with _TIMING_LOCK, open(path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def entered_page(name: str) -> None:
    """app.py: the page about to run (its script's file name without .py).

    Entering or leaving presentation mode reruns once, so that the navigation is drawn (or
    not) for the page that runs.
    """
    s = st.session_state
    s[_PAGE] = name
    if name != PRESENT_PAGE:
        s[_LAST_PAGE] = name
    presenting = name == PRESENT_PAGE
    if presenting != bool(s.get(_PRESENTING)):
        s[_PRESENTING] = presenting
        st.rerun()


def presenting() -> bool:
    return bool(st.session_state.get(_PRESENTING))


def present_query(f: Filters, page: str | None) -> dict[str, list[str]]:
    """The query string of presentation mode: the filters, and `seq` for one page's charts."""
    query = f.to_query()
    if page in PAGE_SLIDES:
        query["seq"] = [page]
    return query


def return_page() -> str:
    """The page script Exit returns to: the page presentation was entered from."""
    s = st.session_state
    name = s.get(_LAST_PAGE) or st.query_params.get("seq") or DEFAULT_PAGE
    return f"pages/{name if name in PAGE_SLIDES or name == 'data_explorer' else DEFAULT_PAGE}.py"


def _follow_present_flag(f: Filters) -> None:
    """`present=1` in a page's link opens that page's charts in presentation mode;
    `present=all` the whole sequence."""
    flag = (st.query_params.get("present") or "").strip().lower()
    if flag not in ("1", "true", "yes", "all"):
        return
    page = None if flag == "all" else st.session_state.get(_PAGE)
    st.switch_page(PRESENT_SCRIPT, query_params=present_query(f, page))


def presentation_links(f: Filters) -> None:
    """Sidebar links into presentation mode with the current filters (copy one to prepare a
    meeting: the link opens straight into it)."""
    if _PAGE not in st.session_state:  # a page script run on its own, not through app.py
        return
    page = st.session_state.get(_PAGE)
    if page in PAGE_SLIDES:
        st.page_link(PRESENT_SCRIPT, label="Present this page", icon="🎞️",
                     query_params=present_query(f, page),
                     help="This page's charts one at a time, full screen, for a projector. "
                          "← → step; Esc returns here.")
    st.page_link(PRESENT_SCRIPT, label="Present all charts", icon="📽️",
                 query_params=present_query(f, None),
                 help="The briefing pack's charts one at a time, full screen, for a projector. "
                      "← → step; Esc returns here.")


def pack_bytes(result: Any, f: Filters, fmt: str) -> bytes:
    """The briefing pack file for filters `f` (built on the download click, on its own thread)."""
    pack = brief.build_pack(result.con, f,
                            loaded_at=brief.loaded_at_of(getattr(result, "files", None) or []))
    made = brief.make_pack(pack, fmt)
    for warning in made.warnings:
        log.warning("briefing pack: %s", warning)
    return made.data


def briefing_pack_downloads(f: Filters) -> None:
    """Sidebar: the briefing pack for the current filters, as PowerPoint and as PDF."""
    result = _store(str(data_dir())).good
    if result is None:
        return
    today = dt.date.today()
    st.markdown("**Briefing pack** for these filters")
    for fmt, label in (("pptx", "Briefing pack (PowerPoint)"), ("pdf", "Briefing pack (PDF)")):
        st.download_button(
            label, partial(pack_bytes, result, f, fmt),
            file_name=f"briefing-pack-{today:%Y-%m-%d}.{fmt}", mime=brief.MIME[fmt],
            key=f"_pack_{fmt}", on_click="ignore", width="stretch", icon="📑",
            help="Title, key figures, one slide per chart with its takeaway, and the "
                 "activities; 16:9. Takes about 10 seconds.",
        )
    problem = images.renderer_problem()
    if problem:
        st.caption(f"⚠️ {problem}")


# --- display helpers --------------------------------------------------------------------------


def illustrative_note(flag: bool) -> None:
    """A visible caption under a figure when it shows illustrative (sample) values."""
    if flag:
        st.caption(f"⚠️ {ILLUSTRATIVE_TEXT}")


def empty_state(message: str) -> None:
    """A plain message where a chart would be, when the filters leave no data."""
    st.info(message + " Widen the filters in the sidebar, or press Reset filters.", icon="ℹ️")


def topojson_url() -> str:
    """Where the app serves the map outlines (static/topojson, see .streamlit/config.toml)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return ("/" + base if base else "") + "/app/static/topojson/"


def plotly_config() -> dict[str, Any]:
    return {"topojsonURL": topojson_url(), "displaylogo": False}


def chart_png_bytes(fig: Any, filters_text: str) -> bytes:
    """The chart as a slide-sized PNG with its title and the filters (built on click)."""
    return images.chart_png(fig, filters_text)


def png_download(fig: Any, key: str) -> None:
    """A small "PNG" download under a chart: 1600×900, its title, the filters as caption."""
    problem = images.renderer_problem()
    text = st.session_state.get(_FILTERS_TEXT) or current_filters().describe()
    st.download_button(
        "PNG", partial(chart_png_bytes, fig, text),
        file_name=f"chart-{re.sub(r'[^a-z0-9-]+', '-', key.lower())}-"
                  f"{dt.date.today():%Y-%m-%d}.png",
        mime="image/png", key=f"png-{key}", on_click="ignore", type="tertiary", icon="⬇️",
        disabled=problem is not None,
        help=problem or "This chart as a 1600×900 image for slides, with its title and the "
                        "filters in a caption.",
    )


def show_chart(
    fig: Any,
    key: str,
    on_select: str | Callable[[], None] | None = None,
    selection_mode: str | Iterable[str] = "points",
    alt: str | None = None,
    png: bool = True,
    height: int | str | None = None,
) -> Any:
    """Draw a plotly figure (maps draw offline); the selection when `on_select` is given.

    `on_select`: None (no selection), "rerun", or a callback. The chart key changes when the
    filters are set from code, so an old click does not apply again after a reset. `png`: a
    download of the chart as an image under it (never in presentation mode); nothing is
    drawn until it is clicked.
    """
    full_key = f"{key}-{st.session_state.get(_EPOCH, 0)}"
    kwargs: dict[str, Any] = {"key": full_key, "config": plotly_config(), "width": "stretch"}
    if alt:
        kwargs["alt"] = alt
    if height is not None:
        kwargs["height"] = height
    if on_select is None:
        st.plotly_chart(fig, **kwargs)
        selection = None
    else:
        selection = st.plotly_chart(fig, on_select=on_select, selection_mode=selection_mode,
                                    **kwargs)
    if png and not presenting():
        png_download(fig, full_key)
    return selection


def selected_points(selection: Any) -> list[dict[str, Any]]:
    """The points of a plotly selection (each a dict: x, y, location, customdata, ...)."""
    if not selection:
        return []
    sel = selection.get("selection") if hasattr(selection, "get") else None
    return list((sel or {}).get("points", []) or [])
