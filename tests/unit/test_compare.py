"""analytics/compare.py: rows added, removed and changed between two loads, counted against
the CSV rows themselves (pandas), including seizure records without `seizure_id`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from analytics import compare
from tests.conftest import TINY, load


def _folder(tmp: Path, name: str, seizures: pd.DataFrame) -> Path:
    folder = tmp / name
    shutil.copytree(TINY, folder)
    seizures.to_csv(folder / "seizures.csv", index=False)
    return folder


def _seizures() -> pd.DataFrame:
    return pd.read_csv(TINY / "seizures.csv", dtype=str, keep_default_na=False)


def _change(before: Path, after: Path) -> compare.DatasetChange:
    (change,) = [c for c in compare.compare(load(before), load(after)) if c.dataset == "seizures"]
    return change


def test_keyed_rows_added_removed_changed(tmp_path):
    old = _seizures()
    new = old.copy()
    new.loc[new["seizure_id"] == "S1", "articles"] = "1001"  # changed
    new = new[new["seizure_id"] != "S2"]  # removed
    extra = old[old["seizure_id"] == "S3"].assign(seizure_id="S9")  # added
    new = pd.concat([new, extra])
    change = _change(_folder(tmp_path, "a", old), _folder(tmp_path, "b", new))
    ids_old, ids_new = set(old["seizure_id"]), set(new["seizure_id"])
    assert (change.added, change.removed) == (len(ids_new - ids_old), len(ids_old - ids_new))
    assert change.changed == 1
    assert change.samples["changed"]["column"].tolist() == ["articles"]


def test_records_without_an_id_are_matched_by_their_content(tmp_path):
    """Three records with no seizure_id: one kept as it is, one edited, one removed, and two
    new ones added. Without an id an edited record is one removed and one added (the checks
    refuse identical rows, so each content is one record)."""
    old = _seizures()
    keyless = old.iloc[:3].assign(seizure_id="")
    before = pd.concat([old.iloc[3:], keyless])
    edited = keyless.iloc[[1]].assign(articles="7")
    new = old.iloc[[4, 5]].assign(seizure_id="", articles="9")
    after = pd.concat([old.iloc[3:], keyless.iloc[[0]], edited, new])
    change = _change(_folder(tmp_path, "a", before), _folder(tmp_path, "b", after))

    def contents(df: pd.DataFrame) -> set[tuple]:  # independently: the keyless rows' contents
        return set(map(tuple, df[df["seizure_id"] == ""].astype(str).to_numpy().tolist()))

    b, a = contents(before), contents(after)
    assert (change.added, change.removed, change.changed) == (len(a - b), len(b - a), 0)
    assert (len(a - b), len(b - a)) == (3, 2)
    assert len(change.samples["added"]) == 3 and len(change.samples["removed"]) == 2
    assert change.samples["removed"]["seizure_id"].isna().all()


def test_identical_loads_show_no_change(tmp_path):
    old = _seizures()
    old.loc[old.index[:2], "seizure_id"] = ""
    folder = _folder(tmp_path, "a", old)
    change = _change(folder, _folder(tmp_path, "b", old))
    assert change.unchanged
