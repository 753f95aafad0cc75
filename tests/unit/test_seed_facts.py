"""The sample data states what the three source documents state (expected values typed in
from the documents, never computed by the generator).

The documents are in the repository, in `sample_data/seeds/` (their README says which is
which). Every fact typed in below is also checked against the document's own wording, so a
typed-in value cannot drift from the document it comes from.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from analytics.load import load_folder

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SEEDS = REPO / "sample_data" / "seeds"

# Seed 000: the 17 key activities in the order listed.
AWP1_TITLES = [
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
]

# Seed 000: day/month windows as printed, by activity: ((month, day), (month, day)).
AWP1_WINDOWS = {
    6: ((1, 1), (4, 30)),
    7: ((1, 1), (4, 30)),
    3: ((10, 1), (12, 31)),
    13: ((10, 1), (10, 31)),
    11: ((10, 1), (3, 31)),
    17: ((9, 1), (4, 30)),
    16: ((9, 1), (4, 30)),
    4: ((9, 1), (1, 31)),
    8: ((8, 1), (8, 31)),
}

# Seed 000: the four focus areas, as the document words their activity counts.
AWP1_FOCUS_AREAS = {
    "Capacity building": (11, "Capacity building for IP offices and enforcement authorities: "
                              "11 activities"),
    "Awareness raising": (3, "Awareness raising: three activities"),
    "Strategic IP development": (2, "Strategic IP development in ASEAN countries: "
                                    "two activities"),
    "International treaties": (1, "International treaties: one activity"),
}

# ASEAN's public record of accession dates (not in the documents; the documents name the
# member states by the events they attended).
ASEAN_JOINED = {
    "IDN": dt.date(1967, 8, 8),
    "MYS": dt.date(1967, 8, 8),
    "PHL": dt.date(1967, 8, 8),
    "SGP": dt.date(1967, 8, 8),
    "THA": dt.date(1967, 8, 8),
    "BRN": dt.date(1984, 1, 7),
    "VNM": dt.date(1995, 7, 28),
    "LAO": dt.date(1997, 7, 23),
    "MMR": dt.date(1997, 7, 23),
    "KHM": dt.date(1999, 4, 30),
    "TLS": dt.date(2025, 10, 26),
}
MEMBERS_IN_2013 = {c for c, joined in ASEAN_JOINED.items() if joined.year < 2013}

# Seed 001: the two rounds of expert missions, the sentence naming each and its countries.
MISSIONS_AUGUST = (
    "Expert missions started in August 2013, with visits to the Philippines, Malaysia and "
    "Thailand.",
    {"Philippines": "PHL", "Malaysia": "MYS", "Thailand": "THA"},
)
MISSIONS_OCTOBER = (
    "Further missions to Singapore, Lao PDR, Cambodia, Brunei Darussalam and Indonesia took "
    "place in October 2013.",
    {"Singapore": "SGP", "Lao PDR": "LAO", "Cambodia": "KHM", "Brunei Darussalam": "BRN",
     "Indonesia": "IDN"},
)
# Seed 001: the consultation meeting.
MANILA_QUOTES = [
    "took place in Manila, Philippines, from 25 to 27 November 2013",
    "three representatives from each ASEAN member state, including one official from the "
    "national IP Office, and two other representatives from national law enforcement agencies "
    "and/or members of the national court",
]

# Seed 002: the TOA workshop and the ten economies of its participants.
TOA_QUOTES = [
    "Held from October 10-13, 2023, in Kashiwa City, Japan",
    "Ten customs officials from across Asia-Pacific",
]
TOA_PARTICIPANTS = (
    "Participants from Australia, Bangladesh, Cambodia, China, Hong Kong (China), India, "
    "Indonesia, Japan, Pakistan, and Sri Lanka",
    {"Australia": "AUS", "Bangladesh": "BGD", "Cambodia": "KHM", "China": "CHN",
     "Hong Kong (China)": "HKG", "India": "IND", "Indonesia": "IDN", "Japan": "JPN",
     "Pakistan": "PAK", "Sri Lanka": "LKA"},
)
TOA_ECONOMIES = set(TOA_PARTICIPANTS[1].values())


def seed_text(number: int) -> str:
    """The text of seed `number` (000, 001, 002), from the copy in the repository."""
    paths = sorted(SEEDS.glob(f"{number:03d}_*.txt"))
    assert len(paths) == 1, f"expected one seed {number:03d} in {SEEDS}, found {paths}"
    return paths[0].read_text(encoding="utf-8")


def words(text: str) -> str:
    """Text reduced to lower-case words, to compare wordings across punctuation and spacing."""
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


@pytest.fixture(scope="module")
def con():
    result = load_folder(DATA)
    assert [str(p) for p in result.problems] == []
    assert result.con is not None
    return result.con


def rows(con, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def one(con, sql: str, params: list | None = None) -> tuple:
    found = rows(con, sql, params)
    assert len(found) == 1, found
    return found[0]


def awp1(con) -> dict[int, tuple]:
    found = rows(
        con,
        "select number, title, cluster, start_date, end_date from activities "
        "where programme = 'SCOPE IPR' and work_plan = 'AWP1 2024-2025' order by number",
    )
    return {r[0]: r[1:] for r in found}


def test_awp1_has_the_17_key_activities_in_the_documents_order(con) -> None:
    activities = awp1(con)
    assert sorted(activities) == list(range(1, 18))
    assert [activities[n][0].casefold() for n in range(1, 18)] == [
        t.casefold() for t in AWP1_TITLES
    ]


def seed_awp1_titles() -> list[str]:
    """The key activities as listed in seed 000, read from the document itself."""
    listing = seed_text(0).split("Activity Clusters and Key activities", 1)[1]
    titles = []
    for line in listing.splitlines():
        if re.match(r"\s*\d{2} - \d{2} ", line):
            break
        if line.strip():
            titles.append(line.strip())
    return titles


def test_awp1_titles_match_the_seed_document(con) -> None:
    listed = seed_awp1_titles()
    assert len(listed) == 17
    activities = awp1(con)
    assert [activities[n][0].casefold() for n in range(1, 18)] == [t.casefold() for t in listed]


WINDOW_LINE = re.compile(r"(\d{2}) - (\d{2}) ([A-Z][a-z]{2})(?: - ([A-Z][a-z]{2}))?\s*")


def seed_awp1_details() -> list[tuple[tuple[tuple[int, int], tuple[int, int]], str, str]]:
    """The dated paragraphs of seed 000: (window, title, description) in the document's order.

    Each is a line such as `01 - 30 Jan - Apr` (first day, last day, first month, last month
    if another), the activity's title, then its description.
    """
    lines = [ln.strip() for ln in seed_text(0).splitlines() if ln.strip()]
    found = []
    for i, line in enumerate(lines):
        m = WINDOW_LINE.fullmatch(line)
        if not m:
            continue
        first_day, last_day, first_month, last_month = m.groups()
        month = {dt.date(2000, k, 1).strftime("%b"): k for k in range(1, 13)}
        start = (month[first_month], int(first_day))
        end = (month[last_month or first_month], int(last_day))
        found.append(((start, end), lines[i + 1], lines[i + 2]))
    return found


def listed_number(title: str) -> int:
    """The number of an activity in seed 000's listing, from a title as the document words it."""
    numbers = [n for n, t in enumerate(seed_awp1_titles(), 1) if words(t) == words(title)]
    assert len(numbers) == 1, (title, numbers)
    return numbers[0]


def test_the_seed_folder_holds_the_three_documents() -> None:
    names = sorted(p.name for p in SEEDS.iterdir())
    assert names[-1] == "README.md"
    assert [n[:4] for n in names[:-1]] == ["000_", "001_", "002_"], names
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    for name in names[:-1]:
        assert name.endswith(".txt") and f"| {name} |" in readme, name


def test_typed_in_titles_are_the_documents_listing() -> None:
    assert seed_awp1_titles() == AWP1_TITLES


def test_typed_in_date_windows_are_the_documents() -> None:
    details = seed_awp1_details()
    windows = {listed_number(title): window for window, title, _ in details}
    assert len(windows) == len(details) == 9
    assert windows == AWP1_WINDOWS


def test_typed_in_focus_area_counts_are_the_documents() -> None:
    text = seed_text(0)
    assert "The AWP1 consists of 17 key activities" in text
    for cluster, (_, quote) in AWP1_FOCUS_AREAS.items():
        assert quote in text, cluster
    assert sum(count for count, _ in AWP1_FOCUS_AREAS.values()) == 17


def test_the_document_confirms_activities_4_6_and_8_by_number() -> None:
    confirmed = {}
    for _, title, description in seed_awp1_details():
        m = re.match(r"Activity\s(\d+)\s", description)  # a no-break space in the text
        if m:
            confirmed[int(m.group(1))] = listed_number(title)
    assert confirmed == {4: 4, 6: 6, 8: 8}


@pytest.mark.parametrize("quote, names", [MISSIONS_AUGUST, MISSIONS_OCTOBER, TOA_PARTICIPANTS])
def test_typed_in_countries_are_the_documents(quote, names) -> None:
    assert quote in seed_text(1) + seed_text(2)
    # Every name in the sentence, and none left out of it.
    rest = quote
    for name in sorted(names, key=len, reverse=True):
        assert name in rest, name
        rest = rest.replace(name, "")
    assert not set(re.findall(r"[A-Z][a-z]+", rest)) - {
        "Expert", "Further", "Participants", "August", "October"}


def test_typed_in_meeting_and_workshop_facts_are_the_documents() -> None:
    for quote in MANILA_QUOTES:
        assert quote in seed_text(1)
    for quote in TOA_QUOTES:
        assert quote in seed_text(2)


def test_activities_the_document_confirms_by_number(con) -> None:
    activities = awp1(con)
    assert activities[4][0].casefold() == "training for the asean ip academy"
    assert activities[6][0].casefold() == "asean convergence network meeting on industrial designs"
    assert activities[8][0].casefold() == (
        "workshop on patents focused on emerging technologies in asean"
    )


def test_focus_areas_have_11_3_2_1_activities(con) -> None:
    counts = dict(rows(
        con,
        "select cluster, count(*) from activities where work_plan = 'AWP1 2024-2025' group by 1",
    ))
    assert counts == {cluster: n for cluster, (n, _) in AWP1_FOCUS_AREAS.items()} == {
        "Capacity building": 11,
        "Awareness raising": 3,
        "Strategic IP development": 2,
        "International treaties": 1,
    }


def test_the_nine_date_windows_and_no_others(con) -> None:
    activities = awp1(con)
    for number, (_, _, start, end) in activities.items():
        if number not in AWP1_WINDOWS:
            assert start is None and end is None, number
            continue
        (start_md, end_md) = AWP1_WINDOWS[number]
        assert (start.month, start.day) == start_md, number
        assert (end.month, end.day) == end_md, number
        # The year is not printed; the work plan spans 2024-2025.
        assert 2024 <= start.year <= end.year <= 2025, number
        assert start <= end, number


def test_2013_expert_missions(con) -> None:
    found = rows(
        con,
        "select a.start_date, a.end_date, list(ac.iso3 order by ac.iso3) from activities a "
        "join activity_countries ac using (activity_id) "
        "where a.programme = 'ECAP III' and a.activity_type = 'expert mission' "
        "group by all order by a.start_date",
    )
    assert len(found) == 2
    (aug_start, aug_end, aug), (oct_start, oct_end, octo) = found
    assert (aug_start.year, aug_start.month, aug_end.month) == (2013, 8, 8)
    assert set(aug) == set(MISSIONS_AUGUST[1].values()) == {"PHL", "MYS", "THA"}
    assert (oct_start.year, oct_start.month, oct_end.month) == (2013, 10, 10)
    assert set(octo) == set(MISSIONS_OCTOBER[1].values()) == {"SGP", "LAO", "KHM", "BRN", "IDN"}


def test_manila_consultation_meeting(con) -> None:
    activity_id, start, end, host, city = one(
        con,
        "select activity_id, start_date, end_date, host_iso3, city from activities "
        "where programme = 'ECAP III' and activity_type in ('meeting', 'consultation')",
    )
    assert (start, end) == (dt.date(2013, 11, 25), dt.date(2013, 11, 27))
    assert (host, city) == ("PHL", "Manila")
    assert one(con, "select iso3 from activity_countries where activity_id = ? and role = 'host'",
               [activity_id]) == ("PHL",)
    # Three representatives per member state: one IP office, two enforcement and/or court.
    per_state = rows(
        con,
        "select iso3, sum(participants) filter (where agency_type = 'IP office'), "
        "sum(participants) filter (where agency_type <> 'IP office') "
        "from participation where activity_id = ? group by 1",
        [activity_id],
    )
    assert {r[0] for r in per_state} == MEMBERS_IN_2013
    assert all(r[1:] == (1, 2) for r in per_state), per_state
    assert one(con, "select sum(participants) from participation where activity_id = ?",
               [activity_id]) == (30,)


def test_toa_certification_workshop(con) -> None:
    activity_id, start, end, host, city = one(
        con,
        "select activity_id, start_date, end_date, host_iso3, city from activities "
        "where programme = 'WCO' and start_date = date '2023-10-10'",
    )
    assert end == dt.date(2023, 10, 13)
    assert (host, city) == ("JPN", "Kashiwa")
    economies = dict(rows(
        con, "select iso3, role from activity_countries where activity_id = ?", [activity_id]
    ))
    assert set(economies) == TOA_ECONOMIES
    assert economies["JPN"] == "host"
    customs = rows(
        con,
        "select iso3, agency_type, participants from participation where activity_id = ?",
        [activity_id],
    )
    assert {r[0] for r in customs} == TOA_ECONOMIES
    assert all(r[1:] == ("customs", 1) for r in customs)
    assert sum(r[2] for r in customs) == 10


def test_eleven_asean_members_with_their_join_dates(con) -> None:
    members = dict(rows(con, "select iso3, member_since from countries where asean_member"))
    assert members == ASEAN_JOINED
    assert one(con, "select count(*) from countries "
                    "where not asean_member and member_since is not null") == (0,)


def test_partner_economies_of_the_documents_are_listed(con) -> None:
    known = {r[0] for r in rows(con, "select iso3 from countries")}
    assert TOA_ECONOMIES <= known


@pytest.mark.parametrize("dataset", ["indicators", "indicator_values", "seizures", "challenges"])
def test_values_the_documents_do_not_give_are_marked_illustrative(con, dataset) -> None:
    # None of the documents gives indicator values, seizures or severities.
    assert one(con, f'select count(*) from "{dataset}" where illustrative is not true') == (0,)


def test_participation_facts_are_not_padded_with_invented_values(con) -> None:
    # The documents give the Manila and TOA head counts but never how many were women: those
    # rows are facts with `women` empty; every row with a women count is illustrative.
    assert one(con, "select count(*) from participation where women is not null "
                    "and illustrative is not true") == (0,)
    facts = rows(con, "select activity_id, sum(participants) from participation "
                      "where illustrative is not true group by activity_id order by 1")
    assert facts == [("ECAP3-MANILA-2013", 30), ("WCO-TOA-2023", 10)]


def test_awp1_statuses_and_inferences_are_marked_illustrative(con) -> None:
    assert one(con, "select count(*) from activities where work_plan = 'AWP1 2024-2025' "
                    "and (illustrative is not true or notes is null)") == (0,)
