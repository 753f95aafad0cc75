"""What loading a data folder gives back: its problems, the files loaded, the connection.

`Problem` words one thing wrong for the data manager; `Collector` gathers them with a cap,
so a badly broken folder is summarised instead of listed line by line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

MAX_PER_RULE = 20  # lines listed per rule and column before summarising the rest
MAX_PROBLEMS = 500  # a folder this broken needs fixing at the source, not line by line


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data folder, worded for the data manager."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def message(self) -> str:
        line = "-" if self.line is None else str(self.line)
        column = self.column or "-"
        value = "-" if self.value is None else _show(self.value)
        return f"{self.file}:{line}: {column}: {value}: {self.rule}"

    __str__ = message


@dataclass(frozen=True)
class LoadedFile:
    dataset: str
    file: str
    format: str
    rows: int
    modified_at: dt.datetime
    loaded_at: dt.datetime
    missing_optional: tuple[str, ...] = ()


@dataclass
class LoadResult:
    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    files: list[LoadedFile] = field(default_factory=list)
    con: duckdb.DuckDBPyConnection | None = None
    problems_total: int = 0  # problems found, including those summarised away

    @property
    def ok(self) -> bool:
        return not self.problems and self.con is not None


def _show(value: str) -> str:
    v = value if len(value) <= 60 else value[:57] + "..."
    return "'" + v.replace("\n", "\\n").replace("\r", "\\r") + "'"


class Collector:
    """The problems found so far: the first MAX_PROBLEMS kept, all of them counted."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.total = 0

    def add(self, p: Problem) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(p)

    def add_capped(self, rows: Iterable[Problem], count: int, file: str, column: str | None,
                   rule: str) -> None:
        shown = 0
        for p in rows:
            self.add(p)
            shown += 1
        if count > shown:
            self.total += count - shown - 1
            self.add(Problem(file, None, column, None,
                             f"{count - shown} more lines break the same rule ({rule})"))
