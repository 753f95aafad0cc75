"""Real office software for the tests: LibreOffice converts files headless, poppler reads what
was drawn. A missing tool fails the test that needs it (never a skip)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

# Calc's CSV import as a user opening the file gets it: comma, UTF-8, dates and numbers
# recognised ("detect special numbers").
CSV_IMPORT = "CSV:44,34,76,1,,0,false,true"
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
TIMEOUT_S = 180

# LibreOffice's fallback when neither Calibri nor Carlito is installed: fontconfig's choice
# for a sans-serif on a bare Debian, DejaVu Sans (the widest of them). The script fonts stay.
_FALLBACK_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <dir>/usr/share/fonts/truetype/noto</dir>
  <dir>/usr/share/fonts/truetype/libreoffice</dir>
  <selectfont><rejectfont>
    <glob>/usr/share/fonts/truetype/noto/NotoSans-*</glob>
    <glob>/usr/share/fonts/truetype/noto/NotoSerif-*</glob>
  </rejectfont></selectfont>
  <cachedir>{cache}</cachedir>
  <include ignore_missing="yes">/etc/fonts/conf.d</include>
</fontconfig>
"""


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run `bash scripts/install-test.sh` (as root, it "
                    "installs LibreOffice, poppler-utils and the fonts).")
    return found


def convert(files: list[Path], target: str, outdir: Path, *, fonts: str = "installed",
            infilter: str | None = None) -> None:
    """Convert `files` with LibreOffice (one run) into `outdir`. `fonts`: "installed" (all the
    machine's fonts, Carlito among them) or "fallback" (no Calibri-metric font); `infilter`:
    how to read them (e.g. CSV_IMPORT)."""
    soffice = tool("soffice")
    outdir.mkdir(parents=True, exist_ok=True)
    home = outdir / ".home"  # LibreOffice's profile: its own, never the user's
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home)}
    if fonts == "fallback":
        conf = outdir / ".fonts.conf"
        conf.write_text(_FALLBACK_CONF.format(cache=outdir / ".fontcache"), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(conf)
    elif fonts != "installed":
        raise ValueError(fonts)
    opts = [f"--infilter={infilter}"] if infilter else []
    done = subprocess.run([soffice, "--headless", "--norestore", *opts, "--convert-to", target,
                           "--outdir", str(outdir), *map(str, files)],
                          capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
    made = [outdir / f"{f.stem}.{target.split(':')[0]}" for f in files]
    missing = [m.name for m in made if not m.is_file()]
    if done.returncode != 0 or (missing and target.startswith("pdf")):
        pytest.fail(f"LibreOffice did not convert {missing or files}: {done.stderr.strip()}")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]
    lines: tuple[tuple[Word, ...], ...]


def pages(pdf: Path) -> list[Page]:
    """Every page's words and lines with their boxes in points, origin top left."""
    out = subprocess.run([tool("pdftotext"), "-bbox-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    root = ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", out, count=1))
    result = []
    for page in root.iter("page"):
        lines = []
        for line in page.iter("line"):
            lines.append(tuple(Word(w.text or "", *(float(w.get(k)) for k in
                                                   ("xMin", "yMin", "xMax", "yMax")))
                               for w in line.iter("word")))
        result.append(Page(float(page.get("width")), float(page.get("height")),
                           tuple(w for ln in lines for w in ln), tuple(lines)))
    return result


def raw_text(pdf: Path) -> str:
    """The text in the order it was drawn (`pdftotext -raw`): clusters of complex scripts
    come back in their Unicode order, which the layout mode may break apart."""
    return subprocess.run([tool("pdftotext"), "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout


def font_names(pdf: Path) -> set[str]:
    """The fonts a PDF embeds, without their subset prefix ("ABCDEF+")."""
    out = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                         check=True, timeout=60).stdout.splitlines()[2:]
    return {line.split()[0].split("+", 1)[-1] for line in out if line.strip()}
