"""The scale-data generator writes a complete, valid, deterministic data folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from analytics import contract
from analytics.load import load_folder
from sample_data import sample, scale

N = 20_000


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale")
    scale.write(out, seizures=N, participation=1_000, seed=7)
    return out


def test_folder_loads_without_problems(folder: Path) -> None:
    result = load_folder(folder)
    assert not result.problems, [p.message() for p in result.problems[:10]]
    assert result.ok
    rows = {f.dataset: f.rows for f in result.files}
    assert set(rows) == {d.name for d in contract.DATASETS}
    assert rows["seizures"] == N
    assert rows["participation"] == 1_000


def test_seizures_cover_the_contract(folder: Path) -> None:
    con = duckdb.connect()
    s = f"read_parquet('{folder / 'seizures.parquet'}')"
    (n, ids, lo, hi, illustrative, states, categories, modes, ipr) = con.execute(
        f"select count(*), count(distinct seizure_id), min(year), max(year), "
        f"bool_and(illustrative), count(distinct iso3), count(distinct product_category), "
        f"count(distinct transport_mode), count(distinct ipr_type) from {s}").fetchall()[0]
    assert n == ids == N
    assert (lo, hi) == (2015, 2026)
    assert illustrative
    assert states == 11
    # Every value the sample's profiles draw from; the EU report's categories, inland waterway
    # and plant variety are allowed by the contract but not drawn, so that the sample and the
    # benchmark sets stay what they were.
    assert categories == len(sample.CATEGORY_PROFILE)
    assert modes == len({m for m, _ in sample.TRADITIONAL_MODES + sample.ECOMMERCE_MODES})
    assert ipr == len(sample.IPR_WEIGHTS)
    customs = dict(con.execute(
        f"select 'results', count(distinct detention_result) from {s} union all "
        f"select 'traffic', count(distinct traffic) from {s} union all "
        f"select 'hs', count(*) filter (where not regexp_full_match(hs_code, '\\d{{6}}')) "
        f"from {s} union all "
        f"select 'procedures', count(*) filter (where procedures < cases) from {s} union all "
        f"select 'no currency', count(*) filter (where retail_value is not null "
        f"and currency is null) from {s}").fetchall())
    assert customs == {"results": len(contract.DETENTION_RESULTS),
                       "traffic": len(contract.TRAFFIC), "hs": 0, "procedures": 0,
                       "no currency": 0}
    # Timor-Leste reports only from the year it joined.
    assert con.execute(f"select min(year) from {s} where iso3 = 'TLS'").fetchall()[0][0] >= 2025


def test_same_seed_same_files(folder: Path, tmp_path: Path) -> None:
    scale.write(tmp_path, seizures=N, participation=1_000, seed=7)
    assert digest(tmp_path) == digest(folder)


def test_seed_activities_are_kept(folder: Path) -> None:
    con = duckdb.connect()
    ids = [r[0] for r in con.execute(
        f"select activity_id from read_parquet('{folder / 'activities.parquet'}') "
        "where activity_id like 'SCOPE-AWP1-%' order by 1").fetchall()]
    assert ids == [f"SCOPE-AWP1-{i:02d}" for i in range(1, 18)]


def test_participation_beyond_the_seed_goes_to_synthetic_activities(tmp_path: Path) -> None:
    scale.write(tmp_path, seizures=10, participation=500, seed=1)
    result = load_folder(tmp_path)
    assert result.ok, [p.message() for p in result.problems[:10]]
    con = result.con
    synthetic = con.execute("select count(*) from activities where activity_id like 'SYN-%' "
                            "and programme = 'Other' and illustrative").fetchall()[0][0]
    assert synthetic >= 1
    assert con.execute("select count(*) from participation").fetchall()[0][0] == 500


def test_csv_option(tmp_path: Path) -> None:
    scale.write(tmp_path, seizures=100, participation=50, seed=3, csv=True)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".csv"] * len(contract.DATASETS)
    assert load_folder(tmp_path).ok
