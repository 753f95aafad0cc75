"""The settings of publishing and sign-in, read from the environment: one definition each.

Every setting has a name, a default and a sentence saying what it does, so the README, the
CLI's help and the pages say the same thing (tests/unit/test_publish_settings.py checks the
README lists them all). Values are read when asked for, never at import, so a test or a
server started with other values sees its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str

    def raw(self) -> str:
        return os.environ.get(self.name, "").strip() or self.default


PUBLISH_DIR = Setting(
    "IPR_PUBLISH_DIR", "",
    "Folder holding the published versions, their history and the audit log. When unset, "
    "publishing is off and the dashboard serves IPR_DATA_DIR as before.")
VERSIONS_KEPT = Setting(
    "IPR_VERSIONS_KEPT", "20",
    "How many published versions are kept (the served one is always kept).")
USERS_FILE = Setting(
    "IPR_USERS_FILE", "",
    "The local accounts file (password hashes); default users.json in IPR_PUBLISH_DIR. "
    "Never put it in the repository.")
AUDIT_LOG = Setting(
    "IPR_AUDIT_LOG", "",
    "The audit log (one JSON line per sign-in, failure, publish, rollback); default "
    "audit.log in IPR_PUBLISH_DIR, else .cache/audit.log beside the app.")
VIEWERS_SIGN_IN = Setting(
    "IPR_VIEWERS_SIGN_IN", "false",
    "true: every page needs a signed-in user; false: viewers need no sign-in. "
    "Data-manager actions always need one.")
SESSION_MINUTES = Setting(
    "IPR_SESSION_MINUTES", "480",
    "Minutes a sign-in lasts; after that the user signs in again.")
SIGN_IN_FAILURES = Setting(
    "IPR_SIGN_IN_FAILURES", "5",
    "Failed local sign-ins allowed per user name (and per address) within "
    "IPR_SIGN_IN_LOCK_MINUTES before sign-in is refused for that long.")
SIGN_IN_LOCK_MINUTES = Setting(
    "IPR_SIGN_IN_LOCK_MINUTES", "15",
    "Window and lock time of the failed sign-in limit, in minutes.")
OIDC_PROVIDER = Setting(
    "IPR_OIDC_PROVIDER", "",
    "Name of the [auth.NAME] section of secrets.toml to sign in with (st.login); empty: "
    "the only provider configured there, or none.")
OIDC_ROLE_CLAIM = Setting(
    "IPR_OIDC_ROLE_CLAIM", "groups",
    "Claim of the identity token that lists the user's groups or roles.")
OIDC_DATA_MANAGER_VALUES = Setting(
    "IPR_OIDC_DATA_MANAGER_VALUES", "ipr-data-managers",
    "Comma-separated values of the role claim that make a user a data manager.")
DATA_MANAGER_EMAILS = Setting(
    "IPR_DATA_MANAGER_EMAILS", "",
    "Comma-separated e-mail addresses that are data managers when signed in through the "
    "identity provider (an allow-list, besides the role claim).")
MAX_UPLOAD_MB = Setting(
    "IPR_MAX_UPLOAD_MB", "200",
    "Largest upload accepted, in MB (all files of one upload together). Streamlit itself "
    "refuses a single file over `maxUploadSize` in `.streamlit/config.toml` (200): raise "
    "both together.")
MAX_UPLOAD_FILES = Setting(
    "IPR_MAX_UPLOAD_FILES", "20",
    "Most files accepted in one upload (counting the files inside a zip).")
MAX_UNZIPPED_MB = Setting(
    "IPR_MAX_UNZIPPED_MB", "1000",
    "Largest decompressed size of a zip or workbook, in MB (stops zip bombs).")
MAX_CELLS = Setting(
    "IPR_MAX_CELLS", "20000000",
    "Most cells read from one workbook (rows times columns, over all its sheets).")

ALL: tuple[Setting, ...] = (
    PUBLISH_DIR, VERSIONS_KEPT, USERS_FILE, AUDIT_LOG, VIEWERS_SIGN_IN, SESSION_MINUTES,
    SIGN_IN_FAILURES, SIGN_IN_LOCK_MINUTES, OIDC_PROVIDER, OIDC_ROLE_CLAIM,
    OIDC_DATA_MANAGER_VALUES, DATA_MANAGER_EMAILS, MAX_UPLOAD_MB, MAX_UPLOAD_FILES,
    MAX_UNZIPPED_MB, MAX_CELLS,
)


def number(setting: Setting) -> int:
    """The setting as a whole number; its default when the value is not one."""
    try:
        return int(float(setting.raw()))
    except ValueError:
        return int(float(setting.default))


def flag(setting: Setting) -> bool:
    return setting.raw().casefold() in ("1", "true", "yes", "on")


def words(setting: Setting) -> list[str]:
    """A comma-separated setting as its trimmed, non-empty items."""
    return [w.strip() for w in setting.raw().split(",") if w.strip()]


def publish_dir() -> Path | None:
    value = PUBLISH_DIR.raw()
    return Path(value).expanduser() if value else None


def _beside_publish_dir(setting: Setting, name: str) -> Path | None:
    value = setting.raw()
    if value:
        return Path(value).expanduser()
    root = publish_dir()
    return root / name if root is not None else None


def users_file() -> Path | None:
    return _beside_publish_dir(USERS_FILE, "users.json")


def audit_log() -> Path:
    # Never None: a sign-in through the identity provider is audited even with publishing off.
    return _beside_publish_dir(AUDIT_LOG, "audit.log") or \
        Path(__file__).resolve().parent.parent / ".cache" / "audit.log"
