"""Command line for data managers and CI: `python -m analytics check|build ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics.load import load_folder


def _report(result, out=sys.stdout) -> int:  # noqa: ANN001 - LoadResult, kept light
    for notice in result.notices:
        print(f"note: {notice}", file=sys.stderr)
    if result.problems:
        for p in result.problems:
            print(p.message(), file=out)
        hidden = result.problems_total - len(result.problems)
        tail = f" ({hidden} more not listed)" if hidden > 0 else ""
        print(f"{result.problems_total} problem(s) in {result.data_dir}{tail}; nothing was "
              "loaded. Fix them and run the check again.", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analytics",
                                     description="Check and build the dashboard's data.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a data folder; exit 1 listing problems")
    check.add_argument("data_dir", type=Path)
    build = sub.add_parser("build", help="validate and write the tables to a DuckDB file")
    build.add_argument("data_dir", type=Path)
    build.add_argument("--db", type=Path, required=True, help="DuckDB file to write")
    args = parser.parse_args(argv)

    if not args.data_dir.is_dir():
        parser.error(f"{args.data_dir} is not a folder: pass the folder holding the extracts")
    if args.command == "check":
        result = load_folder(args.data_dir)
        code = _report(result)
        if code == 0:
            rows = ", ".join(f"{f.dataset} {f.rows}" for f in result.files)
            print(f"{args.data_dir}: clean ({rows})", file=sys.stderr)
        return code
    if args.command == "build":
        if args.db.parent and not args.db.parent.is_dir():
            parser.error(f"folder {args.db.parent} does not exist")
        result = load_folder(args.data_dir, db_path=args.db)
        code = _report(result)
        if code == 0:
            print(f"wrote {args.db} ({', '.join(f'{f.dataset} {f.rows}' for f in result.files)})",
                  file=sys.stderr)
        return code
    return 2  # pragma: no cover - argparse rejects other commands


if __name__ == "__main__":
    sys.exit(main())
