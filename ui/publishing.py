"""The data managers' actions in the app: check an upload, publish it, roll back.

Each action asks `sign_in.require_data_manager` when it runs, so a viewer's session cannot
do it by opening the page's URL or by sending the button's message again: the page hides
nothing that the action does not refuse as well.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics import compare, publish, versions
from analytics.prepared import open_folder
from ui import sign_in
from ui.data_store import data_base_dir, served_store, stop_page
from ui.literal import code, markdown

CANDIDATE = "_ipr_candidate"
MESSAGE = "_ipr_publish_message"


@dataclass
class Checked:
    """An upload checked in this session, with its comparison to the served data."""

    candidate: publish.Candidate
    changes: list[compare.DatasetChange] | None = None
    headline: pd.DataFrame | None = None


def store_or_stop() -> versions.VersionStore:
    store = versions.configured_store()
    if store is None:
        st.info("Publishing is off on this server: the administrator sets IPR_PUBLISH_DIR to "
                "the folder that keeps the published versions.")
        stop_page()
    assert store is not None
    return store


def guard_page(action: str) -> sign_in.Identity:
    """The data manager viewing this page; anyone else is told, audited and stopped."""
    try:
        return sign_in.require_data_manager(action)
    except sign_in.NotAllowed:
        st.error("This page is for data managers. Sign in as a data manager on the "
                 "Sign in page.")
        stop_page()
        raise  # not reached: stop_page ends the run


def _drop_candidate() -> None:
    old = st.session_state.pop(CANDIDATE, None)
    if isinstance(old, Checked) and old.candidate.result is not None \
            and old.candidate.result.con is not None:
        old.candidate.result.con.close()


def check(files: list) -> Checked:
    """Read and check the uploaded files against the served data; kept for this session."""
    sign_in.require_data_manager("check an upload")
    _drop_candidate()
    store = versions.configured_store()
    items = [(f.name, f.getvalue()) for f in files]
    try:
        candidate = publish.check_upload(items, versions.served_folder(data_base_dir()), store)
    except OSError as exc:
        st.error(f"The upload could not be checked: {markdown(str(exc))}. Ask the "
                 "administrator to check that the server can write to IPR_PUBLISH_DIR.")
        stop_page()
        raise
    checked = Checked(candidate)
    good = served_store().good
    if candidate.ok and good is not None and good.con is not None:
        assert candidate.result is not None and candidate.result.con is not None
        checked.changes = compare.compare(good.con, candidate.result.con)
        checked.headline = compare.headline(good.con, candidate.result.con)
    st.session_state[CANDIDATE] = checked
    return checked


def checked() -> Checked | None:
    value = st.session_state.get(CANDIDATE)
    return value if isinstance(value, Checked) else None


def publish_checked(note: str) -> versions.Version | None:
    """Publish this session's checked upload; None (with a message shown) when refused."""
    ident = sign_in.require_data_manager("publish")
    current = checked()
    store = store_or_stop()
    if current is None or not current.candidate.ok or current.candidate.staged is None:
        st.error("Check an upload without problems first, then publish.")
        return None
    if not note.strip():
        st.error("Write a note saying what changed: it is kept in the history.")
        return None
    staged = current.candidate.staged
    try:
        version = publish.publish(staged.folder, by=ident.name, note=note, store=store,
                                  sources=staged.sources)
    except publish.PublishRefused as exc:
        st.error(f"Nothing was published: {markdown(str(exc))}. Check the upload again "
                 "to see the problems.")
        return None
    except OSError as exc:  # the audit log or the publish folder cannot be written
        st.error(f"Nothing was published: {markdown(str(exc))}. Ask the administrator to check "
                 "that the server can write to IPR_PUBLISH_DIR.")
        return None
    _drop_candidate()
    shutil.rmtree(staged.folder.parent, ignore_errors=True)  # its files are in the version now
    _announce(version)
    return version


def rollback(number: int, note: str) -> versions.Version | None:
    ident = sign_in.require_data_manager("roll back")
    store = store_or_stop()
    try:
        version = publish.rollback(store, number, by=ident.name, note=note)
    except (publish.PublishRefused, ValueError, OSError) as exc:
        st.error(f"Nothing was rolled back: {markdown(str(exc))}")
        return None
    _announce(version)
    return version


def _announce(version: versions.Version) -> None:
    what = "Rolled back" if version.kind == "rollback" else "Published"
    st.session_state[MESSAGE] = (f"{what}: version {version.number} is now served to every "
                                 "session (each switches at its next rerun).")


def show_message() -> None:
    message = st.session_state.pop(MESSAGE, None)
    if message:
        st.success(message, icon="✅")


def compare_versions(store: versions.VersionStore, old: int, new: int
                     ) -> tuple[list[compare.DatasetChange], pd.DataFrame] | None:
    """Rows and headline figures of two kept versions (each served from its prepared file)."""
    sign_in.require_data_manager("compare versions")
    a, b = open_folder(store.folder(old)), open_folder(store.folder(new))
    try:
        if a.con is None or b.con is None:
            st.error("One of the versions cannot be read any more (its files have problems "
                     "under the current checks): compare other versions.")
            return None
        return compare.compare(a.con, b.con), compare.headline(a.con, b.con)
    finally:
        for r in (a, b):
            if r.con is not None:
                r.con.close()


def show_changes(changes: list[compare.DatasetChange], headline: pd.DataFrame) -> None:
    """Rows added/removed/changed per dataset (with samples), then the headline figures."""
    st.subheader("Rows by dataset")
    st.dataframe(compare.summary(changes), hide_index=True)
    for change in changes:
        if change.unchanged:
            continue
        label = (f"{change.dataset}: {change.added} added, {change.removed} removed, "
                 f"{change.changed} changed (by {' + '.join(change.key)})")
        with st.expander(label):
            for kind in ("added", "removed", "changed"):
                frame = change.samples.get(kind)
                if frame is not None and len(frame):
                    st.caption(f"A sample of the rows {kind}")
                    st.dataframe(frame, hide_index=True)
    st.subheader("Headline figures, before → after")
    st.dataframe(headline, hide_index=True)


def show_notices(notices: list[str]) -> None:
    for notice in notices:
        st.caption(f"ℹ️ {code(notice)}")


def version_rows(history: list[versions.Version], current: int | None) -> pd.DataFrame:
    rows = []
    for v in history:
        row = {"version": v.number, "served": "● now" if v.number == current else "",
               "published": v.when.strftime("%Y-%m-%d %H:%M"), "by": v.by, "kind": v.kind,
               "note": v.note}
        row.update({f"{f.dataset} rows": f.rows for f in v.files})
        rows.append(row)
    return pd.DataFrame(rows)


def file_rows(version: versions.Version) -> pd.DataFrame:
    return pd.DataFrame([{"dataset": f.dataset, "file": f.file, "rows": f.rows,
                          "sha256": f.sha256, "from": f.source} for f in version.files])


def audit_rows(entries: list[dict]) -> pd.DataFrame:
    """Audit entries newest first; the details (digests, problems) as one JSON text column."""
    main = ("at", "event", "user", "method", "version", "note", "address")
    rows = [{**{k: "" if e.get(k) is None else str(e.get(k)) for k in main},
             "details": json.dumps({k: v for k, v in e.items() if k not in main},
                                   ensure_ascii=False, default=str)}
            for e in reversed(entries)]
    return pd.DataFrame(rows, columns=[*main, "details"])
