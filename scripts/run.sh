#!/usr/bin/env bash
# Install what the dashboard needs (idempotent) and start it on the sample data.
#   - Debian's chromium (chart images: PNG downloads and the briefing pack's pictures)
#   - fonts for every member state's script (see scripts/system-packages.sh)
#   - .venv with requirements.txt
# Usage: bash scripts/run.sh [streamlit options]   e.g. --server.port 8601
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
# As root on a fresh machine this installs them; otherwise a missing one is named and the
# dashboard still starts (the pack then says what its charts or fonts lack).
need_debian_packages "run" chromium:/usr/bin/chromium "${FONT_PACKAGES[@]}" || true
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
export IPR_DATA_DIR="${IPR_DATA_DIR:-data}"
# Check the folder and prepare the DuckDB file the dashboard serves it from (instant when the
# extracts have not changed since the last run), so the first page opens at once.
.venv/bin/python -m analytics build "$IPR_DATA_DIR" || echo "The data folder has problems: the dashboard lists them." >&2
exec .venv/bin/python -m streamlit run app.py "$@"
