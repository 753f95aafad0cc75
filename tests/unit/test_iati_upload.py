"""The upload takes IATI 2.03 activity files: the import's datasets, the served countries kept.

Expected counts are read from the fixtures with the standard library's ElementTree (trusted
files of this repository); the product's rows are read back from the DuckDB tables the real
check builds from the staged folder.
"""

from __future__ import annotations

import csv
import shutil
import xml.etree.ElementTree as ET  # noqa: S405 - trusted fixtures only, never user input
from pathlib import Path

import pycountry
import pytest

from analytics import iati, publish
from analytics.uploads import read_upload

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny"
HERE = ROOT / "tests" / "data" / "iati"
EXAMPLE = HERE / "activity-standard-example-annotated.xml"
EXAMPLE_202 = HERE / "activity-standard-example-annotated-2.02.xml"
EDGE = HERE / "edge-programme.xml"


@pytest.fixture
def served(tmp_path: Path) -> Path:
    folder = tmp_path / "served"
    shutil.copytree(TINY, folder)
    return folder


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _recipients(path: Path) -> set[str]:
    """The activities' own recipient countries (not those of their transactions)."""
    out = set()
    for el in ET.parse(path).getroot().findall("iati-activity/recipient-country"):
        country = pycountry.countries.get(alpha_2=el.get("code", "").upper())
        if country is not None:
            out.add(country.alpha_3)
    return out


def test_an_iati_file_makes_the_activity_datasets_and_keeps_the_served_countries(
        tmp_path, served, store):
    activities = ET.parse(EDGE).getroot().findall("iati-activity")
    # The served participation names the served activities: the programme's own (none yet)
    # is uploaded with the file, seizures and challenges keep their served version.
    header = (TINY / "participation.csv").read_text(encoding="utf-8").splitlines()[0]
    c = publish.check_upload([(EDGE.name, EDGE.read_bytes()),
                              ("participation.csv", (header + "\n").encode())],
                             served, store)
    assert c.ok, c.table.to_string()
    assert set(c.upload.files) == set(iati.PRODUCED) | {"participation"}
    assert all(EDGE.name in c.upload.origins[d].label for d in iati.PRODUCED)
    assert c.staged.sources["seizures"] == publish.base_label(store)
    con = c.result.con
    try:
        assert con.execute("select count(*) from activities").fetchone()[0] == len(activities)
        assert con.execute("select count(*) from seizures").fetchone()[0] == len(
            _csv_rows(TINY / "seizures.csv"))
        got = {r[0]: r[1:] for r in con.execute(
            "select iso3, name, name_local, asean_member from countries").fetchall()}
    finally:
        con.close()
    for row in _csv_rows(TINY / "countries.csv"):
        assert got[row["iso3"]] == (row["name"], row["name_local"] or None,
                                    row["asean_member"] == "true"), row["iso3"]
    assert _recipients(EDGE) <= set(got)
    # What the import left out is said, as on the command line.
    assert any("not mapped" in n for n in c.upload.notices)


def test_the_served_participation_naming_other_activities_is_a_problem_of_the_kept_file(
        served, store):
    c = publish.check_upload([(EXAMPLE.name, EXAMPLE.read_bytes())], served, store)
    assert not c.upload.problems
    assert not c.ok
    kept = c.table[c.table["File or sheet"].str.startswith("participation.csv")]
    assert len(kept) and all(publish.base_label(store) in f for f in kept["File or sheet"])
    assert any("iati-activity/budget" in n for n in c.upload.notices)


def test_a_file_on_disk_is_read_where_it_is(tmp_path, served):
    up = read_upload([(EXAMPLE.name, EXAMPLE)], tmp_path / "work", countries_from=served)
    assert not up.problems
    rows = _csv_rows(up.files["activities"])
    (activity,) = ET.parse(EXAMPLE).getroot().findall("iati-activity")
    assert [r["activity_id"] for r in rows] == [activity.find("iati-identifier").text.strip()]
    countries = {r["iso3"]: r for r in _csv_rows(up.files["countries"])}
    assert countries["THA"]["name_local"] == "ประเทศไทย"
    assert _recipients(EXAMPLE) <= set(countries)


def test_a_dataset_both_uploaded_and_made_by_the_import_is_refused(tmp_path, served, store):
    items = [("activities.csv", (TINY / "activities.csv").read_bytes()),
             (EDGE.name, EDGE.read_bytes())]
    c = publish.check_upload(items, served, store)
    (twice,) = c.upload.problems
    assert twice.file == EDGE.name
    assert "the dataset activities is in the upload twice" in twice.rule
    assert "activities.csv" in twice.rule and "keep one" in twice.rule
    assert c.upload.origins["activities"].label == "activities.csv"
    assert (c.upload.files["activities"].read_bytes()
            == (TINY / "activities.csv").read_bytes())
    assert EDGE.name in c.upload.origins["indicators"].label
    assert not c.ok


def test_another_iati_version_is_refused_naming_the_file(tmp_path, served, store):
    c = publish.check_upload([(EXAMPLE_202.name, EXAMPLE_202.read_bytes())], served, store)
    expected = iati.import_iati([EXAMPLE_202]).summary.problems
    assert [(p.file, p.line, p.value, p.rule) for p in c.upload.problems] == [
        (p.file, p.line, p.value, p.rule) for p in expected]
    version = ET.parse(EXAMPLE_202).getroot().get("version")
    first = c.upload.problems[0]
    assert first.file == EXAMPLE_202.name and f"IATI version {version}" in first.rule
    assert not c.upload.files and not c.ok
    assert EXAMPLE_202.name in set(c.table["File or sheet"])


@pytest.mark.parametrize("content, says", [
    (b"iso3,name\nTHA,Thailand\n", "not well-formed XML"),
    (b"<activities><activity/></activities>", "not an IATI activity file"),
])
def test_a_file_named_xml_that_is_not_an_iati_activity_file_is_refused(tmp_path, content,
                                                                       says):
    up = read_upload([("extract.xml", content)], tmp_path / "work")
    assert up.problems and up.problems[0].file == "extract.xml"
    assert says in up.problems[0].rule
    assert not up.files


def test_an_xml_file_counts_towards_the_upload_limits(tmp_path):
    from analytics.uploads import Limits

    limits = Limits(max_bytes=EDGE.stat().st_size - 1, max_files=20,
                    max_unzipped_bytes=1 << 30, max_cells=1 << 30)
    up = read_upload([(EDGE.name, EDGE.read_bytes())], tmp_path / "work", limits)
    (problem,) = up.problems
    assert "more than the limit" in problem.rule and not up.files


def test_served_countries_in_parquet_are_kept_too(tmp_path):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    folder = tmp_path / "served"
    folder.mkdir()
    table = pacsv.read_csv(TINY / "countries.csv")  # booleans and dates typed, as exported
    pq.write_table(table, folder / "countries.parquet")
    assert iati.read_countries(folder) == iati.read_countries(TINY)
