"""Local accounts: argon2 hashes, roles, the users file kept out of the repository, the
failed sign-in limit, the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import accounts, audit
from analytics.accounts import AccountError, FailureLimit

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def users(tmp_path: Path) -> Path:
    return tmp_path / "users.json"


def test_add_and_verify(users):
    accounts.add_user("erin", "data-manager", "a long passphrase", path=users)
    assert accounts.verify("erin", "a long passphrase", path=users) == accounts.Account(
        "erin", "data-manager")
    assert accounts.verify("erin", "a long passphrasE", path=users) is None
    assert accounts.verify("nobody", "a long passphrase", path=users) is None
    assert "a long passphrase" not in users.read_text()
    assert users.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("name", "role", "password", "words"), [
    ("erin", "admin", "a long passphrase", "unknown role"),
    ("erin", "viewer", "short", "too short"),
    ("../etc", "viewer", "a long passphrase", "user name"),
])
def test_bad_requests(users, name, role, password, words):
    with pytest.raises(AccountError, match=words):
        accounts.add_user(name, role, password, path=users)


def test_the_users_file_is_refused_inside_the_repository():
    with pytest.raises(AccountError, match="outside the repository"):
        accounts.users_path(ROOT / "users.json")


def test_replace_resets_the_password(users):
    accounts.add_user("erin", "viewer", "first passphrase", path=users)
    with pytest.raises(AccountError, match="already exists"):
        accounts.add_user("erin", "viewer", "second passphrase", path=users)
    accounts.add_user("erin", "data-manager", "second passphrase", path=users, replace=True)
    assert accounts.verify("erin", "first passphrase", path=users) is None
    assert accounts.verify("erin", "second passphrase", path=users).role == "data-manager"


def test_failure_limit_locks_then_frees():
    now = [0.0]
    limit = FailureLimit(allowed=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert limit.retry_after("user:erin", "ip:1") == 0
        limit.failed("user:erin", "ip:1")
    assert limit.retry_after("user:erin") == pytest.approx(60)
    assert limit.retry_after("ip:1") == pytest.approx(60)  # the same address, any name
    assert limit.retry_after("user:other", "ip:1") > 0
    assert limit.retry_after("user:other", "ip:2") == 0
    now[0] = 61
    assert limit.retry_after("user:erin", "ip:1") == 0
    limit.failed("user:erin")
    limit.succeeded("user:erin")
    assert limit.retry_after("user:erin") == 0


def test_audit_lines(tmp_path):
    log = tmp_path / "audit.log"
    audit.record("sign_in", "erin", path=log, method="local")
    audit.record("sign_in_failed", "erin", path=log, method="local")
    log.open("a").write("not json\n")
    assert [(e["event"], e["user"]) for e in audit.entries(log)] == [
        ("sign_in", "erin"), ("sign_in_failed", "erin")]
    with pytest.raises(ValueError):
        audit.record("made_up", "erin", path=log)


def test_an_unwritable_audit_log_stops_the_action(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(audit.AuditError, match="nothing was done"):
        audit.record("sign_in", "erin", path=blocker / "audit.log")
