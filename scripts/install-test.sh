#!/usr/bin/env bash
# Install what the tests need; safe to run again. On a fresh Debian it runs as root.
#   - Debian's chromium (browser tests and chart images; Playwright drives it, no
#     `playwright install`)
#   - LibreOffice Impress and Calc (the pack and the exports opened in a real office suite)
#   - poppler-utils (pdftotext, pdftoppm: reading what was drawn)
#   - fonts for every member state's script (scripts/system-packages.sh), an emoji font
#   - iproute2 (`ip`: the chart renderer's test in a private network namespace)
#   - .venv with requirements-test.txt
# A test whose tool is missing fails; it is never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh

need_debian_packages "install-test" \
    chromium:/usr/bin/chromium \
    poppler-utils:pdftotext \
    libreoffice-impress:/usr/lib/libreoffice/program/simpress \
    libreoffice-calc:/usr/lib/libreoffice/program/scalc \
    iproute2:ip \
    "${FONT_PACKAGES[@]}"
# Optional: without it page icons are blank boxes in screenshots; the tests do not need it.
if [ "$(id -u)" -eq 0 ] && ! fc-list 2>/dev/null | grep -qi emoji; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        fonts-noto-color-emoji || echo "install-test: emoji font not installed (optional)" >&2
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt

for tool in /usr/bin/chromium soffice pdftotext; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "install-test: $tool is missing after install" >&2
        exit 1
    fi
done
echo "install-test: ready ($(/usr/bin/chromium --version 2>/dev/null || echo chromium);" \
     "$(soffice --version 2>/dev/null | head -1 || echo LibreOffice))"
