"""Browser timings against a real `streamlit run app.py`: cold start, filter changes, load.

Debian's Chromium driven by Playwright (async API: one browser, many contexts), 127.0.0.1
only. Every wait is bounded; a timeout counts as an error, never hangs the run.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks import page_errors

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Overview caption: "Showing <filters in words> · figures as of ..." (pages/overview.py).
CHANGE_COUNTRIES = ("Thailand", "Viet Nam", "Indonesia", "Malaysia", "Philippines",
                    "Singapore", "Cambodia", "Lao PDR", "Myanmar", "Brunei Darussalam")
DRAWN_JS = """(expected) => {
  // The run has ended (the status widget shows "Running" only after a delay; the app's
  // own state is there from the first message).
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
  if (charts.length === 0 || !charts.every(c => c.querySelector('.main-svg'))) return false;
  // A map is drawn when its outlines are: plotly draws the frame first and the map's group
  // only once the outlines file has arrived (a click before then is a click on no map).
  const maps = [...document.querySelectorAll('.js-plotly-plot')].map(gd =>
      [((gd._fullLayout || {})._subplots || {}).geo || [], gd]);
  const outlined = ([ids, gd]) => ids.every(id => gd.querySelector('g.geo.' + id + ' .layer'));
  if (!maps.every(outlined)) return false;
  if (expected === null) return true;
  const caps = [...document.querySelectorAll('[data-testid=stCaptionContainer]')]
      .map(c => c.textContent).join(' ');
  return caps.includes(expected);
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    kids = [int(x) for x in text.split()]
    return kids + [g for k in kids for g in _children(k)]


class Server:
    """`streamlit run app.py` on a free port with IPR_DATA_DIR; RSS of it and its children.

    IPR_CACHE_DIR holds the file prepared by the build step, as after `python -m analytics
    build DIR` on a data drop: the cold start is a server start on checked data.
    """

    def __init__(self, data_dir: Path, cache: Path, log: Path,
                 timing_log: Path | None = None, port: int | None = None) -> None:
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "IPR_DATA_DIR": str(data_dir), "IPR_CACHE_DIR": str(cache)}
        if timing_log is not None:  # one line per script run (pages/_shared.py rerun_timer)
            env["IPR_TIMING_LOG"] = str(timing_log)
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        self.started = time.monotonic()
        self._log = log.open("wb")
        self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.peak_kb = 0
        self._stop = threading.Event()
        self._poller = threading.Thread(target=self._poll, daemon=True)
        self._poller.start()

    def _poll(self) -> None:
        while not self._stop.is_set() and self.proc.poll() is None:
            pids = [self.proc.pid, *_children(self.proc.pid)]
            self.peak_kb = max(self.peak_kb, sum(_kb(p, "VmRSS") for p in pids))
            self._stop.wait(0.1)

    def peak_mb(self) -> float:
        """Peak RSS: the polled sum over the process tree, or the kernel's high-water mark."""
        pids = [self.proc.pid, *_children(self.proc.pid)]
        hwm = sum(_kb(p, "VmHWM") for p in pids)
        return max(self.peak_kb, hwm) / 1024

    def cpu_s(self) -> float:
        """CPU seconds (user + system) used so far by the server and its children."""
        total = 0
        for pid in [self.proc.pid, *_children(self.proc.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise TimeoutError("streamlit did not answer /_stcore/health")

    def stop(self) -> None:
        self._stop.set()
        if self.proc.poll() is None:
            self.proc.terminate()  # our own child, by its pid
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self._log.close()


class HealthProbe:
    """Asks the server's `/_stcore/health` every `every` seconds from a thread; the delays.

    The answer comes from the same event loop that receives the pages' rerun requests and
    sends their answers, so its delay is the server's queueing delay under the load.
    """

    def __init__(self, base: str, every: float = 0.25) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self._url, self._every = base + "/_stcore/health", every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(self._url, timeout=30) as r:
                    r.read()
                self.latencies.append(time.perf_counter() - t)
            except OSError:
                self.errors += 1
            self._stop.wait(self._every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=35)


def _script_runs(timing_log: Path, since: float) -> tuple[list[float], list[float]]:
    """(each session's first script run, every later run) in seconds, from the timing log."""
    rows = []
    if timing_log.exists():
        for line in timing_log.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["start"] >= since:
                rows.append(row)
    rows.sort(key=lambda r: r["start"])
    seen: set[str] = set()
    first, later = [], []
    for row in rows:
        (later if row["session"] in seen else first).append(float(row["seconds"]))
        seen.add(row["session"])
    return first, later


async def _drawn(page: Any, expected: str | None, timeout_ms: float, poll_ms: int = 50) -> None:
    await page.wait_for_function(DRAWN_JS, arg=expected, timeout=timeout_ms, polling=poll_ms)


class Answers:
    """The server's answers as they reach one page: Streamlit's websocket messages, decoded.

    A rerun is asked for by a `rerun_script` message from the page and answered when its
    `script_finished` message (finished successfully) arrives; an exception element in any
    delta is an error. The frames and their times come from Chromium's network layer (the
    DevTools protocol's `Network.webSocketFrame*` events and their timestamps), so the time
    between the two is the server's: it depends neither on how fast the page handles the
    click or draws the answer nor on how fast this process reads the events.
    """

    def __init__(self) -> None:
        self.finished = 0
        self.sent_at: list[float] = []  # browser timestamp of each rerun request sent
        self.finished_at: list[float] = []  # browser timestamp of each answer received
        self.exceptions: list[str] = []
        self._changed = asyncio.Event()

    @classmethod
    async def attach(cls, context: Any, page: Any) -> Answers:
        answers = cls()
        cdp = await context.new_cdp_session(page)
        cdp.on("Network.webSocketFrameSent", answers._sent)
        cdp.on("Network.webSocketFrameReceived", answers._frame)
        await cdp.send("Network.enable")
        return answers

    @staticmethod
    def _message(event: dict[str, Any], kind: type) -> Any:
        """The frame decoded as `kind` (BackMsg or ForwardMsg), or None for any other frame."""
        frame = event.get("response") or {}
        if frame.get("opcode") != 2:  # Streamlit's messages are binary frames
            return None
        try:
            return kind.FromString(base64.b64decode(frame.get("payloadData") or ""))
        except Exception:  # noqa: BLE001 - not a message of this kind: nothing to count
            return None

    def _sent(self, event: dict[str, Any]) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = self._message(event, BackMsg)
        if msg is not None and msg.WhichOneof("type") == "rerun_script":
            self.sent_at.append(float(event["timestamp"]))

    def _frame(self, event: dict[str, Any]) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = self._message(event, ForwardMsg)
        if msg is None:
            return
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element" and (
                msg.delta.new_element.WhichOneof("type") == "exception"):
            self.exceptions.append(msg.delta.new_element.exception.message[:200])
        elif kind == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            self.finished += 1
            self.finished_at.append(float(event["timestamp"]))
            self._changed.set()

    async def after(self, count: int, timeout_s: float) -> None:
        """Wait until more than `count` reruns have been answered."""
        deadline = time.monotonic() + timeout_s
        while self.finished <= count:
            self._changed.clear()
            await asyncio.wait_for(self._changed.wait(), max(0.0, deadline - time.monotonic()))


async def _change(page: Any, i: int, timeout_ms: float,
                  answers: Answers | None = None, poll_ms: int = 50) -> tuple[float, float | None]:
    """One filter change on the overview page, timed from the moment it is made.

    Returns (seconds until every chart is redrawn, seconds from the page's rerun request to
    the server's answer, or None without `answers`). Typing a country's name is the user's
    part and is not timed; the change is made by the Enter that picks it (or the Reset click).
    """
    before = answers.finished if answers else 0
    asked = len(answers.sent_at) if answers else 0
    if i % 2 == 0:
        name = CHANGE_COUNTRIES[(i // 2) % len(CHANGE_COUNTRIES)]
        box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(
            has_text="Country")
        await box.locator("input").click(timeout=timeout_ms)
        await page.keyboard.type(name)
        t0 = time.perf_counter()
        await page.keyboard.press("Enter")
        await page.keyboard.press("Escape")
        # Leave the box: with the focus still in it, the next click only closes the list.
        await page.evaluate("() => document.activeElement && document.activeElement.blur()")
        expected = name
    else:
        button = page.get_by_role("button", name="Reset filters")
        await button.wait_for(timeout=timeout_ms)
        t0 = time.perf_counter()
        await button.click(timeout=timeout_ms)
        expected = "all data (no filters)"
    answered = None
    if answers is not None:
        await answers.after(before, timeout_ms / 1000)
        if len(answers.sent_at) <= asked:
            raise RuntimeError("the page answered a change it never asked the server for")
        answered = answers.finished_at[-1] - answers.sent_at[asked]
    await _drawn(page, expected, timeout_ms, poll_ms)
    return time.perf_counter() - t0, answered


# How often each of the many pages checks whether its charts are drawn: a check walks the whole
# page, and 30 pages checking every 50 ms would cost the renderers more than the drawing does.
SESSION_POLL_MS = 250


async def _session(browser: Any, base: str, changes: int, timeout_ms: float,
                   errors: list[str], latencies: list[float], first_drawn: list[float],
                   drawn: list[float], removed: list[str]) -> None:
    """One meeting-room attendee: open the link, then make `changes` filter changes.

    Each change is made once the previous one is drawn (the attendee looks at the charts);
    `latencies` gets the server's answer time, `drawn` the time until the charts are redrawn.
    `removed` gets the errors of charts already off the page (benchmarks/page_errors.py).
    """
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    answers = await Answers.attach(context, page)
    page.on("console", lambda m: errors.append(f"console: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: (
        removed if page_errors.from_removed_map(e.message, e.stack) else errors
    ).append(f"page error: {e} | {(e.stack or '')[:600]}"))
    page.on("request", lambda r: errors.append(f"external request: {r.url}")
            if not r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
            else None)
    try:
        t0 = time.perf_counter()
        await page.goto(base, timeout=timeout_ms)
        await _drawn(page, "all data (no filters)", timeout_ms, SESSION_POLL_MS)
        first_drawn.append(time.perf_counter() - t0)
        for i in range(changes):
            try:
                drawn_s, answered_s = await _change(page, i, timeout_ms, answers,
                                                    SESSION_POLL_MS)
            except Exception as e:  # noqa: BLE001 - a timeout or a vanished element is an error
                errors.append(f"change {i}: {type(e).__name__}: {str(e).splitlines()[0]}")
                break
            latencies.append(answered_s)
            drawn.append(drawn_s)
        if answers.exceptions:
            errors.extend(f"exception shown: {m}" for m in answers.exceptions)
    except Exception as e:  # noqa: BLE001
        errors.append(f"session: {type(e).__name__}: {str(e).splitlines()[0]}")
    finally:
        await context.close()


async def _run(data_dir: Path, cache: Path, changes: int, sessions: int, session_changes: int,
               log_dir: Path, timeout_s: float, cold_starts: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    timeout_ms = timeout_s * 1000
    out: dict[str, Any] = {}
    async with async_playwright() as pw:
        # The browser is open before the server starts, as on a meeting-room laptop: the
        # cold start is the server's (its process launch to the first page drawn).
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        timing_log = log_dir / "timing.jsonl"
        errors: list[str] = []
        out["health_s"], out["cold_start_s"] = [], []
        server: Server | None = None
        context: Any = None
        try:
            # 1. cold start: process launch -> first page's charts drawn, in a browser that
            # has not seen the dashboard (a new context: empty cache). Several times, as one
            # launch on a shared VM can be a second off either way; the last one stays up.
            for i in range(cold_starts):
                if server is not None:
                    await context.close()
                    server.stop()
                    server = None
                server = Server(data_dir, cache, log_dir / f"streamlit-cold-{i}.log",
                                timing_log=timing_log)
                await asyncio.to_thread(server.wait_healthy)
                out["health_s"].append(time.monotonic() - server.started)
                context = await browser.new_context(viewport={"width": 1400, "height": 1000})
                page = await context.new_page()
                page.on("console", lambda m: errors.append(f"console: {m.text}")
                        if m.type == "error" else None)
                await page.goto(server.base, timeout=timeout_ms)
                await _drawn(page, "all data (no filters)", max(timeout_ms, 600_000))
                out["cold_start_s"].append(time.monotonic() - server.started)
            out["server_peak_mb_first_page"] = server.peak_mb()
            lat: list[float] = []
            # 2. filter changes in one session: change -> every chart redrawn.
            for i in range(changes):
                try:
                    lat.append((await _change(page, i, timeout_ms))[0])
                except Exception as e:  # noqa: BLE001
                    errors.append(f"change {i}: {type(e).__name__}")
            out["filter_change_s"] = lat
            # A copy: the page logs the refused reconnections while the server restarts.
            out["filter_change_errors"] = list(errors)
            # 2b. the same, for a returning browser: the server is launched again (same
            # address) and the page opened in the browser that has seen the dashboard before,
            # so Streamlit's and plotly's scripts come from its cache (a presenter's laptop).
            server.stop()
            server = Server(data_dir, cache, log_dir / "streamlit-2.log",
                            timing_log=timing_log, port=server.port)
            await asyncio.to_thread(server.wait_healthy)
            await page.goto(server.base, timeout=timeout_ms)
            await _drawn(page, "all data (no filters)", max(timeout_ms, 600_000))
            out["cold_start_returning_s"] = time.monotonic() - server.started
            await context.close()
        except BaseException:
            if server is not None:
                server.stop()
            raise
        finally:
            await browser.close()
        assert server is not None
        # 3. concurrent sessions. The 30 attendees' browsers would each render on their own
        # laptop; here all 30 render on the server's 2 cores, at the lowest CPU priority
        # (nice 19), and still take most of the machine. So the server is timed from inside:
        # each script run's time (IPR_TIMING_LOG), the event loop's delay (a health request
        # every 0.25 s) and its CPU use; the pages' view of it (rerun request to answer, on
        # the websocket) and the time to the charts drawn are recorded beside. Every change
        # must be drawn within the timeout, or it counts as an error.
        try:
            browser = await pw.chromium.launch(executable_path=str(_niced_chromium(log_dir)),
                                               args=CHROMIUM_ARGS)
            c_errors: list[str] = []
            c_lat: list[float] = []
            c_first: list[float] = []
            c_drawn: list[float] = []
            c_removed: list[str] = []
            probe = HealthProbe(server.base)
            cpu0, wall0 = server.cpu_s(), time.time()
            t0 = time.perf_counter()
            await asyncio.gather(*(
                _session(browser, server.base, session_changes, timeout_ms * 3, c_errors,
                         c_lat, c_first, c_drawn, c_removed) for _ in range(sessions)))
            out["concurrent_wall_s"] = time.perf_counter() - t0
            out["concurrent_server_cpu_s"] = server.cpu_s() - cpu0
            probe.stop()
            if probe.errors:
                c_errors.append(f"health requests unanswered: {probe.errors}")
            out["concurrent_health_s"] = probe.latencies
            out["concurrent_health_errors"] = probe.errors
            first_runs, change_runs = _script_runs(timing_log, since=wall0)
            out["concurrent_server_first_s"] = first_runs
            out["concurrent_server_change_s"] = change_runs
            out["concurrent_change_s"] = c_lat
            out["concurrent_drawn_s"] = c_drawn
            out["concurrent_first_page_s"] = c_first
            out["concurrent_errors"] = c_errors
            out["concurrent_removed_chart_errors"] = c_removed
            out["concurrent_expected_changes"] = sessions * session_changes
            out["sessions"], out["session_changes"] = sessions, session_changes
            await browser.close()
            out["server_peak_mb"] = server.peak_mb()
        finally:
            server.stop()
    return out


def _niced_chromium(folder: Path) -> Path:
    """A launcher running Chromium and every process it starts at nice 19, for good.

    Run as root, Chromium lowers its threads' nice values itself (display-critical threads to
    -8), which undoes a plain `nice -n 19`: as root the launcher also drops CAP_SYS_NICE from
    the process tree (`setpriv`, util-linux), so no Chromium thread can raise its priority.
    """
    path = folder / "chromium-nice"
    # Without root, Chromium cannot lower a nice value anyway.
    path.write_text("#!/bin/sh\n"
                    'if [ "$(id -u)" = 0 ]; then\n'
                    f'  exec setpriv --bounding-set=-sys_nice nice -n 19 {CHROMIUM} "$@"\n'
                    "fi\n"
                    f'exec nice -n 19 {CHROMIUM} "$@"\n')
    path.chmod(0o755)
    return path


def run(data_dir: Path, cache: Path, changes: int, sessions: int, session_changes: int,
        timeout_s: float = 60, cold_starts: int = 3) -> dict[str, Any]:
    """All browser measures for one data folder (HOME points at a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="ipr-bench-home-") as home:
        old = {k: os.environ.get(k) for k in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
        os.environ.update(HOME=home, XDG_CONFIG_HOME=f"{home}/.config",
                          XDG_CACHE_HOME=f"{home}/.cache")
        try:
            return asyncio.run(_run(data_dir, cache, changes, sessions, session_changes,
                                    Path(home), timeout_s, cold_starts))
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
