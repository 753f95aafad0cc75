"""The questions each page asks (the query functions it calls), ours and a pandas peer's.

The sets are what each page asks on a rerun with the sidebar filters (December 2026): the
questions of its figures (analytics/figures.py) and of its own tables. The data explorer is
measured on its biggest dataset (seizures); the countries page asks for a country profile
when a country is selected.

The pandas peer is written the way a typical Streamlit dashboard is: every extract read into
a DataFrame once, then per question a boolean mask and a groupby. It answers the questions
whose cost grows with the data (seizures, and the small tables those pages show with them);
questions over the activity tables (a few hundred rows) have no peer: both would be
milliseconds and the ratio says nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from analytics import queries
from analytics.filters import Filters

TODAY = dt.date(2026, 11, 22)
EXPLORER_ROWS_SHOWN = 10_000  # app_pages/data_explorer.py MAX_ROWS_SHOWN
ALL = Filters()
# The filter on which our answers and the peer's are compared (a period and two countries).
CHECK_FILTER = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31),
                       countries=("THA", "VNM"))

Question = Callable[[Any, Filters], Any]


def _profile(question: Callable[..., Any], *args: Any) -> Question:
    """A question of the country profile: asked for the first selected country, if any."""
    def ask(con: Any, f: Filters) -> Any:
        if not f.countries:
            return None
        one = f.with_(countries=(f.countries[0],))
        return question(con, one, *[f.countries[0] if a is _ISO3 else a for a in args])
    return ask


_ISO3 = object()  # stands for the profile's country in _profile's arguments


def _everywhere(con: Any, f: Filters) -> Any:
    return queries.explore(con, "countries", ALL, None)


# What every page asks on a rerun with the sidebar filters: the questions the figures layer
# asks for the page's key figures and charts (analytics/figures.py PAGE_FIGURES / PAGE_CHARTS;
# tests/unit/test_benchmark_smoke.py checks this list against them) and the page's own
# tables. The question of each entry is named by the entry (or by QUESTION_NAMES).
PAGES: dict[str, dict[str, Question]] = {
    "overview": {
        "countries": _everywhere,
        "key_figures": lambda con, f: queries.key_figures(con, f, TODAY),
        "activities_by_status_cluster": queries.activities_by_status_cluster,
        "coverage_by_country": lambda con, f: queries.coverage_by_country(
            con, f.with_(countries=()), TODAY),
        "late_activities": lambda con, f: queries.late_activities(con, f, TODAY),
        "seizures_by_year": queries.seizures_by_year,
        "illustrative_activity_countries": lambda con, f: queries.rows_illustrative(
            con, "activity_countries", f),
    },
    "timeline": {
        "countries": _everywhere,
        "key_figures": lambda con, f: queries.key_figures(con, f, TODAY),
        "activities_timeline": queries.activities_timeline,
    },
    "expected_results": {
        "countries": _everywhere,
        "results_progress": lambda con, f: queries.results_progress(con, f, TODAY),
        "indicator_trend": queries.indicator_trend,
        "result_activities": queries.result_activities,
    },
    "countries": {
        "countries": _everywhere,
        "key_figures": lambda con, f: queries.key_figures(con, f, TODAY),
        "coverage_by_country": lambda con, f: queries.coverage_by_country(
            con, f.with_(countries=()), TODAY),
        "country_cluster_matrix": queries.country_cluster_matrix,
        "participation_by_agency": queries.participation_by_agency,
        "member_coverage_over_time": queries.member_coverage_over_time,
        "illustrative_activity_countries": lambda con, f: queries.rows_illustrative(
            con, "activity_countries", f),
        "profile_country_profile": _profile(queries.country_profile, _ISO3, TODAY),
        "profile_key_figures": _profile(queries.key_figures, TODAY),
        "profile_seizures_by_year": _profile(queries.seizures_by_year),
    },
    "counterfeiting": {
        "countries": _everywhere,
        "key_figures": lambda con, f: queries.key_figures(con, f, TODAY),
        "seizures_by_year": queries.seizures_by_year,
        "seizures_by_category": queries.seizures_by_category,
        "seizures_by_transport": queries.seizures_by_transport,
        "ecommerce_share_by_year": queries.ecommerce_share_by_year,
        "seizures_top_provenance": queries.seizures_top_provenance,
        "challenge_matrix": queries.challenge_matrix,
    },
    "data_explorer": {
        "countries": _everywhere,
        "count_seizures": lambda con, f: queries.count_explore(con, "seizures", f),
        "explore_seizures_shown": lambda con, f: queries.explore(
            con, "seizures", f, EXPLORER_ROWS_SHOWN),
    },
}

# The question function behind an entry of PAGES whose name is not the function's own.
QUESTION_NAMES: dict[str, str] = {
    "countries": "explore",
    "illustrative_activity_countries": "rows_illustrative",
    "profile_country_profile": "country_profile",
    "profile_key_figures": "key_figures",
    "profile_seizures_by_year": "seizures_by_year",
    "count_seizures": "count_explore",
    "explore_seizures_shown": "explore",
}


def filter_combinations(n: int = 20) -> list[Filters]:
    """`n` filter combinations varying the period, the countries and the clusters."""
    periods = [
        (None, None),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
        (dt.date(2022, 7, 1), dt.date(2023, 6, 30)),
        (dt.date(2015, 1, 1), dt.date(2026, 10, 31)),
    ]
    countries = [(), ("THA",), ("VNM", "IDN", "MYS"), ("PHL", "SGP", "KHM", "LAO")]
    clusters = [(), ("Capacity building",), ("Enforcement", "Awareness raising")]
    combos = list(itertools.product(periods, countries, clusters))
    step = max(1, len(combos) // n)
    chosen = [combos[(i * step) % len(combos)] for i in range(n)]
    return [Filters(start=p[0], end=p[1], countries=c, clusters=k) for p, c, k in chosen]


# --- the pandas peer ---------------------------------------------------------------------------


class PandasPeer:
    """All extracts in DataFrames, read once; each question masks and groups per rerun."""

    def __init__(self, folder: Path) -> None:
        def read(name: str) -> pd.DataFrame:
            for suffix in (".parquet", ".csv"):
                path = folder / f"{name}{suffix}"
                if path.exists():
                    return (pd.read_parquet(path) if suffix == ".parquet"
                            else pd.read_csv(path))
            raise FileNotFoundError(name)

        self.countries = read("countries")
        self.challenges = read("challenges")
        s = read("seizures")
        s["illustrative"] = s["illustrative"].fillna(False).astype(bool)
        # Derived once at load, as an app would: the period a record covers.
        month = s["month"]
        s["period_start"] = pd.to_datetime(
            {"year": s["year"], "month": month.fillna(1).astype(int), "day": 1})
        s["period_end"] = (s["period_start"] + pd.offsets.MonthEnd(0)).where(
            month.notna(), pd.to_datetime({"year": s["year"], "month": 12, "day": 31}))
        self.seizures = s

    def _seizures(self, f: Filters) -> pd.DataFrame:
        s = self.seizures
        mask = pd.Series(True, index=s.index)
        if f.start:
            mask &= s["period_end"] >= pd.Timestamp(f.start)
        if f.end:
            mask &= s["period_start"] <= pd.Timestamp(f.end)
        if f.countries:
            mask &= s["iso3"].isin(f.countries)
        return s[mask]

    def _totals(self, f: Filters, by: str) -> pd.DataFrame:
        g = self._seizures(f).groupby(by, observed=True)
        out = g.agg(cases=("cases", "sum"), articles=("articles", "sum"),
                    value_usd=("value_usd", "sum"), illustrative=("illustrative", "max"))
        return out.reset_index().sort_values(["articles", by], ascending=[False, True])

    def countries_table(self, f: Filters) -> pd.DataFrame:
        return self.countries

    def seizures_by_year(self, f: Filters) -> pd.DataFrame:
        s = self._seizures(f)
        s = s.assign(ecommerce_cases=s["cases"].where(s["ecommerce"], 0),
                     no_month=s["month"].isna())
        out = s.groupby("year").agg(
            cases=("cases", "sum"), articles=("articles", "sum"),
            value_usd=("value_usd", "sum"), ecommerce_cases=("ecommerce_cases", "sum"),
            records_without_month=("no_month", "sum"), illustrative=("illustrative", "max"),
        ).reset_index()
        out["ecommerce_share"] = out["ecommerce_cases"] / out["cases"]
        return out

    def seizures_by_category(self, f: Filters) -> pd.DataFrame:
        return self._totals(f, "product_category")

    def seizures_by_transport(self, f: Filters) -> pd.DataFrame:
        return self._totals(f, "transport_mode")

    def ecommerce_share_by_year(self, f: Filters) -> pd.DataFrame:
        s = self._seizures(f)
        s = s.assign(ec=s["cases"].where(s["ecommerce"], 0),
                     ea=s["articles"].where(s["ecommerce"], 0))
        out = s.groupby("year").agg(cases=("cases", "sum"), ecommerce_cases=("ec", "sum"),
                                    articles=("articles", "sum"),
                                    ecommerce_articles=("ea", "sum")).reset_index()
        out["ecommerce_share"] = out["ecommerce_cases"] / out["cases"]
        out["ecommerce_articles_share"] = out["ecommerce_articles"] / out["articles"]
        return out

    def seizures_top_provenance(self, f: Filters) -> pd.DataFrame:
        s = self._seizures(f)
        s = s[s["provenance_iso3"].notna()]
        out = s.groupby("provenance_iso3").agg(
            cases=("cases", "sum"), articles=("articles", "sum"),
            value_usd=("value_usd", "sum"), illustrative=("illustrative", "max")).reset_index()
        out = out.sort_values(["articles", "provenance_iso3"], ascending=[False, True])
        out = out.head(queries.DEFAULT_TOP_PROVENANCE)
        names = dict(zip(self.countries["iso3"], self.countries["name"], strict=False))
        out.insert(1, "provenance_name", out["provenance_iso3"].map(names).fillna(
            out["provenance_iso3"]))
        return out

    def challenge_matrix(self, f: Filters) -> pd.DataFrame:
        c = self.challenges
        mask = pd.Series(True, index=c.index)
        if f.start:
            mask &= c["year"] >= f.start.year
        if f.end:
            mask &= c["year"] <= f.end.year
        if f.countries:
            mask &= c["iso3"].isin(f.countries)
        c = c[mask].sort_values("year")
        return c.groupby(["iso3", "challenge"]).tail(1)

    def key_figures_seizures(self, f: Filters) -> pd.DataFrame:
        s = self._seizures(f)
        return pd.DataFrame([{"seizure_cases": s["cases"].sum(),
                              "articles": s["articles"].sum(),
                              "value_usd": s["value_usd"].sum()}])

    def count_seizures(self, f: Filters) -> int:
        return len(self._seizures(f))

    def explore_seizures_shown(self, f: Filters) -> pd.DataFrame:
        s = self._seizures(f).sort_values(["year", "month", "iso3", "seizure_id"],
                                          na_position="first")
        return s.head(EXPLORER_ROWS_SHOWN)

    def _profile(self, f: Filters) -> Filters | None:
        return f.with_(countries=(f.countries[0],)) if f.countries else None

    def profile_key_figures_seizures(self, f: Filters) -> Any:
        one = self._profile(f)
        return None if one is None else self.key_figures_seizures(one)

    def profile_seizures_by_year(self, f: Filters) -> Any:
        one = self._profile(f)
        return None if one is None else self.seizures_by_year(one)


# Which peer method answers which (page, question); the rest have no peer (see module doc).
PEER: dict[tuple[str, str], str] = {
    ("overview", "countries"): "countries_table",
    ("overview", "key_figures"): "key_figures_seizures",
    ("overview", "seizures_by_year"): "seizures_by_year",
    ("countries", "countries"): "countries_table",
    ("countries", "profile_key_figures"): "profile_key_figures_seizures",
    ("countries", "profile_seizures_by_year"): "profile_seizures_by_year",
    ("counterfeiting", "countries"): "countries_table",
    ("counterfeiting", "key_figures"): "key_figures_seizures",
    ("counterfeiting", "seizures_by_year"): "seizures_by_year",
    ("counterfeiting", "seizures_by_category"): "seizures_by_category",
    ("counterfeiting", "seizures_by_transport"): "seizures_by_transport",
    ("counterfeiting", "ecommerce_share_by_year"): "ecommerce_share_by_year",
    ("counterfeiting", "seizures_top_provenance"): "seizures_top_provenance",
    ("counterfeiting", "challenge_matrix"): "challenge_matrix",
    ("data_explorer", "countries"): "countries_table",
    ("data_explorer", "count_seizures"): "count_seizures",
    ("data_explorer", "explore_seizures_shown"): "explore_seizures_shown",
}
