"""The figures layer's parts: number formats, the Definitions tables, the `figures` command."""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics import contract, definitions, figures, formats
from analytics.filters import Filters
from tests.oracles import Extracts

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize(("value", "text"), [
    (0, "0"), (1234, "1,234"), (1234.6, "1,235"), (None, "0"), (float("nan"), "0"),
    (pd.NA, "0"),
])
def test_whole(value, text):
    assert formats.whole(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (0.444, "44%"), (1, "100%"), (0, "0%"), (None, formats.NOT_KNOWN),
    (float("nan"), formats.NOT_KNOWN),
])
def test_percent(value, text):
    assert formats.percent(value) == text


@pytest.mark.parametrize(("share", "text"), [(0.9726, "97%"), (0.9735, "97%"), (0.444, "44%"),
                                             (1, "100%"), (0, "0%")])
def test_a_table_writes_a_share_as_the_pages_do(share, text):
    # A table column holds percentage points and is written by printf (sprintf-js).
    assert formats.TABLE_PERCENT % (share * 100) == text == formats.percent(share)


@pytest.mark.parametrize(("value", "text"), [
    (9_999, "9,999"), (10_000, "10k"), (573_412, "573k"), (1_234_567, "1.2M"),
    (118_110_739, "118M"), (3_400_000_000, "3.4bn"), (-25_000, "-25k"),
    (None, formats.NOT_KNOWN),
])
def test_compact(value, text):
    assert formats.compact(value) == text


def test_money_dates_and_words():
    assert formats.money(118_110_739.4) == "US$ 118,110,739"
    assert formats.compact_money(118_110_739) == "US$ 118M"
    assert formats.percent_change(0.0354) == "+3.5%" and formats.percent_change(-0.1) == "-10.0%"
    assert formats.day(dt.date(2013, 11, 25)) == "25 Nov 2013"
    assert formats.day(dt.date(2026, 12, 1)) == "1 Dec 2026"
    assert formats.iso_day(pd.Timestamp("2013-11-25")) == "2013-11-25"
    assert formats.day(None) == formats.day(pd.NaT) == formats.NOT_KNOWN
    assert formats.year_span(2019, 2024) == "2019–2024" and formats.year_span(2024, 2024) == "2024"
    assert formats.names(["A"]) == "A" and formats.names(["A", "B", "C"]) == "A, B and C"
    assert formats.of(10, 11) == "10 of 11"
    assert formats.plural(1, "country", "countries") == "1 country"
    assert formats.plural(3, "country", "countries") == "3 countries"
    assert formats.finite(float("inf")) is None and formats.finite("2.5") == 2.5
    assert not math.isnan(formats.finite(0.0))


def test_definitions_list_every_figure_chart_and_column():
    rows = definitions.figure_rows()
    assert list(rows["name"]) == [f.name for f in figures.KEY_FIGURES]
    assert list(rows["definition"]) == [f.definition for f in figures.KEY_FIGURES]
    charts = definitions.chart_rows()
    assert list(charts["name"]) == [c.key for c in figures.CHART_LIST]
    columns = definitions.column_rows()
    expected = [(ds.name, c.name) for ds in contract.DATASETS for c in ds.columns]
    assert list(zip(columns["dataset"], columns["column"], strict=True)) == expected
    # where each is shown comes from the page lists, not typed by hand
    overview = rows.set_index("name").loc["member_states_reached", "shown on"]
    assert "overview" in overview and "briefing pack" in overview


def test_help_text_is_the_definition():
    for f in figures.KEY_FIGURES:
        assert f.help().startswith(f.definition) and f.filters in f.help()


def test_figures_command_prints_the_figures_for_a_view(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "IPR_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "figures", "--view", "to=2024-12-31&country=QQQ",
         "--data", str(ROOT / "data"), "--definitions"],
        cwd=ROOT, capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr
    assert "Ignored unknown value 'QQQ' for 'country'" in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Filters: period the beginning to 2024-12-31"
    ex = Extracts(ROOT / "data")
    f = Filters(end=dt.date(2024, 12, 31))
    reached, members = ex.key_figure("member_states_reached", f)
    assert any(line.startswith(f"ASEAN member states reached: {reached} of {members} ")
               for line in lines), lines
    assert (reached, members) == (10, 10)  # Timor-Leste joined on 26 October 2025
    assert any(line.startswith(f"Activities: {ex.key_figure('activities', f):,}")
               for line in lines)
    for chart in figures.CHART_LIST:
        assert any(line.startswith(chart.title_for(None) + ": ") for line in lines), chart.key
    assert sum(line.startswith("    ") for line in lines) == len(lines) // 2


def test_figures_command_with_a_broken_folder_exits_1(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "activities.csv").write_text("activity_id\nA-1\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "analytics", "figures", "--data", str(broken)],
                          cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "IPR_CACHE_DIR": str(tmp_path / "c")})
    assert done.returncode == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("view", [
    Filters(), Filters(countries=("TLS",)), Filters(start=dt.date(2035, 1, 1)),
    Filters(countries=("KHM",), statuses=("completed",)),
])
def test_illustrative_flags_equal_the_rows_they_count(view):
    from analytics.answers import Answers
    from analytics.load import load_folder

    con = load_folder(ROOT / "data").con
    a = Answers(con, view)
    ex = Extracts(ROOT / "data")
    assert a.activities_illustrative() == bool(ex.activities(view)["illustrative"].any())
    assert a.participation_illustrative() == bool(
        ex.participation(view)["illustrative"].fillna(False).any())
    assert a.seizures_illustrative() == bool(ex.seizures(view)["illustrative"].any())


ASKED_VIEWS = [Filters(), Filters(countries=("THA",)), Filters(end=dt.date(2024, 12, 31)),
               Filters(countries=("TLS",)), Filters(start=dt.date(2035, 1, 1))]


def _recording(con, f, asked: set[str]):
    from analytics.answers import Answers

    def ask(question, con, *args):
        asked.add(question.__name__)
        return question(con, *args)
    return Answers(con, f, dt.date(2026, 11, 22), ask)


def _queries_of(con, questions) -> set[str]:
    """The query functions the given questions of Answers ask."""
    asked: set[str] = set()
    answers = _recording(con, Filters(), asked)
    for q in questions:
        q(answers)
    return asked


@pytest.mark.parametrize("item", [*figures.KEY_FIGURES, *figures.CHART_LIST],
                         ids=lambda i: getattr(i, "name", None) or i.key)
def test_each_figure_and_chart_says_what_it_asks(sample_con, item):
    # What a page asks side by side before it draws (`asks`) is what the figure then reads:
    # nothing is asked late, one by one, and nothing ahead that is not read.
    for view in ASKED_VIEWS:
        asked: set[str] = set()
        answers = _recording(sample_con, view, asked)
        if isinstance(item, figures.KeyFigure):
            item.shown(answers)
        else:
            for measure in item.measures or (None,):
                item.view(answers, measure)
        assert asked == _queries_of(sample_con, item.asks), view


def test_page_questions_are_those_of_its_figures_and_charts(sample_con):
    for page, keys in figures.PAGE_CHARTS.items():
        wanted = figures.questions_of(charts=keys)
        if page != "countries":  # the profile's figures are asked for the profile's country
            wanted += figures.questions_of(figures.PAGE_FIGURES.get(page, ()))
        assert set(figures.page_questions(page)) == set(wanted), page


def test_ask_together_fills_the_answers_and_raises_their_errors(sample_con):
    from analytics.answers import Answers, ask_together

    answers = [Answers(sample_con, f, dt.date(2026, 11, 22)) for f in ASKED_VIEWS]
    questions = figures.page_questions("countries")
    ask_together((a, q) for a in answers for q in questions)
    for a in answers:  # every answer held, equal to the one asked directly afterwards
        again = Answers(sample_con, a.filters, a.today)
        for q in questions:
            held = q(a)
            assert len(a._held) >= len(questions)
            pd.testing.assert_frame_equal(pd.DataFrame(held), pd.DataFrame(q(again)))

    def broken(a):
        raise RuntimeError("a question that fails")
    with pytest.raises(RuntimeError, match="fails"):
        ask_together([(answers[0], Answers.activity_figures), (answers[1], broken)])
