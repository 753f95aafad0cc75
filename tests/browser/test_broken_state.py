"""A damaged server against a real browser: a link leaving the data folder, a damaged
prepared file, a read-only cache folder. Every visitor still gets a page, never a traceback,
and never a line of a file that is not an extract."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Page

from tests.browser.conftest import (
    REPO,
    Recorded,
    assert_local_only,
    sample_dir,
    streamlit_server,
    wait_for_app,
)

SECRET = "root:x:0:0:secret-line:/root:/bin/bash"


def draws_the_overview(p: Page, rec: Recorded, base: str) -> None:
    p.goto(base + "/")
    p.locator(".js-plotly-plot").first.wait_for()
    wait_for_app(p)
    errors = p.locator("[data-testid=stException], [data-testid=stAlertContentError]")
    assert errors.count() == 0, errors.first.inner_text()
    p.get_by_text("Data loaded").first.wait_for()  # the sidebar: data is served
    assert_local_only(rec)


def prepared_file(cache: Path) -> Path:
    (path,) = sorted(cache.glob("ipr-*.duckdb"))
    return path


def test_a_link_to_a_file_outside_is_refused_and_never_shown(tmp_path: Path,
                                                             page: tuple[Page, Recorded]):
    p, rec = page
    data = tmp_path / "data"
    shutil.copytree(sample_dir(), data)
    secret = tmp_path / "passwd"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (data / "activities.csv").unlink()
    (data / "activities.csv").symlink_to(secret)
    with streamlit_server(REPO, data, tmp_path / "streamlit.log",
                          env={"IPR_CACHE_DIR": str(tmp_path / "cache")}) as base:
        p.goto(base + "/")
        alert = p.locator("[data-testid=stAlertContentError]").first
        alert.wait_for()
        assert "outside the data folder" in alert.inner_text()
        assert "root:" not in p.content() and "secret-line" not in p.content()
        assert_local_only(rec)


def test_a_truncated_prepared_file_is_rebuilt_at_restart(tmp_path: Path,
                                                         page: tuple[Page, Recorded]):
    p, rec = page
    cache = tmp_path / "cache"
    env = {"IPR_CACHE_DIR": str(cache)}
    with streamlit_server(REPO, sample_dir(), tmp_path / "first.log", env=env) as base:
        draws_the_overview(p, rec, base)
    for cut in (lambda f: f.stat().st_size // 2, lambda f: 1 << 20):
        path = prepared_file(cache)
        os.truncate(path, cut(path))
        with streamlit_server(REPO, sample_dir(), tmp_path / "again.log", env=env) as base:
            draws_the_overview(p, rec, base)


def test_a_read_only_cache_folder_still_serves(tmp_path: Path, page: tuple[Page, Recorded]):
    p, rec = page
    cache = tmp_path / "cache"
    env = {"IPR_CACHE_DIR": str(cache)}
    with streamlit_server(REPO, sample_dir(), tmp_path / "first.log", env=env) as base:
        draws_the_overview(p, rec, base)
    # The server sees the cache through a read-only bind mount (root ignores permissions).
    read_only = ["unshare", "-m", "sh", "-c",
                 f'mount --bind "{cache}" "{cache}" && '
                 f'mount -o remount,bind,ro "{cache}" && exec "$@"', "sh"]
    with streamlit_server(REPO, sample_dir(), tmp_path / "ro.log", prefix=read_only,
                          env=env) as base:
        draws_the_overview(p, rec, base)
    # A damaged file in a read-only cache: served from memory.
    os.truncate(prepared_file(cache), 1 << 20)
    with streamlit_server(REPO, sample_dir(), tmp_path / "ro-damaged.log", prefix=read_only,
                          env=env) as base:
        draws_the_overview(p, rec, base)
