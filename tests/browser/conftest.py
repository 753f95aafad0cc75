"""A real server and Debian's Chromium: every request and console error of a page is recorded.

Chromium must start: if it cannot, the tests fail (never skip), so CI cannot pass without a
browser. Screenshots go to artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from benchmarks import page_errors

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SCREENSHOTS = REPO / "artifacts" / "screenshots"
# Cold start draws the first chart in about 5.5 s here (plotly.js is 4.7 MB); allow for CI.
CHART_TIMEOUT_MS = 60_000
expect.set_options(timeout=CHART_TIMEOUT_MS)  # expect() waits 5 s by default: too short cold


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sample_dir() -> Path:
    value = os.environ.get("IPR_DATA_DIR", "").strip()
    return Path(value) if value else REPO / "data"


@contextlib.contextmanager
def streamlit_server(app_dir: Path, data_dir: Path, log: Path, *, port: int | None = None,
                     env: dict[str, str] | None = None,
                     extra_args: tuple[str, ...] = (),
                     prefix: Sequence[str] = ()) -> Iterator[str]:
    """`streamlit run app.py` on a free port; yields the base URL once /_stcore/health is ok.

    `env` is added to this process's environment; `extra_args` go to `streamlit run`;
    `prefix` is a command that runs the server (e.g. in a mount namespace).
    """
    port = port or free_port()
    env = {**os.environ, **(env or {}), "IPR_DATA_DIR": str(data_dir)}
    cmd = [*prefix, sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
           *extra_args]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=app_dir, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited ({proc.returncode}):\n{log.read_text()}")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer /_stcore/health:\n{log.read_text()}")
            time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app of this repository on the sample data (or $IPR_DATA_DIR)."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with streamlit_server(REPO, sample_dir(), log) as base:
        yield base


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Debian's Chromium, headless, with its profile and caches in a temporary HOME."""
    home = tmp_path_factory.mktemp("chromium-home")
    env = dict(os.environ)
    for key, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"),
                     ("XDG_DATA_HOME", ".local/share")):
        env[key] = str(home / sub)
        (home / sub).mkdir(parents=True, exist_ok=True)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `bash scripts/install-test.sh` (installs the "
                    "Debian chromium package); browser tests never skip.")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                               env=env)
        yield b
        b.close()


@dataclass
class Recorded:
    """What a page did: every request URL and every console error / page error."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    # A removed map's pending draw (benchmarks/page_errors.py): not the app's, kept apart.
    removed_chart_errors: list[str] = field(default_factory=list)

    def external_requests(self) -> list[str]:
        return [u for u in self.requests
                if urlparse(u).scheme not in ("data", "blob", "about")
                and urlparse(u).hostname not in LOCAL_HOSTS]


# Streamlit's frontend, opened on a page URL such as /countries, first probes
# /countries/_stcore/health and /countries/_stcore/host-config to find its base path; the 404s
# are how it learns the base is "/" (upstream streamlit/streamlit#7074). Only those two probes
# are let through; any other failed resource or console error fails the test.
_BASE_PATH_PROBE = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")


def _record_console(rec: Recorded, message: Any) -> None:
    if message.type != "error":
        return
    url = (message.location or {}).get("url") or ""
    if "status of 404" in message.text and _BASE_PATH_PROBE.match(urlparse(url).path):
        return
    rec.console_errors.append(f"{message.text} ({url})" if url else message.text)


def _record_page_error(rec: Recorded, error: Any) -> None:
    if page_errors.from_removed_map(error.message, error.stack):
        rec.removed_chart_errors.append(f"page error: {error}")
    else:
        rec.console_errors.append(f"page error: {error}")


def assert_local_only(rec: Recorded) -> None:
    """No request left 127.0.0.1 / localhost."""
    outside = rec.external_requests()
    assert not outside, "requests outside 127.0.0.1:\n" + "\n".join(outside)


def assert_no_console_errors(rec: Recorded) -> None:
    assert not rec.console_errors, "console errors:\n" + "\n".join(rec.console_errors)


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, Recorded]]:
    """A fresh browser context and page; its requests and console errors are recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    p = context.new_page()
    rec = Recorded()
    p.on("request", lambda r: rec.requests.append(r.url))
    p.on("console", lambda m: _record_console(rec, m))
    p.on("pageerror", lambda e: _record_page_error(rec, e))
    p.set_default_timeout(CHART_TIMEOUT_MS)
    yield p, rec
    context.close()


def screenshot(p: Page, name: str) -> Path:
    """Full-page screenshot to artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    p.screenshot(path=str(path), full_page=True)
    return path


def wait_for_app(p: Page) -> None:
    """The script finished its run: the app is not running and has a main block."""
    p.wait_for_selector("[data-testid=stMain]")
    p.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " || !document.querySelector('[data-testid=stStatusWidget]').innerText.includes('Running')"
    )
    p.wait_for_timeout(300)


def copy_app(dest: Path) -> Path:
    """A copy of the app (code, page scripts, static, config) where a test may add a page."""
    for name in ("app.py", "app_pages", "ui", "analytics", "static", ".streamlit"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest
