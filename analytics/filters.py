"""The one filters value every page and query takes, and its URL query-string form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from analytics import contract
from analytics.country_names import name_of

# URL parameter name -> Filters field. The URL form is what users copy into links and what
# `python -m analytics brief --view` takes, so these names are part of the product.
URL_KEYS: dict[str, str] = {
    "from": "start",
    "to": "end",
    "programme": "programmes",
    "cluster": "clusters",
    "result": "expected_results",
    "country": "countries",
    "status": "statuses",
}

_ISO3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Filters:
    """Empty tuples and None mean "no restriction"."""

    start: dt.date | None = None
    end: dt.date | None = None
    programmes: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    expected_results: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def params(self) -> dict[str, Any]:
        """Named parameters for the mart SQL; a `$all_x` flag goes with each list."""
        p: dict[str, Any] = {"start": self.start, "end": self.end}
        for name in ("programmes", "clusters", "expected_results", "countries", "statuses"):
            values = list(getattr(self, name))
            p[name] = [str(v) for v in values]
            p[f"all_{name}"] = not values
        return p

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)

    def to_query(self) -> dict[str, list[str]]:
        """The URL query-parameter form: repeated keys for lists, ISO dates."""
        q: dict[str, list[str]] = {}
        for key, attr in URL_KEYS.items():
            value = getattr(self, attr)
            if value is None or value == ():
                continue
            if isinstance(value, dt.date):
                q[key] = [value.isoformat()]
            else:
                q[key] = [str(v) for v in value]
        return q

    def describe(self, country_names: Mapping[str, str] | None = None) -> str:
        """The filters in words, for captions, exports and slides."""
        parts: list[str] = []
        if self.start or self.end:
            a = self.start.isoformat() if self.start else "the beginning"
            b = self.end.isoformat() if self.end else "today"
            parts.append(f"period {a} to {b}")
        if self.programmes:
            parts.append("programme " + ", ".join(self.programmes))
        if self.clusters:
            parts.append("cluster " + ", ".join(self.clusters))
        if self.expected_results:
            parts.append("expected result " + ", ".join(str(r) for r in self.expected_results))
        if self.countries:
            names = country_names or {}
            parts.append("country " + ", ".join(name_of(c, names.get(c))
                                        for c in self.countries))
        if self.statuses:
            parts.append("status " + ", ".join(self.statuses))
        return "; ".join(parts) if parts else "all data (no filters)"


def _as_list(value: str | Sequence[str]) -> list[str]:
    if isinstance(value, str):
        raw = [value]
    else:
        raw = list(value)
    out: list[str] = []
    for v in raw:
        # Accept both repeated keys and comma-separated values, as people edit links by hand.
        out.extend(part.strip() for part in str(v).split(",") if part.strip())
    return out


def _canonical(value: str, allowed: Sequence[str]) -> str | None:
    for a in allowed:
        if a.casefold() == value.casefold():
            return a
    return None


def from_query(
    query: Mapping[str, str | Sequence[str]],
    known_countries: Sequence[str] | None = None,
) -> tuple[Filters, list[str]]:
    """Filters read from URL query parameters, and a notice for each value ignored.

    Unknown keys and malformed or unknown values are dropped, never passed on.
    """
    notices: list[str] = []
    values: dict[str, Any] = {}
    for key, raw in query.items():
        attr = URL_KEYS.get(key)
        if attr is None:
            if key not in PASSTHROUGH_KEYS:
                notices.append(f"Ignored unknown link parameter '{key}'.")
            continue
        items = _as_list(raw)
        if attr in ("start", "end"):
            if not items:
                continue
            try:
                values[attr] = dt.date.fromisoformat(items[-1])
            except ValueError:
                notices.append(
                    f"Ignored '{key}={items[-1]}': dates in links are written YYYY-MM-DD."
                )
            continue
        kept: list[Any] = []
        for item in items:
            if attr == "programmes":
                c = _canonical(item, contract.PROGRAMMES)
            elif attr == "clusters":
                c = _canonical(item, contract.CLUSTERS)
            elif attr == "statuses":
                c = _canonical(item, contract.STATUSES)
            elif attr == "expected_results":
                c = int(item) if item in {str(k) for k in contract.EXPECTED_RESULTS} else None
            else:  # countries
                code = item.upper()
                ok = _ISO3.fullmatch(code) and (
                    known_countries is None or code in known_countries
                )
                c = code if ok else None
            if c is None:
                notices.append(f"Ignored unknown value '{item}' for '{key}'.")
            elif c not in kept:
                kept.append(c)
        values[attr] = tuple(kept)
    f = Filters(**values)
    if f.start and f.end and f.start > f.end:
        notices.append("Ignored the period in the link: 'from' is after 'to'.")
        f = replace(f, start=None, end=None)
    return f, notices


# Query parameters that belong to other features (page state) and are not filters.
# present / seq / slide: presentation mode (pages/present.py).
PASSTHROUGH_KEYS: frozenset[str] = frozenset(
    {"dataset", "measure", "present", "activity", "slide", "seq"}
)
