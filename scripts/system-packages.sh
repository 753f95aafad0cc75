# Sourced by run.sh and install-test.sh: install Debian packages that are missing (as root).
# Usage: need_debian_packages "why" package:test-path [package:test-path ...]
#   a package is installed when its test path (a file, or a command name) is missing.

need_debian_packages() {
    local why="$1"; shift
    local missing=() pkg probe
    for pair in "$@"; do
        pkg="${pair%%:*}"; probe="${pair#*:}"
        if [[ "$probe" == /* ]]; then
            [ -e "$probe" ] || missing+=("$pkg")
        else
            command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "$why: missing Debian packages ${missing[*]}; run this script as root once" \
             "(or: sudo apt-get install --no-install-recommends ${missing[*]})." >&2
        return 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# The fonts every output needs: Thai, Khmer, Lao and Burmese (Noto), the other member states'
# Latin with Vietnamese diacritics (Carlito, the pack's font: Calibri's letter widths, so a
# pack laid out here fits its boxes in PowerPoint too) and DejaVu (the fallback everywhere).
FONT_PACKAGES=(
    fonts-noto-core:/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf
    fonts-noto-core:/usr/share/fonts/truetype/noto/NotoSansKhmer-Regular.ttf
    fonts-noto-core:/usr/share/fonts/truetype/noto/NotoSansLao-Regular.ttf
    fonts-noto-core:/usr/share/fonts/truetype/noto/NotoSansMyanmar-Regular.ttf
    fonts-crosextra-carlito:/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf
    fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
)
