"""RESULTS.md from a results JSON of benchmarks/run.py: `python benchmarks/report.py R.json`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import table  # noqa: E402


def markdown(report: dict[str, Any], notes: str = "") -> str:
    m = report["machine"]
    s = report["settings"]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {m['date'][:10]} with `python benchmarks/run.py --rows "
        f"{s['rows']} --json results.json` (filter combinations {s['combos']}, "
        f"rounds {s.get('repeat', 1)} (peer {s.get('peer_repeat', s.get('repeat', 1))}), filter "
        f"changes {s['changes']}, {s['sessions']} sessions × {s['session_changes']} changes).",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB memory, "
        f"Python {m['python']}. Load average {m['load_average_at_start'][0]:.1f} at the start "
        f"and {m.get('load_average_at_end', [float('nan')])[0]:.1f} at the end.",
        "",
    ]
    if "probe" in m:  # runs before December 2026 have none
        lines += [f"Speed probe (`run.cpu_probe_ms`, the same work every run): Python loop "
                  f"{m['probe']['python_loop_ms']:.0f} ms, small DuckDB query "
                  f"{m['probe']['duckdb_query_ms']:.2f} ms.", ""]
    if notes:
        lines += [notes.strip(), ""]
    lines += [table(report["measures"]), ""]
    diffs = [d for size in report["sizes"] for d in size.get("peer_check_differences", [])]
    lines.append("Peer check (our answers against the pandas peer's, one filter): "
                 + ("all equal." if not diffs else "; ".join(diffs)))
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    report = json.loads(Path(sys.argv[1]).read_text())
    notes = Path(sys.argv[2]).read_text() if len(sys.argv) > 2 else ""
    print(markdown(report, notes))
