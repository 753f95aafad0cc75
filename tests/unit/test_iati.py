"""import-iati: IATI 2.03 activity files become a data folder that passes the check.

Expected values are read from the fixtures themselves with the standard library's
ElementTree (the fixtures are trusted files of this repository), or are the IATI codelists'
published meanings; the product's rows are read back from the DuckDB tables the real loader
builds from the folder written.
"""

from __future__ import annotations

import re
import shutil
import time
import xml.etree.ElementTree as ET  # noqa: S405 - trusted fixtures only, never user input
from collections import Counter
from pathlib import Path

import pycountry
import pytest
from lxml import etree

from analytics import __main__ as cli
from analytics import contract, iati
from analytics.load import load_folder
from tests.unit.test_data_dictionary import README, column_table, sections

HERE = Path(__file__).resolve().parents[1] / "data" / "iati"
EXAMPLE = HERE / "activity-standard-example-annotated.xml"
EXAMPLE_202 = HERE / "activity-standard-example-annotated-2.02.xml"
EDGE = HERE / "edge-programme.xml"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The activity's children the mapping reads (data/README.md); all others are reported.
READ = {"iati-identifier", "reporting-org", "title", "description", "participating-org",
        "activity-status", "activity-date", "recipient-country", "sector", "result"}


def _imported(tmp_path: Path, *files: Path, **options) -> tuple[iati.ImportResult, object]:
    result = iati.import_iati(files, **options)
    out = tmp_path / "data"
    iati.write_folder(result, out)
    loaded = load_folder(out)
    assert loaded.ok, [p.message() for p in loaded.problems]
    return result, loaded.con


def _rows(con, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def _narrative(el: ET.Element, lang: str, default: str | None) -> str:
    for n in el.findall("narrative"):
        if (n.get(LANG) or default) == lang:
            return n.text.strip()
    raise AssertionError(f"no narrative in {lang}")


def _line_of(path: Path, text: str) -> int:
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return no
    raise AssertionError(text)


# --- the IATI standard's own example file ------------------------------------------------

def test_the_standards_example_becomes_a_folder_that_passes_the_check(tmp_path):
    result, con = _imported(tmp_path, EXAMPLE)
    root = ET.parse(EXAMPLE).getroot()
    (activity,) = root.findall("iati-activity")
    lang = activity.get(LANG)
    identifier = activity.find("iati-identifier").text.strip()
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}

    (row,) = _rows(con, "select activity_id, title, description, status, start_date, end_date, "
                        "programme from activities")
    assert row[0] == identifier
    assert row[1] == _narrative(activity.find("title"), "en", lang)
    general = [d for d in activity.findall("description") if d.get("type") == "1"][0]
    assert row[2] == " ".join(_narrative(general, "en", lang).split())
    assert row[3] == "ongoing"  # ActivityStatus 2 = Implementation
    # actual start (type 2) when given; no actual end (type 4), so the planned end (type 3)
    assert str(row[4]) == dates["2"] and "4" not in dates and str(row[5]) == dates["3"]
    assert row[6] == "Other"

    expected_countries = {pycountry.countries.get(alpha_2=c.get("code")).alpha_3:
                          float(c.get("percentage"))
                          for c in activity.findall("recipient-country")}
    got = dict(_rows(con, "select iso3, percentage from activity_countries "
                          "where role = 'beneficiary'"))
    assert got == expected_countries
    names = dict(_rows(con, "select iso3, asean_member from countries"))
    assert set(expected_countries) <= set(names)
    assert {m.iso3 for m in contract.ASEAN_MEMBERS} == {k for k, v in names.items() if v}

    partners = _rows(con, "select partners from activities")[0][0]
    for org in activity.findall("participating-org"):
        assert _narrative(org, "en", lang) in partners

    indicators = [i for r in activity.findall("result") for i in r.findall("indicator")]
    got_ind = _rows(con, "select name, result_title, result_level, measure, direction, "
                         "activity_id from indicators")
    assert len(got_ind) == len(indicators)
    assert got_ind[0] == (_narrative(indicators[0].find("title"), "en", lang),
                          _narrative(activity.find("result/title"), "en", lang),
                          "output", "unit", "higher is better", identifier)

    # Every value with a dimension, with its comment and document, is a breakdown row.
    expected = Counter()
    for ind in indicators:
        for el in [*ind.findall("baseline"), *ind.findall("period/target"),
                   *ind.findall("period/actual")]:
            dims = sorted((d.get("name"), d.get("value")) for d in el.findall("dimension"))
            if dims:
                expected[(el.tag, " × ".join(n for n, _ in dims),
                          " × ".join(v for _, v in dims), float(el.get("value")),
                          _narrative(el.find("comment"), "en", lang),
                          el.find("document-link").get("url"))] += 1
    got_dis = Counter(_rows(con, "select value_type, dimension, category, value, comment, "
                                 "document_url from indicator_disaggregations"))
    assert got_dis == expected and sum(expected.values()) == 3


def test_every_element_not_mapped_is_in_the_summary_with_its_count():
    result = iati.import_iati([EXAMPLE])
    (activity,) = ET.parse(EXAMPLE).getroot().findall("iati-activity")
    skipped = {s.element: n for s, n in result.summary.skipped.items()}
    left_out = Counter(f"iati-activity/{c.tag}" for c in activity if c.tag not in READ)
    assert left_out and all(skipped[k] == n for k, n in left_out.items())
    # inside the results: the locations of baseline, target and actual, the references
    locations = Counter(f"{el.tag}/location" for el in activity.iter()
                        if el.tag in ("baseline", "target", "actual")
                        for _ in el.findall("location"))
    assert all(skipped[k] == n for k, n in locations.items()) and locations
    assert skipped["indicator/reference"] == len(activity.findall("result/indicator/reference"))
    text = "\n".join(result.summary.lines())
    assert "iati-activity/transaction: 1 (the contract has no budgets or finance)" in text


# --- files written for the edge cases -----------------------------------------------------

def test_languages_percentages_periods_and_breakdowns_of_a_programme_file(tmp_path):
    result, con = _imported(tmp_path, EDGE)
    root = ET.parse(EDGE).getroot()
    first, second = root.findall("iati-activity")

    titles = dict(_rows(con, "select activity_id, title from activities"))
    assert titles["XI-IATI-EC_INTPA-2024_IPR-01"] == _narrative(first.find("title"), "en",
                                                                first.get(LANG))
    # only a French title: kept, and said, with its line
    fr = second.find("title/narrative").text
    assert titles["XI-IATI-EC_INTPA-2024-IPR-02"] == fr
    notes = {(p.line, p.column): p for p in result.summary.notes}
    note = notes[(_line_of(EDGE, fr), "title/narrative")]
    assert note.file == EDGE.name and "no title in 'en'" in note.rule and note.value == fr
    # the identifier with a slash is stored with an underscore, and said
    assert any(p.column == "iati-identifier" and p.value.endswith("2024/IPR-01")
               for p in result.summary.notes)

    shares = dict(_rows(con, "select iso3, percentage from activity_countries "
                             "where activity_id = 'XI-IATI-EC_INTPA-2024_IPR-01'"))
    expected = {pycountry.countries.get(alpha_2=c.get("code").upper()).alpha_3:
                float(c.get("percentage")) for c in first.findall("recipient-country")
                if pycountry.countries.get(alpha_2=c.get("code").upper())}
    assert shares == expected and sum(shares.values()) == 100
    zz = [p for p in result.summary.notes if p.value == "ZZ"]
    assert zz[0].line == _line_of(EDGE, 'code="ZZ"') and "alpha-2" in zz[0].rule

    # direction, per-period targets (a future period with a target only), final target
    ind = dict(_rows(con, "select name, direction from indicators"))
    assert ind["Months from filing to first examination"] == "lower is better"
    periods = _rows(con, "select period_end, value, v.target, comment, document_url "
                         "from indicator_values v join indicators i using (indicator_id) "
                         "where i.name = 'Months from filing to first examination' "
                         "order by period_end")
    (indicator,) = [i for i in first.iter("indicator") if "Months" in i.find("title/narrative")
                    .text]
    xml_periods = indicator.findall("period")
    assert [(str(p[0]), p[1], p[2]) for p in periods] == [
        (x.find("period-end").get("iso-date"),
         float(x.find("actual").get("value")) if x.find("actual") is not None else None,
         float(x.find("target").get("value"))) for x in xml_periods]
    assert periods[0][3] == indicator.find("period/actual/comment/narrative").text
    final = _rows(con, "select target, target_date, baseline, baseline_date, "
                       "baseline_document_url from indicators "
                       "where name = 'Months from filing to first examination'")[0]
    assert (final[0], str(final[1])) == (float(xml_periods[-1].find("target").get("value")),
                                         xml_periods[-1].find("period-end").get("iso-date"))
    assert (final[2], str(final[3])) == (float(indicator.find("baseline").get("value")),
                                         f"{indicator.find('baseline').get('year')}-01-01")

    # a result whose indicator has no period, and a result without an indicator
    assert _rows(con, "select count(*) from indicator_values v join indicators i "
                      "using (indicator_id) where i.measure = 'qualitative'") == [(0,)]
    assert any(s.element == "result (without indicator)" for s in result.summary.skipped)
    assert any(p.value == "none yet" and "qualitative" in p.rule for p in result.summary.notes)

    # breakdowns: each dimension's categories add up to the total in the file
    (trained,) = [i for i in first.iter("indicator") if "Examiners" in i.find("title/narrative")
                  .text]
    period = trained.find("period")
    for kind in ("actual", "target"):
        total = [float(e.get("value")) for e in period.findall(kind)
                 if e.find("dimension") is None][0]
        by_dim = Counter()
        for e in period.findall(kind):
            for d in e.findall("dimension"):
                by_dim[d.get("name")] += float(e.get("value"))
        got = dict(_rows(con, "select dimension, sum(value) from indicator_disaggregations "
                              "where value_type = ? group by dimension", [kind]))
        assert got == dict(by_dim) and set(got.values()) == {total}
    assert not any("adds up" in p.rule for p in result.summary.notes)


def test_a_breakdown_that_does_not_add_up_is_said(tmp_path):
    path = tmp_path / "partial.xml"
    path.write_text(EDGE.read_text(encoding="utf-8").replace(
        '<actual value="38"><dimension name="sex" value="male"/>',
        '<actual value="30"><dimension name="sex" value="male"/>'), encoding="utf-8")
    result = iati.import_iati([path])
    (note,) = [p for p in result.summary.notes if "adds up" in p.rule]
    assert note.value == "sex" and "adds up to 82, the total is 90" in note.rule


def test_several_files_and_an_activity_repeated_in_a_second_file(tmp_path):
    copy = tmp_path / "again.xml"
    shutil.copy(EDGE, copy)
    result = iati.import_iati([EDGE, EXAMPLE, copy])
    assert result.summary.rows["activities"] == 3
    repeated = [p for p in result.summary.problems if p.file == "again.xml"]
    assert len(repeated) == 2 and all(f"{EDGE.name}:" in p.rule for p in repeated)


# --- files refused, with a message that says which and what to do -------------------------

def test_another_version_is_refused_with_a_clear_message(tmp_path):
    result = iati.import_iati([EXAMPLE_202])
    (problem, nothing) = result.summary.problems
    version = ET.parse(EXAMPLE_202).getroot().get("version")
    assert (problem.file, problem.line, problem.value) == (
        EXAMPLE_202.name, _line_of(EXAMPLE_202, "<iati-activities "), version)
    assert f"IATI version {version}" in problem.rule and "2.03 only" in problem.rule
    assert "no activity could be imported" in nothing.rule
    out = tmp_path / "out"
    assert cli.main(["import-iati", str(EXAMPLE_202), "--out", str(out)]) == 1
    assert not out.exists()


@pytest.mark.parametrize("fixture", ["unsafe-external-entity.xml",
                                     "unsafe-entity-expansion.xml"])
def test_a_dtd_is_refused_before_parsing(fixture):
    t0 = time.perf_counter()
    result = iati.import_iati([HERE / fixture])
    assert time.perf_counter() - t0 < 2
    problem = result.summary.problems[0]
    assert problem.file == fixture and problem.line == 2 and "DTD" in problem.rule
    assert result.summary.rows["activities"] == 0


def test_the_parser_itself_neither_reads_local_files_nor_expands_entities():
    # Defence in depth: even past the DTD check, the parser substitutes no entity.
    secret = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() \
        else None
    tree = etree.parse(str(HERE / "unsafe-external-entity.xml"), iati._parser())
    text = "".join(tree.getroot().itertext())
    assert not secret or secret not in text
    t0 = time.perf_counter()
    try:
        tree = etree.parse(str(HERE / "unsafe-entity-expansion.xml"), iati._parser())
        assert len("".join(tree.getroot().itertext())) < 10_000
    except etree.XMLSyntaxError:
        pass  # libxml2's amplification limit refuses it: as good
    assert time.perf_counter() - t0 < 2


@pytest.mark.parametrize(("text", "line", "says"), [
    ('<?xml version="1.0"?>\n<iati-organisations version="2.03"/>\n', 2, "organisation file"),
    ('<?xml version="1.0"?>\n<activities version="2.03"/>\n', 2, "not an IATI activity file"),
    ('<?xml version="1.0"?>\n<iati-activities version="2.03">\n <iati-activity>\n'
     '</iati-activities>\n', 4, "not well-formed XML"),
    ('<iati-activities version="2.03">\n <iati-activity><title/></iati-activity>\n'
     '</iati-activities>\n', 2, "no iati-identifier"),
])
def test_files_and_activities_that_cannot_be_read(tmp_path, text, line, says):
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    problem = iati.import_iati([path]).summary.problems[0]
    assert (problem.file, problem.line) == ("bad.xml", line) and says in problem.rule


def test_a_file_above_the_size_limit_is_not_read():
    problem = iati.import_iati([EDGE], max_bytes=1000).summary.problems[0]
    assert problem.value == f"{EDGE.stat().st_size} bytes" and "--max-mb" in problem.rule


# --- the command and the folder ----------------------------------------------------------

def test_the_command_keeps_a_customs_extract_and_the_countries_already_there(tmp_path,
                                                                             capsys):
    sample = Path(__file__).resolve().parents[2] / "data"
    out = tmp_path / "programme"
    out.mkdir()
    for name in ("seizures.csv", "countries.csv", "challenges.csv"):
        shutil.copy(sample / name, out / name)
    before = (out / "seizures.csv").read_bytes()
    code = cli.main(["import-iati", str(EDGE), str(EXAMPLE), "--out", str(out),
                     "--programme", "ARISE+ IPR", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert (out / "seizures.csv").read_bytes() == before
    assert "clean (" in err and "not mapped" in err and "iati-activity/budget" in err
    con = load_folder(out).con
    sample_countries = {r[0] for r in load_folder(sample).con.execute(
        "select iso3 from countries").fetchall()}
    assert sample_countries <= {r[0] for r in _rows(con, "select iso3 from countries")}
    assert _rows(con, "select distinct programme from activities") == [("ARISE+ IPR",)]
    assert _rows(con, "select count(*) from seizures") == _rows(
        load_folder(sample).con, "select count(*) from seizures")


def test_an_unknown_programme_is_refused_by_the_command(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["import-iati", str(EDGE), "--out", str(tmp_path), "--programme", "X"])
    assert "use one of" in capsys.readouterr().err


def test_the_mapping_table_in_the_data_readme_is_the_importers():
    lines = sections(README.read_text(encoding="utf-8"))["Importing IATI activity files"]
    header, rows = column_table(lines)
    assert header == ["IATI 2.03 element", "in the data folder"]
    assert [(r[0].strip("`"), r[1]) for r in rows] == list(iati.MAPPING)
    for source, target in iati.MAPPING:  # every dataset.column named is in the contract
        for ds, col in re.findall(r"\b([a-z_]+)\.([a-z_]+)", target):
            if ds in contract.BY_NAME:
                assert col in contract.dataset(ds).column_names, (source, ds, col)


def test_another_language_is_taken_when_asked(tmp_path):
    result, con = _imported(tmp_path, EDGE, lang="fr")
    root = ET.parse(EDGE).getroot()
    first, second = root.findall("iati-activity")
    titles = dict(_rows(con, "select activity_id, title from activities"))
    # the first activity is in French by default (xml:lang="fr"): its narrative without a
    # language is the French one
    assert titles["XI-IATI-EC_INTPA-2024_IPR-01"] == _narrative(first.find("title"), "fr",
                                                                first.get(LANG))
    assert titles["XI-IATI-EC_INTPA-2024-IPR-02"] == second.find("title/narrative").text
    # indicators have English titles only: kept, and each said
    said = [p for p in result.summary.notes if p.column == "indicator/title/narrative"]
    assert len(said) == len(first.findall("result/indicator"))
    assert all("no title in 'fr'" in p.rule for p in said)
