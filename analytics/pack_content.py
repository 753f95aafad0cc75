"""The briefing pack's content: its slides as data, from the figures layer, before any drawing.

`build_pack` asks the questions once (through `Answers`) and keeps, per chart, the view the
pages and presentation mode show: the same figure, title, takeaway and illustrative flag.
The key-figures slide shows the Overview's key figures. Drawing the charts is
`analytics.pack_images`; writing the files `analytics.pack_pptx` and `analytics.pack_pdf`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from analytics import figures, formats
from analytics.answers import Answers
from analytics.figures import ChartView, ShownFigure
from analytics.filters import Filters

PROGRAMME_NAME = "EU–ASEAN IP cooperation programme"
ILLUSTRATIVE_NOTE = figures.ILLUSTRATIVE_TEXT
# The appendix lists the activities on as many slides as they need, this many a slide (one
# line each, so a slide holds them with any font), up to APPENDIX_MAX_SLIDES; the rest are
# counted in a last line ("… and N more") and are in the data explorer.
APPENDIX_ROWS_PER_SLIDE = 14
APPENDIX_MAX_SLIDES = 6


@dataclass(frozen=True)
class BriefingPack:
    """Everything the slides show, before any image is drawn."""

    programme: str
    period: str
    filters: Filters
    filters_text: str
    loaded_at: dt.datetime | None
    today: dt.date
    illustrative: bool
    key_figures: tuple[ShownFigure, ...]
    charts: tuple[ChartView, ...]
    appendix_title: str
    appendix_columns: tuple[str, ...]
    appendix_rows: tuple[tuple[str, ...], ...]
    appendix_more: int  # rows left off the appendix slides

    @property
    def appendix_pages(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """The appendix rows slide by slide (one slide, empty, when there are none)."""
        n = APPENDIX_ROWS_PER_SLIDE
        rows = self.appendix_rows
        return tuple(rows[i:i + n] for i in range(0, len(rows), n)) or ((),)

    @property
    def appendix_titles(self) -> list[str]:
        pages = len(self.appendix_pages)
        if pages == 1:
            return [self.appendix_title]
        return [f"{self.appendix_title} ({i} of {pages})" for i in range(1, pages + 1)]

    @property
    def slide_titles(self) -> list[str]:
        # a chart's slide is titled with its finding, as on its page and in presentation
        return ([self.title, "Key figures"] + [c.takeaway for c in self.charts]
                + self.appendix_titles)

    @property
    def slide_count(self) -> int:
        return len(self.slide_titles)

    @property
    def title(self) -> str:
        return f"{self.programme}: briefing"

    @property
    def loaded_text(self) -> str:
        return self.loaded_text_of(self.loaded_at)

    @staticmethod
    def loaded_text_of(loaded_at: dt.datetime | None) -> str:
        """When the data were loaded, in words (slides and presentation mode)."""
        if loaded_at is None:
            return "Data load date unknown"
        return f"Data loaded {loaded_at:%d %b %Y %H:%M}"

    def chart(self, key: str) -> ChartView:
        for c in self.charts:
            if c.key == key:
                return c
        raise KeyError(key)


def _period_text(f: Filters, timeline: pd.DataFrame, seizures: pd.DataFrame) -> str:
    if f.start or f.end:
        a = formats.day(f.start) if f.start else "the beginning"
        b = formats.day(f.end) if f.end else "today"
        return f"{a} to {b}"
    years: list[int] = []
    if not timeline.empty:
        years += [int(pd.Timestamp(x).year) for x in
                  (timeline["start_date"].min(), timeline["end_date"].max()) if pd.notna(x)]
    if not seizures.empty:
        years += [int(seizures["year"].min()), int(seizures["year"].max())]
    if not years:
        return "all dates on record"
    return f"all dates on record ({formats.year_span(min(years), max(years))})"


def _programme_text(f: Filters, timeline: pd.DataFrame) -> str:
    names = list(f.programmes) or sorted(timeline["programme"].dropna().astype(str).unique())
    return f"{PROGRAMME_NAME} ({', '.join(names)})" if names else PROGRAMME_NAME


def _appendix(timeline: pd.DataFrame) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], int]:
    columns = ("Activity", "Title", "Cluster", "Status", "Dates")
    d = timeline.sort_values(["start_date", "activity_id"], na_position="last")
    rows = []
    listed = APPENDIX_ROWS_PER_SLIDE * APPENDIX_MAX_SLIDES
    for _, r in d.head(listed).iterrows():
        title = str(r["title"])  # whole: the slide shortens it to its column's width
        if pd.notna(r["start_date"]):
            end = r["end_date"] if pd.notna(r["end_date"]) else r["start_date"]
            dates = f"{formats.day(r['start_date'])} – {formats.day(end)}"
        else:
            dates = "no dates"
        rows.append((str(r["activity_id"]), title, str(r["cluster"]), str(r["status"]), dates))
    return columns, tuple(rows), max(0, len(d) - listed)


def pack_from_answers(answers: Answers, *, loaded_at: dt.datetime | None = None,
                      measure: str | None = None) -> BriefingPack:
    """The pack's slides as data for the selection of `answers` (no image is drawn)."""
    f = answers.filters
    shown = tuple(figures.key_figure(name, answers) for name in figures.PACK_FIGURES)
    slides = tuple(figures.chart_view(key, answers, measure) for key in figures.PACK_CHARTS)
    timeline = answers.activities_timeline()
    columns, rows, more = _appendix(timeline)
    return BriefingPack(
        programme=_programme_text(f, timeline),
        period=_period_text(f, timeline, answers.seizures_by_year()),
        filters=f,
        filters_text=answers.filters_text(),
        loaded_at=loaded_at,
        today=answers.today,
        illustrative=any(s.illustrative for s in shown) or any(s.illustrative for s in slides),
        key_figures=shown,
        charts=slides,
        appendix_title="Appendix: the activities in this selection",
        appendix_columns=columns,
        appendix_rows=rows,
        appendix_more=more,
    )


def build_pack(con: duckdb.DuckDBPyConnection, f: Filters, *,
               loaded_at: dt.datetime | None = None,
               today: dt.date | None = None, measure: str | None = None) -> BriefingPack:
    """The pack for filters `f`, asking the database directly (the command line, tests)."""
    return pack_from_answers(Answers(con, f, today or dt.date.today()), loaded_at=loaded_at,
                             measure=measure)


def loaded_at_of(files: Sequence[Any]) -> dt.datetime | None:
    """When the data were loaded, from `LoadResult.files` (None when unknown)."""
    stamps = [f.loaded_at for f in files if getattr(f, "loaded_at", None)]
    return max(stamps) if stamps else None
