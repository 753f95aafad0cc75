"""Publishing in Chromium against a real server, a real local OpenID Connect provider and
real local accounts: roles, a workbook with problems, compare, publish to a second session,
roll back, sign-in through the provider, the failed sign-in limit."""

from __future__ import annotations

import csv
import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import xlsxwriter
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Browser, BrowserContext, Page, expect

from analytics import accounts, publish
from analytics.versions import VersionStore
from tests.browser.conftest import (
    REPO,
    assert_local_only,
    free_port,
    sample_dir,
    screenshot,
    streamlit_server,
    wait_for_app,
)

PASSWORD = "browser test passphrase"
OIDC_MANAGER = "dm-oidc@example.org"
OIDC_VIEWER = "guest@example.org"


def seizure_rows() -> list[list[str]]:
    with (sample_dir() / "seizures.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def cases_total(rows: list[list[str]]) -> int:
    col = rows[0].index("cases")
    return sum(int(r[col]) for r in rows[1:])


def seizures_workbook(path: Path, rows: list[list[str]]) -> Path:
    """The seizures as an Excel user keeps them: a title row above the header, numbers."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("seizures")
    ws.write(0, 0, "Seizures reported by customs")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value == "":
                continue
            ws.write(r, c, int(value) if value.isdigit() and r > 1 else value)
    book.close()
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The app with publishing on (version 1: the sample data), two local accounts and a
    local OpenID Connect provider that knows a data manager and a viewer."""
    tmp = tmp_path_factory.mktemp("publish-site")
    root = tmp / "publish"
    store = VersionStore(root)
    accounts.add_user("dm", accounts.DATA_MANAGER, PASSWORD, path=root / "users.json")
    accounts.add_user("viewer1", accounts.VIEWER, PASSWORD, path=root / "users.json")
    publish.publish(sample_dir(), by="setup", note="the sample data", store=store,
                    audit_log=root / "audit.log")
    users = [User(sub=OIDC_MANAGER, claims={"email": OIDC_MANAGER,
                                            "groups": ["ipr-data-managers"]}),
             User(sub=OIDC_VIEWER, claims={"email": OIDC_VIEWER, "groups": []})]
    with run_server_in_thread(user_claims=users) as provider:
        provider_url = f"http://127.0.0.1:{provider.server_port}"
        port = free_port()
        secrets_file = tmp / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            "[auth.programme]\n"
            'client_id = "ipr-dashboard"\n'
            'client_secret = "test-secret"\n'
            f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n',
            encoding="utf-8")
        env = {"IPR_PUBLISH_DIR": str(root), "IPR_SIGN_IN_FAILURES": "3"}
        with streamlit_server(REPO, sample_dir(), tmp / "streamlit.log", port=port, env=env,
                              extra_args=("--secrets.files", str(secrets_file))) as base:
            yield {"base": base, "store": store, "tmp": tmp, "root": root}


def new_page(browser: Browser) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    p = context.new_page()
    requests: list[str] = []
    p.on("request", lambda r: requests.append(r.url))
    p.set_default_timeout(60_000)
    return context, p, requests


def main(p: Page):
    """The page's main block (the sidebar also says who is signed in)."""
    return p.locator("[data-testid=stMain]")


def nav(p: Page, title: str) -> None:
    """Open a page from the sidebar: the same session (a new URL would start a new one)."""
    p.locator("[data-testid=stSidebarNav]").get_by_role("link", name=title).click()
    wait_for_app(p)


def nav_titles(p: Page) -> str:
    return p.locator("[data-testid=stSidebarNav]").inner_text()


def sign_in_locally(p: Page, name: str, password: str) -> None:
    nav(p, "Sign in")
    p.get_by_label("User name").fill(name)
    p.get_by_label("Password", exact=True).fill(password)
    p.get_by_role("button", name="Sign in", exact=True).click()
    wait_for_app(p)


def cases_metric(p: Page):
    return p.locator("[data-testid=stMetric]").filter(has_text="Seizure cases")


def open_home(p: Page, base: str) -> None:
    p.goto(base + "/")
    expect(p.locator("[data-testid=stSidebarNav]")).to_be_visible()
    wait_for_app(p)


def test_a_viewer_cannot_reach_the_publish_pages(site, browser: Browser):
    context, p, requests = new_page(browser)
    open_home(p, site["base"])
    assert "Publish data" not in nav_titles(p)
    p.goto(site["base"] + "/publish")
    wait_for_app(p)
    screenshot(p, "publish-by-url-as-viewer")
    not_reached(p)
    sign_in_locally(p, "viewer1", PASSWORD)
    expect(main(p).get_by_text("Signed in as viewer1 (viewer)")).to_be_visible()
    assert "Publish data" not in nav_titles(p) and "Data history" not in nav_titles(p)
    assert_local_only_urls(requests)
    context.close()


def not_reached(p: Page) -> None:
    """The server has no such page for this session: Streamlit says so, nothing is drawn."""
    dialog = p.get_by_role("dialog")
    expect(dialog).to_contain_text("Page not found")
    expect(p.get_by_role("heading", name="Publish data")).to_have_count(0)
    p.keyboard.press("Escape")
    expect(dialog).to_have_count(0)


def assert_local_only_urls(requests: list[str]) -> None:
    from tests.browser.conftest import Recorded

    assert_local_only(Recorded(requests=requests))


def test_upload_problems_fix_compare_publish_and_roll_back(site, browser: Browser):
    base, store, tmp = site["base"], site["store"], site["tmp"]
    rows = seizure_rows()
    before = cases_total(rows)
    # A viewer's session is open before anything is published.
    vctx, viewer, _ = new_page(browser)
    open_home(viewer, base)
    expect(cases_metric(viewer)).to_contain_text(f"{before:,}")

    dctx, dm, requests = new_page(browser)
    open_home(dm, base)
    sign_in_locally(dm, "dm", PASSWORD)
    expect(main(dm).get_by_text("Signed in as dm (data manager)")).to_be_visible()
    nav(dm, "Publish data")
    expect(dm.get_by_role("heading", name="Publish data")).to_be_visible()

    # 1. A workbook with a month 13 on its fourth data row: Excel shows it on row 6 (the title
    # row, the header row, then rows 3, 4, 5, 6).
    bad = [list(r) for r in rows]
    bad[4][bad[0].index("month")] = "13"
    uploader = dm.locator("[data-testid=stFileUploader] input[type=file]")
    uploader.set_input_files(str(seizures_workbook(tmp / "book.xlsx", bad)))
    expect(dm.get_by_role("button", name="Check")).to_be_enabled()
    dm.get_by_role("button", name="Check").click()
    wait_for_app(dm)
    expect(dm.get_by_text("1 problem(s): nothing can be published")).to_be_visible()
    with dm.expect_download() as download:
        dm.get_by_role("button", name="Download the problems (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = list(csv.reader(text.splitlines()))
    assert lines[0] == ["File or sheet", "Row", "Column", "Value", "Rule", "What to do"]
    assert lines[1][:5] == ["book.xlsx › seizures", "6", "month", "13",
                            "must be between 1 and 12"]
    screenshot(dm, "publish-problems")
    assert store.current_number() == 1  # nothing published

    # 2. Fixed, and one seizure withdrawn: compare, then publish.
    fixed = [rows[0], *rows[2:]]
    dm.locator("[data-testid=stFileChipDeleteBtn]").first.click()  # the first workbook
    expect(dm.locator("[data-testid=stFileChip]")).to_have_count(0)
    uploader.set_input_files(str(seizures_workbook(tmp / "book-fixed.xlsx", fixed)))
    expect(dm.get_by_role("button", name="Check")).to_be_enabled()
    dm.get_by_role("button", name="Check").click()
    wait_for_app(dm)
    expect(dm.get_by_text("No problems. Compare with what is served")).to_be_visible()
    expect(dm.get_by_role("heading", name="Rows by dataset")).to_be_visible()
    expect(dm.get_by_role("heading", name="Headline figures, before → after")).to_be_visible()
    expect(dm.get_by_text("seizures: 0 added, 1 removed, 0 changed")).to_be_visible()
    screenshot(dm, "publish-compare")
    dm.get_by_label("Note for the history (what changed and why)").fill("S-000001 withdrawn")
    dm.get_by_label("Note for the history (what changed and why)").press("Enter")
    wait_for_app(dm)
    dm.get_by_role("button", name="Publish to every session").click()
    wait_for_app(dm)
    expect(dm.get_by_text("Published: version 2 is now served")).to_be_visible()
    assert store.current_number() == 2
    after = cases_total(fixed)

    # 3. The viewer's session switches at its next rerun and says so.
    nav(viewer, "Timeline")
    expect(viewer.get_by_text("New data published at")).to_be_visible()
    expect(viewer.get_by_text("by dm — figures updated")).to_be_visible()
    nav(viewer, "Overview")
    expect(cases_metric(viewer)).to_contain_text(f"{after:,}")

    # 4. Roll back to version 1: both sessions show the old figures again.
    nav(dm, "Data history")
    dm.get_by_label("Note (why)").fill("withdrawal not confirmed")
    dm.get_by_label("Note (why)").press("Enter")
    wait_for_app(dm)
    dm.get_by_role("button", name="Roll back").click()
    wait_for_app(dm)
    expect(dm.get_by_text("Rolled back: version 3 is now served")).to_be_visible()
    assert store.current().rollback_of == 1
    nav(viewer, "Timeline")
    expect(viewer.get_by_text("Data rolled back at")).to_be_visible()
    nav(viewer, "Overview")
    expect(cases_metric(viewer)).to_contain_text(f"{before:,}")
    nav(dm, "Overview")
    expect(cases_metric(dm)).to_contain_text(f"{before:,}")
    events = [json.loads(x)["event"] for x in (site["root"] / "audit.log").read_text()
              .splitlines()]
    assert events[-2:] == ["publish", "rollback"] and "sign_in" in events
    assert_local_only_urls(requests)
    vctx.close()
    dctx.close()


class Relay:
    """A page's websocket to the server, relayed by the test: it can hold back the page's next
    message (instead of sending it) and send a message of its own choosing."""

    def __init__(self, p: Page) -> None:
        self.hold_next = False
        self.held: list[bytes | str] = []
        self.server = None
        p.route_web_socket("**/_stcore/stream", self._route)

    def _route(self, ws) -> None:
        self.server = ws.connect_to_server()
        self.server.on_message(ws.send)
        ws.on_message(self._from_page)

    def _from_page(self, message: bytes | str) -> None:
        if self.hold_next and isinstance(message, bytes):
            self.held.append(message)
            self.hold_next = False
            return
        self.server.send(message)


def test_a_replayed_rollback_message_is_refused(site, browser: Browser):
    """A data manager's "Roll back" click, captured from the wire, sent by a viewer's session."""
    base, store = site["base"], site["store"]
    while len(store.history()) < 3:  # run alone: versions to roll back to
        publish.publish(sample_dir(), by="setup", note="again", store=store,
                        audit_log=site["root"] / "audit.log")
    before, events_before = store.current_number(), (site["root"] / "audit.log").read_text()
    dctx, dm, _ = new_page(browser)
    relay_dm = Relay(dm)
    open_home(dm, base)
    sign_in_locally(dm, "dm", PASSWORD)
    expect(main(dm).get_by_text("Signed in as dm (data manager)")).to_be_visible()
    nav(dm, "Data history")
    dm.get_by_label("Note (why)").fill("replayed")
    dm.get_by_label("Note (why)").press("Enter")
    wait_for_app(dm)
    relay_dm.hold_next = True  # the click's message is captured, not sent
    dm.get_by_role("button", name="Roll back").click()
    dm.wait_for_timeout(1000)
    assert len(relay_dm.held) == 1
    dctx.close()
    assert store.current_number() == before

    vctx, viewer, _ = new_page(browser)
    relay_v = Relay(viewer)
    open_home(viewer, base)
    sign_in_locally(viewer, "viewer1", PASSWORD)  # signed in, but as a viewer
    expect(main(viewer).get_by_text("Signed in as viewer1 (viewer)")).to_be_visible()
    wait_for_app(viewer)
    relay_v.server.send(relay_dm.held[0])
    viewer.wait_for_timeout(3000)
    wait_for_app(viewer)
    assert store.current_number() == before  # nothing rolled back
    new_events = (site["root"] / "audit.log").read_text()[len(events_before):]
    assert '"event": "rollback"' not in new_events
    expect(viewer.get_by_role("heading", name="Data history")).to_have_count(0)
    vctx.close()

    # The control: the same bytes over a data manager's session do roll back, so the refusal
    # above is the server's decision about the viewer, not a message that does nothing.
    ctx2, dm2, _ = new_page(browser)
    relay_dm2 = Relay(dm2)
    open_home(dm2, base)
    sign_in_locally(dm2, "dm", PASSWORD)
    expect(main(dm2).get_by_text("Signed in as dm (data manager)")).to_be_visible()
    wait_for_app(dm2)
    relay_dm2.server.send(relay_dm.held[0])
    deadline = 60
    while store.current_number() == before and deadline:
        dm2.wait_for_timeout(1000)
        deadline -= 1
    screenshot(dm2, "replay-control")
    assert store.current_number() == before + 1, (site["root"] / "audit.log").read_text()[-600:]
    assert store.current().note == "replayed"
    ctx2.close()


def sign_in_with_provider(p: Page, base: str, sub: str) -> None:
    open_home(p, base)
    nav(p, "Sign in")
    p.get_by_role("button", name="Sign in with the identity provider").click()
    # The local provider's own page: choose the user, as a person would.
    p.get_by_role("button", name=sub).click()
    p.wait_for_url(base + "/**")
    expect(p.locator("[data-testid=stSidebarNav]")).to_be_visible()
    wait_for_app(p)


def test_sign_in_through_the_identity_provider(site, browser: Browser):
    base = site["base"]
    context, p, _ = new_page(browser)
    sign_in_with_provider(p, base, OIDC_MANAGER)
    expect(p.locator("[data-testid=stSidebarNav]").get_by_role(
        "link", name="Publish data")).to_be_visible()
    # The sign-in is Streamlit's identity cookie: a new page load is still signed in.
    p.goto(base + "/history")
    wait_for_app(p)
    expect(p.get_by_role("heading", name="Data history")).to_be_visible()
    nav(p, "Sign in")
    # the literal path puts an invisible word joiner around "@" and "." (no autolink)
    shown = "\u2060?".join(re.escape(ch) for ch in f"Signed in as {OIDC_MANAGER} (data manager)")
    expect(main(p).get_by_text(re.compile(shown))).to_be_visible()
    with p.expect_navigation():  # to /auth/logout, which clears the identity cookie
        p.get_by_role("button", name="Sign out").click()
    # Streamlit also ends the session at the provider (its end_session endpoint, which asks
    # first); either way the browser comes back to the app signed out.
    if "end_session" in p.url:
        with p.expect_navigation():
            p.get_by_role("button", name="End session").click()
    open_home(p, base)
    nav(p, "Sign in")
    expect(p.get_by_role("button", name="Sign in with the identity provider")).to_be_visible()
    assert "Publish data" not in nav_titles(p)
    context.close()

    # A user the provider knows, without the data-manager group: a viewer, even by URL.
    context, p, _ = new_page(browser)
    sign_in_with_provider(p, base, OIDC_VIEWER)
    assert "Publish data" not in nav_titles(p)
    p.goto(base + "/publish")
    wait_for_app(p)
    not_reached(p)
    nav(p, "Sign in")
    shown = "\u2060?".join(re.escape(ch) for ch in f"Signed in as {OIDC_VIEWER} (viewer)")
    expect(main(p).get_by_text(re.compile(shown))).to_be_visible()
    context.close()
    entries = [json.loads(x) for x in (site["root"] / "audit.log").read_text().splitlines()]
    oidc = [(e["user"], e["role"]) for e in entries
            if e["event"] == "sign_in" and e.get("method") == "oidc"]
    assert (OIDC_MANAGER, "data-manager") in oidc and (OIDC_VIEWER, "viewer") in oidc


def test_wrong_local_passwords_are_rate_limited(site, browser: Browser):
    # Last in this module: the limit also holds for the address, which every test shares.
    context, p, _ = new_page(browser)
    open_home(p, site["base"])
    for _ in range(3):
        sign_in_locally(p, "dm", "not the password")
        expect(p.get_by_text("Wrong user name or password")).to_be_visible()
    sign_in_locally(p, "dm", PASSWORD)
    expect(p.get_by_text("Too many failed sign-ins")).to_be_visible()
    expect(main(p).get_by_text("Signed in as dm")).to_have_count(0)
    assert "Publish data" not in nav_titles(p)
    context.close()
    events = [json.loads(x)["event"] for x in (site["root"] / "audit.log").read_text()
              .splitlines()]
    assert events.count("sign_in_failed") >= 3 and "sign_in_refused" in events
