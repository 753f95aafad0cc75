"""Tell a session that new data was published since its last run ("figures updated").

Each run serves one store, the one of the version CURRENT named when the run started; the
session remembers which version it last showed, so the switch is said once, at the first
run that shows the new figures.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analytics import versions
from ui.literal import code, markdown

SEEN = "_ipr_seen_version"


def _version_of(folder: Path) -> versions.Version | None:
    if not (folder / versions.VERSION_FILE).is_file():
        return None
    try:
        return versions.Version.from_json(
            (folder / versions.VERSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def say_if_switched(folder: Path) -> None:
    """An info line when this run serves another version than the session's last run."""
    seen = st.session_state.get(SEEN)
    st.session_state[SEEN] = str(folder)
    # The folder names the version (or the unpublished data folder before the first publish).
    if seen is None or seen == str(folder):
        return
    version = _version_of(folder)
    if version is None:
        return
    what = "Data rolled back" if version.kind == "rollback" else "New data published"
    st.info(f"{what} at {version.when:%H:%M} by {markdown(version.by)} — figures updated "
            f"(version {version.number}: {markdown(version.note)}).", icon="🔄")


def folder_label(folder: Path) -> str:
    """How the sidebar names the data served: "published version 3 (14:02 by …)" or the folder."""
    version = _version_of(folder)
    if version is None:
        return code(folder.name + "/")
    return (f"published version {version.number} ({version.when:%Y-%m-%d %H:%M} by "
            f"{markdown(version.by)})")
