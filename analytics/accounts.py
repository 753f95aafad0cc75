"""Local accounts for a meeting room with no identity provider: names, roles, argon2 hashes.

The users file (IPR_USERS_FILE, default users.json in IPR_PUBLISH_DIR) holds only argon2id
hashes, is written with mode 0600 by `python -m analytics users ...` and is refused inside
the app's own folder, so it never lands in the repository. Failed sign-ins are limited per
user name and per address (`FailureLimit`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from analytics import settings

VIEWER = "viewer"
DATA_MANAGER = "data-manager"
ROLES = (VIEWER, DATA_MANAGER)
MIN_PASSWORD = 10
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@\-]{0,63}")
_APP_DIR = Path(__file__).resolve().parent.parent
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified when the name is unknown, so an unknown name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says what to do."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str


def users_path(path: Path | None = None) -> Path:
    target = path or settings.users_file()
    if target is None:
        raise AccountError("no users file: set IPR_PUBLISH_DIR (users.json is kept there) or "
                           "IPR_USERS_FILE to a file outside the repository")
    resolved = target.expanduser().resolve()
    if resolved.is_relative_to(_APP_DIR) and not resolved.is_relative_to(_APP_DIR / ".cache"):
        raise AccountError(f"{target} is inside the app's folder {_APP_DIR}: keep the users file "
                           "outside the repository (set IPR_USERS_FILE)")
    return resolved


def _read(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError as exc:
        raise AccountError(f"{path} is not a users file ({exc}): restore it from a backup") from exc
    users = data.get("users", {}) if isinstance(data, dict) else {}
    return {str(k): v for k, v in users.items() if isinstance(v, dict)}


def _write(path: Path, users: dict[str, dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"users": users}, fh, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def add_user(name: str, role: str, password: str, path: Path | None = None,
             replace: bool = False) -> Account:
    """Create (or with `replace`, reset) an account; the password is stored as a hash only."""
    if not _NAME.fullmatch(name):
        raise AccountError("a user name is 1-64 letters, digits, '.', '_', '-' or '@', "
                           "starting with a letter or digit")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: use {' or '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    target = users_path(path)
    users = _read(target)
    if name in users and not replace:
        raise AccountError(f"{name} already exists: use --replace to set a new password or role")
    users[name] = {"role": role, "hash": _HASHER.hash(password),
                   "created": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    _write(target, users)
    return Account(name, role)


def remove_user(name: str, path: Path | None = None) -> None:
    target = users_path(path)
    users = _read(target)
    if name not in users:
        raise AccountError(f"there is no user {name}")
    del users[name]
    _write(target, users)


def list_users(path: Path | None = None) -> list[Account]:
    return [Account(n, str(u.get("role", VIEWER))) for n, u in
            sorted(_read(users_path(path)).items())]


def verify(name: str, password: str, path: Path | None = None) -> Account | None:
    """The account when the password is right; None otherwise (same time either way)."""
    user = _read(users_path(path)).get(name)
    stored = str(user.get("hash", "")) if user else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    role = str(user.get("role", VIEWER))
    return Account(name, role if role in ROLES else VIEWER)


class FailureLimit:
    """At most `allowed` failures per key within `window` seconds; then refused until the
    oldest failure leaves the window. Kept in the server's memory, shared by its sessions."""

    def __init__(self, allowed: int, window: float, clock=time.monotonic) -> None:
        self.allowed = allowed
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        now = self.clock()
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def retry_after(self, *keys: str) -> float:
        """Seconds until a sign-in under these keys is allowed again; 0 when it is now."""
        with self._lock:
            waits = [self.window - (self.clock() - q[0]) for k in keys
                     if len(q := self._recent(k)) >= self.allowed]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._recent(k).append(self.clock())

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)


def limit_from_settings() -> FailureLimit:
    return FailureLimit(settings.number(settings.SIGN_IN_FAILURES),
                        60.0 * settings.number(settings.SIGN_IN_LOCK_MINUTES))
