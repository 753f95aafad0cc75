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

from analytics import figures, queries
from analytics.answers import Answers, Ask, ask_directly, ask_together
from analytics.filters import Filters

TODAY = dt.date(2026, 11, 22)
EXPLORER_ROWS_SHOWN = 10_000  # app_pages/data_explorer.py MAX_ROWS_SHOWN
ALL = Filters()
# The filter on which our answers and the peer's are compared (a period and two countries).
CHECK_FILTER = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31),
                       countries=("THA", "VNM"))

Question = Callable[[Any, Filters], Any]

# The tables a page shows beside its figures and charts, asked by the page script itself.
PAGE_TABLES: dict[str, tuple[Callable[[Answers], Any], ...]] = {
    "overview": (Answers.late_activities,),
    "expected_results": (Answers.indicator_trend, Answers.result_activities),
}
FIGURE_PAGES = ("overview", "timeline", "expected_results", "countries", "counterfeiting")
PROFILE_QUESTIONS = figures.questions_of(figures.PAGE_FIGURES["countries"])


def page_questions(page: str) -> tuple[Callable[[Answers], Any], ...]:
    """What the page asks side by side at its start (ui/sidebar.py page_answers)."""
    return (*figures.page_questions(page), *PAGE_TABLES.get(page, ()))


def _profile(f: Filters) -> Filters | None:
    """The country profile's filters: the first selected country (none: no profile)."""
    return f.with_(countries=f.countries[:1]) if f.countries else None


def _asked(question: Callable[[Answers], Any], profile: bool = False) -> Question:
    def ask(con: Any, f: Filters) -> Any:
        chosen = _profile(f) if profile else f
        return None if chosen is None else question(Answers(con, chosen, TODAY))
    return ask


# Every question of each page's rerun with the sidebar filters: the reference table of the
# sidebar, what the figures layer reads for the page's key figures and charts
# (analytics/figures.py page_questions), the page's own tables, and on the countries page
# the profile's questions for the first selected country. Timed one by one for the pandas
# peer's ratio; `ask_page` asks them as the app does. The data explorer is measured on its
# biggest dataset (seizures).
PAGES: dict[str, dict[str, Question]] = {
    page: {
        "countries": _asked(Answers.countries),
        **{q.__name__: _asked(q) for q in page_questions(page)},
        **({f"profile_{q.__name__}": _asked(q, profile=True) for q in PROFILE_QUESTIONS}
           if page == "countries" else {}),
    }
    for page in FIGURE_PAGES
}
PAGES["data_explorer"] = {
    "countries": _asked(Answers.countries),
    "count_seizures": lambda con, f: queries.count_explore(con, "seizures", f),
    "explore_seizures_shown": lambda con, f: queries.explore(
        con, "seizures", f, EXPLORER_ROWS_SHOWN),
}


def ask_page(con: Any, page: str, f: Filters, ask: Ask = ask_directly) -> None:
    """A page's questions asked as the app asks them on a rerun with filters `f`.

    The sidebar's reference table first; then the page's questions side by side
    (`ask_together`, as ui/sidebar.py page_answers does), on the countries page with the
    profile's questions for the first selected country (app_pages/countries.py). The data
    explorer asks its count, then its preview.
    """
    if page == "data_explorer":
        Answers(con, ALL, TODAY, ask).countries()
        ask(queries.count_explore, con, "seizures", f)
        ask(queries.explore, con, "seizures", f, EXPLORER_ROWS_SHOWN)
        return
    Answers(con, ALL, TODAY, ask).countries()
    answers = Answers(con, f, TODAY, ask)
    asked = [(answers, q) for q in page_questions(page)]
    profile = _profile(f)
    if page == "countries" and profile is not None:
        asked += [(answers.for_filters(profile), q) for q in PROFILE_QUESTIONS]
    ask_together(asked)


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

    def _customs_totals(self, f: Filters, by: str) -> pd.DataFrame:
        s = self._seizures(f)
        s = s.assign(hs_chapter=s["hs_code"].str[:2],
                     retail_value_eur=s["retail_value"].where(s["currency"] == "EUR"),
                     retail_value_usd=s["retail_value"].where(s["currency"] == "USD"))
        if by != "ipr_type":
            s[by] = s[by].fillna("not reported")
        out = s.groupby(by, dropna=False).agg(
            cases=("cases", "sum"), articles=("articles", "sum"),
            value_usd=("value_usd", "sum"), procedures=("procedures", "sum"),
            retail_value_eur=("retail_value_eur", "sum"),
            retail_value_usd=("retail_value_usd", "sum"), illustrative=("illustrative", "max"))
        return out.reset_index().sort_values(["articles", by], ascending=[False, True])

    def seizure_breakdowns(self, f: Filters) -> pd.DataFrame:
        """The counterfeiting page's six breakdowns, as ours answers them in one question."""
        parts = [self.seizures_by_category(f), self.seizures_by_transport(f),
                 self.seizures_top_provenance(f)]
        parts += [self._customs_totals(f, by)
                  for by in ("ipr_type", "detention_result", "hs_chapter")]
        return pd.concat(parts, ignore_index=True)

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

    def seizure_figures(self, f: Filters) -> pd.DataFrame:
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

    def profile_seizure_figures(self, f: Filters) -> Any:
        one = self._profile(f)
        return None if one is None else self.seizure_figures(one)

    def profile_seizures_by_year(self, f: Filters) -> Any:
        one = self._profile(f)
        return None if one is None else self.seizures_by_year(one)


# Which peer method answers which (page, question); the rest have no peer (see module doc).
PEER: dict[tuple[str, str], str] = {
    ("overview", "countries"): "countries_table",
    ("overview", "seizure_figures"): "seizure_figures",
    ("overview", "seizures_by_year"): "seizures_by_year",
    ("countries", "countries"): "countries_table",
    ("countries", "profile_seizure_figures"): "profile_seizure_figures",
    ("countries", "profile_seizures_by_year"): "profile_seizures_by_year",
    ("counterfeiting", "countries"): "countries_table",
    ("counterfeiting", "seizure_figures"): "seizure_figures",
    ("counterfeiting", "seizures_by_year"): "seizures_by_year",
    ("counterfeiting", "seizure_breakdowns"): "seizure_breakdowns",
    ("counterfeiting", "ecommerce_share_by_year"): "ecommerce_share_by_year",
    ("counterfeiting", "challenge_matrix"): "challenge_matrix",
    ("data_explorer", "countries"): "countries_table",
    ("data_explorer", "count_seizures"): "count_seizures",
    ("data_explorer", "explore_seizures_shown"): "explore_seizures_shown",
}
