"""The server's time per script run, one JSON line each, when `$IPR_TIMING_LOG` is set."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.runtime.scriptrunner import get_script_run_ctx

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
