"""The published versions of the data: one folder each, and a pointer to the one served.

```
IPR_PUBLISH_DIR/
  versions/v000001/     the extracts of version 1 and version.json (who, when, note, digests)
  versions/v000002/
  CURRENT               "v000002": the version every session serves
  publish.lock          held while a publish runs: publishes are serialised
  audit.log, users.json
```

A version folder is complete before CURRENT names it, and CURRENT is replaced in one
rename, so a reader sees the old version or the new one, never a mix, and a crash
mid-publish leaves the previous version served. Folders newer than CURRENT are publishes
that never finished; the next publish removes them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from analytics import settings

VERSION_FILE = "version.json"
_NAME = re.compile(r"v(\d{6})")


@dataclass(frozen=True)
class VersionFile:
    """One extract of a version: its dataset, file, digest, rows and where it came from."""

    dataset: str
    file: str
    sha256: str
    rows: int
    source: str  # e.g. "book.xlsx › activities", "activities.csv", "kept from version 3"


@dataclass(frozen=True)
class Version:
    number: int
    published_at: str  # ISO 8601 with the server's offset
    by: str
    note: str
    kind: str  # "publish" or "rollback"
    files: tuple[VersionFile, ...]
    rollback_of: int | None = None

    @property
    def name(self) -> str:
        return f"v{self.number:06d}"

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.published_at)

    def rows(self) -> dict[str, int]:
        return {f.dataset: f.rows for f in self.files}

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Version:
        data = json.loads(text)
        files = tuple(VersionFile(**f) for f in data.pop("files"))
        return cls(files=files, **data)


class VersionStore:
    """The versions under one publish folder."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.versions_dir = self.root / "versions"
        self.current_file = self.root / "CURRENT"

    def folder(self, number: int) -> Path:
        return self.versions_dir / f"v{number:06d}"

    def current_number(self) -> int | None:
        """The served version's number; None before the first publish."""
        try:
            text = self.current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        m = _NAME.fullmatch(text)
        return int(m.group(1)) if m else None

    def get(self, number: int) -> Version:
        return Version.from_json((self.folder(number) / VERSION_FILE).read_text(encoding="utf-8"))

    def current(self) -> Version | None:
        number = self.current_number()
        return self.get(number) if number is not None else None

    def numbers(self) -> list[int]:
        """Numbers of the complete version folders, oldest first."""
        if not self.versions_dir.is_dir():
            return []
        found = []
        for p in self.versions_dir.iterdir():
            m = _NAME.fullmatch(p.name)
            if m and (p / VERSION_FILE).is_file():
                found.append(int(m.group(1)))
        return sorted(found)

    def history(self) -> list[Version]:
        """Every kept version that was served, newest first."""
        current = self.current_number()
        if current is None:
            return []
        return [self.get(n) for n in reversed(self.numbers()) if n <= current]

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Held by one publish at a time, across threads and processes (the CLI, servers)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / "publish.lock").open("a") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    # The steps below run under `lock()` (analytics.publish calls them).

    def remove_unfinished(self) -> None:
        """Folders of publishes that never switched CURRENT (a crash), and temporary folders."""
        if not self.versions_dir.is_dir():
            return
        current = self.current_number() or 0
        for p in self.versions_dir.iterdir():
            m = _NAME.fullmatch(p.name)
            if p.name.startswith(".tmp-") or (m and int(m.group(1)) > current):
                shutil.rmtree(p, ignore_errors=True)

    def next_number(self) -> int:
        known = self.numbers()
        return max([*known, self.current_number() or 0]) + 1

    def switch(self, number: int) -> None:
        """Make `number` the served version: one atomic rename of CURRENT."""
        tmp = self.current_file.with_name(f"CURRENT.{os.getpid()}.tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(f"v{number:06d}\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.current_file)
        _fsync_dir(self.root)

    def prune(self, keep: int) -> list[int]:
        """Remove all but the `keep` newest versions (never the served one); the removed."""
        current = self.current_number()
        numbers = [n for n in self.numbers() if current is None or n <= current]
        removed = []
        for n in numbers[:-max(keep, 1)]:
            if n != current:
                shutil.rmtree(self.folder(n), ignore_errors=True)
                removed.append(n)
        return removed


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def configured_store() -> VersionStore | None:
    """The store of IPR_PUBLISH_DIR; None when publishing is off."""
    root = settings.publish_dir()
    return VersionStore(root) if root is not None else None


def served_folder(data_dir: Path) -> Path:
    """The folder the dashboard serves: the current published version, else `data_dir`."""
    store = configured_store()
    if store is None:
        return data_dir
    number = store.current_number()
    if number is None:
        return data_dir
    # A missing version folder is served as missing (its problem is shown), never swapped
    # silently for the unpublished folder.
    return store.folder(number)
