"""Scale data: a complete, valid data folder with N seizure rows, for the benchmark.

The seed datasets (countries, activities, activity_countries, indicators, indicator_values,
challenges and the documented participation) come from `sample_data.sample`; seizures are
generated in bulk with numpy (no Python loop per row) and written by DuckDB. Every
generated row is illustrative. The same seed gives byte-identical files.

Run `python -m sample_data.scale --seizures 1000000 --participation 20000 --out DIR`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from analytics import contract
from sample_data import sample

FIRST_YEAR, LAST_YEAR = 2015, 2026
LAST_MONTH_2026 = 10  # the sample's "today" is 2026-11-22: October is the last full month
CHUNK = 1_000_000  # seizure rows generated per batch, to bound memory at any N
SYNTH_SOURCE = "synthetic scale data (sample_data.scale), seed {seed}"
MEMBERS = tuple(m.iso3 for m in contract.ASEAN_MEMBERS)
MEMBER_FIRST_YEAR = {m.iso3: max(FIRST_YEAR, int(m.joined[:4])) for m in contract.ASEAN_MEMBERS}
MEMBER_FIRST_YEAR["TLS"] = 2025  # Timor-Leste reports from the year it joined
SYNTH_COUNTRIES = MEMBERS  # synthetic activities draw participants from the member states
HELP_EPILOG = """\
Participation: the documented participation rows of the seed activities are kept as they are
(they are facts of the source documents). Participation rows beyond them go to additional
synthetic activities (programme "Other", illustrative, ids SYN-000001, SYN-000002, ...), each
with up to 121 rows (11 member states x 11 agency types), so the key (activity_id, iso3,
agency_type) stays unique; each synthetic activity also gets its activity_countries rows.
With --participation below the number of seed rows, the first M seed rows are kept.
"""


def _weights(pairs: tuple[tuple[Any, float], ...]) -> tuple[list[Any], np.ndarray]:
    values = [v for v, _ in pairs]
    w = np.array([float(x) for _, x in pairs])
    return values, w / w.sum()


def _sql_list(values: list[Any]) -> str:
    """A DuckDB list literal of constants from this module or the contract."""
    def lit(v: Any) -> str:
        return "null" if v is None else "'" + str(v).replace("'", "''") + "'"
    return "[" + ", ".join(lit(v) for v in values) + "]"


# --- seizures ----------------------------------------------------------------------------------

_CATEGORIES = [p[0] for p in sample.CATEGORY_PROFILE]
_CATEGORY_P = np.array([p[1] for p in sample.CATEGORY_PROFILE], dtype=float)
_CATEGORY_P /= _CATEGORY_P.sum()
_PER_CASE = np.array([p[2] for p in sample.CATEGORY_PROFILE], dtype=float)
_UNIT_VALUE = np.array([p[3] for p in sample.CATEGORY_PROFILE], dtype=float)
_MODES = list(contract.TRANSPORT_MODES)
_IPR, _IPR_P = _weights(sample.IPR_WEIGHTS)
_PROV, _PROV_P = _weights(sample.PROVENANCE_WEIGHTS + (("USA", 1), ("JPN", 1), ("DEU", 1)))
_SCALE = np.array([sample.SEIZURE_SCALE[c] for c in MEMBERS])


def _mode_probs(pairs: tuple[tuple[str, int], ...]) -> np.ndarray:
    p = np.zeros(len(_MODES))
    for mode, w in pairs:
        p[_MODES.index(mode)] = w
    return p / p.sum()


_TRADITIONAL_P = _mode_probs(sample.TRADITIONAL_MODES)
_ECOMMERCE_P = _mode_probs(sample.ECOMMERCE_MODES)


def _choice(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """Indices drawn with weights `p` (inverse CDF: one uniform per row)."""
    cdf = np.cumsum(p) / np.sum(p)
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(p) - 1)


def seizure_batch(rng: np.random.Generator, first_id: int, n: int) -> pa.Table:
    """`n` seizure rows with ids first_id..first_id+n-1; categorical columns as codes."""
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    # More records in later years: reporting grows about 8% a year.
    year = years[_choice(rng, 1.08 ** (years - FIRST_YEAR), n)]
    country = _choice(rng, _SCALE, n)
    # A state reports only from the year it could (Timor-Leste from 2025).
    first_year = np.array([MEMBER_FIRST_YEAR[c] for c in MEMBERS])[country]
    year = np.where(year < first_year, first_year + (year % (LAST_YEAR + 1 - first_year)), year)
    last_month = np.where(year == LAST_YEAR, LAST_MONTH_2026, 12)
    month = (rng.random(n) * last_month).astype(np.int64) + 1
    month_known = rng.random(n) >= 0.03  # a few records come without their month
    # E-commerce share climbs from about 10% in 2015 to about 50% in 2026.
    ecommerce = rng.random(n) < 0.10 + 0.036 * (year - FIRST_YEAR)
    mode = np.where(ecommerce, _choice(rng, _ECOMMERCE_P, n), _choice(rng, _TRADITIONAL_P, n))
    category = _choice(rng, _CATEGORY_P, n)
    provenance = _choice(rng, _PROV_P, n)
    own = np.array([_PROV.index(c) if c in _PROV else -1 for c in MEMBERS])[country]
    provenance = np.where(provenance == own, _PROV.index("CHN"), provenance)
    ipr = _choice(rng, _IPR_P, n)
    cases = np.maximum(1, np.rint(rng.lognormal(1.2, 0.8, n) * _SCALE[country])).astype(np.int64)
    size = np.where(ecommerce, 0.1, 1.0)  # parcels ordered online are small
    articles = np.maximum(
        1, np.rint(cases * _PER_CASE[category] * size * rng.lognormal(0.0, 0.7, n))
    ).astype(np.int64)
    value = np.rint(articles * _UNIT_VALUE[category] * rng.lognormal(0.0, 0.4, n))
    value_known = rng.random(n) >= 0.02
    return pa.table({
        "n": pa.array(np.arange(first_id, first_id + n, dtype=np.int64)),
        "year": pa.array(year.astype(np.int64)),
        "month": pa.array(month, mask=~month_known),
        "country": pa.array(country.astype(np.int8)),
        "category": pa.array(category.astype(np.int8)),
        "mode": pa.array(mode.astype(np.int8)),
        "ecommerce": pa.array(ecommerce),
        "provenance": pa.array(provenance.astype(np.int8)),
        "ipr": pa.array(ipr.astype(np.int8)),
        "cases": pa.array(cases),
        "articles": pa.array(articles),
        "value_usd": pa.array(value, mask=~value_known),
    })


def _seizures_sql(batch: str) -> str:
    """SQL turning a batch of codes into the contract's columns (lists are 1-based)."""
    return (
        f"select 'SYN-S-' || lpad(cast(n as varchar), 9, '0') as seizure_id, year, month, "
        f"{_sql_list(list(MEMBERS))}[country + 1] as iso3, "
        f"{_sql_list(_CATEGORIES)}[category + 1] as product_category, "
        f"{_sql_list(_MODES)}[mode + 1] as transport_mode, ecommerce, "
        f"{_sql_list(_PROV)}[provenance + 1] as provenance_iso3, "
        f"{_sql_list(_IPR)}[ipr + 1] as ipr_type, cases, articles, "
        f"cast(value_usd as double) as value_usd, true as illustrative from {batch}"
    )


def _customs_sql(batch: str) -> str:
    """The seizures of `_seizures_sql` with the customs-reporting columns, derived as
    `sample.customs_columns` derives them (no more draws: the other columns stay as they are)."""
    hs = _sql_list([sample.HS_CODES[c] for c in _CATEGORIES])
    results = _sql_list(["destroyed", "destroyed", "destroyed", "destroyed", "destroyed",
                         "court case", "court case", "released", "destroyed", "court case"])
    return (
        "select s.*, s.cases + s.cases // 5 as procedures, "
        f"round(s.value_usd * {sample.EUR_PER_USD}) as retail_value, "
        "case when s.value_usd is not null then 'EUR' end as currency, "
        "case when s.transport_mode in ('air', 'road') and not s.ecommerce and n % 4 = 0 "
        "then 'passenger' else 'freight' end as traffic, "
        "case when s.ecommerce and s.transport_mode in ('postal', 'express courier') "
        "and s.articles <= 3 * s.cases "
        "then 'destroyed under the small-consignment procedure' "
        f"else {results}[n % 10 + 1] end as detention_result, "
        f"{hs}[list_position({_sql_list(_CATEGORIES)}, s.product_category)] as hs_code "
        # the record's number, from its id: SYN-S-000000001
        f"from (select *, cast(right(seizure_id, 9) as bigint) as n "
        f"from ({_seizures_sql(batch)})) as s"
    )


# --- participation and synthetic activities ----------------------------------------------------


def synthetic_activities(rng: random.Random, count: int, seed: int) -> list[dict[str, Any]]:
    """`count` illustrative activities of programme "Other" (ids SYN-000001, ...)."""
    rows = []
    types = [t for t in contract.ACTIVITY_TYPES if t != "other"]
    for k in range(1, count + 1):
        cluster = rng.choice(contract.CLUSTERS)
        start = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(0, 11 * 365))
        end = start + dt.timedelta(days=rng.randrange(0, 60))
        if end < sample.TODAY:
            status = rng.choices(("completed", "cancelled", "ongoing"), weights=(90, 5, 5))[0]
        else:
            status = rng.choice(("planned", "ongoing"))
        host = rng.choice(MEMBERS[:10] if start < dt.date(2025, 10, 26) else MEMBERS)
        rows.append({
            "activity_id": f"SYN-{k:06d}",
            "programme": "Other",
            "work_plan": "Synthetic",
            "number": k,
            "title": f"Synthetic activity {k} ({cluster.lower()})",
            "cluster": cluster,
            "expected_result": (None if cluster == "Enforcement"
                                else rng.choice(list(contract.EXPECTED_RESULTS))),
            "activity_type": rng.choice(types),
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "status": status,
            "host_iso3": host,
            "city": None,
            "source": SYNTH_SOURCE.format(seed=seed),
            "notes": "generated for load and speed tests; not a programme activity",
            "illustrative": True,
        })
    return rows


def participation_rows(rng: random.Random, seed_rows: list[dict[str, Any]], m: int,
                       seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                            list[dict[str, Any]]]:
    """(participation, extra activities, extra activity_countries) with exactly `m` rows."""
    if m <= len(seed_rows):
        return seed_rows[:m], [], []
    per_activity = len(SYNTH_COUNTRIES) * len(contract.AGENCY_TYPES)
    extra = m - len(seed_rows)
    n_activities = -(-extra // per_activity)
    acts = synthetic_activities(rng, n_activities, seed)
    rows = list(seed_rows)
    roles: list[dict[str, Any]] = []
    for a in acts:
        take = min(per_activity, m - len(rows))
        used: list[str] = []
        for j in range(take):  # at most 121 rows per activity: bounded, not per seizure
            iso3 = SYNTH_COUNTRIES[j // len(contract.AGENCY_TYPES)]
            agency = contract.AGENCY_TYPES[j % len(contract.AGENCY_TYPES)]
            participants = rng.randint(1, 30)
            rows.append({
                "activity_id": a["activity_id"], "iso3": iso3, "agency_type": agency,
                "participants": participants,
                "women": None if rng.random() < 0.05 else rng.randint(0, participants),
                "illustrative": True,
            })
            if not used or used[-1] != iso3:
                used.append(iso3)
        for iso3 in dict.fromkeys([a["host_iso3"], *used]):
            roles.append({"activity_id": a["activity_id"], "iso3": iso3,
                          "role": "host" if iso3 == a["host_iso3"] else "participant",
                          "illustrative": True})
    return rows, acts, roles


# --- writing -----------------------------------------------------------------------------------


def _create_table(con: duckdb.DuckDBPyConnection, ds: contract.Dataset) -> None:
    con.execute(contract.create_table_sql(ds))


def _copy(con: duckdb.DuckDBPyConnection, name: str, order: str, out: Path, csv: bool) -> Path:
    path = out / f"{name}.{'csv' if csv else 'parquet'}"
    options = "format csv, header true" if csv else "format parquet, compression zstd"
    # Identifiers come from the contract; the path is bound as a literal string.
    con.execute(f'copy (select * from "{name}" order by {order}) to '
                + "'" + str(path).replace("'", "''") + f"' ({options})")
    return path


def write(out: Path, seizures: int, participation: int, seed: int = 42,
          csv: bool = False) -> dict[str, int]:
    """Write every dataset of the contract to `out`; rows written per dataset."""
    if seizures < 0 or participation < 0:
        raise ValueError("row counts must be zero or more")
    out.mkdir(parents=True, exist_ok=True)
    for ds in contract.DATASETS:  # a folder must hold one file per dataset
        for suffix in (".csv", ".parquet"):
            (out / f"{ds.name}{suffix}").unlink(missing_ok=True)
    data = sample.build(random.Random(seed))
    rng = random.Random(seed + 1)
    part, acts, roles = participation_rows(rng, data["participation"], participation, seed)
    data["participation"] = part
    data["activities"] = data["activities"] + acts
    data["activity_countries"] = data["activity_countries"] + roles

    con = duckdb.connect(":memory:")
    con.execute("set threads = 2")
    con.execute("set preserve_insertion_order = true")
    counts: dict[str, int] = {}
    for ds in contract.DATASETS:
        _create_table(con, ds)
        if ds.name == "seizures":
            continue
        rows = data[ds.name]
        if rows:
            cols = ds.column_names
            # Text cells in, cast by DuckDB to the contract types (executemany is slow).
            con.register("_rows", pa.table({c: pa.array([sample.cell(r.get(c)) or None
                                                          for r in rows], pa.string())
                                            for c in cols}))
            con.execute(f'insert into "{ds.name}" select '
                        + ", ".join(f'cast("{c}" as {contract.SQL_TYPES[ds.column(c).type]})'
                                    for c in cols) + " from _rows")
            con.unregister("_rows")
        key = ", ".join(f'"{k}"' for k in ds.key) or "1"
        _copy(con, ds.name, key, out, csv)
        counts[ds.name] = len(rows)
        con.execute(f'drop table "{ds.name}"')

    generator = np.random.default_rng(seed)
    for first in range(1, seizures + 1, CHUNK):
        con.register("_batch", seizure_batch(generator, first,
                                             min(CHUNK, seizures - first + 1)))
        con.execute('insert into "seizures" by name select * exclude (n) from ('
                    + _customs_sql("_batch") + ")")
        con.unregister("_batch")
    _copy(con, "seizures", "seizure_id", out, csv)  # ids are zero-padded: sorted = generated
    counts["seizures"] = seizures
    con.close()
    return counts


def main(argv: list[str] | None = None) -> None:
    """Command line: python -m sample_data.scale --seizures N --participation M --out DIR."""
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.scale",
        description="Write a complete, valid data folder with N synthetic seizure rows "
        "(Parquet by default) for load and speed tests. Deterministic for a given --seed.",
        epilog=HELP_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seizures", type=int, required=True, metavar="N",
                        help="seizure rows to generate (years 2015-2026, all member states)")
    parser.add_argument("--participation", type=int, default=None, metavar="M",
                        help="participation rows (default: the seed rows only; see below)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--csv", action="store_true", help="write CSV instead of Parquet")
    args = parser.parse_args(argv)
    if args.participation is None:
        args.participation = len(sample.build(random.Random(args.seed))["participation"])
    if args.seizures < 0 or args.participation < 0:
        parser.error("--seizures and --participation must be zero or more")
    for name, n in write(args.out, args.seizures, args.participation, args.seed,
                         args.csv).items():
        print(f"{name}: {n} rows")


if __name__ == "__main__":
    main()
