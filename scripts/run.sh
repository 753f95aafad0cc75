#!/usr/bin/env bash
# Install what the dashboard needs (idempotent) and start it on the sample data.
# Usage: bash scripts/run.sh [streamlit options]   e.g. --server.port 8601
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
export IPR_DATA_DIR="${IPR_DATA_DIR:-data}"
# Check the folder and prepare the DuckDB file the dashboard serves it from (instant when the
# extracts have not changed since the last run), so the first page opens at once.
.venv/bin/python -m analytics build "$IPR_DATA_DIR" || echo "The data folder has problems: the dashboard lists them." >&2
exec .venv/bin/python -m streamlit run app.py "$@"
