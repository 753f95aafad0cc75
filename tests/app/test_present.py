"""Presentation mode: the briefing pack's slides one at a time, stepping, filters kept."""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import pack_content
from analytics.figures import PAGE_CHARTS as PAGE_SLIDES
from analytics.filters import Filters
from tests.app.conftest import APP, sample_dir

TIMEOUT = 60


def open_app(**query: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def open_present(seq: str | None = None, slide: str | None = None,
                 **query: str | list[str]) -> AppTest:
    """Presentation mode opened from page `seq` (or the whole pack) with `query`'s filters.

    As a browser does: the page's link with `present=1` (all charts: `present=all`) switches
    to pages/present.py with the filters and `seq`.
    """
    if seq is None:
        at = open_app(present="all", **query)
    else:
        at = open_app(**query)
        at.query_params["present"] = "1"
        at.switch_page(f"app_pages/{seq}.py").run()
    assert not at.exception, at.exception
    assert at.session_state["_presenting"]
    assert query_of(at, "seq") == ([seq] if seq else [])
    # AppTest reruns the page last given to its switch_page (a browser stays on the page the
    # script switched to): keep the runs on presentation mode.
    at.switch_page("app_pages/present.py")
    if slide is not None:
        at.query_params["slide"] = slide
        at.run()
    return at


@functools.cache
def pack(countries: tuple[str, ...] = ()) -> pack_content.BriefingPack:
    from analytics.load import load_folder

    result = load_folder(sample_dir())
    return pack_content.build_pack(result.con, Filters(countries=countries))


def unescaped(text: object) -> str:
    """Markdown source as shown: the page escapes Markdown characters of data text."""
    return str(text).replace("\\", "")


def title(at: AppTest) -> str:
    return at.title[0].value


def takeaway(at: AppTest) -> str:
    return unescaped(at.get_by_key("present-takeaway").markdown[0].value)


def caption(at: AppTest) -> str:
    return unescaped(at.get_by_key("present-caption").caption[0].value)


def query_of(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


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
    assert titles == [pack().chart(k).title for k in keys]


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
    assert query_of(at, "slide") == ["4"]
    assert title(at) == pack().chart(PAGE_SLIDES["counterfeiting"][-1]).title
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


@pytest.mark.parametrize(("flag", "seq", "slides"), [("1", "overview", 3), ("all", None, 9)])
def test_present_flag_in_a_link_opens_presentation(flag: str, seq: str | None, slides: int):
    at = open_app(present=flag, country="KHM")
    assert not at.exception, at.exception
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
    """The seizure slides' numbers, recomputed from data/seizures.csv with pandas."""
    seizures = pd.read_csv(sample_dir() / "seizures.csv", encoding="utf-8-sig")
    khm = seizures[seizures["iso3"] == "KHM"]
    by_year = khm.groupby("year")["articles"].sum()
    peak_year = int(by_year.idxmax())
    at = open_present("counterfeiting", country="KHM")
    text = takeaway(at)
    assert text == (f"Articles seized peaked in {peak_year} at {int(by_year.max()):,}; "
                    f"{int(khm['articles'].sum()):,} in total over "
                    f"{int(khm['year'].min())}–{int(khm['year'].max())}.")
    by_category = seizures.groupby("product_category")["articles"].sum()
    at = open_present("counterfeiting", slide="2")
    top = by_category.idxmax()
    assert takeaway(at).startswith(f"{top.capitalize()} account for the most articles seized: "
                                   f"{int(by_category.max()):,} "
                                   f"({by_category.max() / by_category.sum():.0%} of "
                                   f"{int(seizures['articles'].sum()):,})")


def test_pages_offer_presentation_and_the_pack():
    at = open_app(country="KHM")
    links = {p.proto.label: p.proto for p in at.sidebar.get("page_link")}
    assert set(links) == {"Present this page", "Present all charts"}
    assert "seq=overview" in links["Present this page"].query_string
    assert "country=KHM" in links["Present all charts"].query_string
    assert "seq" not in links["Present all charts"].query_string
    labels = [b.proto.label for b in at.sidebar.get("download_button")]
    assert labels == ["Briefing pack (PowerPoint)", "Briefing pack (PDF)"]
    pngs = [b for b in at.main.get("download_button") if b.proto.label == "PNG"]
    assert len(pngs) == len(at.get("plotly_chart")), "a PNG download under every chart"
