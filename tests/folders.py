"""Data folders for tests: a copy of the tiny data set with some activity titles rewritten."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

TINY = Path(__file__).parent / "data" / "tiny"


def tiny_with_titles(folder: Path, titles: list[str]) -> Path:
    """`folder`: the tiny data set, its first activities titled `titles` (in order)."""
    shutil.copytree(TINY, folder)
    path = folder / "activities.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row, title in zip(rows, titles, strict=False):
        row["title"] = title
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return folder
