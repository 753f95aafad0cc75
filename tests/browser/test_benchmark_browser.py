"""The benchmark's browser part runs end to end at a small size (CI proves it works).

Speed is judged by the benchmark at 10 million rows (benchmarks/RESULTS.md), never here.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_browser_measures(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--rows", "20000", "--quick", "--no-peer",
         "--json", str(out), "--data-root", str(tmp_path / "data"), "--timeout", "120"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    size = json.loads(out.read_text())["sizes"][0]
    assert "browser_failed" not in size, size.get("browser_failed")
    b = size["browser"]
    assert b["filter_change_errors"] == [] and b["concurrent_errors"] == []
    # Errors of maps already off the page (benchmarks/page_errors.py) are counted apart.
    removed = b["concurrent_removed_chart_errors"]
    assert all("_scrollZoom" in e for e in removed)
    assert len(b["filter_change_s"]) == 3  # --quick: 3 changes, 3 sessions x 3 changes
    assert len(b["concurrent_change_s"]) == b["concurrent_expected_changes"] == 9
    assert len(b["concurrent_drawn_s"]) == 9 and len(b["concurrent_first_page_s"]) == 3
    # --quick: two server launches timed to the first page drawn, each after its health check
    assert len(b["cold_start_s"]) == len(b["health_s"]) == 2
    assert all(0 < h < c < 120 for h, c in zip(b["health_s"], b["cold_start_s"], strict=True))
    assert 0 < b["cold_start_returning_s"] < 120
    assert size["settle"]["waited_s"] > 0 and 0 <= size["settle"]["idle_share"] <= 1
    assert all(0 < a <= d for a, d in zip(b["concurrent_change_s"], b["concurrent_drawn_s"],
                                          strict=True))
    assert b["server_peak_mb"] > 0
    # The server's own log: one first run per session, then (at least) one run per change,
    # each shorter than the page's wait for it; the event loop answered throughout.
    assert len(b["concurrent_server_first_s"]) == 3
    assert len(b["concurrent_server_change_s"]) >= 9
    assert 0 < max(b["concurrent_server_change_s"]) <= max(b["concurrent_drawn_s"])
    assert b["concurrent_health_s"] and b["concurrent_health_errors"] == 0
    assert 0 < b["concurrent_server_cpu_s"] < b["concurrent_wall_s"] * 2
    measures = {m["measure"]: m for m in size["measures"]}
    assert measures["browser: concurrent, errors of maps already removed from the page "
                    "(upstream)"]["value"] == len(removed)
    cold = measures["browser: cold start to first page drawn, median of 2 launches"]
    assert cold["floor"] == "≤ 5" and cold["value"] == statistics.median(b["cold_start_s"])
    assert measures["browser: cold start to first page drawn, slowest launch"]["value"] == max(
        b["cold_start_s"])
    floor = measures[
        "server: concurrent change, the server's time to answer it (script run), p95"]
    assert floor["floor"] == "≤ 1" and floor["value"] > 0
