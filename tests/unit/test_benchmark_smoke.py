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


def test_benchmark_asks_what_the_pages_ask(tiny_con) -> None:
    """The benchmark's question sets hold every question the figures layer asks for a page."""
    import datetime as dt

    from analytics import figures
    from analytics.answers import Answers
    from analytics.filters import Filters

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import questions
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    for f in (Filters(), Filters(countries=("KHM",), start=dt.date(2024, 1, 1))):
        for page in set(figures.PAGE_FIGURES) | set(figures.PAGE_CHARTS):
            asked: set[str] = set()

            def ask(question, con, *args, asked=asked):
                asked.add(question.__name__)
                return question(con, *args)

            answers = Answers(tiny_con, f, dt.date(2026, 11, 22), ask)
            answers.countries()
            for key in figures.PAGE_CHARTS.get(page, ()):
                figures.chart_view(key, answers)
            shown = answers.for_filters(f.with_(countries=f.countries[:1]))
            if page != "countries" or f.countries:
                for name in figures.PAGE_FIGURES.get(page, ()):
                    figures.key_figure(name, shown if page == "countries" else answers)
            benchmarked = {questions.QUESTION_NAMES.get(n, n) for n in questions.PAGES[page]}
            assert asked <= benchmarked, (page, sorted(asked - benchmarked))
