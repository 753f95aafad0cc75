"""The benchmark runs end to end at a small size and reports every measure as a number.

Speed is judged by the benchmark at 10 million rows (benchmarks/RESULTS.md), never here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("overview", "timeline", "expected_results", "countries", "counterfeiting",
         "data_explorer")


def test_benchmark_smoke(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--rows", "20000", "--quick", "--no-browser",
         "--json", str(out), "--data-root", str(tmp_path / "data")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "| measure | size | value | floor | pass/fail |" in proc.stdout
    report = json.loads(out.read_text())
    assert report["machine"]["cpus"] >= 1
    measures = {m["measure"]: m for m in report["measures"]}
    expected = ["build: validate + prepare the served DuckDB file", "build: peak memory",
                "start: open the prepared file", "memory: our process (load + all questions)",
                "memory: pandas peer process"]
    expected += [f"{p}: questions p95" for p in PAGES]
    expected += [f"{p}: questions median" for p in PAGES]
    expected += ["counterfeiting: ratio peer / ours (median, same questions)"]
    for name in expected:
        assert name in measures, name
        assert isinstance(measures[name]["value"], int | float), name
        assert measures[name]["value"] >= 0, name
        assert measures[name]["size"] == 20000
    # The peer computes the same answers as ours on the check filter.
    assert report["sizes"][0]["peer_check_differences"] == []
