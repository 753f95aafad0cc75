"""Publishing: versions, history, atomic switch, serialised publishes, rollback, the CLI."""

from __future__ import annotations

import hashlib
import io
import shutil
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from analytics import audit, publish, versions
from analytics.__main__ import main
from analytics.versions import VersionStore

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny"


def candidate(store: VersionStore, tmp_path: Path, **changes: str) -> publish.Candidate:
    """The tiny data with `changes` (dataset -> CSV text) uploaded over what is served."""
    changes = changes or {"seizures": seizures_text()}
    items = [(f"{name}.csv", text.encode()) for name, text in changes.items()]
    base = versions.served_folder(TINY)
    return publish.check_upload(items, base, store)


def seizures_text(extra_row: str = "") -> str:
    text = (TINY / "seizures.csv").read_text(encoding="utf-8")
    return text + extra_row


NEW_SEIZURE = "S9,2024,5,THA,clothing,sea,false,CHN,trademark,3,30,300,false\n"


def publish_candidate(store: VersionStore, c: publish.Candidate, note: str, by: str = "ann"):
    assert c.ok, c.table.to_string()
    c.result.con.close()
    return publish.publish(c.staged.folder, by=by, note=note, store=store,
                           sources=c.staged.sources)


def test_first_publish_keeps_the_datasets_not_uploaded(store, tmp_path):
    c = candidate(store, tmp_path, seizures=seizures_text(NEW_SEIZURE))
    v = publish_candidate(store, c, "one more seizure")
    assert store.current_number() == v.number == 1
    assert v.rows()["seizures"] == 7  # 6 tiny rows + 1
    assert v.rows()["activities"] == 7
    by_dataset = {f.dataset: f for f in v.files}
    assert by_dataset["seizures"].source == "seizures.csv"
    assert by_dataset["activities"].source == "kept from the data folder"
    # The digests are those of the files served, which are the uploaded and the kept bytes.
    served = store.folder(1)
    assert by_dataset["activities"].sha256 == hashlib.sha256(
        (TINY / "activities.csv").read_bytes()).hexdigest()
    assert (served / "seizures.csv").read_text(encoding="utf-8") == seizures_text(NEW_SEIZURE)
    assert versions.served_folder(TINY) == served
    assert [e["event"] for e in audit.entries()] == ["publish"]
    entry = audit.entries()[0]
    assert entry["user"] == "ann" and entry["version"] == 1
    assert entry["files"]["seizures"] == {"sha256": by_dataset["seizures"].sha256, "rows": 7}


def test_history_keeps_who_when_note_and_the_second_version_keeps_the_first(store, tmp_path):
    publish_candidate(store, candidate(store, tmp_path, seizures=seizures_text(NEW_SEIZURE)),
                      "first")
    c2 = candidate(store, tmp_path, seizures=seizures_text())
    v2 = publish_candidate(store, c2, "seizure S9 withdrawn", by="bob")
    history = store.history()
    assert [(v.number, v.by, v.note) for v in history] == [
        (2, "bob", "seizure S9 withdrawn"), (1, "ann", "first")]
    assert {f.dataset: f.source for f in v2.files}["activities"] == "kept from version 1"
    assert history[0].rows()["seizures"] == 6 and history[1].rows()["seizures"] == 7


def test_a_refused_publish_leaves_the_served_version_and_is_audited(store, tmp_path):
    publish_candidate(store, candidate(store, tmp_path), "first")
    bad = tmp_path / "bad"
    shutil.copytree(store.folder(1), bad)
    (bad / "seizures.csv").write_text(seizures_text("S9,2024,13,THA,clothing,sea,false,CHN,"
                                                    "trademark,3,30,300,false\n"))
    with pytest.raises(publish.PublishRefused) as refused:
        publish.publish(bad, by="ann", note="month 13", store=store)
    assert any(p.column == "month" for p in refused.value.problems)
    assert store.current_number() == 1 and store.numbers() == [1]
    assert [e["event"] for e in audit.entries()] == ["publish", "publish_refused"]


def test_a_crash_mid_publish_leaves_the_previous_version_served(store, tmp_path, monkeypatch):
    publish_candidate(store, candidate(store, tmp_path), "first")
    c = candidate(store, tmp_path, seizures=seizures_text(NEW_SEIZURE))
    c.result.con.close()

    def crash(number: int) -> None:
        raise KeyboardInterrupt("power cut before the switch")

    with monkeypatch.context() as m:
        m.setattr(store, "switch", crash)
        with pytest.raises(KeyboardInterrupt):
            publish.publish(c.staged.folder, by="ann", note="lost", store=store)
    # The new folder is complete on disk, but CURRENT still names version 1.
    assert store.current_number() == 1
    assert versions.served_folder(TINY) == store.folder(1)
    assert [v.number for v in store.history()] == [1]
    # The next publish removes the unfinished folder (never served, never audited) first.
    assert (store.versions_dir / "v000002").is_dir()
    v = publish.publish(c.staged.folder, by="ann", note="again", store=store)
    assert v.number == 2 and store.numbers() == [1, 2] and store.get(2).note == "again"
    assert [e["note"] for e in audit.entries()] == ["first", "again"]


def test_two_publishes_at_once_are_serialised(store, tmp_path):
    a = candidate(store, tmp_path, seizures=seizures_text(NEW_SEIZURE))
    b = candidate(store, tmp_path, seizures=seizures_text())
    for c in (a, b):
        c.result.con.close()
    inside, overlaps = [0], []
    original = store.switch

    def watched_switch(number: int) -> None:
        inside[0] += 1
        overlaps.append(inside[0])
        threading.Event().wait(0.2)  # hold the switch: another publish must wait
        original(number)
        inside[0] -= 1

    store.switch = watched_switch  # type: ignore[method-assign]
    errors: list[BaseException] = []

    def run(c: publish.Candidate, note: str) -> None:
        try:
            publish.publish(c.staged.folder, by="ann", note=note, store=store)
        except BaseException as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c, n)) for c, n in ((a, "a"), (b, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert max(overlaps) == 1  # never two publishes inside the switch at once
    assert store.numbers() == [1, 2] and store.current_number() == 2
    assert sorted(v.note for v in store.history()) == ["a", "b"]


def test_rollback_is_an_audited_publish_of_the_old_files(store, tmp_path):
    publish_candidate(store, candidate(store, tmp_path), "first")
    publish_candidate(store, candidate(store, tmp_path, seizures=seizures_text(NEW_SEIZURE)),
                      "second")
    v3 = publish.rollback(store, 1, by="carol")
    assert v3.kind == "rollback" and v3.rollback_of == 1 and v3.note == "Rollback to version 1"
    assert [f.sha256 for f in v3.files] == [f.sha256 for f in store.get(1).files]
    assert store.current_number() == 3
    last = audit.entries()[-1]
    assert (last["event"], last["user"], last["rollback_of"]) == ("rollback", "carol", 1)
    with pytest.raises(ValueError, match="not kept"):
        publish.rollback(store, 9, by="carol")


def test_only_the_versions_kept_remain(store, tmp_path):
    for i in range(4):
        c = candidate(store, tmp_path, seizures=seizures_text(NEW_SEIZURE if i % 2 else ""))
        c.result.con.close()
        publish.publish(c.staged.folder, by="ann", note=f"v{i}", store=store, keep=2)
    assert store.numbers() == [3, 4] and store.current_number() == 4


def test_a_publish_needs_a_note(store, tmp_path):
    c = candidate(store, tmp_path)
    with pytest.raises(ValueError, match="note"):
        publish.publish(c.staged.folder, by="ann", note="  ", store=store)


def cli(*args: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_cli_publish_versions_compare_rollback(store, tmp_path, monkeypatch):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "seizures.csv").write_text(seizures_text(NEW_SEIZURE), encoding="utf-8")
    code, _, err = cli("publish", str(drop), "--note", "weekly drop", "--by", "scheduler")
    assert code == 0, err
    assert "published version 1" in err and "seizures 7" in err
    code, out, _ = cli("versions")
    assert "* 1" in out and "scheduler" in out and "weekly drop" in out
    (drop / "seizures.csv").write_text(seizures_text(), encoding="utf-8")
    assert cli("publish", str(drop / "seizures.csv"), "--note", "undo S9")[0] == 0
    code, out, _ = cli("compare", "1", "2")
    assert code == 0
    line = next(x for x in out.splitlines() if x.strip().startswith("seizures"))
    assert line.split() == ["seizures", "7", "6", "0", "1", "0"]
    assert cli("rollback", "1")[0] == 0
    assert store.current().rollback_of == 1
    assert [e["event"] for e in audit.entries()] == ["publish", "publish", "rollback"]
    # No staging folder is left behind by the command line.
    assert not any((store.root / "staging").iterdir())


def test_cli_publish_with_problems_publishes_nothing(store, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "seizures.csv").write_text(seizures_text("S9,2024,13,THA,clothing,sea,false,CHN,"
                                                     "trademark,3,30,300,false\n"))
    code, out, err = cli("publish", str(drop), "--note", "bad drop")
    assert code == 1
    assert "seizures.csv:8: month: 13: must be between 1 and 12" in out
    assert "nothing was published" in err
    assert store.current_number() is None
    assert [e["event"] for e in audit.entries()] == ["publish_refused"]


def test_cli_needs_the_publish_folder(monkeypatch):
    monkeypatch.delenv("IPR_PUBLISH_DIR", raising=False)
    with pytest.raises(SystemExit), redirect_stderr(io.StringIO()):
        main(["versions"])


def test_cli_users_add_list_remove(store, monkeypatch):
    code, _, err = cli("users", "add", "dana", "--role", "data-manager", "--password-stdin",
                       stdin="correct horse battery\n", monkeypatch=monkeypatch)
    assert code == 0, err
    assert cli("users", "list")[1] == "dana\tdata-manager\n"
    text = (store.root / "users.json").read_text()
    assert "correct horse" not in text and "$argon2id$" in text
    assert (store.root / "users.json").stat().st_mode & 0o077 == 0
    code, _, err = cli("users", "add", "dana", "--password-stdin", stdin="another password\n",
                       monkeypatch=monkeypatch)
    assert code == 1 and "already exists" in err
    assert cli("users", "remove", "dana")[0] == 0
    assert cli("users", "list")[1] == ""


def test_a_session_reading_the_old_version_keeps_working_through_publishes(store, tmp_path):
    from analytics.prepared import open_folder

    publish_candidate(store, candidate(store, tmp_path), "first")
    reading = open_folder(store.folder(1))  # a session's connection to version 1
    for i in range(3):
        c = candidate(store, tmp_path, seizures=seizures_text(NEW_SEIZURE if i % 2 == 0
                                                              else ""))
        c.result.con.close()
        publish.publish(c.staged.folder, by="ann", note=f"n{i}", store=store, keep=1)
    assert store.numbers() == [4] and not store.folder(1).exists()
    # Its folder is gone, but the run it is in finishes on the data it started with.
    assert reading.con.execute("select count(*) from seizures").fetchall() == [(6,)]
    reading.con.close()


def test_a_publish_killed_at_any_moment_leaves_a_complete_version_served(store, tmp_path):
    """The command-line publish killed (SIGKILL, no clean-up) at moments spread over its run:
    CURRENT always names a complete version whose files match their digests."""
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    publish_candidate(store, candidate(store, tmp_path), "first")
    drop = tmp_path / "drop"
    drop.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "analytics", "publish", str(drop), "--note"]
    (drop / "seizures.csv").write_text(seizures_text(NEW_SEIZURE), encoding="utf-8")
    started = time.monotonic()
    subprocess.run([*command, "timed"], cwd=ROOT, env=env, check=True, capture_output=True)
    whole = time.monotonic() - started  # kills are spread over one whole run
    rng = random.Random(42)
    for i in range(10):
        (drop / "seizures.csv").write_text(seizures_text(NEW_SEIZURE if i % 2 else ""),
                                           encoding="utf-8")
        proc = subprocess.Popen([*command, f"drop {i}"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.0) * whole)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        served = store.current()
        assert served is not None
        for f in served.files:
            assert publish.sha256_of(store.folder(served.number) / f.file) == f.sha256
    # The next publish finishes, whatever the last one left behind.
    (drop / "seizures.csv").write_text(seizures_text(NEW_SEIZURE), encoding="utf-8")
    code, _, err = cli("publish", str(drop), "--note", "after the crashes")
    assert code == 0, err
    assert store.current().note == "after the crashes"
    assert not any(p.name.startswith(".tmp-") for p in store.versions_dir.iterdir())
