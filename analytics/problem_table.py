"""The problems of an upload as a table: file or sheet, spreadsheet row, column, value, rule,
what to do — the same problems `python -m analytics check` prints, named as the data
manager sees them (a workbook's sheet and the row Excel shows), and as CSV to download.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

import pandas as pd

from analytics.export import to_csv_bytes
from analytics.problems import Problem
from analytics.uploads import Origin

COLUMNS = ["File or sheet", "Row", "Column", "Value", "Rule", "What to do"]
_LINE_REF = re.compile(r"\b(on|to) line (\d+)\b")


def split_rule(rule: str) -> tuple[str, str]:
    """("rule", "what to do") of a problem's wording "rule: what to do"."""
    head, sep, tail = rule.partition(": ")
    return (head, tail) if sep else (rule, "")


def _check_row(p: Problem, origins: dict[str, Origin], kept: dict[str, str]) -> dict:
    dataset = PurePosixPath(p.file).stem.casefold()
    origin = origins.get(dataset)
    if origin is not None:
        label, row = origin.label, origin.row(p.line)
        rule = _LINE_REF.sub(lambda m: f"{m.group(1)} row {origin.row(int(m.group(2)))}",
                             p.rule) if origin.rows is not None else p.rule
    else:
        label = f"{p.file} ({kept[dataset]})" if dataset in kept else p.file
        row, rule = p.line, p.rule
    what, todo = split_rule(rule)
    return {"File or sheet": label, "Row": row, "Column": p.column or "",
            "Value": "" if p.value is None else p.value, "Rule": what, "What to do": todo}


def problem_table(upload_problems: Iterable[Problem], check_problems: Iterable[Problem],
                  origins: dict[str, Origin], kept: dict[str, str] | None = None
                  ) -> pd.DataFrame:
    """One row per problem; upload problems are already named by file/sheet and Excel row."""
    rows = []
    for p in upload_problems:
        what, todo = split_rule(p.rule)
        rows.append({"File or sheet": p.file, "Row": p.line, "Column": p.column or "",
                     "Value": "" if p.value is None else p.value, "Rule": what,
                     "What to do": todo})
    said = {(r["File or sheet"], r["Row"], r["Column"]) for r in rows}
    for p in check_problems:
        row = _check_row(p, origins, kept or {})
        if (row["File or sheet"], row["Row"], row["Column"]) not in said:
            rows.append(row)
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["Row"] = df["Row"].astype("Int64")
    return df


def problems_csv(table: pd.DataFrame) -> bytes:
    """The table as CSV for Excel, formula-like cells neutralised (the export's one rule)."""
    return to_csv_bytes(table)
