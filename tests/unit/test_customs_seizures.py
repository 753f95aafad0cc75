"""Seizures shaped like customs IPR reporting: the optional columns are checked as the
contract says, and the charts' numbers equal pandas over the CSV (tests/oracles.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analytics import queries
from analytics.load import load_folder
from tests.conftest import TINY
from tests.oracles import Extracts
from tests.unit.test_queries import FILTERS, TODAY, expect

# tiny's six seizures, with the customs columns; S4 reports none of them (empty cells).
CUSTOMS = {
    "S1": ("2", "4600", "EUR", "freight", "destroyed", "610910"),
    "S2": ("1", "18400", "EUR", "passenger", "released", "910211"),
    "S3": ("4", "", "", "freight", "court case", "300490"),
    "S4": ("", "", "", "", "", ""),
    "S5": ("4", "9000", "USD", "freight", "destroyed", "240220"),
    "S6": ("1", "2760", "EUR", "freight",
           "destroyed under the small-consignment procedure", "640411"),
}
COLUMNS = ("procedures", "retail_value", "currency", "traffic", "detention_result", "hs_code")


def _with_customs(folder: Path) -> Path:
    path = folder / "seizures.csv"
    s = pd.read_csv(path, dtype=str, keep_default_na=False)
    for i, name in enumerate(COLUMNS):
        s.insert(len(s.columns) - 1, name, [CUSTOMS[sid][i] for sid in s.seizure_id])
    s.to_csv(path, index=False)
    return folder


@pytest.fixture(scope="module")
def customs_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("customs") / "data"
    shutil.copytree(TINY, folder)
    return _with_customs(folder)


@pytest.fixture(scope="module")
def customs_con(customs_dir):
    result = load_folder(customs_dir)
    assert result.ok, [p.message() for p in result.problems]
    return result.con


def _by(ex: Extracts, name: str, key: str) -> list[dict]:
    s = ex.seizures(FILTERS[name]).copy()
    s["hs_chapter"] = [None if c is None else c[:2] for c in s.hs_code]
    s[key] = s[key].where(s[key].notna(), "not reported") if key != "ipr_type" else s[key]
    rows = []
    for value, part in s.groupby(key):
        rows.append({key: value, "cases": int(part.cases.sum()),
                     "articles": int(part.articles.sum()),
                     "procedures": None if part.procedures.isna().all()
                     else int(part.procedures.dropna().sum()),
                     "retail_value_eur": None if not (part.currency == "EUR").any()
                     else float(part[part.currency == "EUR"].retail_value.sum())})
    return rows


@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize(("question", "key"), [
    (queries.seizures_by_ipr_type, "ipr_type"),
    (queries.seizures_by_detention_result, "detention_result"),
    (queries.seizures_by_hs_chapter, "hs_chapter"),
])
def test_customs_breakdowns_equal_pandas(customs_dir, customs_con, name, question, key):
    expected = _by(Extracts(customs_dir, TODAY), name, key)
    actual = question(customs_con, FILTERS[name])
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


@pytest.mark.parametrize("name", list(FILTERS))
def test_cases_and_procedures_equal_pandas(customs_dir, customs_con, name):
    s = Extracts(customs_dir, TODAY).seizures(FILTERS[name])
    expected = []
    for year, part in s.groupby("year"):
        given = part[part.procedures.notna()]
        expected.append({"year": int(year), "cases": int(part.cases.sum()),
                         "procedures": int(given.procedures.sum()) if len(given) else None,
                         "cases_with_procedures": int(given.cases.sum()) if len(given)
                         else None})
    actual = queries.cases_and_procedures_by_year(customs_con, FILTERS[name])
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


def test_tiny_without_the_columns_reports_them_as_not_reported(tiny_con):
    df = queries.seizures_by_detention_result(tiny_con, FILTERS["none"])
    rows = pd.read_csv(TINY / "seizures.csv")
    assert df.to_dict("records")[0]["detention_result"] == "not reported"
    assert int(df.cases.sum()) == int(rows.cases.sum()) and len(df) == 1


@pytest.mark.parametrize(("column", "value", "rule"), [
    ("hs_code", "6109.10", "must be the pattern \\d{6}"),
    ("detention_result", "seized", "not an allowed value: use one of destroyed"),
    ("traffic", "cargo", "not an allowed value: use one of freight, passenger"),
    ("currency", "THB", "not an allowed value: use one of EUR, USD"),
    ("procedures", "-1", "must be at least 0"),
    ("currency", "", "a retail_value needs its currency (EUR or USD)"),
])
def test_a_bad_customs_value_names_file_line_column_value_and_rule(tmp_path, column, value,
                                                                   rule):
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    _with_customs(folder)
    path = folder / "seizures.csv"
    s = pd.read_csv(path, dtype=str, keep_default_na=False)
    s.loc[0, column] = value  # S1, on line 2
    s.to_csv(path, index=False)
    result = load_folder(folder)
    assert not result.ok
    (problem,) = result.problems
    expected_column = "retail_value" if rule.startswith("a retail_value") else column
    assert (problem.file, problem.line, problem.column) == ("seizures.csv", 2,
                                                            expected_column)
    assert rule in problem.rule and (value in problem.value if value else True)
