"""Command line for data managers and CI: check, build, import-iati, publish, users, brief …"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from analytics.load import load_folder
from analytics.prepared import open_folder


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
                                     description="Check and build the dashboard's data; "
                                     "write briefing packs.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a data folder; exit 1 listing problems")
    check.add_argument("data_dir", type=Path)
    build = sub.add_parser(
        "build", help="validate and write the tables to a DuckDB file (by default the file the "
        "dashboard serves the folder from, so it starts at once)")
    build.add_argument("data_dir", type=Path)
    build.add_argument("--db", type=Path,
                       help="DuckDB file to write (default: prepare the dashboard's file in "
                       "$IPR_CACHE_DIR or .cache/duckdb)")
    brief = sub.add_parser(
        "brief", help="write the briefing pack (.pptx or .pdf) for filters given as in the URL")
    brief.add_argument("--view", default="",
                       help='the dashboard URL\'s query string, e.g. "country=KHM&from=2024-01-01"')
    brief.add_argument("--data", type=Path,
                       default=Path(os.environ.get("IPR_DATA_DIR") or "data"),
                       help="data folder (default: $IPR_DATA_DIR or data/)")
    brief.add_argument("--out", type=Path, required=True, help="pack.pptx or pack.pdf")
    figures_cmd = sub.add_parser(
        "figures", help="print every key figure and chart finding for filters given as in "
        "the URL — the same numbers the pages, slides and pack show")
    figures_cmd.add_argument("--view", default="",
                             help='the dashboard URL\'s query string, e.g. "country=KHM"')
    figures_cmd.add_argument("--data", type=Path,
                             default=Path(os.environ.get("IPR_DATA_DIR") or "data"),
                             help="data folder (default: $IPR_DATA_DIR or data/)")
    figures_cmd.add_argument("--definitions", action="store_true",
                             help="also print each figure's definition and filters")
    iati = sub.add_parser(
        "import-iati", help="turn IATI 2.03 activity files into a data folder, then check it "
        "(prints what was mapped and what was not)")
    iati.add_argument("files", nargs="+", type=Path, metavar="FILE.xml",
                      help="IATI activity files (version 2.03)")
    iati.add_argument("--out", type=Path, required=True,
                      help="data folder to write (created when missing; participation, "
                      "seizures and challenges already there are kept)")
    iati.add_argument("--lang", default="en",
                      help="language of the titles and descriptions to take (default: en)")
    iati.add_argument("--programme", default="Other",
                      help="programme of the activities (default: Other)")
    iati.add_argument("--cluster", default="Capacity building",
                      help="cluster of the activities, which IATI does not record "
                      "(default: Capacity building)")
    iati.add_argument("--max-mb", type=float, default=100,
                      help="refuse files larger than this many megabytes (default: 100)")
    from analytics import cli_publish

    cli_publish.add_commands(sub)
    args = parser.parse_args(argv)

    if args.command in cli_publish.COMMANDS:
        return cli_publish.run(args, parser)
    if args.command == "brief":
        return _brief(args, parser)
    if args.command == "figures":
        return _figures(args)
    if args.command == "import-iati":
        return _import_iati(args, parser)

    if not args.data_dir.is_dir():
        parser.error(f"{args.data_dir} is not a folder: pass the folder holding the extracts")
    if args.command == "check":
        result = load_folder(args.data_dir)
        code = _report(result)
        if code == 0:
            rows = ", ".join(f"{f.dataset} {f.rows}" for f in result.files)
            print(f"{args.data_dir}: clean ({rows})", file=sys.stderr)
        return code
    if args.command == "build" and args.db is None:
        t0 = time.perf_counter()
        result = open_folder(args.data_dir)
        code = _report(result)
        if code == 0:
            db_file = result.con.execute(
                "select path from duckdb_databases() where database_name = current_database()"
            ).fetchall()[0][0]
            rows = ", ".join(f"{f.dataset} {f.rows}" for f in result.files)
            print(f"prepared {db_file} for the dashboard ({rows}) in "
                  f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
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


def _view_query(view: str) -> dict[str, list[str]]:
    """The query string of `--view`: a bare "a=1&b=2", "?a=1", or a whole dashboard URL."""
    view = view.strip()
    if "://" in view or view.startswith("/"):
        view = urlsplit(view).query
    return parse_qs(view.lstrip("?"), keep_blank_values=False)


def _data_and_filters(folder: Path, view: str, load: Any) -> tuple[Any, Any] | None:
    """(the loaded data, the filters of `--view`); None when the folder has problems.

    Link values that are unknown are said on stderr and ignored, as the dashboard does.
    """
    from analytics import queries
    from analytics.filters import Filters, from_query

    result = load(folder)
    if _report(result) != 0:
        return None
    countries = queries.explore(result.con, "countries", Filters())["iso3"]
    filters, notices = from_query(_view_query(view), known_countries=list(countries))
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    return result, filters


def _brief(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from analytics import pack_content, pack_file, pack_text

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in pack_file.MIME:
        parser.error(f"--out {args.out}: name the file .pptx or .pdf")
    folder = args.out.parent
    if str(folder) and not folder.is_dir():
        parser.error(f"--out {args.out}: folder {folder} does not exist")
    t0 = time.perf_counter()
    loaded = _data_and_filters(args.data, args.view, load_folder)
    if loaded is None:
        return 1
    result, filters = loaded
    pack = pack_content.build_pack(result.con, filters,
                                   loaded_at=pack_content.loaded_at_of(result.files))
    try:
        out = pack_file.make_pack(pack, fmt)
    except pack_text.MissingGlyphs as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for warning in out.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_bytes(out.data)
    os.replace(tmp, args.out)  # a scheduled run never leaves half a file behind
    print(f"wrote {args.out} ({pack.slide_count} slides; filters: {pack.filters_text}) in "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def _figures(args: argparse.Namespace) -> int:
    from analytics import figures
    from analytics.answers import Answers

    loaded = _data_and_filters(args.data, args.view,
                               open_folder if args.data.is_dir() else load_folder)
    if loaded is None:
        return 1
    result, filters = loaded
    answers = Answers(result.con, filters)
    print(f"Filters: {answers.filters_text()}")
    for figure in figures.KEY_FIGURES:
        if figure.name == "hosted" and len(filters.countries) != 1:
            continue
        shown = figure.shown(answers)
        detail = f" ({shown.detail})" if shown.detail else ""
        flag = " [illustrative]" if shown.illustrative else ""
        print(f"{figure.label}: {shown.value}{detail}{flag}")
        if args.definitions:
            print(f"    {figure.help()}")
    for chart in figures.CHART_LIST:
        view = chart.view(answers)
        print(f"{view.title}: {view.takeaway}" + (" [illustrative]" if view.illustrative
                                                   else ""))
        if args.definitions:
            print(f"    {chart.definition} Filters: {chart.filters}.")
    return 0


def _import_iati(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from analytics import contract, iati

    for name, value, allowed in (("--programme", args.programme, contract.PROGRAMMES),
                                 ("--cluster", args.cluster, contract.CLUSTERS)):
        if value not in allowed:
            parser.error(f"{name} {value!r}: use one of {', '.join(allowed)}")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} is a file: pass a folder")
    result = iati.import_iati(args.files, lang=args.lang, programme=args.programme,
                              cluster=args.cluster, max_bytes=int(args.max_mb * 1024 * 1024),
                              existing_countries=iati.read_countries(args.out)
                              if args.out.is_dir() else [])
    for line in result.summary.lines():
        print(line, file=sys.stderr)
    if not result.summary.rows.get("activities"):
        print(f"nothing written to {args.out}.", file=sys.stderr)
        return 1
    written = iati.write_folder(result, args.out)
    print(f"wrote {', '.join(written)} to {args.out}", file=sys.stderr)
    checked = load_folder(args.out)
    code = _report(checked)
    if code == 0:
        rows = ", ".join(f"{f.dataset} {f.rows}" for f in checked.files)
        print(f"{args.out}: clean ({rows}); serve it with IPR_DATA_DIR={args.out} "
              "bash scripts/run.sh", file=sys.stderr)
    # A file that could not be read is an error even when others were imported.
    return 1 if code or result.summary.problems else 0


if __name__ == "__main__":
    sys.exit(main())
