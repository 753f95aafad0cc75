"""The data explorer's downloads at scale: time, file size and peak memory per format.

    python benchmarks/downloads.py --rows-dir /tmp/ipr-benchmark-data/seizures-10000000-p20000-s42

Each download runs in a fresh process, exactly as the page builds it on a click
(`analytics.downloads`: rows streamed from DuckDB to a temporary file, its bytes returned and
held), so each peak memory (ru_maxrss, the whole process: DuckDB, Python, the final bytes) is
its own. Formats: all seizures (no filter) as zipped CSV and as Parquet, and xlsx for the
longest period from the first month that holds at most --xlsx-rows seizures (an Excel sheet
holds 1,048,575). The folder is served from its prepared DuckDB file (`<folder>.prepared` by
default; prepared first if missing, as `python -m analytics build` does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO)]

DATASET = "seizures"
FORMATS = ("csv-zip", "parquet", "xlsx")
MEMORY_FLOOR_MB = 1536.0  # the server's memory budget


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of each month from `start`'s month to `end`'s."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append(dt.date(ny, nm, 1) - dt.timedelta(days=1))
        y, m = ny, nm
    return out


def xlsx_filters(con: Any, max_rows: int) -> Any:
    """The filters of the longest period from the first month with at most `max_rows` rows."""
    from analytics import queries
    from analytics.filters import Filters

    first, last = con.execute(
        "select min(make_date(year::int, coalesce(month, 1)::int, 1)), "
        "max(make_date(year::int, coalesce(month, 12)::int, 1)) from seizures").fetchall()[0]
    chosen = None
    for end in _months(first, last):  # a query on the monthly rollup: milliseconds each
        f = Filters(start=first, end=end)
        if queries.count_explore(con, DATASET, f) > max_rows:
            break
        chosen = f
    if chosen is None:
        raise SystemExit(f"the first month alone holds more than {max_rows:,} rows")
    return chosen


def run_one(fmt: str, folder: Path, cache_dir: Path, xlsx_rows: int) -> dict[str, Any]:
    """One download in this process: the page's own function; time, size, peak memory."""
    from analytics import downloads, export, queries
    from analytics.filters import Filters
    from analytics.prepared import open_folder

    result = open_folder(folder, cache_dir=cache_dir)
    if result.con is None:
        raise SystemExit(f"{folder}: the data did not load")
    con = result.con
    f = xlsx_filters(con, xlsx_rows) if fmt == "xlsx" else Filters()
    total = queries.count_explore(con, DATASET, f)
    member = export.export_filename(DATASET, "csv", dt.date.today())
    start = time.perf_counter()
    if fmt == "csv-zip":
        data = downloads.csv_zip_bytes(con, DATASET, f, member, rows_expected=total)
    elif fmt == "parquet":
        data = downloads.parquet_bytes(con, DATASET, f)
    elif fmt == "xlsx":
        data = downloads.xlsx_bytes(con, DATASET, f, f.describe(), None, rows_expected=total)
    else:
        raise SystemExit(f"unknown format {fmt}: choose one of {', '.join(FORMATS)}")
    seconds = time.perf_counter() - start
    con.close()
    return {"format": fmt, "rows": total, "filters": f.describe() or "none",
            "seconds": round(seconds, 1), "file_mb": round(len(data) / 2**20, 1),
            "peak_rss_mb": round(peak_rss_mb(), 0)}


def measure(folder: Path, cache_dir: Path | None = None, formats: tuple[str, ...] = FORMATS,
            xlsx_rows: int = 1_000_000) -> list[dict[str, Any]]:
    """Each format in a fresh process; one result per format."""
    folder = Path(folder)
    cache_dir = Path(cache_dir) if cache_dir else folder.with_name(folder.name + ".prepared")
    results = []
    for fmt in formats:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", fmt, str(folder), str(cache_dir),
             str(xlsx_rows)],
            cwd=REPO, capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"{fmt} failed:\n{done.stderr[-3000:]}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| format | rows | filters | seconds | file MB | peak RSS MB |",
             "|---|---:|---|---:|---:|---:|"]
    lines += [f"| {r['format']} | {r['rows']:,} | {r['filters']} | {r['seconds']} | "
              f"{r['file_mb']} | {r['peak_rss_mb']:.0f} |" for r in results]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="benchmarks/downloads.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows-dir", type=Path, action="append",
                   help="a data folder (repeat for several); its prepared file is looked for "
                        "in <folder>.prepared unless --cache-dir is given")
    p.add_argument("--cache-dir", type=Path, help="the folder of the prepared DuckDB files")
    p.add_argument("--formats", default=",".join(FORMATS),
                   help=f"comma-separated, of {', '.join(FORMATS)}")
    p.add_argument("--xlsx-rows", type=int, default=1_000_000,
                   help="at most this many rows in the xlsx measure (default 1,000,000)")
    p.add_argument("--json", type=Path, help="also write the results to this JSON file")
    p.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        fmt, folder, cache_dir, xlsx_rows = args.worker
        print(json.dumps(run_one(fmt, Path(folder), Path(cache_dir), int(xlsx_rows))))
        return 0
    if not args.rows_dir:
        p.error("give at least one --rows-dir")
    formats = tuple(x.strip() for x in args.formats.split(",") if x.strip())
    unknown = set(formats) - set(FORMATS)
    if unknown:
        p.error(f"unknown format {', '.join(sorted(unknown))}: choose from {', '.join(FORMATS)}")
    results = []
    for folder in args.rows_dir:
        results += measure(folder, args.cache_dir, formats, args.xlsx_rows)
    print(table(results))
    worst = max(r["peak_rss_mb"] for r in results)
    print(f"\nhighest peak: {worst:.0f} MB of the {MEMORY_FLOOR_MB:.0f} MB memory floor")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if worst < MEMORY_FLOOR_MB else 1


if __name__ == "__main__":
    sys.exit(main())
