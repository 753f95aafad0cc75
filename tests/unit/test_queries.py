"""Each query on the tiny data against an independent pandas computation from the CSV files."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pandas as pd
import pycountry
import pytest

from analytics import contract, queries
from analytics.filters import Filters
from tests.conftest import frame_rows, load
from tests.oracles import Extracts, share

TINY = Path(__file__).parents[1] / "data" / "tiny"
TODAY = dt.date(2025, 6, 30)
DONE = {"completed", "cancelled"}

FILTERS = {
    "none": Filters(),
    "year_2024": Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
    "thailand_two_programmes": Filters(countries=("THA",), programmes=("SCOPE IPR", "ARISE+ IPR")),
    "enforcement": Filters(
        clusters=("Enforcement",), statuses=("planned", "completed"), end=dt.date(2025, 12, 31)
    ),
    "result_3_from_2025": Filters(expected_results=(3,), start=dt.date(2025, 1, 1)),
    "after_tls_joined": Filters(start=dt.date(2025, 10, 1)),
    "khm_phl": Filters(countries=("KHM", "PHL"), start=dt.date(2013, 1, 1)),
    "nothing": Filters(countries=("FRA",), statuses=("postponed",)),
}
ALL = pytest.mark.parametrize("name", list(FILTERS))


# --- the oracle: the tiny CSVs read and filtered with pandas only (tests/oracles.py) --------

EX = Extracts(TINY, TODAY)
D = EX.d
NAMES = EX.names
MEMBER_SINCE = EX.member_since


def known(p: pd.DataFrame) -> float:
    return sum(r.participants for r in p.itertuples() if r.women is not None)


def women(p: pd.DataFrame) -> float:
    return sum(w for w in p.women if w is not None)


# --- comparison ---------------------------------------------------------------------------


def norm(v: object) -> object:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return round(float(v), 9)
    return v


def rows(df: pd.DataFrame, columns: list[str]) -> list[tuple]:
    out = [tuple(norm(v) for v in r) for r in df[columns].astype(object).itertuples(index=False)]
    return sorted(out, key=repr)


def expect(actual: pd.DataFrame, expected: list[dict]) -> None:
    columns = list(expected[0]) if expected else list(actual.columns)
    want = sorted([tuple(norm(e[c]) for c in columns) for e in expected], key=repr)
    assert rows(actual, columns) == want


# --- activities ---------------------------------------------------------------------------


@ALL
def test_key_figures(tiny_con, name):
    f = FILTERS[name]
    a = EX.activities(f)
    p = EX.participation(f)
    s = EX.seizures(f)
    members = EX.members(f, EX.as_of(f))
    reached = {c for _, c in EX.reach(f)} & members
    late = [
        r for r in a.itertuples()
        if r.end_date is not None and r.end_date < TODAY and r.status not in DONE
    ]
    completed = int((a.status == "completed").sum())
    def flagged(rows):
        return any(v is True for v in rows.illustrative)

    expect(
        queries.key_figures(tiny_con, f, TODAY),
        [{
            "activities": len(a), "completed": completed,
            "share_completed": share(completed, len(a)),
            "ongoing": int((a.status == "ongoing").sum()),
            "planned": int((a.status == "planned").sum()),
            "late": len(late), "undated": int(a.start_date.isna().sum()),
            "participants": sum(p.participants), "women": women(p),
            "women_share": share(women(p), known(p)),
            "member_states_reached": len(reached), "member_states_at_time": len(members),
            "seizure_cases": sum(s.cases), "articles": sum(s.articles),
            "value_usd": sum(v for v in s.value_usd if v is not None),
            "illustrative_activities": flagged(a), "illustrative_participation": flagged(p),
            "illustrative_seizures": flagged(s),
            "hosted": EX.key_figure("hosted", f),
            "illustrative_activity_countries": "illustrative" in (ac := EX.explore(
                "activity_countries", f)).columns and any(v is True for v in ac.illustrative),
        }],
    )


def test_key_figures_hand_checked(tiny_con):
    # Facts of the tiny data: A2 ended 2025-03-31 and is still ongoing (the only late one);
    # 68 participants of whom 29 women among 64 whose gender is reported (KHM customs: 4
    # not reported); TLS joined 2025-10-26, so 5 member states on 2025-06-30 and 6 at 2025's end.
    k = queries.key_figures(tiny_con, Filters(), TODAY).iloc[0]
    assert (k.late, k.participants, k.women) == (1, 68, 29)
    assert k.women_share == pytest.approx(29 / 64)
    assert k.member_states_at_time == 5
    end_2025 = queries.key_figures(tiny_con, Filters(end=dt.date(2025, 12, 31)), TODAY).iloc[0]
    assert end_2025.member_states_at_time == 6


@ALL
def test_activities_by_status_cluster(tiny_con, name):
    a = EX.activities(FILTERS[name])
    expected = [
        {"cluster": c, "status": s, "activities": len(g), "undated": int(g.start_date.isna().sum())}
        for (c, s), g in a.groupby(["cluster", "status"])
    ]
    expect(queries.activities_by_status_cluster(tiny_con, FILTERS[name]), expected)


@ALL
def test_late_activities(tiny_con, name):
    a = EX.activities(FILTERS[name])
    expected = [
        {"activity_id": r.activity_id, "days_late": (TODAY - r.end_date).days,
         "host_name": NAMES.get(r.host_iso3)}
        for r in a.itertuples()
        if r.end_date is not None and r.end_date < TODAY and r.status not in DONE
    ]
    actual = queries.late_activities(tiny_con, FILTERS[name], TODAY)
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


@ALL
def test_activities_timeline(tiny_con, name):
    a = EX.activities(FILTERS[name])
    ac = D["activity_countries"]
    expected = [
        {
            "activity_id": r.activity_id, "title": r.title, "cluster": r.cluster,
            "status": r.status, "start_date": r.start_date, "end_date": r.end_date,
            "host_name": NAMES.get(r.host_iso3),
            "countries": ", ".join(
                sorted(NAMES[c] for c in ac[ac.activity_id == r.activity_id].iso3)
            ),
            "expected_result": r.expected_result, "illustrative": bool(r.illustrative),
            "has_dates": r.start_date is not None,
        }
        for r in a.itertuples()
    ]
    actual = queries.activities_timeline(tiny_con, FILTERS[name])
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


def test_timeline_keeps_undated_activity_whatever_the_period(tiny_con):
    t = queries.activities_timeline(tiny_con, FILTERS["year_2024"])
    assert "A4" in set(t.activity_id)  # A4 has no dates
    assert not t.set_index("activity_id").loc["A4", "has_dates"]


@pytest.mark.parametrize("activity_id", ["A1", "A3", "A4", "nope"])
def test_activity_detail(tiny_con, activity_id):
    expected = EX.activity_detail(activity_id)
    actual = queries.activity_detail(tiny_con, activity_id)
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


# --- results ----------------------------------------------------------------------------


@ALL
def test_results_progress(tiny_con, name):
    f = FILTERS[name]
    result = dict(zip(D["indicators"].indicator_id, D["indicators"].expected_result,
                      strict=True))
    expected = [
        {**r, "result_name": contract.EXPECTED_RESULTS[result[r["indicator_id"]]]}
        for r in EX.results_progress(f).to_dict("records")
    ]
    expect(queries.results_progress(tiny_con, f, TODAY), expected)


def test_results_progress_hand_checked(tiny_con):
    # ER1-01: 330 of 400 (0.825) with 546 of 730 days gone (0.748): green.
    # ER2-01: 1 of 8 (0.125) with 181 of 730 days gone since its first period: amber.
    # ER3-01: (1500-1000)/(5000-1000) = 0.125 with 0.748 gone: red. ER4-01 has no values.
    rp = queries.results_progress(tiny_con, Filters(), TODAY).set_index("indicator_id")
    assert rp.rag.to_dict() == {
        "ER1-01": "green", "ER2-01": "amber", "ER3-01": "red", "ER4-01": "no data"
    }
    assert "10" in queries.RAG_RULE and "25" in queries.RAG_RULE


@ALL
def test_indicator_trend(tiny_con, name):
    f = FILTERS[name]
    expected = [
        {"indicator_id": r.indicator_id, "period_end": r.period_end, "value": r.value}
        for r in EX.indicator_values(f).itertuples()
    ]
    actual = queries.indicator_trend(tiny_con, f)
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


@ALL
def test_result_activities(tiny_con, name):
    a = EX.activities(FILTERS[name])
    expected = [
        {"expected_result": r.expected_result, "activity_id": r.activity_id, "status": r.status,
         "result_name": contract.EXPECTED_RESULTS[r.expected_result]}
        for r in a.itertuples() if r.expected_result is not None
    ]
    actual = queries.result_activities(tiny_con, FILTERS[name])
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


# --- countries --------------------------------------------------------------------------


@ALL
def test_coverage_by_country(tiny_con, name):
    f = FILTERS[name]
    expected = EX.coverage_by_country(f)
    actual = queries.coverage_by_country(tiny_con, f, TODAY)
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


@ALL
def test_country_cluster_matrix(tiny_con, name):
    f = FILTERS[name]
    expected = [{"iso3": c, "cluster": k, "activities": n}
                for (c, k), n in EX.country_cluster(f).items()]
    actual = queries.country_cluster_matrix(tiny_con, f)
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


@ALL
def test_participation_by_agency(tiny_con, name):
    p = EX.participation(FILTERS[name])
    expected = [
        {"agency_type": t, "participants": sum(g.participants), "women": women(g),
         "men": known(g) - women(g), "gender_not_reported": sum(g.participants) - known(g),
         "women_share": share(women(g), known(g))}
        for t, g in p.groupby("agency_type")
    ]
    actual = queries.participation_by_agency(tiny_con, FILTERS[name])
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


@pytest.mark.parametrize("iso3", ["THA", "KHM", "TLS", "CHN"])
@pytest.mark.parametrize("name", ["none", "year_2024", "enforcement"])
def test_key_figures_of_one_country(tiny_con, iso3, name):
    # the country profile's figures: the filters with that one country
    f = FILTERS[name].with_(countries=(iso3,))
    a = EX.activities(f)
    p = EX.participation(f)
    s = EX.seizures(f)
    expected = [{
        "activities": len(a), "hosted": int((a.host_iso3 == iso3).sum()),
        "participants": sum(p.participants), "women": women(p),
        "seizure_cases": sum(s.cases), "articles": sum(s.articles),
        "member_states_at_time": int(iso3 in MEMBER_SINCE and MEMBER_SINCE[iso3] <= EX.as_of(f)),
    }]
    expect(queries.key_figures(tiny_con, f, TODAY), expected)


@ALL
def test_member_coverage_over_time(tiny_con, name):
    f = FILTERS[name]
    expected = EX.member_coverage_over_time(f)
    actual = queries.member_coverage_over_time(tiny_con, f)
    if not expected:
        assert actual.empty
        return
    expect(actual, expected)


def test_member_coverage_counts_timor_leste_from_2025(tiny_con):
    # TLS joined on 2025-10-26: five tiny-data members at the end of 2024, six at 2025's end.
    m = queries.member_coverage_over_time(tiny_con, FILTERS["none"]).set_index("year")
    assert m.loc[2024, "members"] == 5 and m.loc[2025, "members"] == 6


# --- seizures and challenges ------------------------------------------------------------


def _seizure_totals(g: pd.DataFrame) -> dict:
    values = [v for v in g.value_usd if v is not None]  # no value reported: unknown, not 0
    return {"cases": sum(g.cases), "articles": sum(g.articles),
            "value_usd": sum(values) if values else None}


@ALL
def test_seizures_by_year(tiny_con, name):
    s = EX.seizures(FILTERS[name])
    expected = [
        {"year": y, **_seizure_totals(g),
         "ecommerce_share": share(sum(g[g.ecommerce == True].cases), sum(g.cases)),  # noqa: E712
         "records_without_month": sum(1 for m in g.month if m is None)}
        for y, g in s.groupby("year")
    ]
    actual = queries.seizures_by_year(tiny_con, FILTERS[name])
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


def test_seizure_without_month_counts_in_its_year(tiny_con):
    # S2 (PHL, 2024, no month) falls in any period that overlaps 2024.
    f = Filters(start=dt.date(2024, 11, 1), end=dt.date(2024, 11, 30), countries=("PHL",))
    assert queries.seizures_by_year(tiny_con, f).cases.tolist() == [1]


@pytest.mark.parametrize("key,fn", [
    ("product_category", queries.seizures_by_category),
    ("transport_mode", queries.seizures_by_transport),
])
@ALL
def test_seizures_by_key(tiny_con, name, key, fn):
    s = EX.seizures(FILTERS[name])
    expected = [{key: k, **_seizure_totals(g)} for k, g in s.groupby(key)]
    actual = fn(tiny_con, FILTERS[name])
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


@pytest.mark.parametrize("limit", [1, 2, 10])
@ALL
def test_seizures_top_provenance(tiny_con, name, limit):
    s = EX.seizures(FILTERS[name])
    s = s[s.provenance_iso3.notna()]
    totals = [
        {"provenance_iso3": k, "provenance_name": EX.economy_name(k), **_seizure_totals(g)}
        for k, g in s.groupby("provenance_iso3")
    ]
    expected = sorted(totals, key=lambda r: (-r["articles"], r["provenance_iso3"]))[:limit]
    actual = queries.seizures_top_provenance(tiny_con, FILTERS[name], limit)
    if expected:
        expect(actual, expected)
        assert actual.articles.is_monotonic_decreasing
    else:
        assert actual.empty


def test_provenance_not_in_countries_is_named_by_iso_3166(tiny_con):
    top = queries.seizures_top_provenance(tiny_con, Filters(), 10).set_index("provenance_iso3")
    assert "HKG" not in NAMES  # the tiny countries.csv does not list Hong Kong
    assert top.loc["HKG", "provenance_name"] == pycountry.countries.get(alpha_3="HKG").name
    assert top.loc["HKG", "provenance_name"] == "Hong Kong"
    assert top.loc["CHN", "provenance_name"] == NAMES["CHN"] == "China"


@ALL
def test_ecommerce_share_by_year(tiny_con, name):
    s = EX.seizures(FILTERS[name])
    expected = []
    for y, g in s.groupby("year"):
        online = g[g.ecommerce == True]  # noqa: E712
        expected.append({
            "year": y, "cases": sum(g.cases), "ecommerce_cases": sum(online.cases),
            "ecommerce_share": share(sum(online.cases), sum(g.cases)),
            "ecommerce_articles_share": share(sum(online.articles), sum(g.articles)),
        })
    actual = queries.ecommerce_share_by_year(tiny_con, FILTERS[name])
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


@ALL
def test_seizures_illustrative(tiny_con, name):
    s = EX.seizures(FILTERS[name])
    expected = any(v is True for v in s.illustrative)
    assert queries.seizures_illustrative(tiny_con, FILTERS[name]) is expected


@ALL
def test_challenge_matrix(tiny_con, name):
    expected = [{"iso3": r.iso3, "challenge": r.challenge, "year": r.year,
                 "severity": r.severity}
                for r in EX.latest_challenges(FILTERS[name]).itertuples()]
    actual = queries.challenge_matrix(tiny_con, FILTERS[name])
    if expected:
        expect(actual, expected)
    else:
        assert actual.empty


# --- data explorer ----------------------------------------------------------------------


@pytest.mark.parametrize("dataset_name", queries.EXPLORABLE)
@ALL
def test_explore(tiny_con, name, dataset_name):
    f = FILTERS[name]
    expected = EX.explore(dataset_name, f).copy()
    if "illustrative" in expected.columns:  # an empty cell reads as "not illustrative"
        expected["illustrative"] = [v is True for v in expected.illustrative]
    actual = queries.explore(tiny_con, dataset_name, f)
    assert list(actual.columns) == list(contract.dataset(dataset_name).column_names)
    assert rows(actual, list(actual.columns)) == rows(expected, list(actual.columns))
    assert queries.count_explore(tiny_con, dataset_name, f) == len(expected)
    if len(expected) > 1:
        assert len(queries.explore(tiny_con, dataset_name, f, limit=1)) == 1


@pytest.mark.parametrize("dataset_name", queries.ILLUSTRATIVE_PROBES)
@ALL
def test_rows_illustrative(tiny_con, name, dataset_name):
    rows_ = EX.explore(dataset_name, FILTERS[name])
    expected = "illustrative" in rows_.columns and any(v is True for v in rows_.illustrative)
    assert queries.rows_illustrative(tiny_con, dataset_name, FILTERS[name]) is expected


@ALL
def test_rows_illustrative_reads_an_optional_column(tmp_path, name):
    # tiny's activity_countries has no illustrative column; give one to the rows of A1 only.
    import shutil

    from analytics.load import load_folder

    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    path = folder / "activity_countries.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    marked = [lines[0] + ",illustrative"] + [
        line + ("," + str(line.startswith("A1,")).lower()) for line in lines[1:] if line]
    path.write_text("\n".join(marked) + "\n", encoding="utf-8")
    result = load_folder(folder)
    assert result.ok, [p.message() for p in result.problems]
    f = FILTERS[name]
    ids = set(EX.activities(f).activity_id)
    t = D["activity_countries"]
    keep = t.activity_id.isin(ids) & (t.iso3.isin(f.countries) if f.countries else True)
    expected = bool((t[keep].activity_id == "A1").any())
    assert queries.rows_illustrative(result.con, "activity_countries", f) is expected
    # the key figures carry the same flag (the reach figures read it from there)
    flags = queries.key_figures(result.con, f, TODAY).iloc[0]
    assert bool(flags.illustrative_activity_countries) is expected


def test_rows_illustrative_refuses_other_datasets(tiny_con):
    with pytest.raises(ValueError, match="No illustrative probe"):
        queries.rows_illustrative(tiny_con, "seizures; drop table seizures", Filters())


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 100])
@ALL
def test_explore_seizures_shows_the_first_rows_in_order(tiny_con, name, limit):
    # The preview reads only the (year, month, country) groups that hold its rows.
    f = FILTERS[name]
    everything = queries.explore(tiny_con, "seizures", f)
    order = sorted(range(len(everything)), key=lambda i: (
        everything.year[i], -1 if pd.isna(everything.month[i]) else everything.month[i],
        everything.iso3[i], everything.seizure_id[i]))
    assert order == list(range(len(everything)))
    shown = queries.explore(tiny_con, "seizures", f, limit=limit)
    def listed(df: pd.DataFrame) -> list[tuple]:
        return [tuple(norm(v) for v in r) for r in df.astype(object).itertuples(index=False)]

    assert listed(shown) == listed(everything)[:limit]


@pytest.mark.parametrize("bad", ["activities; drop table activities", "../marts/key_figures",
                                 "stg_activities", "ACTIVITIES", ""])
def test_explore_refuses_unknown_dataset(tiny_con, bad):
    with pytest.raises(ValueError, match="Unknown dataset"):
        queries.explore(tiny_con, bad, Filters())
    with pytest.raises(ValueError, match="Unknown dataset"):
        queries.count_explore(tiny_con, bad, Filters())


# --- data explorer downloads: the same rows in batches --------------------------------------


def _arrow_rows(table) -> list[tuple]:
    return [tuple(r.values()) for r in table.to_pylist()]


@pytest.mark.parametrize("dataset_name", queries.EXPLORABLE)
@pytest.mark.parametrize("name", ["none", "year_2024", "thailand_two_programmes", "khm_phl",
                                  "nothing"])
def test_explore_batches_join_to_explore(tiny_con, name, dataset_name):
    import pyarrow as pa

    f = FILTERS[name]
    whole = queries.explore(tiny_con, dataset_name, f, limit=None)
    batches = list(queries.explore_batches(tiny_con, dataset_name, f, rows=2))
    assert batches and all(len(b) <= 2 for b in batches)
    assert all(len(b) for b in batches) or len(batches) == 1  # an empty one only alone
    joined = pd.concat(batches, ignore_index=True)
    assert list(joined.columns) == list(whole.columns)
    if len(whole):
        pd.testing.assert_frame_equal(joined, whole)
    else:
        assert joined.empty

    arrow = list(queries.explore_arrow_batches(tiny_con, dataset_name, f, rows=2))
    assert arrow and len({b.schema for b in arrow}) == 1
    table = pa.Table.from_batches(arrow)
    assert table.column_names == list(whole.columns)
    assert _arrow_rows(table) == frame_rows(whole)


def test_explore_batches_read_seizures_a_year_at_a_time_in_order():
    """3,038 sample seizures: each batch holds one year's rows; joined, they are `explore`."""
    from analytics.load import load_folder

    con = load_folder(Path(__file__).parents[2] / "data").con
    for f in (Filters(), Filters(countries=("THA", "VNM")),
              Filters(start=dt.date(2020, 2, 1), end=dt.date(2023, 1, 31)),
              Filters(start=dt.date(2021, 7, 1))):
        whole = queries.explore(con, "seizures", f, limit=None)
        assert whole["year"].nunique() > 1
        for rows in (2048, 100):
            batches = list(queries.explore_batches(con, "seizures", f, rows=rows))
            assert all(0 < len(b) <= rows and b["year"].nunique() == 1 for b in batches)
            assert len(batches) >= whole["year"].nunique()
            pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), whole)
        arrow = list(queries.explore_arrow_batches(con, "seizures", f, rows=rows))
        assert sum(b.num_rows for b in arrow) == len(whole)
        assert [v for b in arrow for v in b.column("seizure_id").to_pylist()] == \
            whole["seizure_id"].tolist()


@pytest.mark.parametrize("bad", ["activities; drop table activities", "../marts/key_figures",
                                 "ACTIVITIES", ""])
def test_explore_batches_refuse_unknown_dataset_before_reading(tiny_con, bad):
    # Refused at the call, not at the first batch.
    with pytest.raises(ValueError, match="Unknown dataset"):
        queries.explore_batches(tiny_con, bad, Filters())
    with pytest.raises(ValueError, match="Unknown dataset"):
        queries.explore_arrow_batches(tiny_con, bad, Filters())
    with pytest.raises(ValueError, match="rows"):
        queries.explore_batches(tiny_con, "activities", Filters(), rows=0)


def test_streams_are_not_cached_questions():
    assert queries.STREAMS <= set(dir(queries))
    assert not queries.STREAMS & queries.QUESTIONS
    assert "explore" in queries.QUESTIONS


# --- injection --------------------------------------------------------------------------

MALICIOUS = "x'); drop table activities; --"


def test_malicious_filter_value_matches_nothing_and_drops_nothing(tiny_con):
    for field in ("programmes", "clusters", "countries", "statuses"):
        f = Filters(**{field: (MALICIOUS,)})
        assert queries.activities_timeline(tiny_con, f).empty
        assert queries.explore(tiny_con, "activities", f).empty
    assert queries.seizures_by_year(tiny_con, Filters(countries=(MALICIOUS,))).empty
    assert queries.activity_detail(tiny_con, MALICIOUS).empty
    nothing = queries.key_figures(tiny_con, Filters(countries=(MALICIOUS,)), TODAY).iloc[0]
    assert (nothing.activities, nothing.hosted, nothing.articles) == (0, 0, 0)
    tables = {r[0] for r in tiny_con.execute("select table_name from information_schema.tables")
              .fetchall()}
    assert {d.name for d in contract.DATASETS} <= tables
    assert queries.count_explore(tiny_con, "activities", Filters()) == len(D["activities"])


def test_every_mart_has_a_grain_comment_and_no_formatting():
    marts = (Path(queries.__file__).parent / "sql" / "marts").glob("*.sql")
    for path in marts:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("-- grain: "), path.name
        assert "{}" not in text and "%s" not in text, path.name


def test_nan_free_shares_when_nothing_matches(tiny_con):
    k = queries.key_figures(tiny_con, FILTERS["nothing"], TODAY).iloc[0]
    assert k.activities == 0 and k.participants == 0
    assert k.share_completed is None or math.isnan(k.share_completed)


# --- reference data -------------------------------------------------------------------------


def test_reference_countries_read_once_per_connection(tiny_con, tmp_path, monkeypatch):
    read: list[str] = []
    explore = queries.explore
    monkeypatch.setattr(queries, "explore", lambda con, name, f, limit=None: (
        read.append(name), explore(con, name, f, limit))[1])
    first = queries.reference_countries(tiny_con)
    assert dict(zip(first.iso3, first.name, strict=True)) == NAMES  # the CSV, read by pandas
    first["name"] = "changed by a caller"  # a caller's change stays in its copy
    again = queries.reference_countries(tiny_con)
    assert dict(zip(again.iso3, again.name, strict=True)) == NAMES
    # Another connection (another data version) reads its own countries file.
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    path = folder / "countries.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[table.iso3 == "THA", "name"] = "Kingdom of Thailand"
    table.to_csv(path, index=False)
    other = queries.reference_countries(load(folder))
    assert other.set_index("iso3").loc["THA", "name"] == "Kingdom of Thailand"
    assert queries.reference_countries(tiny_con).set_index("iso3").loc["THA", "name"] == (
        NAMES["THA"])
    assert read.count("countries") <= 2  # once per connection (tiny_con may be read already)
    assert read[-1:] == ["countries"]  # the other connection's own read
