"""How numbers, shares, money and dates are written: one place for every page, slide and file.

Every function takes a value as a query gives it (a number, None, NaN, a pandas NA or a
date) and returns the text shown. A value that is not known is written `NOT_KNOWN`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

NOT_KNOWN = "—"  # the dash shown for a value that cannot be known (nothing to divide by)


def is_known(value: Any) -> bool:
    """False for None, NaN, NaT and pandas NA."""
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or another container: known
        return True


def whole(n: Any) -> str:
    """1,234 — a count; a count of no rows is 0."""
    if not is_known(n):
        return "0"
    return f"{int(round(float(n))):,}"


PERCENT_DECIMALS = 0  # one precision for a share wherever it is shown


def percent(share: Any) -> str:
    """44% — a share between 0 and 1, rounded to a whole percent."""
    if not is_known(share):
        return NOT_KNOWN
    return f"{float(share) * 100:.{PERCENT_DECIMALS}f}%"


# The printf format (sprintf-js in a Streamlit table) of a column of percentage points (a
# share × 100): a table then writes a share as `percent` does. Streamlit's own "percent"
# format shows two decimals ("97.26%").
TABLE_PERCENT = f"%.{PERCENT_DECIMALS}f%%"
# momentjs format of a date column in a Streamlit table, as `iso_day` writes it.
TABLE_DATE = "YYYY-MM-DD"


def percent_change(change: Any) -> str:
    """+3.5% — a relative change (0.035), signed, one decimal."""
    if not is_known(change):
        return NOT_KNOWN
    return f"{float(change) * 100:+.1f}%"


def money(value: Any) -> str:
    """US$ 118,110,739 — US dollars, whole."""
    if not is_known(value):
        return NOT_KNOWN
    return f"US$ {round(float(value)):,}"


def compact(n: Any) -> str:
    """573k, 1.2M, 3.4bn — a large number at a glance (below 10,000 written whole)."""
    if not is_known(n):
        return NOT_KNOWN
    v = float(n)
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= size and abs(v) >= 1e4:
            scaled = v / size
            text = f"{scaled:.1f}" if abs(scaled) < 100 else f"{scaled:.0f}"
            return text.removesuffix(".0") + suffix
    return whole(v)


def compact_money(value: Any) -> str:
    """US$ 118.1M — money at a glance."""
    if not is_known(value):
        return NOT_KNOWN
    return "US$ " + compact(value)


def severity(value: Any) -> str:
    """3.4 of 5 — a mean severity on the 1–5 scale."""
    if not is_known(value):
        return NOT_KNOWN
    return f"{float(value):.1f} of 5"


def day(value: Any) -> str:
    """25 Nov 2013, 1 Dec 2026 (the day not padded)."""
    if not is_known(value):
        return NOT_KNOWN
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%b %Y}"


def iso_day(value: Any) -> str:
    """2013-11-25 — a date in a table."""
    if not is_known(value):
        return NOT_KNOWN
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def month(value: Any) -> str:
    """Nov 2013."""
    if not is_known(value):
        return NOT_KNOWN
    return f"{pd.Timestamp(value):%b %Y}"


def year_span(first: Any, last: Any) -> str:
    """2019–2024, or 2024 when both are the same year."""
    a, b = int(first), int(last)
    return str(a) if a == b else f"{a}–{b}"


def of(part: Any, whole_: Any) -> str:
    """10 of 11."""
    return f"{whole(part)} of {whole(whole_)}"


def names(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 country', '3 countries'."""
    return f"{whole(n)} {one if int(n) == 1 else (many or one + 's')}"


def as_date(value: Any) -> dt.date | None:
    """A date from a query value (pandas Timestamp, datetime, date), or None."""
    if not is_known(value):
        return None
    return pd.Timestamp(value).date()


def finite(value: Any) -> float | None:
    """A float, or None for a value that is not known or not finite."""
    if not is_known(value):
        return None
    v = float(value)
    return v if math.isfinite(v) else None
