"""Hostile text written once: strings an attacker puts in a link, a data value or a file name.

Every string names the unroutable host 203.0.113.9 (TEST-NET-3) or the domain
203-0-113-9.example when it tries to make the browser fetch or link something, so a test
finds an injected `src`/`href` by that marker alone.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from analytics import contract

MARKER_HOST = "203.0.113.9"
MARKER_DOMAIN = "203-0-113-9.example"
MARKERS = (MARKER_HOST, MARKER_DOMAIN)

HOSTILE: tuple[str, ...] = (
    # Markdown images and links, in every form CommonMark and GFM know
    f"![i](http://{MARKER_HOST}/i.png) [l](http://{MARKER_HOST}/l) <http://{MARKER_HOST}/a>",
    # bare URLs, www. and e-mail addresses: GFM autolinks them
    f"http://{MARKER_HOST}/b www.{MARKER_DOMAIN} x.y+z@{MARKER_DOMAIN} HTTPS://{MARKER_HOST}",
    # HTML and plotly's tags
    f"<img src=http://{MARKER_HOST}/h.png><a href='http://{MARKER_HOST}/p'>p</a><b>b</b><br>",
    # Streamlit's own codes, emphasis, maths, a heading, an entity, a table
    ":material/home: :streamlit: :red[r] :smile: $x^2$ *e* _u_ ~~s~~ `c` # h &amp; a|b",
    # control, invisible and look-alike characters
    f"\u202egnp.exe\x07 \u200bｈｔｔｐ：／／{MARKER_HOST}/fw \x1b[31m",
    # a reference definition and an image on a line of their own
    f"[r][1] ![n][1]\n\n[1]: http://{MARKER_HOST}/ref\n![i](http://{MARKER_HOST}/n.png)",
)

# A file name cannot hold "/": browsers read "http:host" and backslashes as "http://host/".
HOSTILE_FILE_NAMES: tuple[str, ...] = (
    f"![f](http:{MARKER_HOST}\\f.png) <img src=http:{MARKER_HOST}> www.{MARKER_DOMAIN}.csv",
    f"[x](http:{MARKER_HOST}) :streamlit: :red[r] http:\\\\{MARKER_HOST}\\y.parquet",
)

URL_FILTER_KEYS = ("from", "to", "programme", "cluster", "result", "country", "status")


def free_text_columns(ds: contract.Dataset) -> list[str]:
    """The text columns whose values the contract does not restrict (any text is valid)."""
    referenced = {c.references for d in contract.DATASETS for c in d.columns if c.references}
    return [c.name for c in ds.columns
            if c.type == "text" and not c.allowed and not c.pattern and not c.references
            and not c.iso3_code and (ds.name, c.name) not in referenced]


def hostile_value(original: str, row: int) -> str:
    """A valid value with hostile text in it (distinct rows stay distinct)."""
    if not original:
        return original  # an empty optional cell stays empty (the contract may need it)
    # Only one line: multi-line cells are a different (refused) problem of CSV files.
    attack = HOSTILE[row % len(HOSTILE)].replace("\n", " ")
    return f"{original} {attack}"


def hostile_folder(source: Path, dest: Path) -> Path:
    """A copy of the data folder `source` with hostile text in every free-text cell and two
    files with hostile names (which the loader ignores with a notice)."""
    dest.mkdir(parents=True, exist_ok=True)
    for ds in contract.DATASETS:
        src = source / f"{ds.name}.csv"
        if not src.exists():
            shutil.copy2(source / f"{ds.name}.parquet", dest / f"{ds.name}.parquet")
            continue
        with src.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        columns = [c for c in free_text_columns(ds) if rows and c in rows[0]]
        for i, row in enumerate(rows):
            for c in columns:
                row[c] = hostile_value(row[c], i)
        with (dest / src.name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    for name in HOSTILE_FILE_NAMES:
        (dest / name).write_text("not an extract\n", encoding="utf-8")
    return dest

# One construct each, for the sinks' own test (tests/browser/test_literal_sinks.py).
SINGLE_ATTACKS: tuple[str, ...] = (
    f"![t](http://{MARKER_HOST}/t.png)", f"[x](http://{MARKER_HOST}/)", f"[](http://{MARKER_HOST})",
    f"<http://{MARKER_HOST}>", f"see http://{MARKER_HOST}/x now", f"https://{MARKER_HOST}",
    f"HTTP://{MARKER_HOST}/x", f"www.{MARKER_DOMAIN}", f"mail@{MARKER_DOMAIN}",
    f"user.name+tag@{MARKER_DOMAIN}", f"mailto:x@{MARKER_DOMAIN}", f"xmpp:x@{MARKER_DOMAIN}",
    f"[x]: http://{MARKER_HOST}/", f"[r][1]\n\n[1]: http://{MARKER_HOST}/",
    f"<img src=http://{MARKER_HOST}/h.png>", f"<a href='http://{MARKER_HOST}/'>a</a>",
    "<b>b</b><br><i>i</i><sup>s</sup>", "javascript:alert(1)", "[j](javascript:alert(1))",
    ":red[red]", ":blue-background[x]", ":green-badge[x]", ":material/home:", ":streamlit:",
    ":smile:", "x:material/home:y", "$x^2$", "$$x$$", "*em* _u_ ~~s~~ `c` **b**",
    "Cambodia\n===", "Cambodia\n---", "# h", "> q", "1. item", "- item", "    indented",
    "a|b|c\n-|-|-\n1|2|3", "&amp; &#91;x&#93; &lt;", "a\\b \\*", "10:30 a:b tel:+123",
    "\u202egnp.exe", "x\u200by\u2060z\ufeff", "\x00\x07\x1b[31m", "a\u2028b\u2029c",
    f"ｈｔｔｐ：／／{MARKER_HOST}", "Кambodia", "ព្រះរាជាណាចក្រកម្ពុជា", "👩‍👩‍👧",
)
