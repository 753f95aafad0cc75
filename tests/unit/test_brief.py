"""The briefing pack: PowerPoint and PDF for the sample data, takeaways against pandas, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from analytics import (
    figures,
    images,
    pack_content,
    pack_file,
    pack_images,
    pack_pdf,
    pack_pptx,
    queries,
)
from analytics.filters import Filters, from_query
from analytics.load import load_folder
from tests.oracles import Extracts

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "data"
TODAY = dt.date(2026, 11, 22)
VIEW = "country=KHM&from=2024-01-01"
CHART_COUNT = 9
ROWS_PER_SLIDE = 14  # the appendix lists 14 activities a slide


def slide_count(f: Filters) -> int:
    """Title, key figures, one slide per chart, the appendix on as many slides as it needs."""
    acts = len(EX.activities(f))
    return 2 + CHART_COUNT + max(1, -(-acts // ROWS_PER_SLIDE))


@pytest.fixture(scope="module")
def renderer():
    images.start()
    yield
    images.stop()


@pytest.fixture(scope="module")
def loaded():
    result = load_folder(SAMPLE)
    assert result.ok, [p.message() for p in result.problems]
    return result


def _pack(loaded, view: str) -> pack_content.BriefingPack:
    f, notices = from_query(parse_qs(view))
    assert not notices
    return pack_content.build_pack(loaded.con, f, loaded_at=pack_content.loaded_at_of(loaded.files),
                            today=TODAY)


@pytest.fixture(scope="module")
def packs(loaded, renderer):
    """(pack, images) for no filters and for VIEW, drawn once for the module."""
    out = {}
    for name, view in (("all", ""), ("khm", VIEW)):
        pack = _pack(loaded, view)
        out[name] = (pack, pack_images.render_images(pack))
    return out


# --- the oracle: pandas over the CSV files, not the SQL marts (tests/oracles.py) -------------

EX = Extracts(SAMPLE, TODAY)
CASES = {"all": Filters(), "khm": Filters(countries=("KHM",), start=dt.date(2024, 1, 1))}
SLIDES = {name: slide_count(f) for name, f in CASES.items()}


def _all_text(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


# --- the pack as data ------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(CASES))
def test_takeaway_numbers_equal_pandas(packs, case):
    pack, _ = packs[case]
    assert from_query(parse_qs(VIEW))[0] == CASES["khm"]  # the pack of VIEW, the oracle's too
    acts = EX.activities(CASES[case])
    sc = pack.chart("status_cluster")
    assert sc.numbers["activities"] == len(acts)
    assert sc.numbers["completed"] == int((acts["status"] == "completed").sum())
    assert f"{sc.numbers['completed']} of {len(acts)} activities completed" in sc.takeaway

    s = EX.seizures(CASES[case]).astype({"year": int, "cases": int, "articles": int})
    by_year = s.groupby("year")["articles"].sum()
    peak_year = int(by_year.idxmax())
    sy = pack.chart("seizures_year")
    assert (sy.numbers["peak_year"], sy.numbers["peak"]) == (
        peak_year, int(by_year.max()))
    assert f"peaked in {peak_year} at {int(by_year.max()):,}" in sy.takeaway
    assert f"{int(s['articles'].sum()):,} in total" in sy.takeaway

    by_cat = s.groupby("product_category")["articles"].sum().sort_values(ascending=False)
    cat = pack.chart("seizures_category")
    assert cat.numbers["top"] == by_cat.index[0]
    assert f"{int(by_cat.iloc[0]):,}" in cat.takeaway

    yearly = s.groupby("year").apply(
        lambda g: g.loc[g["ecommerce"].astype(bool), "cases"].sum()
        / g["cases"].sum(), include_groups=False)
    # compared over whole years only: over, and not cut by the period
    start = CASES[case].start
    whole = yearly[[y < TODAY.year and (start is None or start <= dt.date(y, 1, 1))
                    for y in yearly.index]]
    ec = pack.chart("ecommerce")
    assert ec.numbers["first_year"] == int(whole.index[0])
    assert ec.numbers["last_share"] == pytest.approx(float(whole.iloc[-1]))
    assert f"{whole.iloc[-1] * 100:.0f}% in {int(whole.index[-1])}" in ec.takeaway


def test_takeaways_match_the_charts_data(packs):
    pack, _ = packs["all"]
    # the map's numbers come from the DataFrame the map was drawn from
    m = pack.chart("member_map")
    z = list(m.figure.data[0].z)
    zero = m.figure.data[0].zmin  # the map draws zero below its scale (charts.asean_map)
    assert m.numbers["reached"] == sum(1 for v in z if v > zero)
    assert m.numbers["top_value"] == max(z)
    rag = pack.chart("indicator_progress")
    assert rag.numbers["indicators"] == sum(len(t.y) for t in rag.figure.data
                                            if t.type == "bar")
    assert sum(rag.numbers[k] for k in ("green", "amber", "red", "no data")) == \
        rag.numbers["indicators"]


def test_pack_titles_and_filters_in_words(packs):
    pack, _ = packs["khm"]
    assert pack.slide_count == SLIDES["khm"]
    assert pack.filters_text == "period 2024-01-01 to today; country Cambodia"
    assert pack.illustrative  # the sample data carries illustrative rows
    assert pack.loaded_at is not None


# --- PowerPoint ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(CASES))
def test_pptx_structure(packs, case):
    pack, imgs = packs[case]
    assert not imgs.warnings and imgs.missing is None
    prs = Presentation(io.BytesIO(pack_pptx.to_pptx(pack, imgs)))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    slides = list(prs.slides)
    assert len(slides) == SLIDES[case]
    assert [s.shapes.title.text for s in slides] == pack.slide_titles
    assert slides[1].shapes.title.text == "Key figures"
    appendix = slides[2 + CHART_COUNT:]
    assert all(s.shapes.title.text.startswith("Appendix") for s in appendix)

    first = _all_text(slides[0])
    assert f"Filters: {pack.filters_text}" in first
    assert pack_content.ILLUSTRATIVE_NOTE in first
    assert "Data loaded" in first and "Period:" in first

    for slide, chart in zip(slides[2:2 + CHART_COUNT], pack.charts, strict=True):
        pictures = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, chart.title
        assert pictures[0].image.size == (pack_images.IMAGE_WIDTH, pack_images.IMAGE_HEIGHT)
        assert chart.takeaway in _all_text(slide)
        # the presenter's notes carry the chart's definition: for the indicators, the rule
        notes = slide.notes_slide.notes_text_frame.text
        assert figures.CHARTS[chart.key].definition in notes
        if chart.key == "indicator_progress":
            assert queries.RAG_RULE in notes
            # and on the slide itself, as on the page (the PDF has no presenter's notes)
            assert f"How the status is set: {queries.RAG_RULE}" in _all_text(slide)

    # every activity of the selection is listed, in start order, a header on every slide
    listed = []
    for slide in appendix:
        tables = [sh.table for sh in slide.shapes if sh.has_table]
        assert len(tables) == 1
        rows = [[c.text for c in r.cells] for r in tables[0].rows]
        assert rows[0] == list(pack.appendix_columns)
        assert 1 < len(rows) <= ROWS_PER_SLIDE + 1
        listed += [r[0] for r in rows[1:]]
    acts = EX.activities(CASES[case])
    assert sorted(listed) == sorted(acts["activity_id"])
    assert not pack.appendix_more
    for slide in appendix[:-1]:
        assert "continued on the next slide" in _all_text(slide)


def test_pptx_key_figures_equal_pandas(packs):
    pack, imgs = packs["all"]
    prs = Presentation(io.BytesIO(pack_pptx.to_pptx(pack, imgs)))
    text = _all_text(list(prs.slides)[1])
    acts = EX.activities(Filters())
    assert f"\n{len(acts)}\n" in f"\n{text}\n"
    assert f"{EX.key_figure('articles', Filters()):,}" in text


def test_pack_builds_without_a_browser(packs, monkeypatch):
    pack, _ = packs["khm"]
    monkeypatch.setattr(images, "_renderer", None)
    monkeypatch.setattr(images, "find_browser", lambda: None)
    imgs = pack_images.render_images(pack)
    assert imgs.png == {} and imgs.missing and "Chromium" in imgs.missing
    prs = Presentation(io.BytesIO(pack_pptx.to_pptx(pack, imgs)))
    for slide in list(prs.slides)[2:2 + CHART_COUNT]:
        assert not [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert "Chart not drawn" in _all_text(slide)
    assert pack_pdf.to_pdf(pack, imgs).startswith(b"%PDF")


# --- PDF -------------------------------------------------------------------------------------


def _pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def test_pdf_pages_equal_slides_and_are_not_blank(packs, tmp_path):
    pack, imgs = packs["khm"]
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(pack_pdf.to_pdf(pack, imgs))
    assert _pdf_pages(pdf) == SLIDES["khm"]
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == SLIDES["khm"]
    for page in pages:
        px = np.asarray(Image.open(page).convert("L"))
        assert px.min() < 128 and px.max() > 200, f"{page.name} is blank"
        assert (px < 200).mean() > 0.002, f"{page.name} has almost nothing on it"
    # the indicators' page states the status rule, as the page does
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = " ".join(text.split())
    assert f"How the status is set: {' '.join(queries.RAG_RULE.split())}" in words
    # chart pages carry the chart image: many more coloured pixels than a text-only page
    chart = np.asarray(Image.open(pages[2]).convert("RGB")).astype(int)
    assert ((chart.max(axis=2) - chart.min(axis=2)) > 40).mean() > 0.01


def test_make_pack_gives_bytes_name_and_type(packs):
    pack, imgs = packs["all"]
    out = pack_file.make_pack(pack, "pdf", imgs)
    assert out.data.startswith(b"%PDF") and out.filename.endswith(".pdf")
    assert out.mime == "application/pdf"
    with pytest.raises(ValueError):
        pack_file.make_pack(pack, "docx", imgs)


# --- command line ----------------------------------------------------------------------------


def _cli(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "HOME": str(tmp_path), **env}
    full_env.pop("IPR_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "analytics", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=180, env=full_env)


def test_cli_writes_pptx(tmp_path):
    out = tmp_path / "x.pptx"
    done = _cli(["brief", "--view", "country=KHM&from=2024-01-01&status=completed",
                 "--out", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "warning" not in done.stderr
    prs = Presentation(str(out))
    assert len(prs.slides) == slide_count(
        Filters(countries=("KHM",), start=dt.date(2024, 1, 1), statuses=("completed",)))
    assert "country Cambodia" in _all_text(prs.slides[0])
    assert "status completed" in _all_text(prs.slides[0])


def test_cli_bad_values_notice_and_no_browser_still_builds(tmp_path):
    out = tmp_path / "pack.pdf"
    done = _cli(["brief", "--view", "?country=XXX&from=2024-13-01&foo=1", "--out", str(out),
                 "--data", str(SAMPLE)], tmp_path, BROWSER_PATH="/nonexistent")
    assert done.returncode == 0, done.stderr
    assert "note: Ignored unknown value 'XXX' for 'country'." in done.stderr
    assert "from=2024-13-01" in done.stderr and "'foo'" in done.stderr
    assert "warning: Chart images need Chromium" in done.stderr
    assert "Traceback" not in done.stderr
    assert _pdf_pages(out) == SLIDES["all"]


def test_cli_bad_data_folder_exits_1(tmp_path):
    done = _cli(["brief", "--view", "", "--out", str(tmp_path / "x.pptx"),
                 "--data", str(tmp_path / "nowhere")], tmp_path)
    assert done.returncode == 1
    assert "no such folder" in done.stdout
    assert not (tmp_path / "x.pptx").exists()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "activities.csv").write_text("activity_id\nA-1\n", encoding="utf-8")
    done = _cli(["brief", "--out", str(tmp_path / "y.pdf"), "--data", str(broken)], tmp_path)
    assert done.returncode == 1 and done.stdout.strip()
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("out", ["x.txt", "missing/x.pptx"])
def test_cli_usage_errors_exit_2(tmp_path, out):
    done = _cli(["brief", "--out", str(tmp_path / out)], tmp_path)
    assert done.returncode == 2
    assert "--out" in done.stderr
