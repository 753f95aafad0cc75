"""ui/startup.py imports, under its lock, everything a first run of any page imports: after
`import_all`, running every page imports no further module of the app or its libraries (so
no two first sessions import the same module at once)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.app.conftest import REPO

WATCHED = ("pandas", "numpy", "plotly", "pyarrow", "duckdb", "analytics", "ui", "_plotly_utils")
# plotly imports one module per trace type, its attribute validators and colour scales when a
# figure of that type is first made: leaves of a package already initialised, each imported
# under Python's own per-module lock (no cycle between threads, so no partial module).
PER_TRACE = ("plotly.graph_objs.", "plotly.validators.", "_plotly_utils.colors.")

SCRIPT = f"""
import json, sys
sys.path.insert(0, {str(REPO)!r})
from ui import startup
startup.import_all()
from streamlit.testing.v1 import AppTest
before = set(sys.modules)
at = AppTest.from_file({str(REPO / "app.py")!r}, default_timeout=120)
at.run()
ran = 0
for page in startup.APP_DIR.joinpath("app_pages").glob("*.py"):
    try:
        at.switch_page(f"app_pages/{{page.name}}")
    except Exception:  # noqa: BLE001 - a page only a signed-in role is given
        continue
    at.run()
    assert not at.exception, (page.name, at.exception)
    ran += 1
assert ran >= 8, ran
new = sorted(m for m in set(sys.modules) - before if m.split(".")[0] in {WATCHED!r}
             and not m.startswith({PER_TRACE!r}))
print(json.dumps(new))
"""


def test_import_all_covers_every_page():
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         timeout=600, cwd=REPO)
    assert run.returncode == 0, run.stderr[-3000:]
    new = json.loads(run.stdout.strip().splitlines()[-1])
    assert not new, f"imported only when a page ran, outside the start-up lock: {new}"
