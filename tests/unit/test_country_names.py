"""Every economy is named: the countries dataset's name, else ISO 3166's, else its code."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from analytics import country_names, queries
from analytics.filters import Filters
from tests.oracles import Extracts

SAMPLE = Extracts(Path(__file__).resolve().parents[2] / "data")  # as sample_con loads


def iso_name(code: str) -> str:
    """pycountry's own lookup: the common name where ISO 3166 has one ("South Korea")."""
    iso = pycountry.countries.get(alpha_3=code)
    return getattr(iso, "common_name", None) or iso.name


@pytest.mark.parametrize(("code", "seen_as"), [
    ("KOR", "South Korea"), ("TUR", "Türkiye"), ("ARE", "United Arab Emirates"),
])
def test_a_code_not_in_countries_is_named_as_pycountry_names_it(code, seen_as):
    assert code not in SAMPLE.names  # the sample's countries.csv does not list it
    assert country_names.name_of(code) == iso_name(code) == seen_as


def test_the_countries_dataset_name_comes_first():
    # the programme's usage, not ISO's "Lao People's Democratic Republic"
    assert country_names.name_of("LAO", SAMPLE.names["LAO"]) == "Lao PDR"
    assert iso_name("LAO") != "Lao PDR"


@pytest.mark.parametrize("code", ["QQQ", "XQZ", "AAA", "EUR"])
def test_a_code_iso_3166_does_not_assign_is_shown_as_the_code(code):
    assert pycountry.countries.get(alpha_3=code) is None
    assert country_names.name_of(code) == code
    assert country_names.name_of(code, None) == code


def test_kosovo_accepted_by_the_contract_has_its_name():
    assert pycountry.countries.get(alpha_3="XKX") is None
    assert country_names.name_of("XKX") == "Kosovo"


def test_no_provenance_on_the_sample_is_named_by_its_code(sample_con):
    top = queries.seizures_top_provenance(sample_con, Filters(), 50)
    seen = SAMPLE.seizures(Filters()).provenance_iso3.dropna().unique()
    assert sorted(top["provenance_iso3"]) == sorted(seen)
    for code, name in zip(top["provenance_iso3"], top["provenance_name"], strict=True):
        assert name == SAMPLE.names.get(code, iso_name(code)), code
        assert name != code, code
    # codes the sample's countries.csv does not list are among them (the KOR, TUR, ARE)
    assert {"KOR", "TUR", "ARE"} <= set(top["provenance_iso3"]) - set(SAMPLE.names)


def test_a_filter_of_an_unlisted_code_names_it():
    text = Filters(countries=("THA", "KOR", "QQQ")).describe(SAMPLE.names)
    assert text == f"country Thailand, {iso_name('KOR')}, QQQ"
