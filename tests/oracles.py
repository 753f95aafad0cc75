"""The independent computations every test compares the product with: pandas over the CSVs.

Written once, here. Nothing in this module reads the app's SQL, queries or figures layer:
the extracts of a data folder are read with pandas (typed by the contract's declared column
types only), filtered and counted in plain Python. `key_figure(name, ...)` and
`chart_numbers(key, ...)` give every figure of `analytics.figures`; `COVERED` lists them, and
a test checks that every figure the product defines has its oracle here.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry

from analytics import contract
from analytics.filters import Filters

SEIZURE_MEASURES = ("cases", "articles", "value_usd")


def read_typed(path: Path, name: str) -> pd.DataFrame:
    """One extract, each column typed as the contract declares (objects, None when empty)."""
    ds = contract.dataset(name)
    df = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str,
                     encoding="utf-8-sig")
    out = pd.DataFrame(index=df.index)
    for c in ds.columns:
        col = df[c.name] if c.name in df.columns else pd.Series(None, index=df.index)
        if c.type == "date":
            values = [None if pd.isna(v) else dt.date.fromisoformat(v) for v in col]
        elif c.type == "integer":
            values = [None if pd.isna(v) else int(str(v).replace(",", "")) for v in col]
        elif c.type == "decimal":
            values = [None if pd.isna(v) else float(str(v).replace(",", "")) for v in col]
        elif c.type == "boolean":
            values = [None if pd.isna(v) else str(v).lower() in ("true", "yes", "1")
                      for v in col]
        else:
            values = [None if pd.isna(v) else v for v in col]
        out[c.name] = pd.Series(values, index=df.index, dtype=object)
    return out


def share(num: float, den: float) -> float | None:
    return num / den if den else None


class Extracts:
    """The extracts of one data folder, and every figure computed from them with pandas."""

    def __init__(self, folder: Path, today: dt.date | None = None) -> None:
        self.folder = Path(folder)
        self.today = today or dt.date.today()
        self.d = {ds.name: read_typed(self.folder / f"{ds.name}.csv", ds.name)
                  for ds in contract.DATASETS if (self.folder / f"{ds.name}.csv").exists()}
        for ds in contract.DATASETS:  # an optional file left out is an empty dataset
            if ds.optional and ds.name not in self.d:
                self.d[ds.name] = pd.DataFrame({c: pd.Series(dtype=object)
                                                for c in ds.column_names})

    # --- the rows a selection keeps --------------------------------------------------

    @cached_property
    def names(self) -> dict[str, str]:
        c = self.d["countries"]
        return dict(zip(c["iso3"], c["name"], strict=True))

    def economy_name(self, iso3: str) -> str:
        """An economy's name: the countries dataset's, else ISO 3166's as pycountry gives it
        (its common name first), else the code."""
        if iso3 in self.names:
            return self.names[iso3]
        iso = pycountry.countries.get(alpha_3=iso3)
        return iso3 if iso is None else getattr(iso, "common_name", iso.name)

    @cached_property
    def member_since(self) -> dict[str, dt.date]:
        return {r.iso3: r.member_since for r in self.d["countries"].itertuples()
                if r.member_since is not None}

    def activities(self, f: Filters) -> pd.DataFrame:
        ac = self.d["activity_countries"]
        keep = []
        for a in self.d["activities"].itertuples():
            ok = (not f.programmes or a.programme in f.programmes) and (
                not f.clusters or a.cluster in f.clusters)
            ok = ok and (not f.expected_results or a.expected_result in f.expected_results)
            ok = ok and (not f.statuses or a.status in f.statuses)
            if f.countries:
                involved = set(ac[ac.activity_id == a.activity_id].iso3) | {a.host_iso3}
                ok = ok and bool(involved & set(f.countries))
            if a.start_date is not None:
                last = a.end_date or a.start_date
                ok = ok and (f.start is None or last >= f.start)
                ok = ok and (f.end is None or a.start_date <= f.end)
            keep.append(ok)
        return self.d["activities"][keep]

    def reach(self, f: Filters) -> set[tuple[str, str]]:
        """(activity, country) pairs: a selected activity involving (or hosted by) a country."""
        ids = set(self.activities(f).activity_id)
        pairs = {(r.activity_id, r.iso3) for r in self.d["activity_countries"].itertuples()}
        pairs |= {(r.activity_id, r.host_iso3) for r in self.d["activities"].itertuples()
                  if r.host_iso3}
        return {(a, c) for a, c in pairs
                if a in ids and (not f.countries or c in f.countries)}

    def participation(self, f: Filters) -> pd.DataFrame:
        p = self.d["participation"]
        ids = set(self.activities(f).activity_id)
        return p[p.activity_id.isin(ids) & (p.iso3.isin(f.countries) if f.countries else True)]

    def seizures(self, f: Filters) -> pd.DataFrame:
        keep = []
        for s in self.d["seizures"].itertuples():
            if s.month is None:  # the whole year
                first, last = dt.date(s.year, 1, 1), dt.date(s.year, 12, 31)
            else:
                first = dt.date(s.year, s.month, 1)
                nxt = dt.date(s.year + (s.month == 12), s.month % 12 + 1, 1)
                last = nxt - dt.timedelta(days=1)
            ok = (f.start is None or last >= f.start) and (f.end is None or first <= f.end)
            keep.append(ok and (not f.countries or s.iso3 in f.countries))
        return self.d["seizures"][keep]

    def challenges(self, f: Filters) -> pd.DataFrame:
        c = self.d["challenges"]
        keep = [(f.start is None or r.year >= f.start.year)
                and (f.end is None or r.year <= f.end.year)
                and (not f.countries or r.iso3 in f.countries) for r in c.itertuples()]
        return c[keep]

    def as_of(self, f: Filters) -> dt.date:
        return f.end or self.today

    def members(self, f: Filters, when: dt.date) -> set[str]:
        return {c for c, since in self.member_since.items()
                if since <= when and (not f.countries or c in f.countries)}

    def late(self, f: Filters) -> pd.DataFrame:
        """Selected activities ended before today and neither completed nor cancelled."""
        a = self.activities(f)
        keep = [e is not None and e < self.today and st not in ("completed", "cancelled")
                for e, st in zip(a.end_date, a.status, strict=True)]
        return a[keep]

    def latest_challenges(self, f: Filters) -> pd.DataFrame:
        """Per (country, challenge): the latest assessment of the period."""
        c = self.challenges(f)
        if c.empty:
            return c
        return c.sort_values("year", kind="stable").groupby(["iso3", "challenge"]).tail(1)

    def activity_detail(self, activity_id: str) -> list[dict[str, Any]]:
        """Per country listed with or sending participants to the activity: role, agency."""
        ac, p = self.d["activity_countries"], self.d["participation"]
        listed = ac[ac.activity_id == activity_id]
        part = p[p.activity_id == activity_id]
        roles = dict(zip(listed.iso3, listed.role, strict=True))
        out = []
        for c in sorted(set(listed.iso3) | set(part.iso3)):
            rows = part[part.iso3 == c]
            if rows.empty:
                out.append({"iso3": c, "name": self.names[c], "role": roles.get(c),
                            "agency_type": None, "participants": None})
            for r in rows.itertuples():
                out.append({"iso3": c, "name": self.names[c], "role": roles.get(c),
                            "agency_type": r.agency_type, "participants": r.participants})
        return out

    # --- countries -------------------------------------------------------------------

    def coverage_by_country(self, f: Filters) -> list[dict[str, Any]]:
        """Per selected member state: activities reached, participants, women, membership."""
        reach = self.reach(f)
        p = self.participation(f)
        out = []
        for c in self.d["countries"].itertuples():
            if not c.asean_member or (f.countries and c.iso3 not in f.countries):
                continue
            pc = p[p.iso3 == c.iso3]
            women = sum(w for w in pc.women if w is not None)
            known = sum(r.participants for r in pc.itertuples() if r.women is not None)
            out.append({
                "iso3": c.iso3, "activities": len({a for a, k in reach if k == c.iso3}),
                "participants": sum(pc.participants), "women": women,
                "women_share": share(women, known),
                "member_at_period_end": c.member_since <= self.as_of(f),
            })
        return out

    def country_cluster(self, f: Filters) -> dict[tuple[str, str], int]:
        """Selected activities per (country involved or hosting, cluster), every country."""
        cluster = dict(zip(self.d["activities"].activity_id, self.d["activities"].cluster,
                           strict=True))
        counts: dict[tuple[str, str], int] = {}
        for a, c in self.reach(f):
            counts[(c, cluster[a])] = counts.get((c, cluster[a]), 0) + 1
        return counts

    def member_coverage_over_time(self, f: Filters) -> list[dict[str, int]]:
        """Per year of the dated selected activities (cut to the period): the selected members
        at the year's end and those involved in an activity running that year."""
        dated = self.activities(f)
        dated = dated[dated.start_date.notna()]
        if dated.empty:
            return []
        first = max(min(d.year for d in dated.start_date), f.start.year if f.start else 0)
        last = min(max((e or s).year for s, e in zip(dated.start_date, dated.end_date,
                                                      strict=True)),
                   f.end.year if f.end else 9999)
        reach = self.reach(f)
        out = []
        for year in range(first, last + 1):
            members = self.members(f, dt.date(year, 12, 31))
            running = {r.activity_id for r in dated.itertuples()
                       if r.start_date.year <= year <= (r.end_date or r.start_date).year}
            reached = {c for a, c in reach if a in running} & members
            out.append({"year": year, "members": len(members), "members_reached": len(reached)})
        return out

    # --- the data explorer -----------------------------------------------------------

    def indicators(self, f: Filters) -> pd.DataFrame:
        i = self.d["indicators"]
        return i[i.expected_result.isin(f.expected_results)] if f.expected_results else i

    def indicator_values(self, f: Filters) -> pd.DataFrame:
        """Values of the selected indicators measured in the period."""
        t = self.d["indicator_values"]
        ids = set(self.indicators(f).indicator_id)
        keep = [r.indicator_id in ids and (f.start is None or r.period_end >= f.start)
                and (f.end is None or r.period_end <= f.end) for r in t.itertuples()]
        return t[keep]

    def indicator_disaggregations(self, f: Filters) -> pd.DataFrame:
        """Broken-down values of the selected indicators whose period ends in the period."""
        t = self.d["indicator_disaggregations"]
        ids = set(self.indicators(f).indicator_id)
        keep = [r.indicator_id in ids and (f.start is None or r.period_end >= f.start)
                and (f.end is None or r.period_end <= f.end) for r in t.itertuples()]
        return t[keep]

    def explore(self, dataset: str, f: Filters) -> pd.DataFrame:
        """The rows of extract `dataset` the data explorer keeps for `f`."""
        def in_countries(col: pd.Series) -> pd.Series:
            return col.isin(f.countries) if f.countries else pd.Series(True, index=col.index)

        if dataset == "countries":
            t = self.d["countries"]
            return t[in_countries(t.iso3)]
        if dataset == "activities":
            return self.activities(f)
        if dataset == "activity_countries":
            t = self.d["activity_countries"]
            return t[t.activity_id.isin(set(self.activities(f).activity_id))
                     & in_countries(t.iso3)]
        if dataset == "participation":
            return self.participation(f)
        if dataset == "indicators":
            return self.indicators(f)
        if dataset == "indicator_values":
            return self.indicator_values(f)
        if dataset == "indicator_disaggregations":
            return self.indicator_disaggregations(f)
        if dataset == "seizures":
            return self.seizures(f)
        if dataset == "challenges":
            return self.challenges(f)
        raise KeyError(f"no oracle for dataset {dataset!r}")

    # --- results ---------------------------------------------------------------------

    def results_progress(self, f: Filters, rule: str = "time elapsed",
                         tolerance: float = 0.15) -> pd.DataFrame:
        """One row per indicator: latest value, progress, time elapsed, rag (by `rule`)."""
        ref = self.as_of(f)
        values = self.d["indicator_values"]
        ind = self.d["indicators"]
        if f.expected_results:
            ind = ind[ind.expected_result.isin(f.expected_results)]
        rows = []
        for i in ind.itertuples():
            v = values[values.indicator_id == i.indicator_id]
            seen = v[pd.Series([d <= ref and x is not None and not pd.isna(x)
                                for d, x in zip(v.period_end, v.value, strict=True)],
                               index=v.index, dtype=bool)]
            seen = seen.sort_values("period_end")
            start = i.baseline_date or (min(v.period_end) if len(v) else None)
            elapsed = None
            if start is not None and i.target_date is not None:
                elapsed = min(1.0, max(0.0, (ref - start).days / (i.target_date - start).days))
            if seen.empty or i.target is None or i.baseline is None or elapsed is None:
                latest = None if seen.empty else seen.iloc[-1].value
                progress = None
                if not seen.empty and i.target is not None and i.baseline is not None:
                    progress = (latest - i.baseline) / (i.target - i.baseline)
                rag = "no data"
            else:
                latest = seen.iloc[-1].value
                progress = (latest - i.baseline) / (i.target - i.baseline)
                rag = ("green" if progress >= elapsed - 0.10
                       else "amber" if progress >= elapsed - 0.25 else "red")
            # the target due: the last period target by the as-of date, else the straight line
            targets = [(d, t) for d, t in zip(v.period_end, v.target, strict=True)
                       if d <= ref and t is not None and not pd.isna(t)]
            due = max(targets)[1] if targets else None
            if due is None and None not in (i.baseline, i.target, elapsed):
                due = i.baseline + (i.target - i.baseline) * elapsed
            shortfall = None
            if due is not None and latest is not None:
                scale = abs(due - i.baseline) if due == 0 and i.baseline is not None else abs(due)
                if scale:
                    sign = -1 if i.direction == "lower is better" else 1
                    shortfall = sign * (due - latest) / scale
            if rule == "tolerance":
                rag = ("no data" if shortfall is None else "green" if shortfall <= tolerance
                       else "amber" if shortfall <= 2 * tolerance else "red")
            rows.append({"indicator_id": i.indicator_id, "latest_value": latest,
                         "progress": progress, "time_elapsed": elapsed, "rag": rag,
                         "due_target": due, "shortfall": shortfall})
        return pd.DataFrame(rows, columns=["indicator_id", "latest_value", "progress",
                                           "time_elapsed", "rag", "due_target", "shortfall"])

    def results_tree(self, f: Filters) -> pd.DataFrame:
        """One row per selected indicator and period (one row, periods empty, without any)."""
        ind = self.indicators(f)
        v = self.d["indicator_values"]
        rows = []
        for i in ind.itertuples():
            periods = v[v.indicator_id == i.indicator_id]
            for p in (periods.itertuples() if len(periods) else [None]):
                rows.append({"indicator_id": i.indicator_id, "result_title": i.result_title,
                             "period_end": None if p is None else p.period_end,
                             "period_target": None if p is None else p.target,
                             "value": None if p is None else p.value,
                             "final_target": i.target})
        return pd.DataFrame(rows, columns=["indicator_id", "result_title", "period_end",
                                           "period_target", "value", "final_target"])

    def indicator_breakdown(self, f: Filters) -> pd.DataFrame:
        """The broken-down values of the period with their total and whether they add up."""
        parts = self.indicator_disaggregations(f)
        ind = self.d["indicators"].set_index("indicator_id")
        v = self.d["indicator_values"]
        rows = []
        for r in parts.itertuples():
            if r.value_type == "baseline":
                i = ind.loc[r.indicator_id]
                total = i.baseline if i.baseline_date == r.period_end else None
            else:
                same = v[(v.indicator_id == r.indicator_id) & (v.period_end == r.period_end)]
                col = "value" if r.value_type == "actual" else "target"
                total = same[col].iloc[0] if len(same) else None
            total = None if total is None or pd.isna(total) else float(total)
            group = parts[(parts.indicator_id == r.indicator_id)
                          & (parts.value_type == r.value_type)
                          & (parts.period_end == r.period_end)
                          & (parts.dimension == r.dimension)]
            measure = ind.loc[r.indicator_id].measure
            adds = measure is None or measure == "unit"
            rows.append({"indicator_id": r.indicator_id, "value_type": r.value_type,
                         "period_end": r.period_end, "dimension": r.dimension,
                         "category": r.category, "value": r.value, "total": total,
                         "categories_sum": float(group.value.sum()),
                         "reconciles": None if total is None or not adds
                         else abs(float(group.value.sum()) - total) < 1e-9})
        return pd.DataFrame(rows, columns=["indicator_id", "value_type", "period_end",
                                           "dimension", "category", "value", "total",
                                           "categories_sum", "reconciles"])

    # --- key figures -----------------------------------------------------------------

    def seizure_change(self, f: Filters, measure: str) -> tuple[float, int] | None:
        """(change, latest year): the latest complete year against the year before."""
        s = self.seizures(f)
        by_year = s.groupby("year")[measure].sum(min_count=1)
        complete = [int(y) for y in by_year.index
                    if y < self.today.year
                    and not (f.start and f.start > dt.date(int(y), 1, 1))
                    and not (f.end and f.end < dt.date(int(y), 12, 31))]
        if not complete or max(complete) - 1 not in complete:
            return None
        latest = max(complete)
        before, now = by_year[latest - 1], by_year[latest]
        if pd.isna(before) or before == 0 or pd.isna(now):
            return None
        return (float(now) - float(before)) / float(before), latest

    def key_figure(self, name: str, f: Filters) -> Any:
        """The value of key figure `name` (a number, a share, or (reached, members))."""
        a = self.activities(f)
        if name == "activities":
            return len(a)
        if name == "share_completed":
            return share(int((a.status == "completed").sum()), len(a))
        if name == "completed":
            return int((a.status == "completed").sum())
        if name == "undated":
            return int(a.start_date.isna().sum())
        if name == "late":
            ended = [e is not None and e < self.today for e in a.end_date]
            return int((pd.Series(ended, index=a.index, dtype=bool)
                        & ~a.status.isin(["completed", "cancelled"])).sum())
        if name == "member_states_reached":
            members = self.members(f, self.as_of(f))
            reached = {c for _, c in self.reach(f)} & members
            return len(reached), len(members)
        p = self.participation(f)
        if name == "participants":
            return int(sum(p.participants))
        if name == "women":
            return int(sum(w for w in p.women if w is not None))
        if name == "women_share":
            known = sum(r.participants for r in p.itertuples() if r.women is not None)
            return share(sum(w for w in p.women if w is not None), known)
        s = self.seizures(f)
        if name == "seizure_cases":
            return int(sum(s.cases))
        if name == "articles":
            return int(sum(s.articles))
        if name == "value_usd":
            return float(sum(v for v in s.value_usd if v is not None))
        if name == "ecommerce_share":
            return share(int(sum(r.cases for r in s.itertuples() if r.ecommerce)),
                         int(sum(s.cases)))
        if name == "hosted":
            hosts = a.host_iso3.dropna()
            return int(hosts.isin(f.countries).sum() if f.countries else len(hosts))
        raise KeyError(f"no oracle for key figure {name!r}")

    # --- the numbers each chart's takeaway quotes ------------------------------------

    def chart_numbers(self, key: str, f: Filters, measure: str | None = None) -> dict[str, Any]:
        """The numbers of chart `key`'s takeaway (the keys the product reports)."""
        return getattr(self, f"_chart_{key}")(f, measure)

    def _chart_status_cluster(self, f: Filters, _: Any) -> dict[str, Any]:
        a = self.activities(f)
        out: dict[str, Any] = {"activities": len(a),
                               "completed": int((a.status == "completed").sum())}
        if len(a):
            by_cluster = a.groupby("cluster").size()
            top = int(by_cluster.max())
            out |= {"share_completed": out["completed"] / len(a),
                    "top_clusters": sorted(by_cluster[by_cluster == top].index),
                    "top_cluster_activities": top}
        return out

    def _chart_timeline(self, f: Filters, _: Any) -> dict[str, Any]:
        a = self.activities(f)
        dated = a[a.start_date.notna()]
        out: dict[str, Any] = {"activities": len(a), "dated": len(dated),
                               "undated": len(a) - len(dated)}
        if len(dated):
            out |= {"first_start": min(dated.start_date),
                    "last_end": max((e or s) for s, e in zip(dated.start_date, dated.end_date,
                                                             strict=True))}
        return out

    def _chart_indicator_progress(self, f: Filters, _: Any) -> dict[str, Any]:
        rp = self.results_progress(f)
        out: dict[str, Any] = {"indicators": len(rp)}
        out |= {r: int((rp.rag == r).sum()) for r in ("green", "amber", "red", "no data")}
        return out

    def _chart_member_map(self, f: Filters, measure: str | None) -> dict[str, Any]:
        measure = measure if measure in ("activities", "participants", "women_share") \
            else "activities"
        reached, members = self.key_figure("member_states_reached", f)
        out: dict[str, Any] = {"reached": reached, "member_states": members}
        counted = self.members(f, self.as_of(f))
        values: dict[str, float] = {}
        for iso3 in counted:
            one = f.with_(countries=(iso3,))
            if measure == "activities":
                v = float(len({act for act, _ in self.reach(one)}))
            elif measure == "participants":
                v = float(self.key_figure("participants", one))
            else:
                v = self.key_figure("women_share", one)
            if v is not None:
                values[self.names[iso3]] = v
        if values and max(values.values()) > 0 and not (measure == "activities"
                                                         and reached == 0):
            top = max(values.values())
            out |= {"top_value": top,
                    "top_countries": sorted(n for n, v in values.items() if v == top)}
        return out

    def _chart_participation(self, f: Filters, _: Any) -> dict[str, Any]:
        p = self.participation(f)
        total = int(sum(p.participants))
        out: dict[str, Any] = {"participants": total}
        if total:
            by_agency = p.groupby("agency_type")["participants"].sum()
            top = int(by_agency.max())
            out |= {"women_share": self.key_figure("women_share", f),
                    "top_agency": sorted(by_agency[by_agency == top].index)[0],
                    "top_agency_participants": top}
        return out

    def _measure(self, measure: str | None) -> str:
        return measure if measure in SEIZURE_MEASURES else "articles"

    def _measure_total(self, s: pd.DataFrame, measure: str) -> float:
        return float(sum(v for v in s[measure] if v is not None))

    def _chart_seizures_year(self, f: Filters, measure: str | None) -> dict[str, Any]:
        m = self._measure(measure)
        s = self.seizures(f)
        out: dict[str, Any] = {"measure": m, "total": self._measure_total(s, m)}
        if len(s):
            by_year = s.groupby("year")[m].apply(lambda v: sum(x for x in v if x is not None))
            peak = max(by_year.items(), key=lambda kv: (kv[1], -kv[0]))
            out |= {"peak_year": int(peak[0]), "peak": float(peak[1]),
                    "first_year": int(min(s.year)), "last_year": int(max(s.year))}
        return out

    def _breakdown(self, f: Filters, measure: str | None, key: str) -> dict[str, Any]:
        m = self._measure(measure)
        s = self.seizures(f)
        total = self._measure_total(s, m)
        out: dict[str, Any] = {"measure": m, "total": total}
        if len(s) and total:
            by_key = s.groupby(key)[m].apply(lambda v: sum(x for x in v if x is not None))
            top_value = by_key.max()
            top = sorted(by_key[by_key == top_value].index)[0]
            out |= {"top": top, "top_value": float(top_value),
                    "top_share": float(top_value) / total}
        return out

    def _chart_seizures_category(self, f: Filters, measure: str | None) -> dict[str, Any]:
        return self._breakdown(f, measure, "product_category")

    def _chart_seizures_transport(self, f: Filters, measure: str | None) -> dict[str, Any]:
        return self._breakdown(f, measure, "transport_mode")

    def _chart_seizures_ipr(self, f: Filters, measure: str | None) -> dict[str, Any]:
        return self._breakdown(f, measure, "ipr_type")

    def _customs(self, f: Filters, measure: str | None, key: str) -> dict[str, Any]:
        """As `_breakdown`, over the records that report `key` (a share of all of them)."""
        s = self.seizures(f).copy()
        s["hs_chapter"] = pd.Series([None if c is None else c[:2] for c in s.hs_code],
                                    index=s.index, dtype=object)
        m = self._measure(measure)
        total = self._measure_total(s, m)
        out: dict[str, Any] = {"measure": m, "total": total}
        reported = s[s[key].notna()]
        values = [x for x in reported[m] if x is not None]
        if len(s) and total and values:
            by_key = reported.groupby(key)[m].apply(lambda v: sum(x for x in v if x is not None))
            top_value = by_key.max()
            top = sorted(by_key[by_key == top_value].index)[0]
            out |= {"top": top, "top_value": float(top_value),
                    "top_share": float(top_value) / total}
        return out

    def _chart_seizures_detention(self, f: Filters, measure: str | None) -> dict[str, Any]:
        return self._customs(f, measure, "detention_result")

    def _chart_seizures_hs_chapter(self, f: Filters, measure: str | None) -> dict[str, Any]:
        return self._customs(f, measure, "hs_chapter")

    def _chart_cases_procedures(self, f: Filters, _: Any) -> dict[str, Any]:
        s = self.seizures(f)
        s = s[s.procedures.notna()]
        if s.empty:
            return {}
        year = int(max(s.year))
        last = s[s.year == year]
        return {"year": year, "cases": int(sum(last.cases)),
                "procedures": int(sum(last.procedures))}

    def _chart_ecommerce(self, f: Filters, _: Any) -> dict[str, Any]:
        s = self.seizures(f)
        if s.empty:
            return {}
        years = sorted(int(y) for y in set(s.year))
        shares = {}
        for y in years:
            part = s[s.year == y]
            shares[y] = share(sum(r.cases for r in part.itertuples() if r.ecommerce),
                              sum(part.cases))
        known = [y for y in years if shares[y] is not None]
        if not known:
            return {}
        # Compared: whole years only (over, and not cut by the period).
        whole = [y for y in known if y < self.today.year
                 and not (f.start and f.start > dt.date(y, 1, 1))
                 and not (f.end and f.end < dt.date(y, 12, 31))]
        if not whole:
            return {"last_year": known[-1], "last_share": shares[known[-1]], "part_year": True}
        return {"first_year": whole[0], "first_share": shares[whole[0]],
                "last_year": whole[-1], "last_share": shares[whole[-1]]}

    def _chart_provenance(self, f: Filters, measure: str | None) -> dict[str, Any]:
        m = self._measure(measure)
        s = self.seizures(f)
        s = s[s.provenance_iso3.notna()]
        out: dict[str, Any] = {"measure": m}
        if len(s):
            by_key = s.groupby("provenance_iso3")[m].apply(
                lambda v: sum(x for x in v if x is not None))
            top_value = by_key.max()
            names = sorted(self.economy_name(c) for c in by_key[by_key == top_value].index)
            out |= {"top": names[0], "top_value": float(top_value)}
        return out

    def _chart_challenges(self, f: Filters, _: Any) -> dict[str, Any]:
        c = self.challenges(f)
        latest = (c.sort_values("year").groupby(["iso3", "challenge"]).tail(1)
                  if len(c) else c)
        out: dict[str, Any] = {"assessments": len(latest)}
        if len(latest):
            mean = latest.groupby("challenge")["severity"].apply(
                lambda v: sum(v) / len(v))
            top = float(mean.max())
            out |= {"top_challenge": sorted(mean[mean == top].index)[0],
                    "top_mean_severity": top, "countries": int(latest.iso3.nunique())}
        return out

    def _chart_country_cluster(self, f: Filters, _: Any) -> dict[str, Any]:
        a = self.activities(f).set_index("activity_id")
        members = set(self.member_since)
        per_cluster: dict[str, set[str]] = {}
        for act, iso3 in self.reach(f):
            if iso3 in members:
                per_cluster.setdefault(a.loc[act, "cluster"], set()).add(iso3)
        if not per_cluster:
            return {}
        top = max(len(v) for v in per_cluster.values())
        return {"top_clusters": sorted(k for k, v in per_cluster.items() if len(v) == top),
                "member_states": top}

    def _chart_member_coverage(self, f: Filters, _: Any) -> dict[str, Any]:
        a = self.activities(f)
        dated = a[a.start_date.notna()]
        if dated.empty:
            return {}
        last_year = max((e or s).year for s, e in zip(dated.start_date, dated.end_date,
                                                       strict=True))
        if f.end is not None:
            last_year = min(last_year, f.end.year)
        year_end = dt.date(last_year, 12, 31)
        members = self.members(f, year_end)
        running = {r.activity_id for r in dated.itertuples()
                   if r.start_date.year <= last_year <= (r.end_date or r.start_date).year}
        reached = {c for act, c in self.reach(f) if act in running} & members
        return {"year": last_year, "reached": len(reached), "members": len(members)}


# Every key figure and chart these oracles compute: a test checks that this covers every
# figure of analytics.figures, so a figure added without an oracle fails at once.
COVERED_FIGURES = ("activities", "share_completed", "late", "member_states_reached",
                   "participants", "women_share", "seizure_cases", "articles", "value_usd",
                   "ecommerce_share", "hosted")
COVERED_CHARTS = tuple(name.removeprefix("_chart_") for name in vars(Extracts)
                       if name.startswith("_chart_"))
