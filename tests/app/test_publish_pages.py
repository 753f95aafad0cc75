"""Sign-in, roles and the data managers' pages in AppTest (the browser tests upload files)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import accounts, audit, publish
from analytics.versions import VersionStore
from ui import sign_in as sign_in_ui

from .conftest import APP, TIMEOUT, sample_dir

PASSWORD = "meeting room 2026"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> VersionStore:
    root = tmp_path / "publish"
    monkeypatch.setenv("IPR_PUBLISH_DIR", str(root))
    for name in ("IPR_AUDIT_LOG", "IPR_USERS_FILE", "IPR_VIEWERS_SIGN_IN"):
        monkeypatch.delenv(name, raising=False)
    sign_in_ui._failure_limit.clear()  # the limiter is the server's: one test, one server
    accounts.add_user("dm", accounts.DATA_MANAGER, PASSWORD)
    accounts.add_user("viewer1", accounts.VIEWER, PASSWORD)
    return VersionStore(root)


def opened(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.switch_page("app_pages/sign_in.py").run()
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    at.form_submit_button[0].click().run()
    assert not at.exception, at.exception
    return at


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def publish_sample(store: VersionStore, note: str, change_seizures: bool = False,
                   tmp: Path | None = None) -> int:
    folder = sample_dir()
    if change_seizures:
        assert tmp is not None
        folder = tmp / f"changed-{note}"
        shutil.copytree(sample_dir(), folder)
        lines = (folder / "seizures.csv").read_text(encoding="utf-8").splitlines(True)
        (folder / "seizures.csv").write_text("".join(lines[:-1]), encoding="utf-8")
    return publish.publish(folder, by="dm", note=note, store=store).number


def test_a_viewer_gets_no_publish_pages_even_by_path(store):
    at = opened()
    # Not registered for this session: the server has no such page to run for it.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/publish.py")
    sign_in(at, "viewer1")
    assert any("Signed in as viewer1 (viewer)" in s.value for s in at.success)
    for page in ("app_pages/publish.py", "app_pages/history.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_wrong_password_then_rate_limited(store, monkeypatch):
    monkeypatch.setenv("IPR_SIGN_IN_FAILURES", "2")
    at = opened("app_pages/sign_in.py")
    for _ in range(2):
        sign_in(at, "dm", "wrong password!")
        assert [e.value for e in at.error] == [
            "Wrong user name or password: check both and try again."]
    sign_in(at, "dm")  # the right password, but too many failures
    assert "Too many failed sign-ins" in at.error[0].value
    assert "Signed in" not in " ".join(s.value for s in at.success)
    events = [e["event"] for e in audit.entries()]
    assert events == ["sign_in_failed", "sign_in_failed", "sign_in_refused"]


def test_data_manager_sees_history_and_rolls_back(store, tmp_path):
    publish_sample(store, "first")
    publish_sample(store, "second", change_seizures=True, tmp=tmp_path)
    at = sign_in(opened(), "dm")
    at.switch_page("app_pages/history.py").run()
    assert not at.exception, at.exception
    assert "Data history" in titles(at)
    history = at.dataframe[0].value
    assert history["version"].tolist() == [2, 1] and history["note"].tolist() == ["second",
                                                                                  "first"]
    at.selectbox(key="rollback_to").select(1)
    at.text_input(key="rollback_note").input("second was wrong")
    at.button(key="rollback_go").click().run()
    assert not at.exception, at.exception
    assert store.current_number() == 3 and store.current().rollback_of == 1
    assert any("Rolled back: version 3" in s.value for s in at.success)
    # This session serves version 3 from its next page of data, and says so.
    at.switch_page("app_pages/overview.py").run()
    assert any("Data rolled back" in i.value and "by dm" in i.value for i in at.info)
    last = audit.entries()[-1]
    assert (last["event"], last["user"], last["note"]) == ("rollback", "dm", "second was wrong")


def test_a_replayed_click_after_sign_out_is_refused_on_the_server(store, tmp_path):
    publish_sample(store, "first")
    publish_sample(store, "second", change_seizures=True, tmp=tmp_path)
    at = sign_in(opened(), "dm")
    at.switch_page("app_pages/history.py").run()
    at.selectbox(key="rollback_to").select(1)
    at.text_input(key="rollback_note").input("replayed")
    # The session loses its data-manager sign-in (signed out elsewhere, or expired) while the
    # browser still holds the page: the button's message arrives anyway.
    del at.session_state["_ipr_identity"]
    at.button(key="rollback_go").click().run()
    assert not at.exception, at.exception
    assert store.current_number() == 2  # nothing rolled back
    assert "Data history" not in titles(at)
    assert "rollback" not in [e["event"] for e in audit.entries()]


def _act_without_sign_in() -> None:
    import streamlit as st

    from ui import publishing, sign_in

    for name, action in (("rollback", lambda: publishing.rollback(1, "forged")),
                         ("publish", lambda: publishing.publish_checked("forged")),
                         ("check", lambda: publishing.check([]))):
        try:
            action()
        except sign_in.NotAllowed as exc:
            st.write(f"{name} refused: {exc}")


def test_every_action_checks_the_role_itself(store, tmp_path):
    publish_sample(store, "first")
    at = AppTest.from_function(_act_without_sign_in, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.markdown] == [
        "rollback refused: roll back needs a signed-in data manager",
        "publish refused: publish needs a signed-in data manager",
        "check refused: check an upload needs a signed-in data manager"]
    assert [e["event"] for e in audit.entries()][-3:] == ["denied"] * 3
    assert store.current_number() == 1


def test_expired_sign_in_is_ended(store, monkeypatch):
    at = sign_in(opened(), "dm")
    ident = at.session_state["_ipr_identity"]
    at.session_state["_ipr_identity"] = type(ident)(ident.name, ident.role, ident.method, 0.0)
    at.switch_page("app_pages/history.py").run()
    assert "Data history" not in titles(at)
    assert "session_expired" in [e["event"] for e in audit.entries()]


def test_another_session_is_told_of_a_publish(store, tmp_path):
    publish_sample(store, "first")
    viewer = opened()
    assert not any("published" in i.value for i in viewer.info)
    publish_sample(store, "second", change_seizures=True, tmp=tmp_path)
    viewer.run()
    assert not viewer.exception, viewer.exception
    said = [i.value for i in viewer.info if "New data published" in i.value]
    assert len(said) == 1 and "by dm" in said[0] and "figures updated" in said[0]
    viewer.run()
    assert not any("New data published" in i.value for i in viewer.info)  # said once


def test_viewers_must_sign_in_when_set(store, monkeypatch):
    monkeypatch.setenv("IPR_VIEWERS_SIGN_IN", "true")
    at = opened()
    assert titles(at) == ["Sign in"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/overview.py")
    sign_in(at, "viewer1")
    assert at.session_state["_ipr_identity"].name == "viewer1"
    at.run()  # the pages of a signed-in session are registered by this run
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert titles(at) != ["Sign in"]


def test_data_manager_compares_two_versions(store, tmp_path):
    publish_sample(store, "first")
    publish_sample(store, "second", change_seizures=True, tmp=tmp_path)
    at = sign_in(opened(), "dm")
    at.switch_page("app_pages/history.py").run()
    at.selectbox(key="compare_old").select(1)
    at.selectbox(key="compare_new").select(2)
    at.button(key="compare_go").click().run()
    assert not at.exception, at.exception
    frames = [d.value for d in at.dataframe]
    summary = next(f for f in frames if "rows before" in f.columns)
    seizures = summary[summary["dataset"] == "seizures"].iloc[0]
    assert (seizures["removed"], seizures["added"], seizures["changed"]) == (1, 0, 0)
    headline = next(f for f in frames if "figure" in f.columns)
    cases = headline[headline["figure"] == "Seizure cases"].iloc[0]
    assert cases["changed"] and cases["before"] != cases["after"]


@pytest.mark.parametrize(("claims", "env", "role"), [
    ({"email": "a@x.org", "groups": ["ipr-data-managers"]}, {}, "data-manager"),
    ({"email": "a@x.org", "groups": ["staff"]}, {}, "viewer"),
    ({"email": "a@x.org", "groups": "ipr-data-managers"}, {}, "data-manager"),
    ({"email": "A@X.org"}, {"IPR_DATA_MANAGER_EMAILS": "b@y.org, a@x.org"}, "data-manager"),
    ({"email": "a@x.org", "email_verified": False}, {"IPR_DATA_MANAGER_EMAILS": "a@x.org"},
     "viewer"),
    ({"email": "a@x.org", "roles": ["publisher"]},
     {"IPR_OIDC_ROLE_CLAIM": "roles", "IPR_OIDC_DATA_MANAGER_VALUES": "publisher"},
     "data-manager"),
])
def test_roles_from_the_identity_token(monkeypatch, claims, env, role):
    for name in ("IPR_DATA_MANAGER_EMAILS", "IPR_OIDC_ROLE_CLAIM",
                 "IPR_OIDC_DATA_MANAGER_VALUES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert sign_in_ui.role_of_claims(claims) == role


def test_pages_by_role(store, monkeypatch):
    pages = (("app_pages/overview.py", "Overview", "x"),)
    dm = sign_in_ui.Identity("dm", "data-manager", "local", 1e12)
    viewer = sign_in_ui.Identity("v", "viewer", "local", 1e12)
    titles_of = lambda ident: [p[1] for p in sign_in_ui.pages_for(ident, pages)]  # noqa: E731
    assert titles_of(None) == ["Overview", "Sign in"]
    assert titles_of(viewer) == ["Overview", "Sign in"]
    assert titles_of(dm) == ["Overview", "Publish data", "Data history", "Sign in"]
    monkeypatch.setenv("IPR_VIEWERS_SIGN_IN", "true")
    assert titles_of(None) == ["Sign in"]
