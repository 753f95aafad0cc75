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
    """The benchmark asks, page by page, what the figures layer reads for that page's key
    figures and charts (and the page's own tables)."""
    import datetime as dt

    from analytics import figures
    from analytics.answers import Answers
    from analytics.filters import Filters

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import questions
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))

    def recorder(asked: set[str]):
        def ask(question, con, *args):
            asked.add(question.__name__)
            return question(con, *args)
        return ask

    for f in (Filters(), Filters(countries=("KHM", "THA"), start=dt.date(2024, 1, 1))):
        for page in set(figures.PAGE_FIGURES) | set(figures.PAGE_CHARTS):
            shown: set[str] = set()
            answers = Answers(tiny_con, f, questions.TODAY, recorder(shown))
            answers.countries()
            for key in figures.PAGE_CHARTS.get(page, ()):
                chart = figures.CHARTS[key]
                for measure in chart.measures or (None,):
                    chart.view(answers, measure)
            for table in questions.PAGE_TABLES.get(page, ()):
                table(answers)
            profile = answers.for_filters(f.with_(countries=f.countries[:1]))
            if page != "countries" or f.countries:
                for name in figures.PAGE_FIGURES.get(page, ()):
                    figures.key_figure(name, profile if page == "countries" else answers)
            benchmarked: set[str] = set()
            questions.ask_page(tiny_con, page, f, recorder(benchmarked))
            assert shown == benchmarked, page
            # the one-by-one timings (for the peer's ratio) are of the same questions
            assert {n.removeprefix("profile_") for n in questions.PAGES[page]} == {
                q.__name__ for q in (Answers.countries, *questions.page_questions(page),
                                     *(questions.PROFILE_QUESTIONS if page == "countries"
                                       else ()))}, page
