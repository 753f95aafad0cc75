"""Every figure the product shows, defined once: key figures, charts and their takeaways.

A `KeyFigure` is one number (or a pair, "10 of 11") with its label, unit, number format, its
definition in plain words (what it counts, as of which day, which filters apply to it), the
question of `analytics.queries` it comes from and which datasets may make it illustrative.
A `Chart` is the data of a chart, the function that draws it and its takeaway sentence (the
finding, with the numbers it quotes). Pages, presentation mode, the briefing pack, chart
images, export "about" sheets and the command line all read these definitions through an
`Answers` object; none computes a shown number of its own.

`PAGE_FIGURES` and `PAGE_CHARTS` say which page shows which; `PACK_FIGURES` and
`PACK_CHARTS` what the briefing pack shows. The tests walk these lists, so a figure is tested
the day it is added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analytics import charts, contract, formats, queries
from analytics.answers import Answers, Question, has_illustrative

ILLUSTRATIVE_TEXT = "Illustrative sample data — not reported figures"

ALL_FILTERS = "all filters (period, programme, cluster, expected result, country, status)"
SEIZURE_FILTERS = ("the period and the countries only (programme, cluster, expected result "
                   "and status do not apply to seizures)")
INDICATOR_FILTERS = ("the expected result and the end of the period only (indicators are "
                     "programme-wide)")
AS_OF = "as of the end of the period, or today when the period has no end"

# The seizure measures a chart can show, labelled as on the chart's axis.
MEASURES: dict[str, str] = {m: charts.MEASURE_LABELS[m] for m in ("cases", "articles",
                                                                    "value_usd")}
DEFAULT_MEASURE = "articles"


# --- key figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    """One headline number and everything said about it."""

    name: str
    label: str
    unit: str
    definition: str
    question: str  # the function of analytics.queries it comes from
    filters: str  # which filters apply to it
    illustrative_from: str  # the datasets whose illustrative rows it may include
    value: Callable[[Answers], Any] = field(repr=False, compare=False)
    format: Callable[[Any], str] = field(repr=False, compare=False)
    detail: Callable[[Answers], str | None] = field(default=lambda a: None, repr=False,
                                                    compare=False)
    illustrative: Callable[[Answers], bool] = field(default=lambda a: False, repr=False,
                                                    compare=False)
    # The questions of Answers it reads (asked side by side before a page draws it).
    asks: tuple[Question, ...] = field(default=(Answers.activity_figures,), repr=False,
                                       compare=False)

    def text(self, answers: Answers) -> str:
        """The value as shown."""
        return self.format(self.value(answers))

    def help(self) -> str:
        """The definition as help text: what it counts and which filters apply."""
        return f"{self.definition} Filters: {self.filters}."

    def shown(self, answers: Answers) -> ShownFigure:
        return ShownFigure(self, self.text(answers), self.detail(answers) or "",
                           bool(self.illustrative(answers)))


@dataclass(frozen=True)
class ShownFigure:
    """A key figure computed for one selection, as every page and slide shows it."""

    figure: KeyFigure
    value: str
    detail: str
    illustrative: bool

    @property
    def label(self) -> str:
        return self.figure.label


def _kf(column: str) -> Callable[[Answers], Any]:
    """A column of the activities' figures."""
    return lambda a: a.activity_figures()[column]


def _sf(column: str) -> Callable[[Answers], Any]:
    """A column of the seizures' figures."""
    return lambda a: a.seizure_figures()[column]


def _year_on_year(measure: str) -> Callable[[Answers], str | None]:
    def detail(a: Answers) -> str | None:
        change = seizure_change(a, measure)
        if change is None:
            return None
        value, latest = change
        return f"{formats.percent_change(value)} {latest} vs {latest - 1}"
    return detail


def year_is_complete(year: int, a: Answers) -> bool:
    """Whether a year is wholly inside the period and already over (so it compares like with
    like with other such years); the others are drawn and named as part years."""
    f = a.filters
    if year >= a.today.year:
        return False  # the current year is still being reported
    return not ((f.start and f.start > dt.date(year, 1, 1))
                or (f.end and f.end < dt.date(year, 12, 31)))  # or the period cuts it


def complete_years(a: Answers) -> list[int]:
    """Years of seizures wholly inside the period and already over (compared like with like)."""
    return [y for y in a.seizures_by_year()["year"].astype(int) if year_is_complete(y, a)]


def part_years(a: Answers, years: Any) -> set[int]:
    """Of `years`, those not wholly counted (see year_is_complete)."""
    return {int(y) for y in years if not year_is_complete(int(y), a)}


def seizure_change(a: Answers, measure: str) -> tuple[float, int] | None:
    """(relative change, latest year) of the latest complete year against the year before."""
    years = complete_years(a)
    if not years or max(years) - 1 not in years:
        return None
    latest = max(years)
    by_year = a.seizures_by_year().set_index(a.seizures_by_year()["year"].astype(int))[measure]
    before, now = formats.finite(by_year[latest - 1]), formats.finite(by_year[latest])
    if not before or now is None:
        return None
    return (now - before) / before, latest


def ecommerce_share_of_cases(a: Answers) -> float | None:
    """E-commerce cases / all cases of the period (None without cases)."""
    by_year = a.seizures_by_year()
    cases = int(by_year["cases"].sum()) if len(by_year) else 0
    return int(by_year["ecommerce_cases"].sum()) / cases if cases else None


def _undated(a: Answers) -> str | None:
    undated = int(a.activity_figures()["undated"])
    return f"{formats.whole(undated)} without dates" if undated else None


def _completed_of(a: Answers) -> str | None:
    k = a.activity_figures()
    return f"{formats.of(k['completed'], k['activities'])} activities"


def _women(a: Answers) -> str | None:
    k = a.activity_figures()
    return f"{formats.whole(k['women'])} women" if formats.is_known(k["women_share"]) else None


def _members_on(a: Answers) -> str:
    return f"members on {formats.day(a.activity_figures()['as_of'])}"


_WITH_YEARS = (Answers.seizure_figures, Answers.seizures_by_year)

KEY_FIGURES: tuple[KeyFigure, ...] = (
    KeyFigure(
        "activities", "Activities", "activities",
        "Activities matching the filters. " + queries.UNDATED_NOTE,
        "activity_figures", ALL_FILTERS, "activities",
        _kf("activities"), formats.whole, _undated, lambda a: a.activities_illustrative()),
    KeyFigure(
        "share_completed", "Share completed", "% of activities",
        "Activities with the status 'completed', of all activities matching the filters.",
        "activity_figures", ALL_FILTERS, "activities",
        _kf("share_completed"), formats.percent, _completed_of,
        lambda a: a.activities_illustrative()),
    KeyFigure(
        "late", "Late activities", "activities",
        queries.LATE_RULE + " Counted as of today.",
        "activity_figures", ALL_FILTERS, "activities",
        _kf("late"), formats.whole, illustrative=lambda a: a.activities_illustrative()),
    KeyFigure(
        "member_states_reached", "ASEAN member states reached", "member states",
        "Member states involved in (or hosting) at least one activity matching the filters, "
        "of the ASEAN members at the end of the period (or today) — Timor-Leste counts from "
        "26 October 2025.",
        "activity_figures", ALL_FILTERS, "activities, activity countries",
        lambda a: (a.activity_figures()["member_states_reached"],
                   a.activity_figures()["member_states_at_time"]),
        lambda v: formats.of(*v), lambda a: _members_on(a), lambda a: a.reach_illustrative()),
    KeyFigure(
        "participants", "Participants", "people",
        "Participants of the activities matching the filters, from the selected countries.",
        "activity_figures", ALL_FILTERS, "participation",
        _kf("participants"), formats.whole, illustrative=lambda a: a.participation_illustrative()),
    KeyFigure(
        "women_share", "Women's share", "% of participants",
        queries.WOMEN_SHARE_RULE + " A dash when no participant's gender is reported.",
        "activity_figures", ALL_FILTERS, "participation",
        _kf("women_share"), formats.percent, _women,
        lambda a: a.participation_illustrative()),
    KeyFigure(
        "seizure_cases", "Seizure cases", "cases",
        "Seizure cases reported in the period by the selected countries; the change compares "
        "the latest complete year with the year before.",
        "seizure_figures", SEIZURE_FILTERS, "seizures",
        _sf("seizure_cases"), formats.whole, _year_on_year("cases"),
        lambda a: a.seizures_illustrative(), asks=_WITH_YEARS),
    KeyFigure(
        "articles", "Articles seized", "articles",
        "Counterfeit and pirated articles seized in the period by the selected countries; the "
        "change compares the latest complete year with the year before.",
        "seizure_figures", SEIZURE_FILTERS, "seizures",
        _sf("articles"), formats.whole, _year_on_year("articles"),
        lambda a: a.seizures_illustrative(), asks=_WITH_YEARS),
    KeyFigure(
        "value_usd", "Value of genuine goods", "US dollars",
        "Estimated value of the genuine goods the seized articles imitate, in US dollars; "
        "records without a value are left out of the sum.",
        "seizure_figures", SEIZURE_FILTERS, "seizures",
        _sf("value_usd"), formats.compact_money, _year_on_year("value_usd"),
        lambda a: a.seizures_illustrative(), asks=_WITH_YEARS),
    KeyFigure(
        "ecommerce_share", "Cases ordered online", "% of seizure cases",
        "Seizure cases of goods ordered through an e-commerce platform, of all seizure cases "
        "in the period.",
        "seizures_by_year", SEIZURE_FILTERS, "seizures",
        ecommerce_share_of_cases, formats.percent,
        illustrative=lambda a: a.seizures_illustrative(), asks=_WITH_YEARS),
    KeyFigure(
        "hosted", "Activities hosted", "activities",
        "Activities matching the filters hosted by the selected country (by any country when "
        "none is selected).",
        "activity_figures", ALL_FILTERS, "activities",
        _kf("hosted"), formats.whole, illustrative=lambda a: a.activities_illustrative()),
)

FIGURES: dict[str, KeyFigure] = {f.name: f for f in KEY_FIGURES}


# --- charts and their takeaways ---------------------------------------------------------


@dataclass(frozen=True)
class ChartView:
    """A chart for one selection: its data, figure, takeaway and the numbers it quotes."""

    key: str
    title: str
    takeaway: str
    figure: go.Figure = field(repr=False, compare=False)
    numbers: Mapping[str, Any] = field(default_factory=dict)
    data: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False, compare=False)
    illustrative: bool = False


@dataclass(frozen=True)
class Chart:
    """One chart: what it shows, the question it draws, and how its takeaway is worded."""

    key: str
    title: str  # may name the measure: "{measure} per year"
    definition: str
    question: str
    filters: str
    build: Callable[[Answers, str], ChartView] = field(repr=False, compare=False)
    measures: tuple[str, ...] = ()  # the measures it can show (none: one fixed measure)
    # The questions of Answers it reads (asked side by side before a page draws it).
    asks: tuple[Question, ...] = field(repr=False, compare=False, kw_only=True)

    def view(self, answers: Answers, measure: str | None = None) -> ChartView:
        """The chart for the selection: its finding is the figure's title, and what it
        measures the subtitle (the same words on the page, the slide and the pack)."""
        if self.measures:
            measure = measure if measure in self.measures else DEFAULT_MEASURE
        view = self.build(answers, measure or "")
        charts.state_finding(view.figure, view.takeaway, view.title)
        return view

    def title_for(self, measure: str | None = None) -> str:
        if not self.measures:
            return self.title
        return self.title.format(measure=MEASURES[measure if measure in MEASURES
                                                  else DEFAULT_MEASURE])


def _status_cluster(a: Answers, _: str) -> ChartView:
    df = a.activities_by_status_cluster()
    k = a.activity_figures()
    total, completed = int(k["activities"]), int(k["completed"])
    numbers: dict[str, Any] = {"activities": total, "completed": completed}
    if total == 0 or df.empty:
        takeaway = "No activities match these filters."
    else:
        by_cluster = df.groupby("cluster")["activities"].sum()
        top = int(by_cluster.max())
        leaders = sorted(by_cluster[by_cluster == top].index)
        numbers |= {"share_completed": float(k["share_completed"]), "top_clusters": leaders,
                    "top_cluster_activities": top}
        takeaway = (f"{formats.of(completed, total)} activities completed "
                    f"({formats.percent(k['share_completed'])}); {formats.names(leaders)} "
                    f"{'has' if len(leaders) == 1 else 'have'} the most ({formats.whole(top)}"
                    f"{' each' if len(leaders) > 1 else ''}).")
    return ChartView("status_cluster", CHARTS["status_cluster"].title, takeaway,
                     charts.status_cluster_bar(df, CHARTS["status_cluster"].title),
                     numbers, df, a.activities_illustrative())


def _timeline(a: Answers, _: str) -> ChartView:
    df = a.activities_timeline()
    k = a.activity_figures()
    total, undated = int(k["activities"]), int(k["undated"])
    numbers: dict[str, Any] = {"activities": total, "dated": total - undated,
                               "undated": undated}
    dated = df[df["has_dates"].astype(bool) & df["start_date"].notna()] if len(df) else df
    if total == 0:
        takeaway = "No activities match these filters."
    elif dated.empty:
        takeaway = (f"None of the {formats.plural(total, 'activity', 'activities')} has dates "
                    "yet, so none is on the timeline.")
    else:
        first = pd.Timestamp(dated["start_date"].min())
        last = pd.Timestamp(dated["end_date"].fillna(dated["start_date"]).max())
        numbers |= {"first_start": first.date(), "last_end": last.date()}
        takeaway = (f"{formats.whole(total - undated)} dated activities run from "
                    f"{formats.month(first)} to {formats.month(last)}"
                    + (f"; {formats.whole(undated)} without dates are not shown."
                       if undated else "."))
    return ChartView("timeline", CHARTS["timeline"].title, takeaway,
                     charts.timeline(df, a.today, CHARTS["timeline"].title,
                                     window=current_work_plan_window(dated, a.today)),
                     numbers, df, has_illustrative(df))


def current_work_plan_window(dated: pd.DataFrame, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The dates the timeline opens on: the latest work plan's activities (to today), a
    month either side; None (every date) when that is no narrower than all of them.

    A programme history of ten years otherwise leaves the current plan a sliver at the edge.
    """
    if dated.empty or "work_plan" not in dated.columns or dated["work_plan"].isna().all():
        return None
    start = pd.to_datetime(dated["start_date"])
    end = pd.to_datetime(dated["end_date"]).fillna(start)
    latest = dated.assign(start=start).groupby("work_plan")["start"].min().idxmax()
    mine = dated["work_plan"] == latest
    first = start[mine].min() - pd.DateOffset(months=1)
    last = max(end[mine].max(), pd.Timestamp(today)) + pd.DateOffset(months=1)
    if first <= start.min() - pd.DateOffset(months=1):
        return None
    return first.date(), last.date()


RAG_ORDER = ("green", "amber", "red", "no data")


def _indicators(a: Answers, _: str) -> ChartView:
    df = a.results_progress()
    counts = {r: int((df["rag"] == r).sum()) if len(df) else 0 for r in RAG_ORDER}
    n = len(df)
    numbers: dict[str, Any] = {"indicators": n, **counts}
    if n == 0:
        takeaway = "No results indicators match these filters."
    else:
        rest = [f"{counts['amber']} amber", f"{counts['red']} red"]
        if counts["no data"]:
            rest.append(f"{counts['no data']} without a value yet")
        takeaway = (f"{counts['green']} of {n} indicators on track (green); "
                    + ", ".join(rest) + ".")
    return ChartView("indicator_progress", CHARTS["indicator_progress"].title, takeaway,
                     charts.indicator_progress(df, CHARTS["indicator_progress"].title),
                     numbers, df, has_illustrative(df))


MAP_MEASURES: dict[str, str] = {
    "activities": "Activities",
    "participants": "Participants",
    "women_share": "Share of women",
}


def map_measure(measure: str | None) -> str:
    return measure if measure in MAP_MEASURES else "activities"


def _one_member_finding(name: str, measure: str, value: float) -> str:
    """The map's finding when the filters count one member state."""
    if measure == "activities":
        n = formats.whole(value)
        return f"{name} took part in {n} {'activity' if n == '1' else 'activities'}."
    if measure == "participants":
        n = formats.whole(value)
        return f"{name} sent {n} {'participant' if n == '1' else 'participants'}."
    return f"Women made up {formats.percent(value)} of the participants from {name}."


def _member_map(a: Answers, measure: str) -> ChartView:
    measure = map_measure(measure)
    members = a.member_states()
    k = a.activity_figures()
    reached, at_time = int(k["member_states_reached"]), int(k["member_states_at_time"])
    numbers: dict[str, Any] = {"reached": reached, "member_states": at_time}
    # Leaders among the members counted by the key figure: of the period's time, selected.
    counted = members[members["member_at_period_end"].fillna(False).astype(bool)]
    if a.filters.countries:
        counted = counted[counted["iso3"].isin(a.filters.countries)]
    values = counted[measure].dropna() if len(counted) else counted.get(measure)
    title = f"{MAP_MEASURES[measure]} by member state"
    if measure == "activities" and reached == 0:
        takeaway = "No member state is involved in the activities matching these filters."
    elif values is None or values.empty or float(values.max()) <= 0:
        takeaway = (f"Activities reached {formats.of(reached, at_time)} member states; "
                    f"none has {MAP_MEASURES[measure].lower()} to show for these filters.")
    else:
        top = values.max()
        leaders = sorted(counted.loc[counted[measure] == top, "name"].astype(str))
        numbers |= {"top_value": float(top), "top_countries": leaders}
        shown = leaders if len(leaders) <= 3 else leaders[:3] + [f"{len(leaders) - 3} others"]
        each = " each" if len(leaders) > 1 else ""
        if len(counted) == 1:  # one member state counted: its own figure, not a ranking
            takeaway = _one_member_finding(str(counted["name"].iloc[0]), measure, top)
        else:
            if measure == "activities":
                lead = (f"{formats.names(shown)} took part in the most "
                        f"({formats.whole(top)}{each})")
            elif measure == "participants":
                lead = (f"{formats.names(shown)} sent the most participants "
                        f"({formats.whole(top)}{each})")
            else:
                lead = (f"the share of women is highest in {formats.names(shown)} "
                        f"({formats.percent(top)}{each})")
            takeaway = (f"Activities reached {formats.of(reached, at_time)} member states; "
                        f"{lead}.")
    fig = charts.asean_map(members, value=measure, title=title, selected=a.filters.countries)
    return ChartView("member_map", title, takeaway, fig, numbers, members,
                     a.reach_illustrative() or (measure != "activities"
                                                and a.participation_illustrative()))


def _participation(a: Answers, _: str) -> ChartView:
    df = a.participation_by_agency()
    k = a.activity_figures()
    total = int(k["participants"])
    numbers: dict[str, Any] = {"participants": total}
    if total == 0 or df.empty:
        takeaway = "No participants recorded for these filters."
    else:
        top_row = df.sort_values(["participants", "agency_type"],
                                 ascending=[False, True]).iloc[0]
        numbers |= {"women_share": formats.finite(k["women_share"]),
                    "top_agency": str(top_row["agency_type"]),
                    "top_agency_participants": int(top_row["participants"])}
        takeaway = (f"{formats.whole(total)} participants, {formats.percent(k['women_share'])} "
                    "of them women (of those whose gender is reported); "
                    f"{top_row['agency_type']} sent the most "
                    f"({formats.whole(top_row['participants'])}).")
    return ChartView("participation", CHARTS["participation"].title, takeaway,
                     charts.participation_by_agency(df, CHARTS["participation"].title),
                     numbers, df, has_illustrative(df))


_MEASURE_FIGURE = {"cases": "seizure_cases", "articles": "articles", "value_usd": "value_usd"}


def _measure_text(measure: str, value: Any) -> str:
    return FIGURES[_MEASURE_FIGURE[measure]].format(value)


def _seizures_year(a: Answers, measure: str) -> ChartView:
    df = a.seizures_by_year()
    total = a.seizure_figures()[_MEASURE_FIGURE[measure]]
    label = MEASURES[measure]
    numbers: dict[str, Any] = {"measure": measure, "total": formats.finite(total)}
    if df.empty:
        takeaway = "No seizures reported for these filters."
    else:
        peak = df.sort_values([measure, "year"], ascending=[False, True]).iloc[0]
        first, last = int(df["year"].min()), int(df["year"].max())
        numbers |= {"peak_year": int(peak["year"]), "peak": formats.finite(peak[measure]),
                    "first_year": first, "last_year": last}
        takeaway = (f"{label} peaked in {int(peak['year'])} at "
                    f"{_measure_text(measure, peak[measure])}; "
                    f"{_measure_text(measure, total)} in total over "
                    f"{formats.year_span(first, last)}.")
    title = CHARTS["seizures_year"].title_for(measure)
    fig = charts.seizures_over_time(df, measure, title=title,
                                    partial=part_years(a, df["year"]) if len(df) else ())
    return ChartView("seizures_year", title, takeaway, fig, numbers, df, has_illustrative(df))


def _top_of(df: pd.DataFrame, key: str, measure: str) -> pd.Series:
    return df.sort_values([measure, key], ascending=[False, True]).iloc[0]


def _seizures_breakdown(chart_key: str, key: str, what: str) -> Callable[[Answers, str],
                                                                          ChartView]:
    def build(a: Answers, measure: str) -> ChartView:
        df = (a.seizures_by_category() if chart_key == "seizures_category"
              else a.seizures_by_transport())
        total = a.seizure_figures()[_MEASURE_FIGURE[measure]]
        label = MEASURES[measure]
        numbers: dict[str, Any] = {"measure": measure, "total": formats.finite(total)}
        known = df[df[measure].notna()] if len(df) else df
        if known.empty or not formats.finite(total):
            takeaway = "No seizures reported for these filters."
        else:
            top = _top_of(known, key, measure)
            share = float(top[measure]) / float(total)
            numbers |= {"top": str(top[key]), "top_value": formats.finite(top[measure]),
                        "top_share": share}
            takeaway = (f"{str(top[key]).capitalize()} {what}: "
                        f"{_measure_text(measure, top[measure])} "
                        f"({formats.percent(share)} of {_measure_text(measure, total)}) — "
                        f"the most {label.lower()}.")
        title = CHARTS[chart_key].title_for(measure)
        draw = (charts.seizures_by_category if chart_key == "seizures_category"
                else charts.seizures_by_transport)
        return ChartView(chart_key, title, takeaway, draw(df, measure, title=title), numbers,
                         df, has_illustrative(df))
    return build


def _customs_breakdown(chart_key: str, key: str, what: str, missing: str,
                       ) -> Callable[[Answers, str], ChartView]:
    """A chart of seizures by a customs-reporting column (right, detention result, HS
    chapter); records that do not report it are a bar of their own, never the leader."""
    def build(a: Answers, measure: str) -> ChartView:
        df = {"seizures_ipr": a.seizures_by_ipr_type,
              "seizures_detention": a.seizures_by_detention_result,
              "seizures_hs_chapter": a.seizures_by_hs_chapter}[chart_key]()
        total = a.seizure_figures()[_MEASURE_FIGURE[measure]]
        label = MEASURES[measure]
        numbers: dict[str, Any] = {"measure": measure, "total": formats.finite(total)}
        reported = df[(df[key] != "not reported") & df[measure].notna()] if len(df) else df
        if df.empty or not formats.finite(total):
            takeaway = "No seizures reported for these filters."
        elif reported.empty:
            takeaway = f"No seizure of these filters reports {missing}."
        else:
            top = _top_of(reported, key, measure)
            share = float(top[measure]) / float(total)
            shown = f"HS chapter {top[key]}" if key == "hs_chapter" else str(top[key])
            numbers |= {"top": str(top[key]), "top_value": formats.finite(top[measure]),
                        "top_share": share}
            takeaway = (f"{shown[0].upper() + shown[1:]} {what}: "
                        f"{_measure_text(measure, top[measure])} "
                        f"({formats.percent(share)} of {_measure_text(measure, total)}) — "
                        f"the most {label.lower()}.")
        title = CHARTS[chart_key].title_for(measure)
        draw = {"seizures_ipr": charts.seizures_by_ipr_type,
                "seizures_detention": charts.seizures_by_detention_result,
                "seizures_hs_chapter": charts.seizures_by_hs_chapter}[chart_key]
        return ChartView(chart_key, title, takeaway, draw(df, measure, title=title), numbers,
                         df, has_illustrative(df))
    return build


def _cases_procedures(a: Answers, _: str) -> ChartView:
    df = a.cases_and_procedures_by_year()
    known = df[df["procedures"].notna()].sort_values("year") if len(df) else df
    numbers: dict[str, Any] = {}
    if df.empty:
        takeaway = "No seizures reported for these filters."
    elif known.empty:
        takeaway = "No seizure of these filters reports its procedures."
    else:
        last = known.iloc[-1]
        cases, procedures = int(last["cases_with_procedures"]), int(last["procedures"])
        numbers = {"year": int(last["year"]), "cases": cases, "procedures": procedures}
        per_case = f"{procedures / cases:.2f}".rstrip("0").rstrip(".") if cases else "—"
        takeaway = (f"In {int(last['year'])}, {formats.whole(procedures)} procedures for "
                    f"{formats.whole(cases)} cases ({per_case} per case), of the records "
                    "that report procedures.")
    return ChartView("cases_procedures", CHARTS["cases_procedures"].title, takeaway,
                     charts.cases_and_procedures(df, CHARTS["cases_procedures"].title),
                     numbers, df, has_illustrative(df))


def _ecommerce(a: Answers, _: str) -> ChartView:
    df = a.ecommerce_share_by_year()
    d = df.dropna(subset=["ecommerce_share"]).sort_values("year") if len(df) else df
    partial = part_years(a, d["year"]) if len(d) else set()
    whole = d[~d["year"].astype(int).isin(partial)] if len(d) else d
    numbers: dict[str, Any] = {}
    if d.empty:
        takeaway = "No seizures reported for these filters."
    elif whole.empty:  # only part years: say how far the share has got, as such
        last = d.iloc[-1]
        y = float(last["ecommerce_share"])
        numbers = {"last_year": int(last["year"]), "last_share": y, "part_year": True}
        takeaway = (f"{formats.percent(y)} of seizure cases so far in {int(last['year'])} "
                    "were ordered online (part of the year).")
    else:
        # Whole years only: a year not over yet is not comparable with a whole one.
        first, last = whole.iloc[0], whole.iloc[-1]
        x, y = float(first["ecommerce_share"]), float(last["ecommerce_share"])
        numbers = {"first_year": int(first["year"]), "first_share": x,
                   "last_year": int(last["year"]), "last_share": y}
        if len(whole) == 1:
            takeaway = (f"{formats.percent(y)} of seizure cases in {int(last['year'])} were "
                        "ordered online.")
        else:
            verb = "rose" if round(y, 2) > round(x, 2) else (
                "fell" if round(y, 2) < round(x, 2) else "stayed")
            takeaway = (f"The e-commerce share of seizure cases {verb} from "
                        f"{formats.percent(x)} in {int(first['year'])} to {formats.percent(y)} "
                        f"in {int(last['year'])} (whole years).")
    return ChartView("ecommerce", CHARTS["ecommerce"].title, takeaway,
                     charts.ecommerce_share(df, CHARTS["ecommerce"].title,
                                            partial=part_years(a, df["year"]) if len(df)
                                            else ()),
                     numbers, df, a.seizures_illustrative())


def _provenance(a: Answers, measure: str) -> ChartView:
    df = a.seizures_top_provenance()
    label = MEASURES[measure]
    numbers: dict[str, Any] = {"measure": measure}
    known = df[df[measure].notna()] if len(df) else df
    if known.empty:
        takeaway = "No seizure of known provenance for these filters."
    else:
        top = _top_of(known, "provenance_name", measure)
        numbers |= {"top": str(top["provenance_name"]), "top_value": formats.finite(top[measure])}
        takeaway = (f"Most {label.lower()} came from {top['provenance_name']}: "
                    f"{_measure_text(measure, top[measure])}.")
    title = CHARTS["provenance"].title_for(measure)
    return ChartView("provenance", title, takeaway,
                     charts.top_provenance(df, measure, title=title), numbers, df,
                     has_illustrative(df))


def _challenges(a: Answers, _: str) -> ChartView:
    df = a.challenge_matrix()
    numbers: dict[str, Any] = {"assessments": len(df)}
    if df.empty:
        takeaway = "No enforcement challenges assessed for these filters."
    else:
        mean = df.groupby("challenge")["severity"].mean()
        top = float(mean.max())
        challenge = sorted(mean[mean == top].index)[0]
        countries = int(df["iso3"].nunique())
        numbers |= {"top_challenge": str(challenge), "top_mean_severity": top,
                    "countries": countries}
        takeaway = (f"Highest average severity: {challenge} ({formats.severity(top)} across "
                    f"{formats.plural(countries, 'country', 'countries')}).")
    return ChartView("challenges", CHARTS["challenges"].title, takeaway,
                     charts.challenge_heatmap(df, CHARTS["challenges"].title),
                     numbers, df, has_illustrative(df))


def _country_cluster(a: Answers, _: str) -> ChartView:
    df = a.country_cluster_matrix()
    members = df[df["asean_member"].astype(bool)] if len(df) else df
    numbers: dict[str, Any] = {}
    if members.empty:
        takeaway = "No activity involves a member state for these filters."
    else:
        per_cluster = members.groupby("cluster")["iso3"].nunique()
        top = int(per_cluster.max())
        leaders = sorted(per_cluster[per_cluster == top].index)
        numbers = {"top_clusters": leaders, "member_states": top}
        takeaway = (f"{formats.names(leaders)} involved the most member states "
                    f"({formats.whole(top)}{' each' if len(leaders) > 1 else ''}).")
    return ChartView("country_cluster", CHARTS["country_cluster"].title, takeaway,
                     charts.country_cluster_heatmap(members, title=CHARTS["country_cluster"].title),
                     numbers, members, a.reach_illustrative())


def _member_coverage(a: Answers, _: str) -> ChartView:
    df = a.member_coverage_over_time()
    numbers: dict[str, Any] = {}
    if df.empty:
        takeaway = "No dated activity matches these filters."
    else:
        last = df.sort_values("year").iloc[-1]
        numbers = {"year": int(last["year"]), "reached": int(last["members_reached"]),
                   "members": int(last["members"])}
        takeaway = (f"In {int(last['year'])}, activities reached "
                    f"{formats.of(last['members_reached'], last['members'])} member states.")
    return ChartView("member_coverage", CHARTS["member_coverage"].title, takeaway,
                     charts.member_coverage(df, CHARTS["member_coverage"].title),
                     numbers, df, a.reach_illustrative())


CHART_LIST: tuple[Chart, ...] = (
    Chart("status_cluster", "Activities by cluster and status",
          "Activities matching the filters, per cluster, one colour per status. The takeaway "
          "quotes the key figures 'Activities' and 'Share completed'.",
          "activities_by_status_cluster", ALL_FILTERS, _status_cluster,
          asks=(Answers.activities_by_status_cluster, Answers.activity_figures)),
    Chart("timeline", "Activities by cluster over time",
          "The dated activities matching the filters as bars from start to end, grouped by "
          "cluster and coloured by status; undated activities are listed beside it.",
          "activities_timeline", ALL_FILTERS, _timeline,
          asks=(Answers.activities_timeline, Answers.activity_figures)),
    Chart("indicator_progress", "Progress towards the targets",
          "Each indicator's progress from baseline to target and its red / amber / green "
          "status. " + queries.RAG_RULE,
          "results_progress", INDICATOR_FILTERS, _indicators,
          asks=(Answers.results_progress,)),
    Chart("member_map", "Activities by member state",
          "Every ASEAN member state coloured by the measure, under all filters but the "
          "country filter (the selected countries stand out). The takeaway quotes the key "
          "figure 'ASEAN member states reached'.",
          "coverage_by_country", ALL_FILTERS + "; the map draws every member state",
          _member_map,
          asks=(Answers.member_states, Answers.activity_figures)),
    Chart("participation", "Participants by type of agency",
          "Participants per type of agency, split into women, men and gender not reported. "
          + queries.WOMEN_SHARE_RULE,
          "participation_by_agency", ALL_FILTERS, _participation,
          asks=(Answers.participation_by_agency, Answers.activity_figures)),
    Chart("seizures_year", "{measure} per year",
          "Seizures per year of reporting, in the measure chosen; the takeaway quotes the key "
          "figure of that measure.",
          "seizures_by_year", SEIZURE_FILTERS, _seizures_year, tuple(MEASURES),
          asks=(Answers.seizures_by_year, Answers.seizure_figures)),
    Chart("seizures_category", "{measure} by product category",
          "Seizures per product category, in the measure chosen.",
          "seizures_by_category", SEIZURE_FILTERS,
          _seizures_breakdown("seizures_category", "product_category", "lead the categories"),
          tuple(MEASURES),
          asks=(Answers.seizure_breakdowns, Answers.seizure_figures)),
    Chart("seizures_transport", "{measure} by transport mode",
          "Seizures per mode of transport, in the measure chosen.",
          "seizures_by_transport", SEIZURE_FILTERS,
          _seizures_breakdown("seizures_transport", "transport_mode",
                              "leads the modes of transport"),
          tuple(MEASURES),
          asks=(Answers.seizure_breakdowns, Answers.seizure_figures)),
    Chart("ecommerce", "Share of seizures ordered online (e-commerce)",
          "Per year, the share of seizure cases (and of articles) of goods ordered through an "
          "e-commerce platform.",
          "ecommerce_share_by_year", SEIZURE_FILTERS, _ecommerce,
          asks=(Answers.ecommerce_share_by_year, Answers.seizure_figures)),
    Chart("provenance", "{measure}: top economies of provenance",
          f"The {queries.DEFAULT_TOP_PROVENANCE} economies of provenance with the most "
          "articles seized; records whose provenance is not known are left out.",
          "seizures_top_provenance", SEIZURE_FILTERS, _provenance, tuple(MEASURES),
          asks=(Answers.seizure_breakdowns,)),
    Chart("challenges", "Severity of the enforcement challenges",
          "The latest severity (1 minor – 5 severe) assessed in the period for each country "
          "and challenge; the takeaway names the challenge with the highest average.",
          "challenge_matrix", SEIZURE_FILTERS, _challenges,
          asks=(Answers.challenge_matrix,)),
    Chart("seizures_ipr", "{measure} by right infringed",
          "Seizures per intellectual property right infringed, in the measure chosen.",
          "seizures_by_ipr_type", SEIZURE_FILTERS,
          _customs_breakdown("seizures_ipr", "ipr_type", "leads the rights infringed",
                             "the right infringed"),
          tuple(MEASURES),
          asks=(Answers.seizure_breakdowns, Answers.seizure_figures)),
    Chart("seizures_detention", "{measure} by detention result",
          "Seizures per result of the detention (destroyed, destroyed under the "
          "small-consignment procedure, court case, released), in the measure chosen; "
          "records that report none are a bar 'not reported'.",
          "seizures_by_detention_result", SEIZURE_FILTERS,
          _customs_breakdown("seizures_detention", "detention_result",
                             "leads the detention results", "what became of the goods"),
          tuple(MEASURES),
          asks=(Answers.seizure_breakdowns, Answers.seizure_figures)),
    Chart("seizures_hs_chapter", "{measure} by HS chapter",
          "Seizures per chapter of the Harmonized System (the first two digits of hs_code), "
          "in the measure chosen; records without an hs_code are a bar 'not reported'.",
          "seizures_by_hs_chapter", SEIZURE_FILTERS,
          _customs_breakdown("seizures_hs_chapter", "hs_chapter", "leads the chapters",
                             "an HS code"),
          tuple(MEASURES),
          asks=(Answers.seizure_breakdowns, Answers.seizure_figures)),
    Chart("cases_procedures", "Cases and procedures per year",
          "Per year, the customs procedures opened beside the cases of the same records "
          "(those that report procedures): one case may open several procedures, one per "
          "right holder.",
          "cases_and_procedures_by_year", SEIZURE_FILTERS, _cases_procedures,
          asks=(Answers.cases_and_procedures_by_year,)),
    Chart("country_cluster", "Activities by member state and cluster",
          "Activities matching the filters involving each member state, per cluster.",
          "country_cluster_matrix", ALL_FILTERS, _country_cluster,
          asks=(Answers.country_cluster_matrix, Answers.activity_figures)),
    Chart("member_coverage", "ASEAN member states reached each year",
          "Per year, the member states involved in (or hosting) an activity running that "
          "year, against the members of ASEAN at the year's end. Undated activities are not "
          "counted.",
          "member_coverage_over_time", ALL_FILTERS, _member_coverage,
          asks=(Answers.member_coverage_over_time, Answers.activity_figures)),
)

CHARTS: dict[str, Chart] = {c.key: c for c in CHART_LIST}

# Which page shows which figures and charts (in order); presentation mode presents a page's
# charts in this order, and the tests compare each page with its slides and the pack.
PAGE_FIGURES: dict[str, tuple[str, ...]] = {
    "overview": ("activities", "share_completed", "late", "member_states_reached",
                 "participants", "women_share", "seizure_cases", "articles", "value_usd"),
    "counterfeiting": ("seizure_cases", "articles", "value_usd", "ecommerce_share"),
    # the country profile: one country's figures (the filters with that country)
    "countries": ("activities", "hosted", "share_completed", "participants", "women_share",
                  "seizure_cases", "articles", "value_usd"),
}
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "overview": ("status_cluster", "member_map", "seizures_year"),
    "timeline": ("timeline",),
    "expected_results": ("indicator_progress",),
    "countries": ("member_map", "country_cluster", "participation", "member_coverage"),
    "counterfeiting": ("seizures_year", "seizures_category", "seizures_transport",
                       "ecommerce", "provenance", "challenges", "seizures_ipr",
                       "seizures_detention", "seizures_hs_chapter", "cases_procedures"),
}
PACK_FIGURES: tuple[str, ...] = PAGE_FIGURES["overview"]
PACK_CHARTS: tuple[str, ...] = ("status_cluster", "timeline", "indicator_progress",
                                "member_map", "participation", "seizures_year",
                                "seizures_category", "ecommerce", "challenges")


def questions_of(figures: tuple[str, ...] = (), charts: tuple[str, ...] = ()
                 ) -> tuple[Question, ...]:
    """The questions of Answers that these key figures and charts read, each once."""
    asks = [q for name in figures for q in FIGURES[name].asks]
    asks += [q for key in charts for q in CHARTS[key].asks]
    return tuple(dict.fromkeys(asks))


def page_questions(page: str) -> tuple[Question, ...]:
    """What a page's charts read (and its key figures, but the country profile's: those are
    asked for the profile's country, `questions_of(PAGE_FIGURES["countries"])`)."""
    figures = PAGE_FIGURES.get(page, ()) if page != "countries" else ()
    return questions_of(figures, PAGE_CHARTS.get(page, ()))


def key_figure(name: str, answers: Answers) -> ShownFigure:
    """Key figure `name` for the selection of `answers`."""
    return FIGURES[name].shown(answers)


def chart_view(key: str, answers: Answers, measure: str | None = None) -> ChartView:
    """Chart `key` for the selection of `answers` (`measure` for charts that take one)."""
    return CHARTS[key].view(answers, measure)


def records_without_month(answers: Answers) -> int:
    """Seizure records of the selection that give only a year (counted when it overlaps)."""
    by_year = answers.seizures_by_year()
    return int(by_year["records_without_month"].sum()) if len(by_year) else 0


def activity_participation_text(detail: pd.DataFrame) -> str:
    """One activity's participants and women, from `queries.activity_detail`."""
    people = detail[detail["participants"].notna()]
    if people.empty:
        return "No participation figures are reported for this activity."
    text = f"{formats.whole(people['participants'].sum())} participants"
    known = people[people["women"].notna()]
    if not known.empty and int(known["participants"].sum()) > 0:
        share = known["women"].sum() / known["participants"].sum()
        text += (f", of whom {formats.whole(known['women'].sum())} women "
                 f"({formats.percent(share)} of those whose gender is reported)")
    else:
        text += "; gender not reported"
    return text + "."


def status_counts_text(activities: pd.DataFrame) -> str:
    """'planned: 2 · completed: 5' — activities by status, in the contract's order."""
    counts = activities["status"].value_counts()
    return " · ".join(f"{status}: {formats.whole(counts[status])}"
                      for status in contract.STATUSES if status in counts)


# --- the breakdowns of the results framework (issue 14) ----------------------------------
# One chart per indicator and dimension, so not one entry of CHART_LIST: the page draws as
# many as the selection has; the definition and the takeaway are written here, once.

BREAKDOWN_TITLE = "{indicator}: by {dimension}"
BREAKDOWN_DEFINITION = (
    "An indicator's baseline, period targets and measured values broken down by one "
    "dimension (sex, country, agency type, …: whatever the data names), as stacked bars per "
    "period; a diamond marks the total given without a breakdown. The takeaway reads the "
    "latest period broken down (measured values before targets) and says whether its "
    "categories add up to the total."
)


def indicator_breakdown_views(a: Answers) -> list[ChartView]:
    """One view per indicator and dimension broken down in the selection."""
    df = a.indicator_breakdown()
    views = []
    for (indicator_id, dimension), part in df.groupby(["indicator_id", "dimension"],
                                                      sort=True):
        name = str(part["name"].iloc[0])
        title = BREAKDOWN_TITLE.format(indicator=f"{indicator_id} · {name}",
                                       dimension=dimension)
        rank = part.assign(_kind=part["value_type"].map({"actual": 2, "target": 1,
                                                         "baseline": 0}))
        last = rank.sort_values(["period_end", "_kind"]).iloc[-1]
        latest = part[(part["period_end"] == last["period_end"])
                      & (part["value_type"] == last["value_type"])]
        sum_ = float(latest["value"].sum())
        total = last["total"]
        base = sum_ if pd.isna(total) else float(total)  # shares of the total when given
        words = {"actual": "measured", "target": "targeted", "baseline": "at the baseline"}
        parts = [f"{c} {formats.whole(v) if float(v).is_integer() else v}"
                 + (f" ({formats.percent(v / base)})" if base and (last["measure"] in (
                     None, "unit") or pd.isna(last["measure"])) else "")
                 for c, v in zip(latest["category"], latest["value"], strict=True)]
        takeaway = (f"{words[last['value_type']].capitalize()} for the period ending "
                    f"{formats.day(last['period_end'])}: {', '.join(parts)}.")
        if pd.notna(last["reconciles"]) and not bool(last["reconciles"]):
            takeaway += (f" The categories add up to {formats.whole(sum_)}, the total given "
                         f"is {formats.whole(total)}: the breakdown is partial.")
        numbers: dict[str, Any] = {
            "period_end": last["period_end"], "value_type": last["value_type"],
            "categories": dict(zip(latest["category"], latest["value"], strict=True)),
            "total": None if pd.isna(total) else float(total),
            "reconciles": None if pd.isna(last["reconciles"]) else bool(last["reconciles"])}
        # Its title names the indicator and dimension, with no subtitle: not a slide, so its
        # sentence is said under it (the page's findings are the slides' titles).
        views.append(ChartView("indicator_breakdown", title, takeaway,
                               charts.indicator_breakdown(part, title), numbers, part,
                               has_illustrative(part)))
    return views
