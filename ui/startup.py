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
# Imported by Streamlit's own elements on a first run (the chart, the tables), beside the
# pages' imports.
LIBRARIES = ("numpy", "pandas", "pyarrow", "duckdb", "plotly.graph_objects", "plotly.io",
             "plotly.tools")

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
    except ModuleNotFoundError as e:
        if e.name != name:  # `name` is a module whose own import failed: a real error
            raise


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
