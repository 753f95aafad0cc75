"""Counterfeiting and data explorer pages in AppTest, checked against pandas over data/*.csv."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import contract, formats
from analytics.filters import Filters
from tests.app.conftest import (
    money_shown,
    open_page,
    read_sample,
    sample_dir,
    texts,
)
from tests.oracles import Extracts

COUNTERFEITING = "app_pages/counterfeiting.py"
EXPLORER = "app_pages/data_explorer.py"
DATASETS = ("countries", "activities", "activity_countries", "participation", "indicators",
            "indicator_values", "indicator_disaggregations", "seizures", "challenges")





@functools.cache
def extracts() -> Extracts:
    return Extracts(sample_dir())


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    """The key-figure tiles: label -> (value, delta)."""
    return {m.label: (m.value, m.delta or "") for m in at.metric}


def figures(at: AppTest) -> dict[str, dict]:
    """The page's plotly figures by what they measure (their subtitle; the title is the
    finding)."""
    out = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec["layout"]["title"]
        out[html.unescape((title.get("subtitle") or {}).get("text") or title["text"])] = spec
    return out


def decode(value) -> np.ndarray:
    """A plotly array: a list, or base64 typed-array JSON ({dtype, bdata, shape})."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            arr = arr.reshape([int(n) for n in str(value["shape"]).split(",")])
        return arr
    return np.asarray(value)


# --- the tiles the oracle (tests/oracles.py) expects ----------------------------------------


def assert_tiles(at: AppTest, f: Filters) -> None:
    """The four seizure tiles and their year-on-year changes, against the oracle."""
    ex = extracts()
    shown = metrics(at)
    assert set(shown) == {"Seizure cases", "Articles seized", "Value of genuine goods",
                          "Cases ordered online"}
    assert shown["Seizure cases"][0] == f"{ex.key_figure('seizure_cases', f):,}"
    assert shown["Articles seized"][0] == f"{ex.key_figure('articles', f):,}"
    value = ex.key_figure("value_usd", f)
    assert shown["Value of genuine goods"][0] == formats.compact_money(value)
    assert money_shown(shown["Value of genuine goods"][0], value)
    assert shown["Cases ordered online"] == (f"{ex.key_figure('ecommerce_share', f):.0%}", "")
    for label, measure in (("Seizure cases", "cases"), ("Articles seized", "articles"),
                           ("Value of genuine goods", "value_usd")):
        change = ex.seizure_change(f, measure)
        want = "" if change is None else f"{change[0]:+.1%} {change[1]} vs {change[1] - 1}"
        assert shown[label][1] == want, label


# --- counterfeiting ------------------------------------------------------------------------


def test_counterfeiting_totals_without_filters():
    at = open_page(COUNTERFEITING)
    assert_tiles(at, Filters())
    assert metrics(at)["Seizure cases"][1], "the sample has two complete years to compare"
    assert "do not apply to seizures" in texts(at.caption)
    titles = figures(at)
    assert "Articles seized per year" in titles
    assert "Severity of the enforcement challenges" in titles
    assert len(titles) == 10  # six charts, and four as customs report IPR detentions
    assert "Illustrative sample data" in texts(at.caption)


def test_the_customs_charts_equal_pandas_over_the_extract():
    at = open_page(COUNTERFEITING)
    titles = figures(at)
    s = read_sample("seizures")
    for title, key in (("Articles seized by right infringed", "ipr_type"),
                       ("Articles seized by detention result", "detention_result"),
                       ("Articles seized by HS chapter", "hs_chapter")):
        if key == "hs_chapter":
            s[key] = ["HS " + str(int(c)).zfill(6)[:2] for c in s["hs_code"]]
        bars = titles[title]["data"][0]
        want = s.groupby(key)["articles"].sum().sort_values(ascending=False)
        assert dict(zip(list(bars["y"]), decode(bars["x"]).tolist(), strict=True)) == \
            want.to_dict()
    cases, procedures = titles["Cases and procedures per year"]["data"]
    by_year = s.groupby("year")[["cases", "procedures"]].sum()
    assert decode(cases["y"]).tolist() == by_year["cases"].tolist()
    assert decode(procedures["y"]).tolist() == by_year["procedures"].tolist()


def test_the_customs_charts_say_when_an_extract_has_no_customs_columns(data_copy, use_data):
    path = data_copy / "seizures.csv"
    s = pd.read_csv(path, dtype=str, keep_default_na=False)
    s.drop(columns=["procedures", "retail_value", "currency", "traffic", "detention_result",
                    "hs_code"]).to_csv(path, index=False)
    use_data(data_copy)
    at = open_page(COUNTERFEITING)
    # each chart's finding is its title
    shown = " | ".join(html.unescape(spec["layout"]["title"]["text"].replace("<br>", " "))
                       for spec in figures(at).values())
    assert "No seizure of these filters reports what became of the goods." in shown
    assert "No seizure of these filters reports an HS code." in shown
    assert "No seizure of these filters reports its procedures." in shown


def test_counterfeiting_totals_for_country_and_period():
    countries, start, end = ["THA", "VNM"], dt.date(2021, 3, 1), dt.date(2022, 6, 30)
    at = open_page(COUNTERFEITING, country=countries, **{"from": start.isoformat(),
                                                         "to": end.isoformat()})
    f = Filters(countries=tuple(countries), start=start, end=end)
    assert_tiles(at, f)
    # The yearly bars add up the same records, per year.
    bars = figures(at)["Articles seized per year"]["data"][0]
    by_year = extracts().seizures(f).astype({"articles": int}).groupby("year")["articles"].sum()
    assert decode(bars["x"]).tolist() == by_year.index.tolist()
    assert decode(bars["y"]).tolist() == by_year.tolist()
    # Records with only a year are counted when their year overlaps the period: said so.
    assert "give only a year" in texts(at.caption)


def test_activity_filters_are_said_not_to_apply():
    at = open_page(COUNTERFEITING, programme="ECAP III")
    assert "do not apply to seizures" in texts(at.info)
    assert_tiles(at, Filters())


def test_challenge_matrix_for_a_country():
    at = open_page(COUNTERFEITING, country="KHM", **{"from": "2020-01-01", "to": "2023-12-31"})
    heatmap = figures(at)["Severity of the enforcement challenges"]["data"][0]
    assert heatmap["y"] == ["Cambodia"]
    shown = dict(zip(heatmap["x"], decode(heatmap["z"])[0].tolist(), strict=True))

    latest = extracts().latest_challenges(
        Filters(countries=("KHM",), start=dt.date(2020, 1, 1), end=dt.date(2023, 12, 31)))
    assert len(latest) > 1
    assert shown == {r.challenge: float(r.severity) for r in latest.itertuples()}


def test_measure_is_kept_in_the_url():
    at = open_page(COUNTERFEITING, measure="cases")
    assert "Seizure cases per year" in figures(at)
    assert at.query_params["measure"] in ("cases", ["cases"])
    at.segmented_control(key="counterfeiting_measure").set_value("value_usd").run()
    assert not at.exception
    assert "Value of genuine goods (US$) per year" in figures(at)
    assert at.query_params["measure"] in ("value_usd", ["value_usd"])


def test_unknown_measure_is_ignored_with_a_notice():
    at = open_page(COUNTERFEITING, measure="profit")
    assert "'profit'" in texts(at.warning)
    assert "Articles seized per year" in figures(at)
    assert at.query_params["measure"] in ("articles", ["articles"])


def test_counterfeiting_without_data_shows_empty_states():
    at = open_page(COUNTERFEITING, country="AUS")  # a partner: no seizures, no assessments
    assert not at.get("plotly_chart")
    assert not at.metric
    notes = texts(at.info)
    assert "No seizures" in notes and "No challenge" in notes


# --- data explorer -------------------------------------------------------------------------


def shown_table(at: AppTest) -> pd.DataFrame:
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


@pytest.mark.parametrize("dataset", DATASETS)
def test_each_dataset_can_be_chosen(dataset: str):
    at = open_page(EXPLORER)
    at.selectbox(key="explorer_dataset").set_value(dataset).run()
    assert not at.exception, at.exception
    table = shown_table(at)
    expected = read_sample(dataset)
    assert len(table) == len(expected)
    assert list(table.columns) == list(expected.columns)
    assert at.query_params["dataset"] in (dataset, [dataset])
    assert f"{len(expected):,} rows" in texts(at.subheader)
    labels = [b.proto.label for b in at.main.get("download_button")]
    assert len(labels) == 3 and any("CSV" in t for t in labels)
    # The contract's date columns shown as dates (2013-11-25), not as timestamps.
    configured = json.loads(at.dataframe[0].proto.columns)
    for column in contract.BY_NAME[dataset].columns:
        type_config = (configured.get(column.name) or {}).get("type_config") or {}
        if column.type == "date":
            assert type_config == {"type": "date", "format": "YYYY-MM-DD"}, column.name
        else:
            assert type_config.get("type") != "date", column.name


def test_participation_filtered_by_country():
    at = open_page(EXPLORER, dataset="participation", country="KHM")
    table = shown_table(at)
    expected = extracts().explore("participation", Filters(countries=("KHM",)))
    assert len(table) == len(expected) > 0
    assert set(table["iso3"]) == {"KHM"}
    assert sorted(table["activity_id"]) == sorted(expected["activity_id"])
    assert "country Cambodia" in texts(at.caption)


def test_seizures_filtered_by_country_and_period():
    at = open_page(EXPLORER, dataset="seizures", country="LAO",
                   **{"from": "2022-02-01", "to": "2023-01-31"})
    expected = extracts().explore("seizures", Filters(countries=("LAO",),
                                                      start=dt.date(2022, 2, 1),
                                                      end=dt.date(2023, 1, 31)))
    assert len(expected) > 0
    table = shown_table(at)
    assert sorted(table["seizure_id"]) == sorted(expected["seizure_id"])


def test_filters_that_do_not_apply_are_named():
    at = open_page(EXPLORER, dataset="seizures", status="completed")
    assert len(shown_table(at)) == len(read_sample("seizures"))
    assert "status filter does not apply" in texts(at.caption)


def test_explorer_without_data_shows_empty_state():
    at = open_page(EXPLORER, dataset="seizures", country="AUS")
    assert "No rows of seizures" in texts(at.info)
    assert not at.dataframe
    assert not at.main.get("download_button")


@pytest.mark.parametrize("bad", ["drop table seizures", "../../etc/passwd", "Seizures"])
def test_unknown_dataset_in_the_link_is_ignored(bad: str):
    at = open_page(EXPLORER, dataset=bad)
    assert "Ignored the dataset" in texts(at.warning)
    assert at.selectbox(key="explorer_dataset").value == "activities"
    assert len(shown_table(at)) == len(read_sample("activities"))
    assert at.query_params["dataset"] in ("activities", ["activities"])


def test_dataset_choice_survives_a_page_switch():
    at = open_page(EXPLORER, dataset="challenges")
    at.switch_page(COUNTERFEITING).run()
    del at.query_params["dataset"]  # the browser drops the query string on a page switch
    at.switch_page(EXPLORER).run()
    assert not at.exception
    assert at.selectbox(key="explorer_dataset").value == "challenges"


@pytest.fixture
def deferred_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict]:
    """What each download button registers for its click: file name, mime type, callable."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen: dict[str, dict] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen[file_name] = {"mime": mimetype, "build": data_callable}
        return original(self, data_callable, mimetype, coordinates, file_name=file_name,
                        **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen


def sample_seizure_ids(csv_bytes: bytes) -> list[str]:
    return pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig")["seizure_id"].tolist()


def test_csv_download_below_the_zip_threshold(deferred_downloads):
    at = open_page(EXPLORER, dataset="seizures")
    labels = [b.proto.label for b in at.main.get("download_button")]
    assert "📄 CSV (Excel-ready UTF-8)" in labels and not any("zipped" in t for t in labels)
    name = f"seizures_{dt.date.today().isoformat()}.csv"
    assert deferred_downloads[name]["mime"] == "text/csv"
    data = deferred_downloads[name]["build"]()  # what a click runs
    assert data.startswith(b"\xef\xbb\xbf")
    assert sorted(sample_seizure_ids(data)) == sorted(read_sample("seizures")["seizure_id"])
    assert "comes zipped" not in texts(at.caption)


def test_csv_download_is_zipped_above_the_threshold(deferred_downloads, monkeypatch):
    from analytics import downloads

    monkeypatch.setattr(downloads, "ZIP_CSV_ABOVE", 100)
    at = open_page(EXPLORER, dataset="seizures", country="LAO")
    expected = extracts().seizures(Filters(countries=("LAO",)))
    assert 100 < len(expected) < len(read_sample("seizures"))
    labels = [b.proto.label for b in at.main.get("download_button")]
    assert "📄 CSV, zipped (Excel-ready UTF-8)" in labels
    today = dt.date.today().isoformat()
    entry = deferred_downloads[f"seizures_{today}.zip"]
    assert entry["mime"] == "application/zip"
    assert f"seizures_{today}.csv" not in deferred_downloads
    with zipfile.ZipFile(io.BytesIO(entry["build"]())) as archive:
        assert archive.namelist() == [f"seizures_{today}.csv"]
        ids = sample_seizure_ids(archive.read(f"seizures_{today}.csv"))
    assert sorted(ids) == sorted(expected["seizure_id"])
    assert "Above 100 rows the CSV comes zipped" in texts(at.caption)


def test_large_dataset_shows_a_part_and_turns_excel_off(data_copy: Path, use_data,
                                                        deferred_downloads):
    """1,048,576 seizure rows: one more than fits in a sheet with its header."""
    rows = 1_048_576
    s = pd.read_csv(data_copy / "seizures.csv", encoding="utf-8-sig")
    big = s.iloc[np.arange(rows) % len(s)].reset_index(drop=True)
    big["seizure_id"] = [f"B-{i:07d}" for i in range(rows)]
    big["month"] = big["month"].astype("Int64")
    (data_copy / "seizures.csv").unlink()
    big.to_parquet(data_copy / "seizures.parquet", index=False)
    use_data(data_copy)

    at = open_page(EXPLORER, timeout=180, dataset="seizures")
    assert len(shown_table(at)) == 10_000
    assert f"Showing the first 10,000 of {rows:,} rows; downloads contain all {rows:,}" in \
        texts(at.info)
    assert "do not fit in one Excel sheet" in texts(at.warning)
    buttons = {b.proto.label: b.proto for b in at.main.get("download_button")}
    xlsx = next(p for label, p in buttons.items() if "xlsx" in label)
    assert xlsx.disabled
    assert all(not p.disabled for label, p in buttons.items() if "xlsx" not in label)
    # Far above the zip threshold: the CSV comes zipped.
    assert "📄 CSV, zipped (Excel-ready UTF-8)" in buttons
    assert deferred_downloads[f"seizures_{dt.date.today().isoformat()}.zip"]["mime"] == \
        "application/zip"
    assert "the CSV comes zipped" in texts(at.caption)
