"""data/README.md documents exactly the datasets and columns that analytics.contract declares."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from analytics import contract
from analytics.contract import Column, Dataset

README = Path(__file__).resolve().parents[2] / "data" / "README.md"
HEADER = ["column", "type", "required", "meaning", "allowed values", "example"]


def _cells(line: str) -> list[str]:
    # Split on pipes that are not escaped, so `a\|b` in a cell stays one cell.
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def sections(text: str) -> dict[str, list[str]]:
    """Lines under each `## heading`, up to the next heading of level 1 or 2."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = found.setdefault(line[3:].strip(), [])
        elif line.startswith("# "):
            current = None
        elif current is not None:
            current.append(line)
    return found


def column_table(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """The header cells and rows of the first markdown table in a section."""
    table = [ln for ln in lines if ln.lstrip().startswith("|")]
    if not table:
        return [], []
    header = _cells(table[0])
    rows = [_cells(ln) for ln in table[1:] if not re.fullmatch(r"[\s|:\-]+", ln)]
    return header, rows


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def dictionary_problems(ds: Dataset, documented: dict[str, list[str]]) -> list[str]:
    """Every way the documented section of `ds` disagrees with the contract."""
    if ds.name not in documented:
        return [f"no section '## {ds.name}'"]
    lines = documented[ds.name]
    problems: list[str] = []
    if not any(ds.grain in ln for ln in lines):
        problems.append(f"{ds.name}: grain '{ds.grain}' not stated")
    header, rows = column_table(lines)
    if header != HEADER:
        return problems + [f"{ds.name}: table header is {header}, expected {HEADER}"]
    names = [r[0].strip("`") for r in rows]
    if names != list(ds.column_names):
        problems.append(f"{ds.name}: columns {names} differ from contract {ds.column_names}")
    by_name = {r[0].strip("`"): dict(zip(HEADER, r, strict=False)) for r in rows}
    for c in ds.columns:
        row = by_name.get(c.name)
        if row is None:
            continue
        where = f"{ds.name}.{c.name}"
        if row.get("type") != c.type:
            problems.append(f"{where}: type {row.get('type')!r}, contract says {c.type!r}")
        required = row.get("required", "")
        if c.required and required != "yes":
            problems.append(f"{where}: required is {required!r}, expected 'yes'")
        if not c.required and not required.startswith("no"):
            problems.append(f"{where}: required is {required!r}, expected 'no (optional ...)'")
        allowed = row.get("allowed values", "")
        for value in c.allowed:
            if value not in allowed:
                problems.append(f"{where}: allowed value {value!r} not listed")
        if c.nullable != ("may be empty" in allowed):
            problems.append(f"{where}: 'may be empty' must be said exactly when nullable")
        if c.references and ".".join(c.references) not in allowed:
            problems.append(f"{where}: reference {'.'.join(c.references)} not stated")
        if c.iso3_code and "ISO 3166-1 alpha-3" not in allowed:
            problems.append(f"{where}: ISO 3166-1 alpha-3 not stated")
        for bound in (c.minimum, c.maximum):
            if bound is not None and _number(bound) not in allowed:
                problems.append(f"{where}: bound {_number(bound)} not stated")
    return problems


@pytest.fixture(scope="module")
def documented() -> dict[str, list[str]]:
    return sections(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("ds", contract.DATASETS, ids=lambda d: d.name)
def test_every_dataset_is_documented_as_declared(ds: Dataset, documented) -> None:
    assert dictionary_problems(ds, documented) == []


def test_an_undocumented_new_column_is_caught(documented) -> None:
    """The check itself must notice a column added to the contract but not to the README."""
    added = Column("donor", "text", "funding donor", "EU", required=False, nullable=True)
    grown = dataclasses.replace(contract.ACTIVITIES, columns=contract.ACTIVITIES.columns + (added,))
    assert any("differ from contract" in p for p in dictionary_problems(grown, documented))


def test_a_new_allowed_value_is_caught(documented) -> None:
    status = dataclasses.replace(contract.ACTIVITIES.column("status"),
                                 allowed=contract.STATUSES + ("suspended",))
    columns = tuple(status if c.name == "status" else c for c in contract.ACTIVITIES.columns)
    grown = dataclasses.replace(contract.ACTIVITIES, columns=columns)
    assert any("'suspended'" in p for p in dictionary_problems(grown, documented))


def test_expected_results_and_challenges_are_spelled_out() -> None:
    text = README.read_text(encoding="utf-8")
    for label in contract.EXPECTED_RESULTS.values():
        assert label in text
    # Full wording of the five challenges as seed 002 gives them, next to the short labels.
    wording = {
        "Widespread counterfeit goods":
            "Widespread counterfeit goods affecting industries from apparel to pharmaceuticals",
        "Cross-border e-commerce infringement":
            "Increasing cross-border infringement through e-commerce platforms",
        "Uneven enforcement capabilities":
            "Uneven enforcement capabilities across regional customs administrations",
        "Insufficient legal frameworks and penalties":
            "Insufficient legal frameworks and penalties in some jurisdictions",
        "Limited public awareness":
            "Limited public awareness about IP rights and counterfeit risks",
    }
    assert set(wording) == set(contract.CHALLENGES)
    rows = {tuple(_cells(ln)[:2]) for ln in text.splitlines() if ln.startswith("|")}
    for label, full in wording.items():
        assert (label, full) in rows
