"""The layout of the expanded mart SQL: shared relations imported once, as CTEs on top."""

from __future__ import annotations

import re

import pytest

from analytics import db

MARTS = sorted(p.stem for p in (db.SQL_DIR / "marts").glob("*.sql"))
SHARED = sorted(p.stem for p in (db.SQL_DIR / "shared").glob("*.sql"))
RELATIONS = [n for n in SHARED
             if db._is_relation((db.SQL_DIR / "shared" / f"{n}.sql").read_text())]
KEY_FIGURES_LINES_BEFORE = 210  # expanded with fragments pasted inline (filtered_activities x3)


def _definitions(sql: str, name: str) -> int:
    return len(re.findall(rf"(?m)^(?:with |){name} as \(", sql))


def test_relations_and_expressions_are_both_there():
    assert {"filtered_activities", "activity_reach", "seizures_counted_once"} <= set(RELATIONS)
    assert {"as_of_date", "seizure_filters"} <= set(SHARED) - set(RELATIONS)


@pytest.mark.parametrize("mart", MARTS)
def test_each_shared_relation_is_defined_once_and_never_pasted(mart):
    text = (db.SQL_DIR / "marts" / f"{mart}.sql").read_text(encoding="utf-8")
    sql = db.sql_text("marts", mart)
    used = set()
    for name in RELATIONS:
        count = _definitions(sql, name)
        assert count <= 1, f"{mart}: {name} defined {count} times"
        if count:
            used.add(name)
    # every relation referenced in the file is defined, and nothing left unresolved
    assert set(re.findall(r"\{\{\s*([a-z_0-9]+)\s*\}\}", text)) & set(RELATIONS) <= used
    assert "{{" not in sql and "}}" not in sql
    # no shared relation's body pasted anywhere else: each body appears exactly once
    for name in used:
        body = db._shared(name, (name,))[1]
        assert sql.count(db._indent(body)) == 1, f"{mart}: {name} pasted more than once"


@pytest.mark.parametrize("mart", MARTS)
def test_shared_relations_come_first_in_dependency_order(mart):
    sql = db.sql_text("marts", mart)
    assert len(re.findall(r"(?m)^with ", sql)) <= 1, mart  # one with-list, the mart's joined
    starts = {n: m.start() for n in RELATIONS
              if (m := re.search(rf"(?m)^(?:with |){n} as \(", sql))}
    for name, at in starts.items():
        for dep in db._shared(name, (name,))[2]:
            assert starts[dep] < at, f"{mart}: {dep} must come before {name}"
    if starts:  # the statement opens with the shared relations (after the grain comment)
        code = [line for line in sql.splitlines() if line and not line.startswith("--")]
        assert code[0].startswith("with ") and code[0].split()[1] in starts, mart


def test_no_mart_counts_seizures_by_picking_the_ecommerce_breakdown_itself():
    for mart in MARTS:
        text = (db.SQL_DIR / "marts" / f"{mart}.sql").read_text(encoding="utf-8")
        assert "breakdown = 'ecommerce'" not in text, mart
        if "{{ filtered_seizures_monthly }}" in text:  # grouped by one breakdown: names it
            assert re.search(r"breakdown = '(product_category|transport_mode|provenance_iso3)'",
                             text), mart
    assert "breakdown = 'ecommerce'" in db.sql_text("marts", "seizure_figures")


def test_key_figures_expand_to_far_fewer_lines_than_when_fragments_were_pasted():
    # the key figures' mart then is activity_figures now (the seizures: seizure_figures)
    sql = db.sql_text("marts", "activity_figures")
    lines = len(sql.splitlines())
    print(f"activity_figures expanded: {lines} lines (key_figures before: "
          f"{KEY_FIGURES_LINES_BEFORE})")
    assert lines < KEY_FIGURES_LINES_BEFORE * 0.75
    assert sql.count("from activity_involvement as a\n") == 1  # filtered_activities, once
    assert _definitions(sql, "filtered_activities") == 1


def test_a_mart_with_its_own_ctes_joins_them_to_the_shared_ones():
    sql = db.sql_text("marts", "coverage_by_country")
    assert len(re.findall(r"(?m)^with ", sql)) == 1
    assert re.search(r"(?m)^reach as \(", sql) and re.search(r"(?m)^people as \(", sql)


def test_references_are_checked():
    with pytest.raises(ValueError):
        db.sql_text("shared", "../marts/key_figures")
    db._shared.cache_clear()
    with pytest.raises(FileNotFoundError):
        db._resolve("select * from {{ no_such_relation }}", ("test",))
    with pytest.raises(ValueError, match="refers to itself"):
        db._resolve("select * from {{ filtered_activities }}", ("filtered_activities",))


def test_the_old_inline_pasting_would_fail_this_layout():
    # the same check on SQL pasted the old way (a fragment inside another, twice) fails
    body = db._shared("filtered_activities", ("filtered_activities",))[1]
    pasted = ("with filtered_activities as (\n" + db._indent(body) + "\n),\n\n"
              "filtered_activities as (\n" + db._indent(body) + "\n)\nselect 1")
    assert _definitions(pasted, "filtered_activities") == 2
