"""A server's first sessions import the app's modules one thread at a time, once.

Streamlit runs each session's script on its own thread. Right after a restart, a meeting
room opening the link starts several first runs at once, each importing pandas, numpy and
plotly: two threads importing modules that import each other can be handed a partially
initialised module (`AttributeError: partially initialized module 'pandas'`). Every import a
first run makes happens under one lock, until all of them are done; later runs find them
loaded and never wait.

Imports only the standard library, so that app.py can use it before anything heavy.
"""

from __future__ import annotations

import ast
import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
# Imported on a first run beside the pages' own imports: by Streamlit's elements (the chart,
# the tables), by plotly and pandas when a first figure, pivot or Arrow conversion (the
# explorer's preview) is made, and by the app's
# functions that import when called (ui/data_store.py: the loader, the published
# versions). tests/app/
# test_startup_imports.py runs every page after import_all and finds no module left out.
LIBRARIES = ("numpy", "pandas", "pandas.core.reshape.reshape", "pyarrow",
             "pyarrow.pandas_compat", "pyarrow.vendored.version", "duckdb",
             "plotly.graph_objects", "plotly.io",
             "plotly.io._json", "plotly.tools", "plotly.utils", "plotly.offline",
             "plotly.colors", "plotly.animation", "_plotly_utils.data_utils",
             "_plotly_utils.png", "analytics.prepared", "ui.published",
             "pandas.core.arrays.arrow._arrow_utils")

_lock = threading.RLock()
_done = False


def page_imports(app_dir: Path = APP_DIR) -> list[str]:
    """The modules app.py and the page scripts import (read from their source)."""
    names: list[str] = []
    for script in (app_dir / "app.py", *sorted((app_dir / "app_pages").glob("*.py"))):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                # `from analytics import charts`: charts may be a module of the package
                names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return list(dict.fromkeys(names))


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except ImportError:
        # Not a module (`from analytics import Filters`-style names), or a broken install:
        # the code that needs it imports it again and says what is wrong
        # (ui/data_store.py reports a loader that cannot be imported).
        pass


@contextmanager
def first_imports() -> Iterator[None]:
    """Hold the import lock while a first run does work that imports (until all are done)."""
    if _done:
        yield
        return
    with _lock:
        yield


def import_all() -> None:
    """Import everything a page run needs, on one thread at a time; at once after the first."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        for name in (*LIBRARIES, *page_imports()):
            _import(name)
        _done = True
