"""analytics never imports streamlit: proven in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import analytics

ROOT = Path(__file__).parents[2]


def test_analytics_does_not_import_streamlit():
    modules = ["analytics"] + [
        f"analytics.{m.name}" for m in pkgutil.iter_modules(analytics.__path__)
        if m.name != "__main__"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "assert 'streamlit' not in sys.modules, 'streamlit was imported'\n"
        "print(len(sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert {"analytics.queries", "analytics.charts", "analytics.palette"} <= set(modules)
