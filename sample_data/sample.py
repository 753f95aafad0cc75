"""Sample extracts generated from the three source documents (seeds 000-002, kept in
`sample_data/seeds/`).

Facts come from the documents; every value they do not state is illustrative and its row
carries `illustrative=true`. Run `python -m sample_data.sample --out data/`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pycountry

from analytics import contract

SEED_AWP1 = "AWP1 (seed 000)"
SEED_ECAP = "ECAP III activity page (seed 001)"
SEED_WCO = "WCO TOA news item (seed 002)"

# The documents were read on this day; statuses are set as of then.
TODAY = dt.date(2026, 11, 22)

MEMBER_JOINED: dict[str, str] = {m.iso3: m.joined for m in contract.ASEAN_MEMBERS}
# ASEAN had ten members until Timor-Leste joined on 2025-10-26.
MEMBERS_2013 = tuple(m.iso3 for m in contract.ASEAN_MEMBERS if m.joined < "2013-01-01")

# ASEAN-usual short names where they differ from pycountry's, and each name in its own script.
SHORT_NAMES = {"LAO": "Lao PDR", "HKG": "Hong Kong, China"}
LOCAL_NAMES = {
    "IDN": "Indonesia",
    "MYS": "Malaysia",
    "PHL": "Pilipinas",
    "SGP": "Singapura",
    "THA": "ประเทศไทย",
    "BRN": "Negara Brunei Darussalam",
    "VNM": "Việt Nam",
    "LAO": "ລາວ",
    "MMR": "မြန်မာ",
    "KHM": "កម្ពុជា",
    "TLS": "Timór-Leste",
    "AUS": "Australia",
    "BGD": "বাংলাদেশ",
    "CHN": "中国",
    "HKG": "中國香港",
    "IND": "भारत",
    "JPN": "日本",
    "PAK": "پاکستان",
    "LKA": "ශ්‍රී ලංකාව",
}
# Partner economies in the order the WCO document names the TOA participants.
TOA_ECONOMIES = ("AUS", "BGD", "KHM", "CHN", "HKG", "IND", "IDN", "JPN", "PAK", "LKA")
PARTNERS = ("AUS", "BGD", "CHN", "HKG", "IND", "JPN", "PAK", "LKA")
REGIONS = {
    "AUS": "Oceania",
    "BGD": "South Asia",
    "IND": "South Asia",
    "PAK": "South Asia",
    "LKA": "South Asia",
    "CHN": "East Asia",
    "HKG": "East Asia",
    "JPN": "East Asia",
}

# --- AWP1: the 17 key activities in the document's listed order --------------------------

AWP1_TITLES = (
    "Public awareness raising on Madrid and Hague Agreements",
    "Development of Performance Measurement Tools for ASEAN IPR Action Plan 2026-2030",
    "Study on the economic impact of IP in ASEAN",
    "Training for the ASEAN IP academy",
    "Support to the ASEAN IPR Helpdesk for SMEs and IP valuation seminar for SMEs",
    "ASEAN convergence network meeting on industrial designs",
    "ASEAN convergence network meeting on trademarks",
    "Workshop on patents focused on emerging technologies in ASEAN",
    "GI for ASEAN countries: prospects and challenges",
    "Exchange of best practices on online infringements/cybercrime",
    "IP mediation seminar",
    "Support to ANIEE in raising awareness on IPR infringements",
    "ASEAN IT consultation meeting",
    "Social media campaign on the importance of IP Rights",
    "Publication of ASEAN handbook on IP Rights in the digital world",
    "Women and IP: accelerating innovation and creativity",
    "Participation in IP events",
)

# The document gives only the counts per focus area (11/3/2/1); this split is our reading.
TREATIES = {1}
STRATEGIC = {2, 3}
AWARENESS = {12, 14, 15}

# Day/month windows as printed ("01 - 30 Jan - Apr"); the year is not printed.
AWP1_WINDOWS: dict[int, tuple[str, str]] = {
    6: ("2025-01-01", "2025-04-30"),
    7: ("2025-01-01", "2025-04-30"),
    3: ("2024-10-01", "2024-12-31"),
    13: ("2024-10-01", "2024-10-31"),
    11: ("2024-10-01", "2025-03-31"),
    17: ("2024-09-01", "2025-04-30"),
    16: ("2024-09-01", "2025-04-30"),
    4: ("2024-09-01", "2025-01-31"),
    8: ("2024-08-01", "2024-08-31"),
}

AWP1_TYPES = {
    1: "campaign",
    2: "study",
    3: "study",
    4: "training",
    5: "support service",
    6: "meeting",
    7: "meeting",
    8: "workshop",
    9: "seminar",
    10: "workshop",
    11: "seminar",
    12: "campaign",
    13: "consultation",
    14: "campaign",
    15: "publication",
    16: "workshop",
    17: "event",
}

# Illustrative statuses as of TODAY: 11 and 16 are late (window over, not completed).
AWP1_STATUSES = {
    1: "ongoing",
    2: "ongoing",
    3: "completed",
    4: "completed",
    5: "ongoing",
    6: "completed",
    7: "completed",
    8: "completed",
    9: "planned",
    10: "cancelled",
    11: "ongoing",
    12: "planned",
    13: "completed",
    14: "ongoing",
    15: "planned",
    16: "postponed",
    17: "completed",
}

AWP1_HOSTS = {6: ("THA", "Bangkok"), 7: ("MYS", "Kuala Lumpur"), 11: ("SGP", "Singapore")}

# Who would attend, by activity (illustrative); activities without an entry have no
# participants to count (studies, campaigns, publications) or have not taken place.
AWP1_AGENCIES: dict[int, tuple[str, ...]] = {
    1: ("IP office", "private sector/SME"),
    2: ("IP office", "other government"),
    4: ("IP office", "academia"),
    5: ("private sector/SME", "IP office"),
    6: ("IP office",),
    7: ("IP office",),
    8: ("IP office", "academia"),
    11: ("judiciary", "IP office", "other"),
    13: ("IP office",),
    17: ("IP office", "other government", "private sector/SME"),
}


def cluster_of(number: int) -> str:
    """The AWP1 focus area of an activity, as inferred from the counts."""
    if number in TREATIES:
        return "International treaties"
    if number in STRATEGIC:
        return "Strategic IP development"
    if number in AWARENESS:
        return "Awareness raising"
    return "Capacity building"


def expected_result_of(number: int) -> int:
    """The expected result an activity serves, inferred from its cluster and title."""
    # The SME helpdesk and the IP events are about use and visibility of IP, not capacity.
    if number in (5, 17):
        return 3
    return {
        "Capacity building": 1,
        "International treaties": 2,
        "Awareness raising": 3,
        "Strategic IP development": 4,
    }[cluster_of(number)]


def awp1_notes(number: int) -> str:
    """What was inferred for one AWP1 activity."""
    cluster = cluster_of(number)
    parts = [
        f"cluster '{cluster}' inferred: the document gives only the number of activities "
        "per focus area (11/3/2/1)",
        f"expected result {expected_result_of(number)} inferred from the cluster and title",
        f"status '{AWP1_STATUSES[number]}' illustrative as of {TODAY.isoformat()}",
    ]
    if number in AWP1_WINDOWS:
        parts.append(
            "day/month window as printed; year not printed, placed in the 2024-2025 plan "
            "(Aug-Dec in 2024, Jan-Jul in 2025, a window crossing the new year starts in 2024)"
        )
    else:
        parts.append("no dates in the document")
    if number in AWP1_HOSTS:
        parts.append("host country and city illustrative")
    if number in (4, 6, 8):
        parts.append(f"the document confirms this is activity {number}")
    return "; ".join(parts)


# --- datasets ----------------------------------------------------------------------------


def countries() -> list[dict[str, Any]]:
    """ASEAN member states, then the partner economies named in seed 002."""
    rows = []
    for iso3 in [m.iso3 for m in contract.ASEAN_MEMBERS] + list(PARTNERS):
        member = iso3 in MEMBER_JOINED
        rows.append(
            {
                "iso3": iso3,
                "name": SHORT_NAMES.get(iso3) or pycountry.countries.get(alpha_3=iso3).name,
                "name_local": LOCAL_NAMES[iso3],
                "asean_member": member,
                "member_since": MEMBER_JOINED.get(iso3),
                "region": "Southeast Asia" if member else REGIONS[iso3],
            }
        )
    return rows


def activities() -> list[dict[str, Any]]:
    """17 AWP1 activities, the ECAP III enforcement activity of 2013 and the WCO workshop."""
    rows = []
    for number, title in enumerate(AWP1_TITLES, start=1):
        start, end = AWP1_WINDOWS.get(number, (None, None))
        host, city = AWP1_HOSTS.get(number, (None, None))
        rows.append(
            {
                "activity_id": f"SCOPE-AWP1-{number:02d}",
                "programme": "SCOPE IPR",
                "work_plan": "AWP1 2024-2025",
                "number": number,
                "title": title,
                "cluster": cluster_of(number),
                "expected_result": expected_result_of(number),
                "activity_type": AWP1_TYPES[number],
                "start_date": start,
                "end_date": end,
                "status": AWP1_STATUSES[number],
                "host_iso3": host,
                "city": city,
                "source": f"{SEED_AWP1}: title and place in the list"
                + ("; day/month window" if start else ""),
                "notes": awp1_notes(number),
                "illustrative": True,
            }
        )
    ecap = {
        "programme": "ECAP III",
        "work_plan": "ECAP III Phase II",
        "number": None,
        "cluster": "Enforcement",
        "expected_result": None,
        "status": "completed",
        "illustrative": False,
    }
    rows += [
        ecap
        | {
            "activity_id": "ECAP3-MISSION-2013-08",
            "title": "Best Practices on IPR Enforcement - Expert mission to PH, MY, TH",
            "activity_type": "expert mission",
            "start_date": "2013-08-01",
            "end_date": "2013-08-31",
            "host_iso3": None,
            "city": None,
            "source": f"{SEED_ECAP}: missions to the Philippines, Malaysia and Thailand, "
            "August 2013",
            "notes": "the document gives the month only; the window spans the whole month",
        },
        ecap
        | {
            "activity_id": "ECAP3-MISSION-2013-10",
            "title": "Best Practices on IPR Enforcement - Expert mission to SG, LA, KH, BN, ID",
            "activity_type": "expert mission",
            "start_date": "2013-10-01",
            "end_date": "2013-10-31",
            "host_iso3": None,
            "city": None,
            "source": f"{SEED_ECAP}: missions to Singapore, Lao PDR, Cambodia, Brunei "
            "Darussalam and Indonesia, October 2013",
            "notes": "the document gives the month only; the window spans the whole month",
        },
        ecap
        | {
            "activity_id": "ECAP3-MANILA-2013",
            "title": "Consultation Meeting on IPR Enforcement 2013",
            "activity_type": "consultation",
            "start_date": "2013-11-25",
            "end_date": "2013-11-27",
            "host_iso3": "PHL",
            "city": "Manila",
            "source": f"{SEED_ECAP}: Manila, 25-27 November 2013, three representatives per "
            "member state (one IP office, two law enforcement and/or court)",
            "notes": None,
        },
        ecap
        | {
            "activity_id": "ECAP3-COUNTRY-REPORTS",
            "title": "Country reports on IPR enforcement for the interested ASEAN member states",
            "activity_type": "publication",
            "start_date": None,
            "end_date": None,
            "host_iso3": None,
            "city": None,
            "source": f"{SEED_ECAP}: individual country reports drafted after the missions",
            "notes": "no publication date in the document; countries taken to be the eight "
            "visited by the missions",
        },
        ecap
        | {
            "activity_id": "ECAP3-BEST-PRACTICE-REPORT",
            "title": "Comprehensive report on Best Practices on IPR Enforcement",
            "activity_type": "publication",
            "start_date": None,
            "end_date": None,
            "host_iso3": None,
            "city": None,
            "source": f"{SEED_ECAP}: regional best-practice report following the country "
            "reports",
            "notes": "no publication date in the document",
        },
    ]
    rows.append(
        {
            "activity_id": "WCO-TOA-2023",
            "programme": "WCO",
            "work_plan": None,
            "number": None,
            "title": "Technical Operational Advisor (TOA) certification workshop in IPR "
            "for Asia/Pacific",
            "cluster": "Enforcement",
            "expected_result": None,
            "activity_type": "workshop",
            "start_date": "2023-10-10",
            "end_date": "2023-10-13",
            "status": "completed",
            "host_iso3": "JPN",
            "city": "Kashiwa",
            "source": f"{SEED_WCO}: 10-13 October 2023, Kashiwa City, Japan; ten customs "
            "officials from ten economies",
            "notes": None,
            "illustrative": False,
        }
    )
    return rows


def activity_countries(activity_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Roles of countries per activity; AWP1 ones are all the member states (illustrative)."""
    rows: list[dict[str, Any]] = []

    def add(activity_id: str, iso3s: Iterable[str], role: str, illustrative: bool = False) -> None:
        rows.extend(
            {"activity_id": activity_id, "iso3": c, "role": role, "illustrative": illustrative}
            for c in iso3s
        )

    for a in activity_rows:
        if a["programme"] != "SCOPE IPR":
            continue
        host = a["host_iso3"]
        # Timor-Leste is left out: no dated AWP1 activity ends after it joined (2025-10-26).
        if host:
            add(a["activity_id"], [host], "host", illustrative=True)
        add(a["activity_id"], [c for c in MEMBERS_2013 if c != host], "beneficiary",
            illustrative=True)
    add("ECAP3-MISSION-2013-08", ["PHL", "MYS", "THA"], "beneficiary")
    add("ECAP3-MISSION-2013-10", ["SGP", "LAO", "KHM", "BRN", "IDN"], "beneficiary")
    add("ECAP3-MANILA-2013", ["PHL"], "host")
    add("ECAP3-MANILA-2013", [c for c in MEMBERS_2013 if c != "PHL"], "participant")
    # Reports for "the interested member states": the eight visited, an inference.
    add("ECAP3-COUNTRY-REPORTS", ["PHL", "MYS", "THA", "SGP", "LAO", "KHM", "BRN", "IDN"],
        "beneficiary", illustrative=True)
    add("ECAP3-BEST-PRACTICE-REPORT", MEMBERS_2013, "beneficiary", illustrative=True)
    add("WCO-TOA-2023", ["JPN"], "host")
    add("WCO-TOA-2023", [c for c in TOA_ECONOMIES if c != "JPN"], "participant")
    return rows


def _women(rng: random.Random, participants: int, share: float) -> int:
    return sum(1 for _ in range(participants) if rng.random() < share)


def participation(
    rng: random.Random, activity_rows: list[dict[str, Any]], roles: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Participant counts; Manila and TOA counts are facts, `women` never is."""
    rows: list[dict[str, Any]] = []

    def add(activity_id: str, iso3: str, agency: str, participants: int, share: float) -> None:
        rows.append(
            {
                "activity_id": activity_id,
                "iso3": iso3,
                "agency_type": agency,
                "participants": participants,
                "women": _women(rng, participants, share),
                "illustrative": True,
            }
        )

    def add_fact(activity_id: str, iso3: str, agency: str, participants: int) -> None:
        # The documents give these counts but not how many were women: left empty, not made up.
        rows.append(
            {
                "activity_id": activity_id,
                "iso3": iso3,
                "agency_type": agency,
                "participants": participants,
                "women": None,
                "illustrative": False,
            }
        )

    for iso3 in MEMBERS_2013:
        add_fact("ECAP3-MANILA-2013", iso3, "IP office", 1)
        add_fact("ECAP3-MANILA-2013", iso3, "enforcement or judiciary", 2)
    for iso3 in TOA_ECONOMIES:
        add_fact("WCO-TOA-2023", iso3, "customs", 1)

    mission_agencies = ("IP office", "customs", "police", "prosecution", "judiciary")
    for mission, iso3s in (
        ("ECAP3-MISSION-2013-08", ("PHL", "MYS", "THA")),
        ("ECAP3-MISSION-2013-10", ("SGP", "LAO", "KHM", "BRN", "IDN")),
    ):
        for iso3 in iso3s:
            for agency in mission_agencies[: rng.randint(3, 5)]:
                add(mission, iso3, agency, rng.randint(1, 6), 0.4)

    countries_of: dict[str, list[str]] = {}
    for r in roles:
        countries_of.setdefault(r["activity_id"], []).append(r["iso3"])
    for a in activity_rows:
        number = a["number"]
        if a["programme"] != "SCOPE IPR" or a["status"] in ("planned", "cancelled", "postponed"):
            continue
        # Women and IP draws mostly women; other meetings a little over a third.
        share = 0.8 if number == 16 else 0.45
        for iso3 in sorted(countries_of[a["activity_id"]]):
            for agency in AWP1_AGENCIES.get(number, ()):
                size = 8 if agency == "private sector/SME" else 4
                add(a["activity_id"], iso3, agency, rng.randint(1, size), share)
    return rows


# (id, expected result, name, unit, baseline, target, target date, pace); pace < 1 is behind.
INDICATOR_PLAN = (
    ("ER1-01", 1, "IP office and enforcement staff trained", "people", 0, 600,
     "2025-12-31", 1.05),
    ("ER1-02", 1, "Examination practices discussed in convergence network meetings",
     "practices", 0, 8, "2025-12-31", 0.9),
    ("ER1-03", 1, "Trainees reporting improved skills", "percent", 55, 80, "2026-12-31", 0.8),
    ("ER2-01", 2, "Awareness sessions on the Madrid and Hague systems held", "sessions",
     0, 10, "2025-12-31", 0.6),
    ("ER2-02", 2, "Member states reviewing IP laws against international standards",
     "member states", 2, 6, "2026-12-31", 0.7),
    ("ER3-01", 3, "SME helpdesk enquiries answered", "enquiries", 0, 1500, "2025-12-31", 1.0),
    ("ER3-02", 3, "People reached by IP social media campaigns", "people", 0, 2000000,
     "2025-12-31", 1.15),
    ("ER3-03", 3, "Surveyed SMEs aware of IP protection", "percent", 30, 45, "2026-12-31",
     0.75),
    ("ER4-01", 4, "Performance measurement framework for the ASEAN IPR Action Plan "
     "2026-2030 completed", "percent", 0, 100, "2025-12-31", 0.85),
    ("ER4-02", 4, "Policy recommendations from the economic impact study endorsed",
     "recommendations", 0, 5, "2026-12-31", 0.5),
)
BASELINE_DATE = dt.date(2024, 1, 1)
PERIOD_ENDS = tuple(
    dt.date(y, m, d) for y, m, d in
    ((2024, 6, 30), (2024, 12, 31), (2025, 6, 30), (2025, 12, 31), (2026, 6, 30))
)


def indicators() -> list[dict[str, Any]]:
    """Two or three illustrative indicators per expected result."""
    return [
        {
            "indicator_id": ind_id,
            "expected_result": result,
            "name": name,
            "unit": unit,
            "baseline": baseline,
            "target": target,
            "baseline_date": BASELINE_DATE.isoformat(),
            "target_date": target_date,
            "measure": "percentage" if unit == "percent" else "unit",
            "direction": "higher is better",
            # counts add up over time (nothing trained is untrained); shares do not
            "cumulative": unit != "percent",
            "illustrative": True,
        }
        for ind_id, result, name, unit, baseline, target, target_date, _ in INDICATOR_PLAN
    ]


def _rounded(value: float, unit: str) -> float:
    return min(round(value, 1), 100.0) if unit == "percent" else round(value)


# Share of women among the people trained (ER1-01), for the sample's breakdown by sex.
WOMEN_SHARE_TRAINED = 0.46


def indicator_values(rng: random.Random) -> list[dict[str, Any]]:
    """Semi-annual values moving toward the target at each indicator's own pace."""
    rows = []
    for ind_id, _, _, unit, baseline, target, target_date, pace in INDICATOR_PLAN:
        span = (dt.date.fromisoformat(target_date) - BASELINE_DATE).days
        reached = 0.0
        for period_end in PERIOD_ENDS:
            planned = (period_end - BASELINE_DATE).days / span
            progress = min(pace * planned * rng.uniform(0.9, 1.1), 1.2)
            # Cumulative measures do not go back.
            reached = max(reached, progress)
            value = _rounded(baseline + (target - baseline) * reached, unit)
            # The period's target: the straight line from baseline to target (the plan).
            start = PERIOD_ENDS[PERIOD_ENDS.index(period_end) - 1] + dt.timedelta(days=1) \
                if period_end != PERIOD_ENDS[0] else BASELINE_DATE
            rows.append(
                {
                    "indicator_id": ind_id,
                    "period_end": period_end.isoformat(),
                    "value": value,
                    "period_start": start.isoformat(),
                    "target": _rounded(baseline + (target - baseline) * min(planned, 1.0),
                                       unit),
                    "illustrative": True,
                }
            )
    return rows


def indicator_disaggregations(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ER1-01's measured values by sex: women and men add up to each period's total."""
    rows = []
    for v in values:
        if v["indicator_id"] != "ER1-01":
            continue
        women = round(v["value"] * WOMEN_SHARE_TRAINED)
        for category, value in (("female", women), ("male", v["value"] - women)):
            rows.append({"indicator_id": "ER1-01", "value_type": "actual",
                         "period_end": v["period_end"], "dimension": "sex",
                         "category": category, "value": value, "illustrative": True})
    return rows


# Relative size of each member state's customs seizures (illustrative).
SEIZURE_SCALE = {
    "THA": 1.6, "VNM": 1.5, "IDN": 1.4, "MYS": 1.2, "PHL": 1.2, "SGP": 0.9,
    "KHM": 0.6, "MMR": 0.5, "LAO": 0.4, "BRN": 0.3, "TLS": 0.2,
}
# Timor-Leste reports from the year it joined.
SEIZURE_FIRST_YEAR = {"TLS": 2025}
# (category, weight, articles per case, genuine value per article in US dollars)
CATEGORY_PROFILE = (
    ("clothing", 16, 300, 40.0),
    ("shoes", 9, 150, 70.0),
    ("bags and accessories", 9, 120, 120.0),
    ("watches and jewellery", 6, 60, 250.0),
    ("toys", 6, 400, 15.0),
    ("cigarettes", 5, 20000, 0.3),
    ("alcoholic beverages", 3, 200, 25.0),
    ("foodstuffs", 4, 500, 5.0),
    ("medicines", 5, 2000, 2.0),
    ("personal care", 6, 300, 12.0),
    ("mobile phones & accessories", 10, 250, 30.0),
    ("electronics", 6, 80, 90.0),
    ("auto parts", 4, 100, 45.0),
    ("labels/tags/packaging", 5, 5000, 0.5),
    ("other", 6, 200, 20.0),
)
IPR_WEIGHTS = (
    ("trademark", 70), ("copyright", 12), ("design", 6), ("patent", 4),
    ("geographical indication", 3), ("other", 5),
)
PROVENANCE_WEIGHTS = (
    ("CHN", 50), ("HKG", 16), (None, 10), ("IND", 4), ("TUR", 3), ("ARE", 3), ("THA", 3),
    ("VNM", 3), ("MYS", 2), ("KOR", 2), ("PAK", 2), ("IDN", 2),
)
TRADITIONAL_MODES = (("sea", 45), ("road", 25), ("air", 20), ("rail", 3),
                     ("express courier", 4), ("postal", 3))
ECOMMERCE_MODES = (("postal", 35), ("express courier", 40), ("air", 20), ("road", 5))


# An HS subheading typical of each category (illustrative), for the chart by HS chapter.
HS_CODES = {
    "clothing": "610910", "shoes": "640411", "bags and accessories": "420221",
    "watches and jewellery": "910211", "toys": "950300", "cigarettes": "240220",
    "alcoholic beverages": "220830", "foodstuffs": "210690", "medicines": "300490",
    "personal care": "330499", "mobile phones & accessories": "851713",
    "electronics": "847130", "auto parts": "870899", "labels/tags/packaging": "482190",
    "other": "960390",
}
EUR_PER_USD = 0.92  # illustrative rate for the retail value in euros


def customs_columns(row: dict[str, Any], n: int) -> dict[str, Any]:
    """The customs-reporting columns of seizure record number `n`, derived from its other
    values without drawing from the generator (so every other column stays as it was)."""
    small = row["ecommerce"] and row["transport_mode"] in ("postal", "express courier")
    if small and row["articles"] <= 3 * row["cases"]:
        result = "destroyed under the small-consignment procedure"
    else:
        result = ("destroyed", "destroyed", "destroyed", "destroyed", "destroyed",
                  "court case", "court case", "released", "destroyed", "court case")[n % 10]
    passenger = row["transport_mode"] in ("air", "road") and not row["ecommerce"] and n % 4 == 0
    value = row["value_usd"]
    return {
        # one procedure per right holder: a few cases concern two
        "procedures": row["cases"] + row["cases"] // 5,
        "retail_value": None if value is None else round(value * EUR_PER_USD),
        "currency": None if value is None else "EUR",
        "traffic": "passenger" if passenger else "freight",
        "detention_result": result,
        "hs_code": HS_CODES[row["product_category"]],
    }


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    values = [v for v, _ in weighted]
    weights = [w for _, w in weighted]
    return rng.choices(values, weights=weights)[0]


def seizures(rng: random.Random) -> list[dict[str, Any]]:
    """Monthly seizure records per member state, 2019 to October 2026 (illustrative)."""
    rows: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    category_weights = tuple((p, p[1]) for p in CATEGORY_PROFILE)
    for year in range(2019, 2027):
        last_month = 10 if year == 2026 else 12
        # E-commerce share climbs from about 15% in 2019 to about 50% in 2026.
        ecommerce_share = 0.15 + 0.05 * (year - 2019)
        for month in range(1, last_month + 1):
            for member in contract.ASEAN_MEMBERS:
                iso3 = member.iso3
                if year < SEIZURE_FIRST_YEAR.get(iso3, 2019):
                    continue
                scale = SEIZURE_SCALE[iso3]
                for _ in range(rng.choices((2, 3, 4, 5, 6, 7), weights=(2, 3, 4, 4, 3, 2))[0]):
                    if rng.random() > min(scale, 1.0) * 0.95:
                        continue
                    category, _, per_case, unit_value = _pick(rng, category_weights)
                    ecommerce = rng.random() < ecommerce_share
                    mode = _pick(rng, ECOMMERCE_MODES if ecommerce else TRADITIONAL_MODES)
                    provenance = _pick(rng, PROVENANCE_WEIGHTS)
                    if provenance == iso3:
                        provenance = "CHN"
                    ipr = _pick(rng, IPR_WEIGHTS)
                    # A few records come without their month, as real extracts sometimes do.
                    record_month = None if rng.random() < 0.03 else month
                    identity = (year, record_month, iso3, category, mode, ecommerce,
                                provenance, ipr)
                    if identity in seen:
                        continue
                    seen.add(identity)
                    cases = max(1, round(rng.lognormvariate(1.2, 0.8) * scale))
                    # Parcels ordered online are small; containers are large.
                    size = 0.1 if ecommerce else 1.0
                    articles = max(1, round(cases * per_case * size * rng.lognormvariate(0, 0.7)))
                    value = round(articles * unit_value * rng.lognormvariate(0, 0.4))
                    rows.append(
                        {
                            "seizure_id": None,
                            "year": year,
                            "month": record_month,
                            "iso3": iso3,
                            "product_category": category,
                            "transport_mode": mode,
                            "ecommerce": ecommerce,
                            "provenance_iso3": provenance,
                            "ipr_type": ipr,
                            "cases": cases,
                            "articles": articles,
                            "value_usd": None if rng.random() < 0.02 else value,
                            "illustrative": True,
                        }
                    )
    for i, row in enumerate(rows, start=1):
        row["seizure_id"] = f"S-{i:06d}"
        row.update(customs_columns(row, i))
    return rows


# Illustrative starting severity of each challenge, by how mature a state's IP system is.
CHALLENGE_BASE = {
    "Widespread counterfeit goods": 4,
    "Cross-border e-commerce infringement": 3,
    "Uneven enforcement capabilities": 3,
    "Insufficient legal frameworks and penalties": 3,
    "Limited public awareness": 3,
}
MATURITY = {
    "SGP": -2, "MYS": -1, "BRN": -1, "THA": 0, "PHL": 0, "IDN": 0, "VNM": 0,
    "KHM": 1, "LAO": 1, "MMR": 1, "TLS": 1,
}


def challenges(rng: random.Random) -> list[dict[str, Any]]:
    """Severity 1-5 per member state, challenge and year 2023-2026 (illustrative)."""
    rows = []
    for member in contract.ASEAN_MEMBERS:
        iso3 = member.iso3
        for challenge in contract.CHALLENGES:
            severity = CHALLENGE_BASE[challenge] + MATURITY[iso3] + rng.choice((-1, 0, 0, 1))
            # E-commerce infringement hits even the most mature systems.
            if challenge == "Cross-border e-commerce infringement":
                severity = max(severity, 3)
            for year in range(2023, 2027):
                if year > 2023:
                    severity += rng.choices((-1, 0, 1), weights=(2, 7, 1))[0]
                severity = min(5, max(1, severity))
                rows.append(
                    {
                        "iso3": iso3,
                        "year": year,
                        "challenge": challenge,
                        "severity": severity,
                        "source": f"illustrative sample; the challenge is named in the {SEED_WCO}",
                        "illustrative": True,
                    }
                )
    return rows


# --- writing -----------------------------------------------------------------------------


def cell(value: Any) -> str:
    """A value in the extract format: ISO dates, true/false, empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def build(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    """All eight datasets, generated in a fixed order so the output never changes."""
    activity_rows = activities()
    roles = activity_countries(activity_rows)
    return {
        "countries": countries(),
        "activities": activity_rows,
        "activity_countries": roles,
        "participation": participation(rng, activity_rows, roles),
        "indicators": indicators(),
        "indicator_values": (values := indicator_values(rng)),
        "indicator_disaggregations": indicator_disaggregations(values),
        "seizures": seizures(rng),
        "challenges": challenges(rng),
    }


def write(out: Path) -> dict[str, int]:
    """Write `<dataset>.csv` for every dataset of the contract; rows written per dataset."""
    out.mkdir(parents=True, exist_ok=True)
    data = build(random.Random(42))
    counts = {}
    for ds in contract.DATASETS:
        rows = data[ds.name]
        with (out / f"{ds.name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(ds.column_names)
            for row in rows:
                writer.writerow([cell(row.get(c)) for c in ds.column_names])
        counts[ds.name] = len(rows)
    return counts


def main(argv: list[str] | None = None) -> None:
    """Command line: python -m sample_data.sample --out data/."""
    parser = argparse.ArgumentParser(description="Write the sample extracts as CSV.")
    parser.add_argument("--out", type=Path, default=Path("data"), help="folder to write to")
    args = parser.parse_args(argv)
    for name, n in write(args.out).items():
        print(f"{name}: {n} rows")


if __name__ == "__main__":
    main()
