"""Publish a set of extracts as the new served version, or roll back to an earlier one.

The browser's Publish page and `python -m analytics publish` both come here, so a scheduled
data drop gets the same checks, history and audit as a data manager's upload. The steps run
under the store's lock (publishes are serialised): check the complete folder with the same
loader as `python -m analytics check` (which also prepares the DuckDB file the dashboard
will serve it from), copy it into a new version folder, switch CURRENT, write the audit
line, drop versions beyond the number kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics import audit, settings
from analytics.prepared import open_folder
from analytics.problem_table import problem_table
from analytics.problems import Collector, LoadResult, Problem
from analytics.read_extracts import discover
from analytics.uploads import Limits, Upload, read_upload
from analytics.versions import VERSION_FILE, Version, VersionFile, VersionStore

STAGING_HOURS = 24  # an upload checked but not published is removed after this long


class PublishRefused(Exception):
    """The extracts have problems: nothing was published."""

    def __init__(self, problems: list[Problem], total: int) -> None:
        super().__init__(f"{total} problem(s): nothing was published; fix them and publish "
                         "again")
        self.problems = problems
        self.total = total


@dataclass
class Staged:
    """A complete data folder ready to check: the uploaded extracts and the kept ones."""

    folder: Path
    sources: dict[str, str] = field(default_factory=dict)  # dataset -> where its file is from
    uploaded: tuple[str, ...] = ()  # the datasets that were uploaded


def sha256_of(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def base_label(store: VersionStore | None) -> str:
    number = store.current_number() if store is not None else None
    return f"kept from version {number}" if number is not None else "kept from the data folder"


def stage(uploaded: dict[str, Path], sources: dict[str, str], base: Path,
          work_dir: Path, store: VersionStore | None = None) -> Staged:
    """`work_dir` filled with the uploaded files and, for the other datasets, the served ones.

    The datasets not uploaded keep their current version: their files are linked from `base`
    (the folder served now), so what is checked is exactly what would be served.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    out_sources: dict[str, str] = {}
    for dataset, path in uploaded.items():
        target = work_dir / f"{dataset}{path.suffix.lower()}"
        if path.resolve() != target.resolve():
            shutil.copyfile(path, target)
        out_sources[dataset] = sources.get(dataset, path.name)
    kept = base_label(store)
    if base.is_dir():
        chosen = discover(base, Collector(), [])
        for dataset, path in chosen.items():
            if dataset in uploaded:
                continue
            target = work_dir / path.name
            try:
                os.link(path, target)  # same bytes, no copy of 100 MB
            except OSError:
                shutil.copyfile(path, target)
            out_sources[dataset] = kept
    return Staged(work_dir, out_sources, tuple(uploaded))


def publish(folder: Path, *, by: str, note: str, store: VersionStore,
            sources: dict[str, str] | None = None, kind: str = "publish",
            rollback_of: int | None = None, keep: int | None = None,
            audit_log: Path | None = None) -> Version:
    """Check `folder` and, when clean, serve it as a new version; raises PublishRefused."""
    note = note.strip()
    if not note:
        raise ValueError("a publish needs a note saying what changed")
    event = "rollback" if kind == "rollback" else "publish"
    with store.lock():
        store.remove_unfinished()
        # Checked again under the lock: the contract or the kept files may have changed
        # since the data manager pressed Check.
        result = open_folder(folder)
        if result.problems or result.con is None:
            audit.record("publish_refused", by, path=audit_log, note=note,
                         problems=result.problems_total or len(result.problems))
            raise PublishRefused(result.problems, result.problems_total or len(result.problems))
        result.con.close()
        number = store.next_number()
        store.versions_dir.mkdir(parents=True, exist_ok=True)
        tmp = store.versions_dir / f".tmp-{number}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        files = []
        for loaded in result.files:
            src = folder / loaded.file
            dst = tmp / loaded.file
            shutil.copyfile(src, dst)
            _fsync(dst)
            files.append(VersionFile(dataset=loaded.dataset, file=loaded.file,
                                     sha256=sha256_of(dst), rows=loaded.rows,
                                     source=(sources or {}).get(loaded.dataset, loaded.file)))
        version = Version(number=number,
                          published_at=dt.datetime.now().astimezone().isoformat(
                              timespec="seconds"),
                          by=by, note=note, kind=kind, files=tuple(files),
                          rollback_of=rollback_of)
        meta = tmp / VERSION_FILE
        meta.write_text(version.to_json(), encoding="utf-8")
        _fsync(meta)
        os.rename(tmp, store.folder(number))
        store.switch(number)
        audit.record(event, by, path=audit_log, version=number, note=note,
                     rollback_of=rollback_of,
                     files={f.dataset: {"sha256": f.sha256, "rows": f.rows} for f in files})
        store.prune(keep if keep is not None else settings.number(settings.VERSIONS_KEPT))
    return version


def rollback(store: VersionStore, number: int, *, by: str, note: str = "",
             audit_log: Path | None = None) -> Version:
    """Serve version `number`'s extracts again, as a new version (an audited publish)."""
    if number not in store.numbers():
        raise ValueError(f"version {number} is not kept: choose one from the history")
    old = store.get(number)
    note = note.strip() or f"Rollback to version {number}"
    return publish(store.folder(number), by=by, note=note, store=store,
                   sources={f.dataset: f"version {number}" for f in old.files},
                   kind="rollback", rollback_of=number, audit_log=audit_log)


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


@dataclass
class Candidate:
    """An upload read, completed with the kept datasets and checked: ready to compare."""

    upload: Upload
    staged: Staged | None
    result: LoadResult | None  # the check of the complete folder; `con` set when clean
    table: pd.DataFrame  # the problems, named by file or sheet and spreadsheet row

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok and not self.upload.problems


def staging_root(store: VersionStore | None) -> Path:
    root = store.root / "staging" if store is not None else Path(tempfile.gettempdir()) / \
        "ipr-staging"
    root.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STAGING_HOURS * 3600
    for old in root.iterdir():  # uploads checked but never published
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    return root


def check_upload(items: list[tuple[str, bytes | Path]], base: Path,
                 store: VersionStore | None, limits: Limits | None = None) -> Candidate:
    """Read `items`, add the served datasets not uploaded, and check the whole folder."""
    work = staging_root(store) / uuid.uuid4().hex
    upload = read_upload(items, work / "upload", limits, countries_from=base)
    kept_label = base_label(store)
    if not upload.files:
        table = problem_table(upload.problems, [], upload.origins)
        return Candidate(upload, None, None, table)
    # Checked even when some files were refused: the data manager sees every problem at once.
    staged = stage(upload.files, {d: o.label for d, o in upload.origins.items()}, base,
                   work / "folder", store)
    result = open_folder(staged.folder)
    kept = {d: kept_label for d in staged.sources if d not in staged.uploaded}
    table = problem_table(upload.problems, result.problems, upload.origins, kept)
    return Candidate(upload, staged, result, table)
