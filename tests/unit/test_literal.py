"""The literal path (analytics/literal.py) and the charts' data text (analytics/charts.py).

The browser tests (tests/browser/test_literal_sinks.py, test_hostile_input.py) show what
Chromium makes of it; these pin the rules and walk every chart of the figures layer on
hostile data.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from analytics import figures, images, literal
from analytics.answers import Answers
from analytics.filters import Filters
from analytics.load import load_folder
from tests.hostile import HOSTILE, MARKER_HOST, SINGLE_ATTACKS, hostile_folder

REPO = Path(__file__).resolve().parents[2]
ATTACKS = (*SINGLE_ATTACKS, *HOSTILE)


_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def _unescape(shown: str) -> str:
    """What CommonMark reads: every ASCII punctuation must come escaped by a backslash."""
    out, i = [], 0
    while i < len(shown):
        ch = shown[i]
        if ch == "\\":
            assert i + 1 < len(shown) and _PUNCTUATION.fullmatch(shown[i + 1]), shown
            out.append(shown[i + 1])
            i += 2
            continue
        assert not _PUNCTUATION.fullmatch(ch), f"unescaped {ch!r} in {shown!r}"
        out.append(ch)
        i += 1
    return "".join(out)


@pytest.mark.parametrize("text", ATTACKS)
def test_markdown_escapes_every_punctuation_and_breaks_autolinks(text):
    shown = literal.markdown(text)
    assert "\n" not in shown
    read = _unescape(shown)
    wj = literal.WORD_JOINER
    # Streamlit's URL, e-mail and icon patterns match after parsing: broken by the joiner.
    assert all(read[i + 1:i + 2] == wj for i, ch in enumerate(read) if ch == ":"), read
    assert all(i and read[i - 1] == wj for i, ch in enumerate(read) if ch in ".@"), read
    assert read.replace(wj, "") == literal.plain(text)


@pytest.mark.parametrize("text, expected", [
    ("a\nb\t c", "a b c"),
    ("\u202eexe", "[U+202E]exe"),
    ("x\x00y", "x[U+0000]y"),
    ("Kampuchea \u200d", "Kampuchea \u200d".strip()),
    ("ព្រះរាជាណាចក្រ", "ព្រះរាជាណាចក្រ"),
])
def test_plain_is_one_line_with_hidden_characters_written_out(text, expected):
    assert literal.plain(text) == expected


@pytest.mark.parametrize("text", ["a`b", "`start", "end`", "``", "x ``` y"])
def test_code_keeps_backticks(text):
    shown = literal.code(text)
    fence = re.match("`+", shown).group(0)
    assert shown.startswith(fence + " ") and shown.endswith(" " + fence)
    assert shown[len(fence) + 1:-len(fence) - 1].replace(literal.WORD_JOINER, "") == text


def test_plotly_text_has_no_tags():
    text = f"<a href='http://{MARKER_HOST}/'>x</a> &amp; <br>"
    shown = literal.plotly(text)
    assert "<" not in shown and ">" not in shown
    assert html.unescape(shown) == text


def _strings(value, path=""):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


@pytest.fixture(scope="module")
def hostile_answers(tmp_path_factory):
    folder = hostile_folder(REPO / "data", tmp_path_factory.mktemp("hostile"))
    result = load_folder(folder)
    assert not result.problems, [p.message() for p in result.problems]
    return Answers(result.con, Filters(), dt.date(2026, 6, 30))


_TEMPLATES = ("hovertemplate", "texttemplate")


@pytest.mark.parametrize("key", sorted(figures.CHARTS))
def test_charts_show_data_text_as_written(hostile_answers, key):
    """No string of a chart (page, slide, PNG) holds a tag but the charts' own line breaks,
    bold and superscript around escaped text: data text comes escaped."""
    measures = {"member_map": figures.MAP_MEASURES}.get(key, figures.MEASURES)
    for measure in measures:
        view = figures.chart_view(key, hostile_answers, measure)
        for fig in (view.figure, images.for_print(view.figure, caption=f"Filters: {HOSTILE[2]}")):
            spec = fig.to_plotly_json()
            tagged = [(path, s) for path, s in _strings(spec)
                      if not path.endswith(_TEMPLATES) and re.search(r"<(?!br>|/?sup>|/?b>)", s)]
            assert not tagged, f"{key}/{measure}: {tagged[:3]}"
