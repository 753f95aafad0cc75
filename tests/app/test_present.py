"""Presentation mode: the briefing pack's slides one at a time, stepping, filters kept."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from streamlit.testing.v1 import AppTest

from analytics import figures, pack_content
from analytics.answers import Answers
from analytics.figures import PAGE_CHARTS as PAGE_SLIDES
from analytics.filters import Filters
from tests.app.conftest import open_page, open_present, sample_dir, unescaped
from tests.app.conftest import query_list as query_of
from tests.oracles import Extracts


@functools.cache
def loaded():
    from analytics.load import load_folder

    result = load_folder(sample_dir())
    assert result.ok, [p.message() for p in result.problems]
    return result


@functools.cache
def pack(countries: tuple[str, ...] = ()) -> pack_content.BriefingPack:
    return pack_content.build_pack(loaded().con, Filters(countries=countries))


def chart_title(key: str) -> str:
    """Chart `key`'s title without filters, as the figures layer words it."""
    return figures.chart_view(key, Answers(loaded().con, Filters(), dt.date.today())).title


def title(at: AppTest) -> str:
    """What the slide's chart measures (the chart's title in the figures layer)."""
    return unescaped(at.get_by_key("present-subtitle").markdown[0].value)


def takeaway(at: AppTest) -> str:
    """The slide's finding: its heading."""
    return unescaped(at.title[0].value)


def caption(at: AppTest) -> str:
    return unescaped(at.get_by_key("present-caption").caption[0].value)


def test_default_sequence_is_the_whole_pack():
    at = open_present(country="KHM")
    expected = pack(("KHM",))
    n = len(expected.charts)
    assert title(at) == expected.charts[0].title
    assert takeaway(at) == expected.charts[0].takeaway
    assert caption(at).startswith(f"Slide 1 of {n} · Filters: country Cambodia")
    assert at.get("plotly_chart"), "the slide draws its chart"
    # Every slide shows the pack's title and takeaway.
    for k, slide in enumerate(expected.charts, start=1):
        at.query_params["slide"] = str(k)
        at.run()
        assert not at.exception, at.exception
        assert (title(at), takeaway(at)) == (slide.title, slide.takeaway)
        assert caption(at).startswith(f"Slide {k} of {n}")
        assert bool(at.get_by_key("present-illustrative")) == slide.illustrative


@pytest.mark.parametrize("page", sorted(PAGE_SLIDES))
def test_a_page_sequence_shows_that_pages_charts(page: str):
    at = open_present(page)
    keys = PAGE_SLIDES[page]
    titles = []
    for k in range(1, len(keys) + 1):
        titles.append(title(at))
        assert caption(at).startswith(f"Slide {k} of {len(keys)}")
        assert at.button(key="present-next").disabled == (k == len(keys))
        if k < len(keys):
            at.button(key="present-next").click().run()
    assert titles == [chart_title(k) for k in keys]
    in_pack = [k for k in keys if k in figures.PACK_CHARTS]
    assert [titles[keys.index(k)] for k in in_pack] == [pack().chart(k).title for k in in_pack]


def test_stepping_changes_the_slide_and_the_url_within_bounds():
    at = open_present("counterfeiting")
    assert at.button(key="present-back").disabled
    assert at.button(key="present-back").proto.shortcut.lower() == "left"
    assert at.button(key="present-next").proto.shortcut.lower() == "right"
    assert at.button(key="present-exit-button").proto.shortcut.lower() in ("esc", "escape")
    first = title(at)
    at.button(key="present-next").click().run()
    assert query_of(at, "slide") == ["2"] and title(at) != first
    at.button(key="present-back").click().run()
    assert query_of(at, "slide") == ["1"] and title(at) == first
    # A slide beyond the end shows the last one, and the URL says so.
    at.query_params["slide"] = "99"
    at.run()
    assert query_of(at, "slide") == [str(len(PAGE_SLIDES["counterfeiting"]))]
    assert title(at) == chart_title(PAGE_SLIDES["counterfeiting"][-1])
    assert at.button(key="present-next").disabled
    at.query_params["slide"] = "zero"
    at.run()
    assert query_of(at, "slide") == ["1"] and title(at) == first


def test_nothing_but_the_slide_and_the_stepping_buttons():
    at = open_present(country="KHM", status="completed")
    assert at.session_state["_presenting"]
    for kind in ("multiselect", "date_input", "download_button", "page_link", "selectbox"):
        assert not at.get(kind), f"{kind} shown in presentation mode"
    assert not at.sidebar.children
    assert {b.key for b in at.button} == {"present-back", "present-next", "present-exit-button",
                                          "present-next-page", "present-back-page"}
    css = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "stSidebar" in css and "stHeader" in css


def test_filters_kept_in_and_out_of_presentation():
    at = open_present("counterfeiting", country="KHM", status="completed")
    assert query_of(at, "country") == ["KHM"] and query_of(at, "status") == ["completed"]
    assert "country Cambodia; status completed" in caption(at)
    at.button(key="present-next").click().run()
    assert query_of(at, "country") == ["KHM"]
    at.button(key="present-exit-button").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "🛃 Counterfeiting"  # the page it came from
    assert at.session_state["filter_countries"] == ["KHM"]
    assert at.session_state["filter_statuses"] == ["completed"]
    assert at.get("multiselect"), "the sidebar filters are back"
    assert query_of(at, "country") == ["KHM"] and "seq" not in at.query_params


@pytest.mark.parametrize(("flag", "seq"), [("1", "overview"), ("all", None)])
def test_present_flag_in_a_link_opens_presentation(flag: str, seq: str | None):
    # "Present this page" from the page the app opens on (the overview), or the whole pack.
    slides = len(PAGE_SLIDES["overview"]) if seq else len(pack(("KHM",)).charts)
    assert slides == (3 if seq else 9)  # the overview's charts; the pack's charts
    at = open_page(None, present=flag, country="KHM")
    assert at.session_state["_presenting"]
    assert query_of(at, "seq") == ([seq] if seq else [])
    assert query_of(at, "country") == ["KHM"]
    assert caption(at).startswith(f"Slide 1 of {slides} · Filters: country Cambodia")


def test_unknown_sequence_shows_the_whole_pack():
    at = open_present()
    at.query_params["seq"] = "nowhere"
    at.run()
    assert "seq" not in at.query_params
    assert caption(at).startswith(f"Slide 1 of {len(pack().charts)}")


def test_takeaway_numbers_match_the_extract():
    """The seizure slides' sentences quote the oracle's numbers (tests/oracles.py)."""
    ex = Extracts(sample_dir())
    n = ex.chart_numbers("seizures_year", Filters(countries=("KHM",)))
    assert n["measure"] == "articles"
    at = open_present("counterfeiting", country="KHM")
    assert takeaway(at) == (
        f"Articles seized peaked in {n['peak_year']} at {int(n['peak']):,}; "
        f"{int(n['total']):,} in total over {n['first_year']}–{n['last_year']}.")
    c = ex.chart_numbers("seizures_category", Filters())
    at = open_present("counterfeiting", slide="2")
    assert takeaway(at) == (
        f"{c['top'].capitalize()} lead the categories: {int(c['top_value']):,} "
        f"({c['top_share']:.0%} of {int(c['total']):,}) — the most articles seized.")


def test_pages_offer_presentation_and_the_pack():
    at = open_page(None, country="KHM")
    links = {p.proto.label: p.proto for p in at.sidebar.get("page_link")}
    assert set(links) == {"Present this page", "Present all charts"}
    assert "seq=overview" in links["Present this page"].query_string
    assert "country=KHM" in links["Present all charts"].query_string
    assert "seq" not in links["Present all charts"].query_string
    labels = [b.proto.label for b in at.sidebar.get("download_button")]
    assert labels == ["Briefing pack (PowerPoint)", "Briefing pack (PDF)"]
    pngs = [b for b in at.main.get("download_button") if b.proto.label == "PNG"]
    assert len(pngs) == len(at.get("plotly_chart")), "a PNG download under every chart"


@pytest.mark.parametrize("slide", ["²", "٣", "१", "1e3", "-1", "+2", " 2", "0x2", "", "2.0",
                                   "9" * 40, "9" * 5000, "![t](http://203.0.113.9/t.png)"])
def test_any_slide_parameter_shows_a_slide(slide: str):
    """`str.isdigit()` is true for "²" and other digits int() refuses: no error, ever."""
    at = open_present("counterfeiting", slide=slide)
    n = len(PAGE_SLIDES["counterfeiting"])
    shown = query_of(at, "slide")
    assert shown in (["1"], [str(n)]), shown
    assert title(at) in (chart_title(PAGE_SLIDES["counterfeiting"][0]),
                         chart_title(PAGE_SLIDES["counterfeiting"][-1]))
