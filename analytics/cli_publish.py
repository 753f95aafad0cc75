"""The command-line side of publishing: `publish`, `versions`, `compare`, `rollback`, `users`.

A scheduled data drop (`python -m analytics publish DROP/ --note "weekly"`) goes through the
same checks, history and audit log as an upload in the browser.
"""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import sys
from pathlib import Path

from analytics import accounts, audit, compare, publish, versions
from analytics.read_extracts import DATA_SUFFIXES
from analytics.uploads import Limits

COMMANDS = ("publish", "versions", "compare", "rollback", "users")
_UPLOAD_SUFFIXES = {*DATA_SUFFIXES, ".zip", ".xlsx", ".xlsm", ".xls", ".xlsb"}


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="check extracts (a folder, files, a zip or a workbook) "
                       "and publish them as the new served version; datasets not given keep "
                       "their current version")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--note", required=True, help="what changed (kept in the history)")
    p.add_argument("--by", help="who publishes (default: your login name, via the command line)")
    sub.add_parser("versions", help="list the published versions, newest first")
    c = sub.add_parser("compare", help="rows added, removed and changed between two versions")
    c.add_argument("old", type=int)
    c.add_argument("new", type=int)
    r = sub.add_parser("rollback", help="serve an earlier version again (an audited publish)")
    r.add_argument("version", type=int)
    r.add_argument("--note", default="", help="why (default: 'Rollback to version N')")
    r.add_argument("--by")
    u = sub.add_parser("users", help="local accounts for signing in without an identity provider")
    usub = u.add_subparsers(dest="users_command", required=True)
    add = usub.add_parser("add", help="add an account (the password is asked for, or read from "
                          "standard input with --password-stdin)")
    add.add_argument("name")
    add.add_argument("--role", choices=accounts.ROLES, default=accounts.VIEWER)
    add.add_argument("--password-stdin", action="store_true")
    add.add_argument("--replace", action="store_true", help="reset an existing account")
    rm = usub.add_parser("remove", help="remove an account")
    rm.add_argument("name")
    usub.add_parser("list", help="list the accounts and their roles")


def _store(parser: argparse.ArgumentParser) -> versions.VersionStore:
    store = versions.configured_store()
    if store is None:
        parser.error("publishing is off: set IPR_PUBLISH_DIR to the folder that keeps the "
                     "published versions (the dashboard must use the same)")
    return store


def _who(given: str | None) -> str:
    return given or f"{getpass.getuser()} (command line)"


def _items(paths: list[Path]) -> list[tuple[str, Path]]:
    items = []
    for path in paths:
        if path.is_dir():
            items += [(p.name, p) for p in sorted(path.iterdir())
                      if p.is_file() and p.suffix.lower() in _UPLOAD_SUFFIXES]
        elif path.is_file():
            items.append((path.name, path))
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return items


def _data_dir() -> Path:
    return Path(os.environ.get("IPR_DATA_DIR") or "data")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        if args.command == "users":
            return _users(args)
        store = _store(parser)
        if args.command == "publish":
            return _publish(args, store)
        if args.command == "versions":
            return _versions(store)
        if args.command == "compare":
            return _compare(args, store)
        if args.command == "rollback":
            v = publish.rollback(store, args.version, by=_who(args.by), note=args.note)
            print(f"published version {v.number}: rollback to version {args.version}",
                  file=sys.stderr)
            return 0
    except (accounts.AccountError, ValueError, FileNotFoundError, audit.AuditError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except publish.PublishRefused as exc:
        for p in exc.problems:
            print(p.message())
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse rejects other commands


def _publish(args: argparse.Namespace, store: versions.VersionStore) -> int:
    items = _items(args.paths)
    base = versions.served_folder(_data_dir())
    candidate = publish.check_upload(items, base, store, Limits.for_files_on_disk())
    for notice in candidate.upload.notices:
        print(f"note: {notice}", file=sys.stderr)
    if not candidate.ok:
        for row in candidate.table.itertuples(index=False):
            where = f"{row[0]}:{'-' if row[1] is None or str(row[1]) == '<NA>' else row[1]}"
            print(f"{where}: {row[2] or '-'}: {row[3] or '-'}: {row[4]}"
                  + (f": {row[5]}" if row[5] else ""))
        audit.record("publish_refused", _who(args.by), note=args.note,
                     problems=len(candidate.table))
        print(f"{len(candidate.table)} problem(s): nothing was published; the served data "
              "is unchanged. Fix them and publish again.", file=sys.stderr)
        return 1
    assert candidate.staged is not None and candidate.result is not None
    if candidate.result.con is not None:
        candidate.result.con.close()
    try:
        v = publish.publish(candidate.staged.folder, by=_who(args.by), note=args.note,
                            store=store, sources=candidate.staged.sources)
    finally:
        shutil.rmtree(candidate.staged.folder.parent, ignore_errors=True)
    rows = ", ".join(f"{f.dataset} {f.rows}" for f in v.files)
    print(f"published version {v.number} ({rows})", file=sys.stderr)
    return 0


def _versions(store: versions.VersionStore) -> int:
    current = store.current_number()
    for v in store.history():
        mark = "*" if v.number == current else " "
        rows = ", ".join(f"{f.dataset} {f.rows}" for f in v.files)
        print(f"{mark} {v.number}  {v.when:%Y-%m-%d %H:%M}  {v.by}  {v.kind}  {v.note}  ({rows})")
    if current is None:
        print("nothing published yet", file=sys.stderr)
    return 0


def _compare(args: argparse.Namespace, store: versions.VersionStore) -> int:
    from analytics.prepared import open_folder

    old, new = open_folder(store.folder(args.old)), open_folder(store.folder(args.new))
    if old.con is None or new.con is None:
        raise ValueError("one of the versions cannot be read: see `python -m analytics check`")
    print(compare.summary(compare.compare(old.con, new.con)).to_string(index=False))
    return 0


def _users(args: argparse.Namespace) -> int:
    if args.users_command == "list":
        for a in accounts.list_users():
            print(f"{a.name}\t{a.role}")
        return 0
    if args.users_command == "remove":
        accounts.remove_user(args.name)
        print(f"removed {args.name}", file=sys.stderr)
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            raise accounts.AccountError("the two passwords differ: nothing was changed")
    a = accounts.add_user(args.name, args.role, password, replace=args.replace)
    print(f"{'set' if args.replace else 'added'} {a.name} ({a.role}) in "
          f"{accounts.users_path()}", file=sys.stderr)
    return 0
