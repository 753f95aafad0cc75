"""Every publishing and sign-in setting is documented in the README, with its default."""

from __future__ import annotations

from pathlib import Path

from analytics import settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_readme_lists_every_setting():
    for s in settings.ALL:
        assert f"| `{s.name}` | {s.default or '—'} | {s.meaning} |" in README, s.name


def test_numbers_and_flags_fall_back_to_their_defaults(monkeypatch):
    monkeypatch.setenv("IPR_VERSIONS_KEPT", "many")
    assert settings.number(settings.VERSIONS_KEPT) == 20
    monkeypatch.setenv("IPR_VIEWERS_SIGN_IN", "Yes")
    assert settings.flag(settings.VIEWERS_SIGN_IN)
    monkeypatch.setenv("IPR_DATA_MANAGER_EMAILS", " a@x.org, ,b@y.org ")
    assert settings.words(settings.DATA_MANAGER_EMAILS) == ["a@x.org", "b@y.org"]
