"""AppTest fixtures: the app run headlessly on the sample data, or on a broken copy of it."""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.literal import WORD_JOINER

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app.py"
TIMEOUT = 60  # seconds for one AppTest run; cold imports on a loaded CI machine are slow


def open_page(page: str | None = None, timeout: int = TIMEOUT, *, errors_shown: bool = False,
              first: bool = False, **query: str | list[str]) -> AppTest:
    """The app opened with these link parameters, then switched to `page`.

    `page` None: the page the app opens on (one run). `first`: `page` is the session's first
    run (a link straight to it), not a switch after the app's first page. No exception is
    raised, and no error is shown unless `errors_shown` (a test of the app's error messages).
    """
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    if first and page is not None:
        at.switch_page(page)
        page = None
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    if not errors_shown:
        assert not at.error, [e.value for e in at.error]
    return at


def open_present(seq: str | None = None, slide: str | None = None,
                 timeout: int = TIMEOUT, **query: str | list[str]) -> AppTest:
    """Presentation mode opened from page `seq` (or the whole pack) with `query`'s filters.

    As a browser does: the page's link with `present=1` (all charts: `present=all`) switches
    to app_pages/present.py with the filters and `seq`.
    """
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    if seq is None:
        at.query_params["present"] = "all"
        at.run()
    else:
        at.run()
        at.query_params["present"] = "1"
        at.switch_page(f"app_pages/{seq}.py").run()
    assert not at.exception, at.exception
    assert at.session_state["_presenting"]
    assert query_list(at, "seq") == ([seq] if seq else [])
    # AppTest reruns the page last given to its switch_page (a browser stays on the page the
    # script switched to): keep the runs on presentation mode.
    at.switch_page("app_pages/present.py")
    if slide is not None:
        at.query_params["slide"] = slide
    at.run()
    assert not at.exception, at.exception
    return at


def query_list(at: AppTest, key: str) -> list[str]:
    """A link parameter's values as a list (AppTest gives one value as a string)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def unescaped(text: object) -> str:
    """Markdown source as shown: the page escapes Markdown characters of data text and puts
    an invisible word joiner after ':' and before '.' and '@' (analytics/literal.py)."""
    return re.sub(r"\\(.)", r"\1", str(text).replace(WORD_JOINER, ""))


def money_shown(text: str, value: float) -> bool:
    """Whether "US$ 118M" (k, M, bn; or whole dollars) shows `value` to its last digit."""
    m = re.fullmatch(r"US\$ ([\d,.]+)(k|M|bn)?", text)
    assert m, text
    digits, suffix = m.group(1).replace(",", ""), m.group(2) or ""
    size = {"": 1, "k": 1e3, "M": 1e6, "bn": 1e9}[suffix]
    decimals = len(digits.partition(".")[2])
    return abs(float(digits) * size - value) <= 0.5 * size / 10**decimals + 1e-6


def texts(elements) -> str:
    """The values of AppTest elements, one per line."""
    return "\n".join(str(e.value) for e in elements)


def read_sample(name: str) -> pd.DataFrame:
    """A sample extract read independently of the app (pandas, not DuckDB)."""
    return pd.read_csv(sample_dir() / f"{name}.csv", encoding="utf-8-sig")


def sample_dir() -> Path:
    """The data folder the tests run on: $IPR_DATA_DIR if set, else the sample data in data/."""
    value = os.environ.get("IPR_DATA_DIR", "").strip()
    return Path(value) if value else REPO / "data"


def _break_countries(folder: Path) -> str:
    """Give the first country an invalid ISO-3 code; returns the broken value."""
    path = next(p for p in sorted(folder.iterdir()) if p.name.startswith("countries"))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("iso3")
    rows[1][col] = "x1z"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return "x1z"


@pytest.fixture
def break_countries():
    """A function that breaks the countries file of a folder (returns the bad value)."""
    return _break_countries


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the sample data that a test may change."""
    folder = tmp_path / "data"
    shutil.copytree(sample_dir(), folder)
    return folder


@pytest.fixture
def use_data(monkeypatch: pytest.MonkeyPatch):
    """Point the app at a data folder (sets IPR_DATA_DIR for this test)."""

    def use(folder: Path) -> Path:
        monkeypatch.setenv("IPR_DATA_DIR", str(folder))
        return folder

    return use


@pytest.fixture(autouse=True)
def _sample_data_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPR_DATA_DIR", str(sample_dir()))
    monkeypatch.chdir(REPO)
