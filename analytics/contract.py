"""The datasets of the dashboard: columns, types, keys, allowed values, references.

This module is the single declaration of the extracts' contract. It drives validation
(`analytics.load`), the DuckDB table definitions and the data dictionary test
(`data/README.md` must document exactly what is declared here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "integer", "decimal", "date", "boolean"]

# DuckDB type each contract type is stored as once validated.
SQL_TYPES: dict[str, str] = {
    "text": "varchar",
    "integer": "bigint",
    "decimal": "double",
    "date": "date",
    "boolean": "boolean",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    meaning: str
    example: str
    required: bool = True  # the column must be present in the file
    nullable: bool = False  # cells may be empty
    allowed: tuple[str, ...] = ()  # allowed values (matched case-insensitively)
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None  # full-match regular expression for text values
    references: tuple[str, str] | None = None  # (dataset, column) the value must exist in
    iso3_code: bool = False  # must be an ISO 3166-1 alpha-3 code (checked with pycountry)


@dataclass(frozen=True)
class RowRule:
    """A rule over several columns of one row; `failing` is a SQL predicate over typed columns."""

    name: str
    columns: tuple[str, ...]  # the columns named in the message; the first one is reported
    failing: str  # SQL boolean expression true when the row breaks the rule
    rule: str  # the rule in words, shown to the data manager


@dataclass(frozen=True)
class Dataset:
    name: str
    grain: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    row_rules: tuple[RowRule, ...] = ()
    min_rows: int = 0
    # The order the loader stores the rows in (SQL order-by terms over the columns), when it
    # is the order the data explorer shows them in: its preview then reads only what it shows.
    load_order: tuple[str, ...] = ()
    # The file may be left out of a data folder; the dataset is then loaded empty. New
    # datasets are optional so that every folder valid before they existed stays valid.
    optional: bool = False

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


# --- allowed values -------------------------------------------------------------------

PROGRAMMES = ("SCOPE IPR", "ARISE+ IPR", "ECAP III", "WCO", "EUIPO", "Other")

# The four AWP1 focus areas, plus "Enforcement" for activities outside the AWP1 framework
# (ECAP III enforcement best practices, WCO customs training).
CLUSTERS = (
    "Capacity building",
    "Awareness raising",
    "Strategic IP development",
    "International treaties",
    "Enforcement",
)

EXPECTED_RESULTS: dict[int, str] = {
    1: "Enhanced IP administrative capacity",
    2: "Stronger IP legal frameworks",
    3: "Increased awareness and utilisation of IP",
    4: "Strategic planning for future IP development",
}

STATUSES = ("planned", "ongoing", "completed", "postponed", "cancelled")

ACTIVITY_TYPES = (
    "meeting",
    "workshop",
    "training",
    "seminar",
    "study",
    "campaign",
    "publication",
    "expert mission",
    "consultation",
    "event",
    "IT tool",
    "support service",
    "other",
)

ROLES = ("host", "beneficiary", "participant")

AGENCY_TYPES = (
    "IP office",
    "customs",
    "police",
    "judiciary",
    "prosecution",
    "enforcement or judiciary",  # the documents sometimes give only this grouping
    "other government",
    "private sector/SME",
    "academia",
    "international organisation",
    "other",
)

TRANSPORT_MODES = ("air", "sea", "road", "rail", "postal", "express courier", "inland waterway")

PRODUCT_CATEGORIES = (
    "clothing",
    "shoes",
    "bags and accessories",
    "watches and jewellery",
    "toys",
    "cigarettes",
    "alcoholic beverages",
    "foodstuffs",
    "medicines",
    "personal care",
    "mobile phones & accessories",
    "electronics",
    "auto parts",
    "labels/tags/packaging",
    "other",
    # The product categories of the EU's annual report on customs enforcement of IPR
    # (results at the EU border), so that an extract in the report's categories loads as is.
    # Written from the report's category list as the issue gives it, not checked against the
    # current annex on this machine (no internet): check and complete it when you can.
    "other beverages",
    "perfumes and cosmetics",
    "other body care items",
    "clothing accessories",
    "bags and wallets",
    "watches",
    "jewellery",
    "mobile phones and accessories",
    "computer equipment",
    "electrical and electronic equipment",
    "recorded media (CDs, DVDs)",
    "games",
    "sporting articles",
    "other tobacco",
    "vehicle parts",
    "labels/tags/stickers",
    "packaging",
    "lighters",
    "office stationery",
    "machines and tools",
    "other goods",
)

IPR_TYPES = ("trademark", "copyright", "patent", "design", "geographical indication",
             "plant variety", "other")

# Customs IPR reporting (EU customs-enforcement report, WCO): how goods travelled and what
# became of them.
TRAFFIC = ("freight", "passenger")
DETENTION_RESULTS = ("destroyed", "destroyed under the small-consignment procedure",
                     "court case", "released")
CURRENCIES = ("EUR", "USD")

# The results framework as IATI 2.03 records it (codelists ResultType, IndicatorMeasure and the
# indicator's `ascending` flag), in the programme's words.
RESULT_LEVELS = ("output", "outcome", "impact", "other")
MEASURES = ("unit", "percentage", "nominal", "ordinal", "qualitative")
DIRECTIONS = ("higher is better", "lower is better")
VALUE_TYPES = ("baseline", "target", "actual")

# The five Asia-Pacific challenges named in the WCO document (short labels; the full
# wording is in data/README.md).
CHALLENGES = (
    "Widespread counterfeit goods",
    "Cross-border e-commerce infringement",
    "Uneven enforcement capabilities",
    "Insufficient legal frameworks and penalties",
    "Limited public awareness",
)

ISO3_PATTERN = r"[A-Z]{3}"

_ILLUSTRATIVE = Column(
    "illustrative",
    "boolean",
    "true when the row holds values the source documents do not give (sample data)",
    "true",
    required=False,
    nullable=True,
)


# --- the datasets ------------------------------------------------------------------------

COUNTRIES = Dataset(
    name="countries",
    grain="one row per economy",
    description="ASEAN member states and partner economies named in the documents.",
    key=("iso3",),
    min_rows=1,
    columns=(
        Column("iso3", "text", "ISO 3166-1 alpha-3 code", "KHM", pattern=ISO3_PATTERN,
               iso3_code=True),
        Column("name", "text", "English short name", "Cambodia"),
        Column("name_local", "text", "name in the country's own language and script",
               "កម្ពុជា", required=False, nullable=True),
        Column("asean_member", "boolean", "member of ASEAN today", "true"),
        Column("member_since", "date", "date the country joined ASEAN; empty for non-members",
               "1999-04-30", nullable=True),
        Column("region", "text", "world region used to group partners", "Southeast Asia",
               required=False, nullable=True),
    ),
    row_rules=(
        RowRule("member_since_for_members", ("member_since",),
                "asean_member and member_since is null",
                "an ASEAN member needs its member_since date"),
        RowRule("member_since_only_for_members", ("member_since",),
                "not asean_member and member_since is not null",
                "member_since must be empty for a country that is not an ASEAN member"),
    ),
)

ACTIVITIES = Dataset(
    name="activities",
    grain="one row per activity",
    description="Activities of the cooperation programmes, with their cluster, result and dates.",
    key=("activity_id",),
    min_rows=1,
    columns=(
        Column("activity_id", "text", "stable identifier of the activity", "SCOPE-AWP1-06",
               pattern=r"[A-Za-z0-9][A-Za-z0-9_.\-]*"),
        Column("programme", "text", "programme the activity belongs to", "SCOPE IPR",
               allowed=PROGRAMMES),
        Column("work_plan", "text", "work plan of the programme", "AWP1 2024-2025",
               nullable=True),
        Column("number", "integer", "activity number within the work plan", "6",
               nullable=True, minimum=1),
        Column("title", "text", "activity title as the source document gives it",
               "ASEAN convergence network meeting on industrial designs"),
        Column("cluster", "text", "activity cluster (AWP1 focus area)", "Capacity building",
               allowed=CLUSTERS),
        Column("expected_result", "integer",
               "AWP1 expected result served (1-4); empty outside the AWP1 results framework",
               "1", nullable=True, minimum=1, maximum=4),
        Column("activity_type", "text", "kind of activity", "meeting", allowed=ACTIVITY_TYPES),
        Column("start_date", "date", "first day of the activity", "2024-01-01", nullable=True),
        Column("end_date", "date", "last day of the activity", "2024-04-30", nullable=True),
        Column("status", "text", "implementation status", "completed", allowed=STATUSES),
        Column("host_iso3", "text", "host country; empty for regional or online activities",
               "PHL", nullable=True, references=("countries", "iso3")),
        Column("city", "text", "host city", "Manila", required=False, nullable=True),
        Column("source", "text", "source document and what it states", "AWP1 (seed 000)"),
        Column("notes", "text", "what was inferred and why", "year inferred from the work plan",
               required=False, nullable=True),
        Column("description", "text", "what the activity does, in a sentence or a paragraph",
               "Meeting of the ASEAN IP offices' design examiners", required=False,
               nullable=True),
        Column("partners", "text",
               "organisations taking part and their role (IATI participating-org), '; ' between",
               "EUIPO (implementing); European Union (funding)", required=False, nullable=True),
        Column("sectors", "text",
               "sectors with their vocabulary and share (IATI sector), '; ' between",
               "DAC 5 digit 15110 (100 %)", required=False, nullable=True),
        _ILLUSTRATIVE,
    ),
    row_rules=(
        RowRule("end_after_start", ("end_date", "start_date"),
                "end_date < start_date", "end_date must not be before start_date"),
        RowRule("end_needs_start", ("start_date", "end_date"),
                "start_date is null and end_date is not null",
                "an activity with an end_date needs a start_date"),
    ),
)

ACTIVITY_COUNTRIES = Dataset(
    name="activity_countries",
    grain="one row per activity and country",
    description="Which countries each activity involved, and in what role.",
    key=("activity_id", "iso3"),
    columns=(
        Column("activity_id", "text", "the activity", "ECAP3-MISSION-2013-08",
               references=("activities", "activity_id")),
        Column("iso3", "text", "the country", "PHL", references=("countries", "iso3")),
        Column("role", "text", "the country's role", "beneficiary", allowed=ROLES),
        Column("percentage", "decimal",
               "share of the activity going to the country (IATI recipient-country percentage)",
               "25", required=False, nullable=True, minimum=0, maximum=100),
        _ILLUSTRATIVE,
    ),
)

PARTICIPATION = Dataset(
    name="participation",
    grain="one row per activity, country and agency type",
    description="Aggregated participant counts (no personal data).",
    key=("activity_id", "iso3", "agency_type"),
    columns=(
        Column("activity_id", "text", "the activity", "ECAP3-MANILA-2013",
               references=("activities", "activity_id")),
        Column("iso3", "text", "country the participants came from", "KHM",
               references=("countries", "iso3")),
        Column("agency_type", "text", "kind of agency", "IP office", allowed=AGENCY_TYPES),
        Column("participants", "integer", "number of participants", "1", minimum=0),
        Column("women", "integer", "of whom women", "1", nullable=True, minimum=0),
        _ILLUSTRATIVE,
    ),
    row_rules=(
        RowRule("women_within_participants", ("women", "participants"),
                "women > participants", "women must not exceed participants"),
    ),
)

INDICATORS = Dataset(
    name="indicators",
    grain="one row per results indicator",
    description="Indicators of the results framework: the four AWP1 expected results, or the "
    "results of an activity as IATI records them (result → indicator → period).",
    key=("indicator_id",),
    columns=(
        Column("indicator_id", "text", "stable identifier", "ER1-01",
               pattern=r"[A-Za-z0-9][A-Za-z0-9_.\-]*"),
        Column("expected_result", "integer",
               "AWP1 expected result measured (1-4); empty for a result named in result_title",
               "1", nullable=True, minimum=1, maximum=4),
        Column("name", "text", "what is measured", "IP office staff trained"),
        Column("unit", "text", "unit of the values", "people"),
        Column("baseline", "decimal", "value at the start; empty when no baseline was measured",
               "0", nullable=True),
        Column("target", "decimal",
               "final value to reach by target_date; empty when only period targets are set",
               "400", nullable=True),
        Column("baseline_date", "date", "date of the baseline", "2024-01-01", required=False,
               nullable=True),
        Column("target_date", "date", "date the final target should be reached", "2025-12-31",
               nullable=True),
        Column("result_title", "text",
               "the result the indicator measures, when it is not an AWP1 expected result",
               "Customs officers apply risk profiles for IP-infringing goods", required=False,
               nullable=True),
        Column("result_level", "text", "level of that result in the results chain", "outcome",
               required=False, nullable=True, allowed=RESULT_LEVELS),
        Column("activity_id", "text", "the activity whose result it is (IATI result)",
               "XI-IATI-EC_INTPA-2019-123", required=False, nullable=True,
               references=("activities", "activity_id")),
        Column("measure", "text",
               "kind of measure: a count or amount (unit), a percentage, or qualitative",
               "unit", required=False, nullable=True, allowed=MEASURES),
        Column("direction", "text", "whether a higher or a lower value is progress (empty: "
               "higher is better)", "higher is better", required=False, nullable=True,
               allowed=DIRECTIONS),
        Column("cumulative", "boolean",
               "true when each period's value includes those before it (a running total)",
               "true", required=False, nullable=True),
        Column("description", "text", "what the indicator measures and how",
               "Officers certified after the TOA workshop", required=False, nullable=True),
        Column("baseline_comment", "text", "comment on the baseline value",
               "From the 2023 training records", required=False, nullable=True),
        Column("baseline_document_title", "text", "document verifying the baseline",
               "Training report 2023", required=False, nullable=True),
        Column("baseline_document_url", "text", "link to that document",
               "https://example.org/report-2023.pdf", required=False, nullable=True),
        _ILLUSTRATIVE,
    ),
    row_rules=(
        RowRule("target_differs", ("target", "baseline"), "target = baseline",
                "target must differ from baseline (progress would be undefined)"),
        RowRule("target_after_baseline", ("target_date", "baseline_date"),
                "baseline_date is not null and target_date <= baseline_date",
                "target_date must be after baseline_date"),
        RowRule("result_named", ("expected_result", "result_title"),
                "expected_result is null and result_title is null",
                "an indicator needs an expected_result (1-4) or a result_title"),
        RowRule("target_has_date", ("target_date", "target"),
                "target is not null and target_date is null",
                "a target needs its target_date"),
    ),
)

INDICATOR_VALUES = Dataset(
    name="indicator_values",
    grain="one row per indicator and reporting period",
    description="Measured values of the indicators, with the period's own target.",
    key=("indicator_id", "period_end"),
    columns=(
        Column("indicator_id", "text", "the indicator", "ER1-01",
               references=("indicators", "indicator_id")),
        Column("period_end", "date", "last day of the reporting period", "2024-06-30"),
        Column("value", "decimal",
               "value measured at period_end (the total); empty for a period not yet measured",
               "120", nullable=True),
        Column("period_start", "date", "first day of the reporting period", "2024-01-01",
               required=False, nullable=True),
        Column("target", "decimal", "target of this period (the total)", "150",
               required=False, nullable=True),
        Column("comment", "text", "comment on the measured value", "Two sessions postponed",
               required=False, nullable=True),
        Column("document_title", "text", "document verifying the measured value",
               "Progress report H1 2024", required=False, nullable=True),
        Column("document_url", "text", "link to that document",
               "https://example.org/progress-2024-h1.pdf", required=False, nullable=True),
        Column("target_comment", "text", "comment on the period's target",
               "Revised after the mid-term review", required=False, nullable=True),
        _ILLUSTRATIVE,
    ),
    row_rules=(
        RowRule("value_or_target", ("value", "target"), "value is null and target is null",
                "a period needs its measured value or its target"),
        RowRule("period_start_first", ("period_start", "period_end"),
                "period_start > period_end", "period_start must not be after period_end"),
    ),
)

INDICATOR_DISAGGREGATIONS = Dataset(
    name="indicator_disaggregations",
    grain="one row per indicator, value type, period, dimension and category",
    description="Baselines, targets and measured values broken down by a dimension (sex, "
    "country, agency type: any name and value); the totals are in indicators and "
    "indicator_values. Optional file.",
    key=("indicator_id", "value_type", "period_end", "dimension", "category"),
    optional=True,
    columns=(
        Column("indicator_id", "text", "the indicator", "ER1-01",
               references=("indicators", "indicator_id")),
        Column("value_type", "text", "which value is broken down", "actual",
               allowed=VALUE_TYPES),
        Column("period_end", "date",
               "last day of the reporting period (for a baseline: the baseline's date)",
               "2024-06-30"),
        Column("dimension", "text",
               "what the values are broken down by; several joined by ' × ', e.g. age × sex",
               "sex"),
        Column("category", "text", "the category of the dimension, in the same order",
               "female"),
        Column("value", "decimal", "the value of that category", "64"),
        Column("comment", "text", "comment on the value", "From the attendance lists",
               required=False, nullable=True),
        Column("document_title", "text", "document verifying the value",
               "Attendance lists 2024", required=False, nullable=True),
        Column("document_url", "text", "link to that document",
               "https://example.org/attendance-2024.pdf", required=False, nullable=True),
        _ILLUSTRATIVE,
    ),
)

SEIZURES = Dataset(
    name="seizures",
    grain="one row per reported seizure record (or monthly aggregate)",
    description="Customs and enforcement seizures of IPR-infringing goods.",
    key=("seizure_id",),
    columns=(
        Column("seizure_id", "text", "identifier of the record, unique when given", "S-000001",
               required=False, nullable=True),
        Column("year", "integer", "year of the seizure", "2024", minimum=1990, maximum=2100),
        Column("month", "integer", "month of the seizure; may be empty", "7", nullable=True,
               minimum=1, maximum=12),
        Column("iso3", "text", "reporting state", "THA", references=("countries", "iso3")),
        Column("product_category", "text", "category of goods", "clothing",
               allowed=PRODUCT_CATEGORIES),
        Column("transport_mode", "text", "how the goods travelled", "sea",
               allowed=TRANSPORT_MODES),
        Column("ecommerce", "boolean", "ordered through an e-commerce platform", "false"),
        Column("provenance_iso3", "text", "economy the goods came from; may be empty", "CHN",
               nullable=True, pattern=ISO3_PATTERN, iso3_code=True),
        Column("ipr_type", "text", "right infringed", "trademark", allowed=IPR_TYPES),
        Column("cases", "integer", "number of cases", "3", minimum=0),
        Column("articles", "integer", "number of articles seized", "1200", minimum=0),
        Column("value_usd", "decimal", "estimated value of the genuine goods, US dollars",
               "15000", nullable=True, minimum=0),
        Column("procedures", "integer",
               "customs procedures opened (one case may open several, one per right holder)",
               "4", required=False, nullable=True, minimum=0),
        Column("retail_value", "decimal",
               "value of the equivalent genuine goods (domestic retail value), as the EU "
               "report states value, in currency", "13800", required=False, nullable=True,
               minimum=0),
        Column("currency", "text", "currency of retail_value", "EUR", required=False,
               nullable=True, allowed=CURRENCIES),
        Column("traffic", "text", "kind of traffic the goods came in", "freight",
               required=False, nullable=True, allowed=TRAFFIC),
        Column("detention_result", "text", "what became of the goods detained", "destroyed",
               required=False, nullable=True, allowed=DETENTION_RESULTS),
        Column("hs_code", "text",
               "Harmonized System subheading of the goods (6 digits); charted by its chapter, "
               "the first 2", "610910", required=False, nullable=True, pattern=r"\d{6}"),
        _ILLUSTRATIVE,
    ),
    row_rules=(
        RowRule("currency_of_value", ("retail_value", "currency"),
                "retail_value is not null and currency is null",
                "a retail_value needs its currency (EUR or USD)"),
    ),
    load_order=("year", "month nulls first", "iso3", "seizure_id"),
)

CHALLENGES_DATASET = Dataset(
    name="challenges",
    grain="one row per country, year and challenge",
    description="Severity of the five regional enforcement challenges, as assessed.",
    key=("iso3", "year", "challenge"),
    columns=(
        Column("iso3", "text", "the country", "VNM", references=("countries", "iso3")),
        Column("year", "integer", "year of the assessment", "2025", minimum=1990, maximum=2100),
        Column("challenge", "text", "one of the five challenges in the WCO document",
               "Limited public awareness", allowed=CHALLENGES),
        Column("severity", "integer", "1 (minor) to 5 (severe)", "3", minimum=1, maximum=5),
        Column("source", "text", "where the assessment comes from",
               "illustrative sample (seed 002 names the challenge)"),
        _ILLUSTRATIVE,
    ),
)

# Load order respects references: a dataset comes after those it references.
DATASETS: tuple[Dataset, ...] = (
    COUNTRIES,
    ACTIVITIES,
    ACTIVITY_COUNTRIES,
    PARTICIPATION,
    INDICATORS,
    INDICATOR_VALUES,
    INDICATOR_DISAGGREGATIONS,
    SEIZURES,
    CHALLENGES_DATASET,
)

BY_NAME: dict[str, Dataset] = {d.name: d for d in DATASETS}


def dataset(name: str) -> Dataset:
    """The dataset called `name`; KeyError for any name outside the contract."""
    return BY_NAME[name]


def create_table_sql(ds: Dataset) -> str:
    """DDL for the validated table of a dataset (identifiers come from this module only)."""
    cols = ",\n  ".join(f'"{c.name}" {SQL_TYPES[c.type]}' for c in ds.columns)
    return f'create table "{ds.name}" (\n  {cols}\n)'


@dataclass(frozen=True)
class AseanMember:
    iso3: str
    joined: str  # ISO date


# Reference facts (from the issue and ASEAN's own record), used by the sample data
# generator and by the tests that check the loaded sample data.
ASEAN_MEMBERS: tuple[AseanMember, ...] = (
    AseanMember("IDN", "1967-08-08"),
    AseanMember("MYS", "1967-08-08"),
    AseanMember("PHL", "1967-08-08"),
    AseanMember("SGP", "1967-08-08"),
    AseanMember("THA", "1967-08-08"),
    AseanMember("BRN", "1984-01-07"),
    AseanMember("VNM", "1995-07-28"),
    AseanMember("LAO", "1997-07-23"),
    AseanMember("MMR", "1997-07-23"),
    AseanMember("KHM", "1999-04-30"),
    AseanMember("TLS", "2025-10-26"),
)
