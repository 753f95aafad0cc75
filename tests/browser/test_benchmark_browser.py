"""The benchmark's browser part runs end to end at a small size (CI proves it works).

Speed is judged by the benchmark at 10 million rows (benchmarks/RESULTS.md), never here.
"""

from __future__ import annotations

import json
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
    assert len(b["filter_change_s"]) == 3  # --quick: 3 changes, 3 sessions x 3 changes
    assert len(b["concurrent_change_s"]) == b["concurrent_expected_changes"] == 9
    assert len(b["concurrent_drawn_s"]) == 9 and len(b["concurrent_first_page_s"]) == 3
    assert 0 < b["cold_start_s"] < 120
    assert all(0 < a <= d for a, d in zip(b["concurrent_change_s"], b["concurrent_drawn_s"],
                                          strict=True))
    assert b["server_peak_mb"] > 0
    measures = {m["measure"] for m in size["measures"]}
    assert "browser: cold start to first page drawn" in measures
    assert "browser: concurrent change, request to the server's answer, p95" in measures
