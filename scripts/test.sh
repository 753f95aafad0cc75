#!/usr/bin/env bash
# The test command: installs what the tests need, then lint and every test (browser included).
# Exits non-zero on any failure; a missing or broken browser is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"

bash scripts/install-test.sh
.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
