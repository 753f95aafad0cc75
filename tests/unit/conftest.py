"""Fixtures of the publishing tests: a version store in a temporary publish folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.versions import VersionStore

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> VersionStore:
    """An empty version store (IPR_PUBLISH_DIR), no audit log or users file of the machine,
    the tiny data set as the folder served before any publish."""
    root = tmp_path / "publish"
    monkeypatch.setenv("IPR_PUBLISH_DIR", str(root))
    monkeypatch.delenv("IPR_AUDIT_LOG", raising=False)
    monkeypatch.delenv("IPR_USERS_FILE", raising=False)
    monkeypatch.setenv("IPR_DATA_DIR", str(TINY))
    return VersionStore(root)
