"""The audit log: one JSON line per sign-in, failed sign-in, publish, refusal and rollback.

Lines are appended under an exclusive lock, so the server's sessions and a command-line
publish never interleave half lines. A log that cannot be written raises: an action that
cannot be audited is not done quietly.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from pathlib import Path
from typing import Any

from analytics import settings

EVENTS = ("sign_in", "sign_in_failed", "sign_in_refused", "sign_out", "session_expired",
          "denied", "publish", "publish_refused", "rollback")


class AuditError(OSError):
    """The audit log could not be written."""


def log_path(path: Path | None = None) -> Path:
    return path if path is not None else settings.audit_log()


def record(event: str, user: str, *, path: Path | None = None, **detail: Any) -> dict:
    """Append `event` by `user` (with `detail`) to the log; returns the entry written."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    entry = {"at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
             "event": event, "user": user, **detail}
    target = log_path(path)
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise AuditError(f"the audit log {target} cannot be written ({exc}): fix its folder's "
                         "permissions; nothing was done") from exc
    return entry


def entries(path: Path | None = None, last: int | None = None) -> list[dict]:
    """The log's entries, oldest first (the `last` ones when given); damaged lines skipped."""
    target = log_path(path)
    if not target.exists():
        return []
    out = []
    for line in target.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            out.append(item)
    return out[-last:] if last else out
