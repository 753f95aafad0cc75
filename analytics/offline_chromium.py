"""The chart renderer's Chromium, launched with every feature that goes online turned off.

kaleido (through choreographer) starts Chromium with flags of its own and no way to add
more; left so, Chromium asks update.googleapis.com, clients2.google.com (network time),
optimizationguide-pa.googleapis.com and the default search engine at every start. Chart
images are drawn from local files only, so the renderer gets a launcher: a two-line script
that runs the real Chromium with the flags below ahead of kaleido's own.
"""

from __future__ import annotations

import atexit
import shlex
import shutil
import tempfile
from pathlib import Path

# Chromium's switches for a browser that never calls home (the set headless test runners
# such as Puppeteer use, and the features behind each service seen at start).
OFFLINE_FLAGS: tuple[str, ...] = (
    "--disable-background-networking",  # updates, safe-browsing lists, variations, time
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--disable-breakpad",
    "--disable-field-trial-config",
    "--metrics-recording-only",
    "--no-pings",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-service-autorun",
    "--safebrowsing-disable-auto-update",
    "--disable-features=" + ",".join((
        "OptimizationHints", "OptimizationGuideModelDownloading",
        "OptimizationHintsFetching", "OptimizationTargetPrediction",
        "NetworkTimeServiceQuerying", "Translate", "MediaRouter",
        "DialMediaRouteProvider", "CertificateTransparencyComponentUpdater",
        "AutofillServerCommunication", "InterestFeedContentSuggestions",
        "SafeBrowsingEnhancedProtection", "PrivacySandboxSettings4",
        "SearchPrefetchServicePrefetching", "PreloadingHeuristics",
        "NetworkPrediction", "LensOverlay",
    )),
    # Nothing is resolved by name (the pages drawn are local files): a request that slips
    # past the flags above cannot even find its host.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
)

_made: list[Path] = []


def launcher(browser: str) -> str:
    """An executable that starts `browser` with OFFLINE_FLAGS (removed when Python exits)."""
    folder = Path(tempfile.mkdtemp(prefix="ipr-chromium-"))
    script = folder / "chromium-offline"
    flags = " ".join(shlex.quote(f) for f in OFFLINE_FLAGS)
    script.write_text(f'#!/bin/sh\nexec {shlex.quote(browser)} {flags} "$@"\n',
                      encoding="utf-8")
    script.chmod(0o700)
    if not _made:
        atexit.register(_clean)
    _made.append(folder)
    return str(script)


def _clean() -> None:
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)
