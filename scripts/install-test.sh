#!/usr/bin/env bash
# Install what the tests need; safe to run again. On a fresh Debian it runs as root.
#   - Debian's chromium (browser tests; Playwright drives it, no `playwright install`)
#   - poppler-utils (pdftoppm, PDF checks) and an emoji font (page icons in screenshots)
#   - iproute2 (the renderer's network-namespace test)
#   - .venv with requirements-test.txt
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# `ip` (iproute2): the chart renderer's network test runs Chromium in a private network
# namespace (unshare, util-linux) whose routes it sets.
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
# The briefing pack's PDF prints names such as "Việt Nam" with DejaVu.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-test: missing ${need_apt[*]}; run this script as root (apt-get)." >&2
        exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}"
fi
# Optional: without it page icons are blank boxes in screenshots; the tests do not need it.
if [ "$(id -u)" -eq 0 ] && ! fc-list 2>/dev/null | grep -qi emoji; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        fonts-noto-color-emoji || echo "install-test: emoji font not installed (optional)" >&2
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt

if [ ! -x /usr/bin/chromium ]; then
    echo "install-test: /usr/bin/chromium is missing after install" >&2
    exit 1
fi
echo "install-test: ready ($(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
