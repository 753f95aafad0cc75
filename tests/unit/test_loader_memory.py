"""The loader's peak memory for CSV is in line with its Parquet path for the same rows.

Each load runs in a fresh process (the peak RSS is that process's own): the same generated
seizures (sample_data/scale.py) as CSV and as Parquet.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sample_data import scale

ROOT = Path(__file__).resolve().parents[2]
ROWS = 400_000  # a 34 MB seizures CSV
MARGIN_MB = 60

PEAK = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from analytics.load import load_folder
result = load_folder(sys.argv[2])
assert result.ok, [p.message() for p in result.problems][:5]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def peak_mb(folder: Path) -> int:
    env = {k: v for k, v in os.environ.items() if k != "IPR_LOAD_MEMORY_LIMIT"}
    run = subprocess.run([sys.executable, "-c", PEAK, str(ROOT), str(folder)], env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return int(run.stdout.split()[-1])


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    csv_dir, parquet_dir = tmp_path_factory.mktemp("csv"), tmp_path_factory.mktemp("parquet")
    scale.write(csv_dir, seizures=ROWS, participation=1_000, seed=7, csv=True)
    scale.write(parquet_dir, seizures=ROWS, participation=1_000, seed=7)
    return csv_dir, parquet_dir


def test_csv_peak_memory_is_in_line_with_parquet(folders: tuple[Path, Path]):
    csv_dir, parquet_dir = folders
    csv_peak, parquet_peak = peak_mb(csv_dir), peak_mb(parquet_dir)
    size_mb = (csv_dir / "seizures.csv").stat().st_size / 2**20
    assert csv_peak <= parquet_peak + MARGIN_MB, (
        f"CSV ({size_mb:.0f} MB) peaked at {csv_peak} MB, its Parquet at {parquet_peak} MB")
