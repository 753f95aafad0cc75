"""The app shell: pages run, data problems are shown as a list, links fill the filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.filters import Filters
from tests.app.conftest import REPO, TIMEOUT, open_page, texts, unescaped
from tests.oracles import Extracts


def test_app_runs_on_sample_data():
    at = open_page()
    assert not at.exception, at.exception
    assert not at.error, texts(at.error)
    assert at.get("plotly_chart"), "the overview draws a chart"
    assert [b.label for b in at.sidebar.button] == ["Reset filters", "Reload data"]


def test_every_page_script_is_registered_and_runs():
    scripts = sorted(p for p in (REPO / "app_pages").glob("*.py") if not p.name.startswith("_"))
    assert REPO / "app_pages" / "overview.py" in scripts
    assert REPO / "app_pages" / "definitions.py" in scripts
    # Sign-in and the data managers' pages are registered by role (tests/app/
    # test_publish_pages.py opens them); every other page is registered for everyone.
    from ui.sign_in import DATA_MANAGER_PAGES, SIGN_IN_PAGE

    by_role = {REPO / p[0] for p in (*DATA_MANAGER_PAGES, SIGN_IN_PAGE)}
    assert by_role <= set(scripts)
    at = open_page()
    for script in scripts:
        if script in by_role:
            continue
        # switch_page fails for a script that app.py does not register.
        at.switch_page(f"app_pages/{script.name}").run()
        assert not at.exception, f"{script.name}: {at.exception}"


def test_broken_folder_shows_problems(data_copy: Path, use_data, break_countries):
    bad = break_countries(data_copy)
    use_data(data_copy)
    at = open_page(errors_shown=True)
    message = texts(at.error)
    assert "problem" in message and "Reload data" in message
    assert "countries" in message and bad in message
    assert "Traceback" not in message
    assert not at.get("plotly_chart"), "no data is shown when there never was good data"
    assert any(b.label == "Reload data" for b in at.button)


def test_missing_folder_says_what_to_do(tmp_path: Path, use_data):
    use_data(tmp_path / "nowhere")
    at = open_page(errors_shown=True)
    assert "IPR_DATA_DIR" in texts(at.error)


def test_reload_keeps_last_good_data(data_copy: Path, use_data, break_countries):
    use_data(data_copy)
    at = open_page()
    assert not at.error and at.get("plotly_chart")
    bad = break_countries(data_copy)
    at.sidebar.button(key="_reload_data").click().run()
    assert not at.exception
    message = texts(at.error)
    assert bad in message and "still shows the data loaded" in message
    assert at.get("plotly_chart"), "the last good data is still served"


def test_link_filters_fill_the_sidebar():
    at = open_page(country=["KHM", "xx"], status="completed", bogus="1", dataset="participation")
    assert not at.exception
    assert at.session_state["filter_countries"] == ["KHM"]
    assert at.session_state["filter_statuses"] == ["completed"]
    notices = unescaped(texts(at.warning))
    assert "'xx'" in notices and "'bogus'" in notices
    # The URL keeps page state and the valid filters, and drops what was ignored.
    assert at.query_params.get("country") in (["KHM"], "KHM")
    assert "bogus" not in at.query_params
    assert "dataset" in at.query_params


def test_malformed_dates_are_ignored_with_a_notice():
    at = open_page(**{"from": "2024-13-01", "to": "2025-06-30"})
    assert not at.exception
    assert "YYYY-MM-DD" in unescaped(texts(at.warning))
    assert at.session_state["filter_start"] is None
    assert str(at.session_state["filter_end"]) == "2025-06-30"


def test_notices_are_shown_once():
    at = open_page(bogus="1")
    assert at.warning
    at.run()
    assert not at.warning


def test_filters_survive_a_page_switch():
    at = open_page(country="THA")
    at.sidebar.multiselect(key="filter_statuses").set_value(["ongoing"]).run()
    at.switch_page("app_pages/overview.py").run()
    assert at.session_state["filter_countries"] == ["THA"]
    assert at.session_state["filter_statuses"] == ["ongoing"]


def test_reset_filters():
    at = open_page(country="THA", status="ongoing")
    at.sidebar.button(key="_reset_filters").click().run()
    assert not at.exception
    assert at.session_state["filter_countries"] == []
    assert at.session_state["filter_statuses"] == []


SET_FILTER_PAGE = """
import streamlit as st
from ui.data_store import served_data
from ui.filter_state import set_filter
from ui.sidebar import sidebar

data = served_data()
cur = data.con.cursor()
countries = cur.execute("select iso3, name from countries").df()
cur.close()
f = sidebar(countries)
st.write("countries=" + ",".join(f.countries))
if st.button("pick Thailand"):
    set_filter("countries", ["THA"])
"""


def test_set_filter_cross_filters():
    at = AppTest.from_string(SET_FILTER_PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    next(b for b in at.button if b.label == "pick Thailand").click().run()
    assert not at.exception
    assert at.session_state["filter_countries"] == ["THA"]
    assert "countries=THA" in texts(at.markdown)


def test_reload_serves_the_new_data_not_cached_answers(data_copy: Path, use_data):
    # Answers are shared across sessions; a reload of changed extracts must never serve the
    # old ones. The new total is the oracle's (tests/oracles.py) over the edited file.
    use_data(data_copy)

    def seizure_cases(at: AppTest) -> str:
        return next(m.value for m in at.metric if m.label == "Seizure cases")

    def expected() -> str:
        return f"{Extracts(data_copy).key_figure('seizure_cases', Filters()):,}"

    at = open_page()
    assert seizure_cases(at) == expected()
    path = data_copy / "seizures.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    header = lines[0].split(",")
    row = lines[-1].split(",")
    row[header.index("seizure_id")] = "SZ-RELOAD-TEST"
    row[header.index("cases")] = "777"
    path.write_text("\n".join([*lines, ",".join(row)]) + "\n", encoding="utf-8")
    at.sidebar.button(key="_reload_data").click().run()
    assert not at.exception and not at.error
    assert seizure_cases(at) == expected()
    assert open_page().metric and seizure_cases(open_page()) == expected()  # a new session too


def test_timing_log_records_each_run_when_asked(tmp_path: Path, monkeypatch):
    log = tmp_path / "timing.jsonl"
    monkeypatch.setenv("IPR_TIMING_LOG", str(log))
    open_page().run()
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(rows) == 2  # the first run and the rerun: one line each
    assert {r["page"] for r in rows} == {"overview"}
    assert all(r["outcome"] == "finished" and r["seconds"] > 0 for r in rows)
    assert rows[0]["start"] <= rows[1]["start"]


def test_no_timing_log_by_default(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("IPR_TIMING_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    open_page()
    assert list(tmp_path.iterdir()) == []


def _empty_charts(at: AppTest) -> list:
    """The chart-scripts request's empty charts (ui/chart_scripts.py) left in the page."""
    from ui.chart_scripts import EMPTY_CHART

    return [c for c in at.get("plotly_chart")
            if json.loads(c.proto.spec)["data"] == EMPTY_CHART["data"]]


def _request_script() -> None:
    import streamlit as st

    from ui import chart_scripts

    chart_scripts.request()
    st.write("the page")
    if not st.session_state.get("leave_it"):
        chart_scripts.release()


def test_chart_scripts_are_requested_on_a_sessions_first_run_only():
    at = AppTest.from_function(_request_script, default_timeout=TIMEOUT)
    at.session_state["leave_it"] = True
    at.run()
    assert len(_empty_charts(at)) == 1, "the first run sends the empty chart"
    assert at.main[0].type == "plotly_chart", "before anything else on the page"
    at.run()
    assert not _empty_charts(at), "later runs of the session do not"


def test_chart_scripts_request_is_removed_when_the_run_ends():
    at = AppTest.from_function(_request_script, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert not _empty_charts(at)
    assert [m.value for m in at.markdown] == ["the page"]


@pytest.mark.parametrize("page", ["overview", "timeline", "countries", "data_explorer"])
def test_first_page_of_a_session_keeps_only_its_own_charts(page: str):
    at = open_page(f"app_pages/{page}.py", first=True)
    assert not _empty_charts(at)


def test_a_page_stopped_early_leaves_no_empty_chart():
    # no seizures for Australia: the explorer stops after its message
    at = open_page("app_pages/data_explorer.py", first=True, dataset="seizures", country="AUS")
    assert "No rows of seizures" in texts(at.info)
    assert not at.get("plotly_chart")
