"""Turn IATI 2.03 activity files into a data folder of the dashboard's contract.

`import_iati(paths)` reads the files safely (no DTD, no entity expansion, no network, a size
limit), maps each `iati-activity` to the contract's rows (`MAPPING` says what goes where, and
data/README.md prints it) and returns the rows with a summary: what was mapped, what was not
(element by element, never dropped silently) and the problems that stopped a file. It never
writes anything; `write_folder` does, and `python -m analytics import-iati` calls both and
then checks the folder as `check` would.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from lxml import etree

from analytics import contract
from analytics.problems import Problem

SUPPORTED_VERSION = "2.03"
MAX_BYTES = 100 * 1024 * 1024  # the largest IATI publisher files are tens of megabytes
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI codelists (version 2.03) in the contract's words.
ACTIVITY_STATUS = {  # ActivityStatus
    "1": "planned",  # Pipeline/identification
    "2": "ongoing",  # Implementation
    "3": "completed",  # Finalisation: physically complete, awaiting financial sign-off
    "4": "completed",  # Closed
    "5": "cancelled",  # Cancelled
    "6": "postponed",  # Suspended
}
ACTIVITY_STATUS_NAMES = {"1": "Pipeline/identification", "2": "Implementation",
                         "3": "Finalisation", "4": "Closed", "5": "Cancelled",
                         "6": "Suspended"}
RESULT_LEVEL = {"1": "output", "2": "outcome", "3": "impact", "9": "other"}  # ResultType
MEASURE = {"1": "unit", "2": "percentage", "3": "nominal", "4": "ordinal",  # IndicatorMeasure
           "5": "qualitative"}
# The contract's `unit` column names what the values count; IATI only gives the measure.
UNIT_OF_MEASURE = {"unit": "units", "percentage": "percent", "nominal": "nominal",
                   "ordinal": "ordinal", "qualitative": "qualitative"}
ORG_ROLE = {"1": "funding", "2": "accountable", "3": "extending", "4": "implementing"}
SECTOR_VOCABULARY = {"1": "DAC 5 digit", "2": "DAC 3 digit", "99": "reporting organisation"}
TRUE_TEXT = ("1", "true")

# What is read, element by element: (IATI 2.03 element, where it goes in the contract).
# data/README.md prints this table (a test checks they agree).
MAPPING: tuple[tuple[str, str], ...] = (
    ("iati-identifier", "activities.activity_id (characters outside letters, digits, `_ . -` "
     "become `_`, said in the summary)"),
    ("title/narrative", "activities.title, in the language asked for (English unless "
     "`--lang`), else the first narrative (said in the summary)"),
    ("description/narrative", "activities.description (the general description, type 1, "
     "else the first)"),
    ("activity-status/@code", "activities.status: 1 Pipeline/identification → planned, "
     "2 Implementation → ongoing, 3 Finalisation and 4 Closed → completed, 5 Cancelled → "
     "cancelled, 6 Suspended → postponed"),
    ("activity-date/@iso-date", "activities.start_date: actual start (type 2), else planned "
     "start (1); end_date: actual end (4), else planned end (3); notes say which"),
    ("recipient-country/@code, @percentage", "activity_countries (role beneficiary, "
     "percentage); ISO alpha-2 → alpha-3; each country also in countries"),
    ("participating-org, reporting-org", "activities.partners: name (else @ref) and role "
     "(funding, accountable, extending, implementing, reporting)"),
    ("sector/@vocabulary, @code, @percentage", "activities.sectors"),
    ("result/@type, result/title", "indicators.result_level (1 output, 2 outcome, 3 impact, "
     "9 other), indicators.result_title, indicators.activity_id"),
    ("result/indicator/@measure, @ascending", "indicators.measure (1 unit, 2 percentage, "
     "3 nominal, 4 ordinal, 5 qualitative) and unit; indicators.direction (ascending 1 or "
     "absent → higher is better, 0 → lower is better)"),
    ("indicator/title, description", "indicators.name, indicators.description; "
     "indicator_id is `<activity_id>-R<n>-I<m>` (IATI 2.03 indicators have no identifier)"),
    ("indicator/baseline/@value, @iso-date (else @year), comment, document-link",
     "indicators.baseline, baseline_date (1 January of @year), baseline_comment, "
     "baseline_document_title, baseline_document_url"),
    ("indicator/period/period-start, period-end", "indicator_values.period_start, "
     "period_end"),
    ("period/target/@value, comment, document-link", "indicator_values.target, "
     "target_comment; the last period's target is also indicators.target and target_date"),
    ("period/actual/@value, comment, document-link", "indicator_values.value, comment, "
     "document_title, document_url"),
    ("baseline, target, actual with dimension/@name, @value",
     "indicator_disaggregations (value_type, dimension, category, value, comment, document); "
     "several dimensions on one value are joined by ` × `; the value without a dimension is "
     "the total"),
)

# The children of each element that the mapping reads; any other child is reported.
_READ: dict[str, set[str]] = {
    "iati-activity": {"iati-identifier", "reporting-org", "title", "description",
                      "participating-org", "activity-status", "activity-date",
                      "recipient-country", "sector", "result"},
    "result": {"title", "indicator"},
    "indicator": {"title", "description", "baseline", "period"},
    "period": {"period-start", "period-end", "target", "actual"},
    "value": {"dimension", "comment", "document-link"},  # baseline, target, actual
}
_WHY = {  # why a common element is left out, for the summary
    "budget": "the contract has no budgets or finance",
    "planned-disbursement": "the contract has no budgets or finance",
    "transaction": "the contract has no budgets or finance",
    "capital-spend": "the contract has no budgets or finance",
    "crs-add": "the contract has no budgets or finance",
    "fss": "the contract has no budgets or finance",
    "country-budget-items": "the contract has no budgets or finance",
    "default-flow-type": "the contract has no budgets or finance",
    "default-finance-type": "the contract has no budgets or finance",
    "default-aid-type": "the contract has no budgets or finance",
    "default-tied-status": "the contract has no budgets or finance",
    "recipient-region": "the contract places activities in countries only",
    "location": "the contract places activities in countries only",
    "contact-info": "the contract keeps no contact details",
}
_ORDER = [ds.name for ds in contract.DATASETS]


@dataclass(frozen=True)
class Skipped:
    """An element (or a value) of the files that did not reach the data folder, and why."""

    element: str  # its path, e.g. iati-activity/budget
    why: str


@dataclass
class ImportSummary:
    """What an import did: files read, rows made, what was left out and why, problems."""

    files: list[str] = field(default_factory=list)  # the files read
    given: int = 0  # the files given
    rows: dict[str, int] = field(default_factory=dict)
    skipped: Counter[Skipped] = field(default_factory=Counter)
    notes: list[Problem] = field(default_factory=list)  # values changed or left out
    problems: list[Problem] = field(default_factory=list)  # files or activities not read

    @property
    def ok(self) -> bool:
        return not self.problems and self.rows.get("activities", 0) > 0

    def lines(self) -> list[str]:
        """The summary in words, one line each."""
        made = ", ".join(f"{name} {self.rows[name]}" for name in _ORDER if name in self.rows)
        out = [f"read {len(self.files)} of {self.given} file(s): {made or 'no rows'}"
               if self.files else f"read none of {self.given} file(s)"]
        if self.skipped:
            out.append("not mapped (left out of the data folder):")
            out += [f"  {s.element}: {n} ({s.why})" for s, n in sorted(
                self.skipped.items(), key=lambda kv: kv[0].element)]
        if self.notes:
            out.append("values changed or left out:")
            out += [f"  {p.message()}" for p in self.notes]
        if self.problems:
            out.append("problems (not imported):")
            out += [f"  {p.message()}" for p in self.problems]
        return out


@dataclass
class ImportResult:
    """The rows of each dataset (text cells, as a CSV holds them) and the summary."""

    tables: dict[str, list[dict[str, str | None]]]
    summary: ImportSummary


# --- reading XML safely ------------------------------------------------------------------

def _parser() -> etree.XMLParser:
    # No DTD is loaded and no entity is substituted, so neither an external entity (a local
    # file, a URL) nor an expansion bomb can act; no_network forbids any fetch; huge_tree
    # stays off, so libxml2's own depth and size limits hold.
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


_PROLOG_ITEM = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.S)


def _declares_dtd(head: bytes) -> bool:
    """Whether the prolog (before the root element) holds a <!DOCTYPE ...>."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: read it as text first
        head = head.decode("utf-16", "replace").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    pos = 0
    while m := _PROLOG_ITEM.match(head, pos):
        pos = m.end()
    return head[pos:].lstrip().upper().startswith(b"<!DOCTYPE")


def parse_file(path: Path, max_bytes: int = MAX_BYTES) -> tuple[etree._ElementTree | None,
                                                                Problem | None]:
    """The file's XML tree, or the problem that stops it being read."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as e:
        return None, Problem(name, None, None, None,
                             f"cannot be read ({e.strerror}): check the path")
    if size > max_bytes:
        return None, Problem(name, None, None, f"{size} bytes",
                             f"larger than the limit of {max_bytes} bytes: split the file by "
                             "activity, or raise the limit with --max-mb")
    with path.open("rb") as f:
        head = f.read(1 << 16)
    if _declares_dtd(head):
        # Refused before parsing: a DTD is where external entities and entity-expansion
        # bombs are declared, and IATI files never have one.
        return None, Problem(name, head.count(b"\n", 0, head.upper().find(b"<!DOCTYPE")) + 1,
                             None, "<!DOCTYPE ...>",
                             "declares a DTD, which IATI files never have and which is "
                             "refused for safety (it can pull in local files or expand into "
                             "gigabytes): remove the <!DOCTYPE ...> declaration")
    try:
        tree = etree.parse(str(path), _parser())
    except etree.XMLSyntaxError as e:
        line, column = (e.position if e.position else (None, None))
        where = f" at column {column}" if column else ""
        return None, Problem(name, line, None, None,
                             f"not well-formed XML{where} ({e.msg}): export the file again "
                             "from the publishing system, or validate it with the IATI "
                             "validator")
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        # IATI files have no DTD; one that declares entities is at best a mistake.
        return None, Problem(name, 1, None, tree.docinfo.doctype or "<!DOCTYPE>",
                             "declares a DTD (<!DOCTYPE ...>), which IATI files never have "
                             "and which is refused for safety: remove it")
    root = tree.getroot()
    if root.tag == "iati-organisations":
        return None, Problem(name, root.sourceline, None, "iati-organisations",
                             "an IATI organisation file: import the activity file "
                             "(<iati-activities>) instead")
    if root.tag != "iati-activities":
        return None, Problem(name, root.sourceline, None, str(root.tag),
                             "not an IATI activity file: its root element must be "
                             "<iati-activities>")
    version = (root.get("version") or "").strip()
    if version != SUPPORTED_VERSION:
        return None, Problem(name, root.sourceline, "iati-activities/@version",
                             version or "(none)",
                             f"IATI version {version or 'not given'}: this importer reads "
                             f"version {SUPPORTED_VERSION} only; ask the publisher for a "
                             f"{SUPPORTED_VERSION} file or convert it (IATI's version "
                             "upgrade guidance lists the changes)")
    return tree, None


# --- reading values ----------------------------------------------------------------------

def _local(tag: object) -> str:
    return tag if isinstance(tag, str) else ""


def _narrative(el: etree._Element | None, lang: str, default_lang: str | None,
               ) -> tuple[str | None, str | None]:
    """(text in `lang`, else the first narrative's; the language used when not `lang`)."""
    if el is None:
        return None, None
    texts = []
    for n in el.findall("narrative"):
        text = " ".join("".join(n.itertext()).split())
        if text:
            texts.append(((n.get(XML_LANG) or default_lang or "").lower(), text))
    for code, text in texts:
        if code == lang:
            return text, None
    if texts:
        return texts[0][1], texts[0][0] or "an unstated language"
    return None, None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _date(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10]).isoformat()
    except ValueError:
        return None


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def iso3_of(alpha2: str) -> str | None:
    """ISO 3166-1 alpha-3 of an alpha-2 code (XK, Kosovo, as XKX); None when unknown."""
    code = alpha2.strip().upper()
    if code == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return country.alpha_3 if country else None


def country_name(iso3: str) -> str:
    if iso3 == "XKX":
        return "Kosovo"
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or country.name


# --- the mapping -------------------------------------------------------------------------

class _Reader:
    """Maps the activities of the files given, in order, into rows of the contract."""

    def __init__(self, lang: str, programme: str, cluster: str) -> None:
        self.lang = lang.lower()
        self.programme = programme
        self.cluster = cluster
        self.summary = ImportSummary()
        self.tables: dict[str, list[dict[str, str | None]]] = {
            ds.name: [] for ds in contract.DATASETS}
        self.activity_ids: dict[str, str] = {}  # activity_id -> file:line of its activity
        self.countries: set[str] = set()
        self.breakdowns: set[tuple[str, ...]] = set()  # keys of indicator_disaggregations
        self.activity_lang: str | None = None  # the activity's xml:lang, else the file's
        self.file = ""

    # -- reporting --
    def skip(self, path: str, why: str) -> None:
        self.summary.skipped[Skipped(path, why)] += 1

    def note(self, el: etree._Element | None, where: str, value: object, rule: str) -> None:
        line = el.sourceline if el is not None else None
        self.summary.notes.append(Problem(self.file, line, where,
                                          None if value is None else str(value), rule))

    def unread_children(self, el: etree._Element, kind: str, path: str) -> None:
        for child in el:
            tag = _local(child.tag)
            if not tag:
                continue  # comments and processing instructions
            if tag not in _READ[kind]:
                why = _WHY.get(tag, "not part of the dashboard's contract")
                if "}" in tag:
                    why = "an extension element of another namespace"
                self.skip(f"{path}/{tag}", why)

    # -- one file --
    def read(self, path: Path, max_bytes: int) -> None:
        self.file = path.name
        tree, problem = parse_file(path, max_bytes)
        if problem is not None:
            self.summary.problems.append(problem)
            return
        self.summary.files.append(path.name)
        root = tree.getroot()
        activities = root.findall("iati-activity")
        if not activities:
            self.summary.problems.append(Problem(
                self.file, root.sourceline, None, None,
                "holds no <iati-activity>: nothing to import"))
        for child in root:
            if _local(child.tag) and child.tag != "iati-activity":
                self.skip(f"iati-activities/{child.tag}", "not part of the dashboard's contract")
        for activity in activities:
            self.activity(activity, root.get(XML_LANG))

    # -- one activity --
    def activity(self, a: etree._Element, file_lang: str | None) -> None:
        lang = self.activity_lang = a.get(XML_LANG) or file_lang
        ident_el = a.find("iati-identifier")
        identifier = " ".join((ident_el.text or "").split()) if ident_el is not None else ""
        if not identifier:
            self.summary.problems.append(Problem(
                self.file, a.sourceline, "iati-identifier", None,
                "the activity has no iati-identifier, so it cannot be told apart from "
                "others: add one (the activity is not imported)"))
            return
        activity_id = re.sub(r"[^A-Za-z0-9_.\-]", "_", identifier)
        if not activity_id[0].isalnum():
            activity_id = "A" + activity_id
        if activity_id != identifier:
            self.note(ident_el, "iati-identifier", identifier,
                      f"stored as activity_id {activity_id} (only letters, digits, _ . - are "
                      "allowed)")
        if activity_id in self.activity_ids:
            self.summary.problems.append(Problem(
                self.file, a.sourceline, "iati-identifier", identifier,
                f"the same activity as {self.activity_ids[activity_id]}: it is imported once; "
                "remove the repeated activity from one of the files"))
            return
        self.activity_ids[activity_id] = f"{self.file}:{a.sourceline}"
        self.unread_children(a, "iati-activity", "iati-activity")

        title, other_lang = _narrative(a.find("title"), self.lang, lang)
        if title is None:
            title = identifier
            self.note(a.find("title") if a.find("title") is not None else a, "title", None,
                      "no title narrative: the identifier is used as the title")
        elif other_lang:
            self.note(a.find("title"), "title/narrative", title,
                      f"no title in '{self.lang}': the one in {other_lang} is used")
        descriptions = a.findall("description")
        general = [d for d in descriptions if (d.get("type") or "1") == "1"] or descriptions
        description, _ = _narrative(general[0] if general else None, self.lang, lang)
        for extra in descriptions:
            if extra is not (general[0] if general else None):
                self.skip("iati-activity/description[@type!=1]",
                          "only the general description is kept")

        status = self.status(a)
        start, end, notes = self.dates(a)
        partners = self.partners(a, lang)
        sectors = self.sectors(a, lang)
        self.recipients(a, activity_id)
        self.tables["activities"].append({
            "activity_id": activity_id, "programme": self.programme, "work_plan": None,
            "number": None, "title": title, "cluster": self.cluster, "expected_result": None,
            "activity_type": "other", "start_date": start, "end_date": end,
            "status": status, "host_iso3": None, "city": None,
            "source": f"IATI {SUPPORTED_VERSION} file {self.file} (activity on line "
                      f"{a.sourceline}: {identifier})",
            "notes": "; ".join(notes) or None, "description": description,
            "partners": partners, "sectors": sectors, "illustrative": None,
        })
        for r_no, result in enumerate(a.findall("result"), start=1):
            self.result(result, activity_id, r_no, lang)

    def status(self, a: etree._Element) -> str:
        el = a.find("activity-status")
        code = (el.get("code") or "").strip() if el is not None else ""
        if code in ACTIVITY_STATUS:
            return ACTIVITY_STATUS[code]
        self.note(el if el is not None else a, "activity-status/@code", code or None,
                  "not an IATI ActivityStatus code (1-6): status set to planned; correct it "
                  "in the file or in activities.csv")
        return "planned"

    def dates(self, a: etree._Element) -> tuple[str | None, str | None, list[str]]:
        found: dict[str, tuple[str, etree._Element]] = {}
        for el in a.findall("activity-date"):
            kind, value = (el.get("type") or "").strip(), el.get("iso-date")
            parsed = _date(value)
            if kind not in ("1", "2", "3", "4"):
                self.note(el, "activity-date/@type", kind or None,
                          "not an ActivityDateType (1-4): the date is left out")
            elif parsed is None:
                self.note(el, "activity-date/@iso-date", value,
                          "not a date YYYY-MM-DD: the date is left out")
            else:
                found.setdefault(kind, (parsed, el))
        notes = []
        start = end = None
        for kind, label in (("2", "actual start"), ("1", "planned start")):
            if kind in found:
                start = found[kind][0]
                notes.append(f"start: {label} (IATI activity-date type {kind})")
                break
        for kind, label in (("4", "actual end"), ("3", "planned end")):
            if kind in found:
                end = found[kind][0]
                notes.append(f"end: {label} (IATI activity-date type {kind})")
                break
        if end is not None and (start is None or end < start):
            el = found.get("4", found.get("3"))[1]
            self.note(el, "activity-date/@iso-date", end,
                      "an end date before the start date (or without a start): the end date "
                      "is left out; correct the dates in the file")
            notes = [n for n in notes if not n.startswith("end:")]
            end = None
        return start, end, notes

    def partners(self, a: etree._Element, lang: str | None) -> str | None:
        names = []
        for el in [*a.findall("reporting-org"), *a.findall("participating-org")]:
            name, _ = _narrative(el, self.lang, lang)
            name = name or el.get("ref")
            if not name:
                self.note(el, el.tag, None, "an organisation with neither a name nor @ref: "
                          "left out")
                continue
            role = "reporting" if el.tag == "reporting-org" else ORG_ROLE.get(
                (el.get("role") or "").strip(), "role not given")
            names.append(f"{name} ({role})")
        return "; ".join(names) or None

    def sectors(self, a: etree._Element, lang: str | None) -> str | None:
        out = []
        for el in a.findall("sector"):
            vocab = (el.get("vocabulary") or "1").strip()
            code = (el.get("code") or "").strip()
            if not code:
                self.note(el, "sector/@code", None, "a sector without a code: left out")
                continue
            label = SECTOR_VOCABULARY.get(vocab, f"vocabulary {vocab}")
            name, _ = _narrative(el, self.lang, lang)
            share = _number(el.get("percentage"))
            text = f"{label} {code}" + (f" {name}" if name else "")
            out.append(text + (f" ({_cell(share)} %)" if share is not None else ""))
        return "; ".join(out) or None

    def recipients(self, a: etree._Element, activity_id: str) -> None:
        seen: set[str] = set()
        for el in a.findall("recipient-country"):
            code = (el.get("code") or "").strip()
            iso3 = iso3_of(code)
            if iso3 is None:
                self.note(el, "recipient-country/@code", code or None,
                          "not an ISO 3166-1 alpha-2 country code: the country is left out; "
                          "correct the code in the file")
                continue
            if iso3 in seen:
                self.note(el, "recipient-country/@code", code, "the country is listed twice: "
                          "kept once")
                continue
            seen.add(iso3)
            share = _number(el.get("percentage"))
            if el.get("percentage") is not None and (share is None or not 0 <= share <= 100):
                self.note(el, "recipient-country/@percentage", el.get("percentage"),
                          "not a percentage between 0 and 100: left empty")
                share = None
            self.countries.add(iso3)
            self.tables["activity_countries"].append({
                "activity_id": activity_id, "iso3": iso3, "role": "beneficiary",
                "percentage": _cell(share), "illustrative": None})

    # -- results --
    def result(self, result: etree._Element, activity_id: str, r_no: int,
               lang: str | None) -> None:
        self.unread_children(result, "result", "result")
        title, other = _narrative(result.find("title"), self.lang, lang)
        if title is None:
            title = f"Result {r_no}"
            self.note(result, "result/title", None,
                      f"a result without a title: called '{title}'")
        elif other:
            self.note(result.find("title"), "result/title/narrative", title,
                      f"no title in '{self.lang}': the one in {other} is used")
        kind = (result.get("type") or "").strip()
        level = RESULT_LEVEL.get(kind) or (kind.lower() if kind.lower() in
                                           contract.RESULT_LEVELS else None)
        if level is None:
            self.note(result, "result/@type", kind or None,
                      "not a ResultType (1 output, 2 outcome, 3 impact, 9 other): the level "
                      "is left empty")
        indicators = result.findall("indicator")
        if not indicators:
            self.skip("result (without indicator)",
                      "the results framework holds indicators; a result without one has "
                      "nothing to measure")
        for i_no, indicator in enumerate(indicators, start=1):
            self.indicator(indicator, activity_id, f"{activity_id}-R{r_no}-I{i_no}",
                           title, level, lang)

    def indicator(self, ind: etree._Element, activity_id: str, indicator_id: str,
                  result_title: str, level: str | None, lang: str | None) -> None:
        self.unread_children(ind, "indicator", "indicator")
        name, other = _narrative(ind.find("title"), self.lang, lang)
        if name is None:
            name = indicator_id
            self.note(ind, "indicator/title", None,
                      "an indicator without a title: its identifier is used")
        elif other:
            self.note(ind.find("title"), "indicator/title/narrative", name,
                      f"no title in '{self.lang}': the one in {other} is used")
        description, _ = _narrative(ind.find("description"), self.lang, lang)
        measure_code = (ind.get("measure") or "").strip()
        measure = MEASURE.get(measure_code) or (
            measure_code.lower() if measure_code.lower() in contract.MEASURES else None)
        if measure is None:
            self.note(ind, "indicator/@measure", measure_code or None,
                      "not an IndicatorMeasure (1-5): the measure is left empty and the unit "
                      "is 'units'")
        ascending = (ind.get("ascending") or "1").strip().lower()
        direction = "higher is better" if ascending in TRUE_TEXT else "lower is better"

        baseline = baseline_date = None
        extra: dict[str, str | None] = {}
        for b in ind.findall("baseline"):
            self.unread_children(b, "value", "baseline")
            b_date = _date(b.get("iso-date"))
            if b_date is None and (b.get("year") or "").strip().isdigit():
                b_date = f"{int(b.get('year')):04d}-01-01"
            value = self.value_of(b, "baseline/@value", measure)
            dims = b.findall("dimension")
            if dims:
                if b_date is None:
                    self.note(b, "baseline/@iso-date", None, "a broken-down baseline without "
                              "a date or year: left out")
                    continue
                self.disaggregation(b, indicator_id, "baseline", b_date, value)
                continue
            if baseline is not None or baseline_date is not None:
                self.note(b, "baseline", b.get("value"), "a second baseline without a "
                          "dimension: the first one is kept")
                continue
            baseline, baseline_date = value, b_date
            comment, doc_title, doc_url = self.evidence(b, lang)
            extra = {"baseline_comment": comment, "baseline_document_title": doc_title,
                     "baseline_document_url": doc_url}

        periods: dict[str, dict[str, str | None]] = {}
        final: tuple[str, float] | None = None
        for p in ind.findall("period"):
            row = self.period(p, indicator_id, measure, lang)
            if row is None:
                continue
            if row["period_end"] in periods:
                self.note(p, "period/period-end", row["period_end"],
                          "a second period ending on the same day for this indicator: the "
                          "first is kept; merge the two periods in the file")
                continue
            periods[row["period_end"]] = row
            target = _number(row["target"])
            if target is not None and (final is None or row["period_end"] > final[0]):
                final = (row["period_end"], target)
        for row in sorted(periods.values(), key=lambda r: r["period_end"]):
            if row["value"] is None and row["target"] is None:
                self.skip("period (without a total target or actual)",
                          "nothing to show for the period; its breakdown, if any, is kept")
                continue
            self.tables["indicator_values"].append(row)

        target = target_date = None
        if final is not None:
            target_date, target = final
            if baseline is not None and target == baseline:
                self.note(ind, "period/target/@value", _cell(target),
                          "the final target equals the baseline, so progress is undefined: "
                          "indicators.target is left empty (the period targets are kept)")
                target = target_date = None
            elif baseline_date is not None and target_date <= baseline_date:
                self.note(ind, "period/period-end", target_date,
                          "the last target's period ends before the baseline date: "
                          "indicators.target is left empty (the period targets are kept)")
                target = target_date = None
        self.tables["indicators"].append({
            "indicator_id": indicator_id, "expected_result": None, "name": name,
            "unit": UNIT_OF_MEASURE.get(measure or "unit", "units"),
            "baseline": _cell(baseline), "target": _cell(target),
            "baseline_date": baseline_date, "target_date": target_date,
            "result_title": result_title, "result_level": level,
            "activity_id": activity_id, "measure": measure, "direction": direction,
            "cumulative": None, "description": description, **{
                k: extra.get(k) for k in ("baseline_comment", "baseline_document_title",
                                          "baseline_document_url")},
            "illustrative": None,
        })

    def value_of(self, el: etree._Element, where: str, measure: str | None) -> float | None:
        text = el.get("value")
        if text is None or not text.strip():
            return None
        value = _number(text)
        if value is None:
            why = ("a qualitative indicator's value is not a number" if measure ==
                   "qualitative" else "not a number")
            self.note(el, where, text, f"{why}: left empty (its comment is kept); write "
                      "a number, e.g. 12.5")
        return value

    def evidence(self, el: etree._Element, lang: str | None,
                 ) -> tuple[str | None, str | None, str | None]:
        """(comment, document title, document url) of a baseline, target or actual."""
        comment, _ = _narrative(el.find("comment"), self.lang, lang)
        docs = el.findall("document-link")
        doc_title = doc_url = None
        if docs:
            doc_title, _ = _narrative(docs[0].find("title"), self.lang, lang)
            doc_url = (docs[0].get("url") or "").strip() or None
            for _ in docs[1:]:
                self.skip(f"{el.tag}/document-link (second and later)",
                          "one document per value is kept")
        return comment, doc_title, doc_url

    def period(self, p: etree._Element, indicator_id: str, measure: str | None,
               lang: str | None) -> dict[str, str | None] | None:
        self.unread_children(p, "period", "period")
        start_el, end_el = p.find("period-start"), p.find("period-end")
        start = _date(start_el.get("iso-date")) if start_el is not None else None
        end = _date(end_el.get("iso-date")) if end_el is not None else None
        if end is None:
            self.note(end_el if end_el is not None else p, "period/period-end/@iso-date",
                      end_el.get("iso-date") if end_el is not None else None,
                      "a period without a valid end date is left out: write YYYY-MM-DD")
            return None
        if start is not None and start > end:
            self.note(start_el, "period/period-start/@iso-date", start,
                      "the period starts after it ends: its start is left empty")
            start = None
        row: dict[str, str | None] = {
            "indicator_id": indicator_id, "period_end": end, "value": None,
            "period_start": start, "target": None, "comment": None, "document_title": None,
            "document_url": None, "target_comment": None, "illustrative": None}
        for kind in ("target", "actual"):
            total_seen = False
            for el in p.findall(kind):
                self.unread_children(el, "value", kind)
                value = self.value_of(el, f"{kind}/@value", measure)
                if el.findall("dimension"):
                    self.disaggregation(el, indicator_id, kind, end, value)
                    continue
                if total_seen:
                    self.note(el, f"period/{kind}", el.get("value"),
                              f"a second {kind} without a dimension in one period: the first "
                              "is kept")
                    continue
                total_seen = True
                comment, doc_title, doc_url = self.evidence(el, lang)
                if kind == "target":
                    row["target"], row["target_comment"] = _cell(value), comment
                    if doc_title or doc_url:
                        self.skip("target/document-link", "the contract keeps the document "
                                  "of the measured value only")
                else:
                    row.update(value=_cell(value), comment=comment, document_title=doc_title,
                               document_url=doc_url)
        return row

    def disaggregation(self, el: etree._Element, indicator_id: str, value_type: str,
                       period_end: str, value: float | None) -> None:
        pairs = []
        for d in el.findall("dimension"):
            name, category = (d.get("name") or "").strip(), (d.get("value") or "").strip()
            if not name or not category:
                self.note(d, "dimension", name or category or None,
                          "a dimension needs both @name and @value: the value is left out")
                return
            pairs.append((name, category))
        if value is None:
            self.note(el, f"{value_type}/@value", el.get("value"),
                      "a broken-down value without a number is left out")
            return
        pairs.sort()
        dimension = " × ".join(n for n, _ in pairs)
        category = " × ".join(c for _, c in pairs)
        key = (indicator_id, value_type, period_end, dimension, category)
        if key in self.breakdowns:
            self.note(el, "dimension", f"{dimension}={category}",
                      "the same breakdown twice in one period: the first is kept")
            return
        self.breakdowns.add(key)
        comment, doc_title, doc_url = self.evidence(el, self.activity_lang)
        self.tables["indicator_disaggregations"].append({
            "indicator_id": indicator_id, "value_type": value_type, "period_end": period_end,
            "dimension": dimension, "category": category, "value": _cell(value),
            "comment": comment, "document_title": doc_title, "document_url": doc_url,
            "illustrative": None})

    def reconcile(self) -> None:
        """Note each breakdown whose categories do not add up to the total given."""
        totals: dict[tuple[str, str, str], float] = {}
        for r in self.tables["indicator_values"]:
            for kind, col in (("actual", "value"), ("target", "target")):
                if r[col] is not None:
                    totals[(r["indicator_id"], kind, r["period_end"])] = float(r[col])
        for r in self.tables["indicators"]:
            if r["baseline"] is not None and r["baseline_date"] is not None:
                totals[(r["indicator_id"], "baseline", r["baseline_date"])] = float(
                    r["baseline"])
        measures = {r["indicator_id"]: r["measure"] for r in self.tables["indicators"]}
        sums: dict[tuple[str, str, str, str], float] = {}
        for r in self.tables["indicator_disaggregations"]:
            key = (r["indicator_id"], r["value_type"], r["period_end"], r["dimension"])
            sums[key] = sums.get(key, 0.0) + float(r["value"])
        for (ind, kind, end, dimension), total_of_parts in sums.items():
            total = totals.get((ind, kind, end))
            if measures.get(ind) not in (None, "unit") or total is None:
                continue  # percentages and scores do not add up; no total to compare
            if abs(total_of_parts - total) > 1e-9 * max(1.0, abs(total)):
                self.summary.notes.append(Problem(
                    "(all files)", None, "dimension", dimension,
                    f"the {kind} of {ind} for the period ending {end} broken down by "
                    f"{dimension} adds up to {_cell(total_of_parts)}, the total is "
                    f"{_cell(total)}: the breakdown is partial or one of them is wrong "
                    "(both are kept)"))

    # -- the whole folder --
    def finish(self, existing_countries: list[dict[str, str | None]]) -> None:
        """countries: those already in the folder, the ASEAN members, every recipient."""
        rows = {r["iso3"]: r for r in existing_countries if r.get("iso3")}
        for member in contract.ASEAN_MEMBERS:
            rows.setdefault(member.iso3, {
                "iso3": member.iso3, "name": country_name(member.iso3), "name_local": None,
                "asean_member": "true", "member_since": member.joined,
                "region": "Southeast Asia"})
        for iso3 in sorted(self.countries):
            rows.setdefault(iso3, {"iso3": iso3, "name": country_name(iso3),
                                   "name_local": None, "asean_member": "false",
                                   "member_since": None, "region": None})
        self.tables["countries"] = list(rows.values())
        self.reconcile()
        self.summary.rows = {name: len(rows_) for name, rows_ in self.tables.items()}


def import_iati(paths: Iterable[Path | str], *, lang: str = "en", programme: str = "Other",
                cluster: str = "Capacity building", max_bytes: int = MAX_BYTES,
                existing_countries: list[dict[str, str | None]] | None = None,
                ) -> ImportResult:
    """The rows of every dataset made from the IATI 2.03 activity files `paths`.

    `existing_countries` (rows of a countries.csv) are kept and completed; nothing is
    written. `summary.problems` lists what stopped a file or an activity being read.
    """
    if programme not in contract.PROGRAMMES:
        raise ValueError(f"programme {programme!r}: use one of {', '.join(contract.PROGRAMMES)}")
    if cluster not in contract.CLUSTERS:
        raise ValueError(f"cluster {cluster!r}: use one of {', '.join(contract.CLUSTERS)}")
    reader = _Reader(lang, programme, cluster)
    paths = [Path(p) for p in paths]
    reader.summary.given = len(paths)
    for path in paths:
        reader.read(path, max_bytes)
    reader.finish(existing_countries or [])
    if not reader.summary.rows.get("activities"):
        reader.summary.problems.append(Problem(
            ", ".join(p.name for p in paths) or "(no file)", None, None, None,
            "no activity could be imported: see the problems above"))
    return ImportResult(reader.tables, reader.summary)


def read_countries(folder: Path) -> list[dict[str, str | None]]:
    """The rows of `folder`'s countries file (CSV or Parquet) when there is one (kept by the
    import), as text cells the way a CSV holds them."""
    csv_path = folder / "countries.csv"
    if csv_path.is_file():
        with csv_path.open(encoding="utf-8-sig", newline="") as f:
            return [{k.strip(): (v or None) for k, v in row.items() if k} for row in
                    csv.DictReader(f)]
    parquet = folder / "countries.parquet"
    if parquet.is_file():
        import pyarrow.parquet as pq

        return [{str(k).strip(): _cell(v) for k, v in row.items()}
                for row in pq.read_table(parquet).to_pylist()]
    return []


# Datasets an IATI file says nothing about: written empty, unless the folder has them.
KEPT_IF_PRESENT = ("participation", "seizures", "challenges")
# The datasets an import makes from the activity files.
PRODUCED = tuple(ds.name for ds in contract.DATASETS if ds.name not in KEPT_IF_PRESENT)


def write_datasets(result: ImportResult, out: Path, names: Iterable[str]) -> list[Path]:
    """Write the datasets `names` of `result` as CSV into `out` (replacing any other file of
    those datasets there); the files written, in the contract's order."""
    out.mkdir(parents=True, exist_ok=True)
    chosen = set(names)
    written = []
    for ds in contract.DATASETS:
        if ds.name not in chosen:
            continue
        for p in out.iterdir():  # one file per dataset: the import's replaces the old one
            if p.stem.casefold() == ds.name and p.suffix.lower() in (".csv", ".parquet"):
                p.unlink()
        path = out / f"{ds.name}.csv"
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(ds.column_names)
            for row in result.tables.get(ds.name, []):
                writer.writerow(["" if row.get(c) is None else row[c] for c in ds.column_names])
        tmp.replace(path)
        written.append(path)
    return written


def write_folder(result: ImportResult, out: Path) -> list[str]:
    """Write the datasets of `result` as CSV into `out`; the files written.

    The datasets an IATI file says nothing about (participation, seizures, challenges) are
    written with their header only when the folder has no file for them, so a customs
    extract already there is kept.
    """
    out.mkdir(parents=True, exist_ok=True)
    present = {p.stem.casefold() for p in out.iterdir()
               if p.suffix.lower() in (".csv", ".parquet")}
    names = [ds.name for ds in contract.DATASETS
             if ds.name not in KEPT_IF_PRESENT or ds.name not in present]
    return [p.name for p in write_datasets(result, out, names)]
