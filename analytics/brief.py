"""The briefing pack: the charts for the current filters, a takeaway each, as PowerPoint or PDF.

`build_pack` runs the queries once and keeps, per chart, the DataFrame it was drawn from and
the numbers its takeaway sentence quotes, so the sentence and the chart cannot disagree.
`render_images` draws the charts (one Chromium for the whole pack); `to_pptx` / `to_pdf` lay
the same slides out. `make_pack` does all three for a download button or the command line.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go

from analytics import charts, images, queries
from analytics.filters import Filters

PROGRAMME_NAME = "EU–ASEAN IP cooperation programme"
ILLUSTRATIVE_NOTE = "Illustrative sample data — not reported figures"
APPENDIX_ROWS = 14  # activities listed on the appendix slide before "and N more"
IMAGE_WIDTH = 1600  # chart image in pixels; placed 12.3 × 5.5 in on the slide (130 dpi)
IMAGE_HEIGHT = 720
SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian fonts-dejavu-core

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


# --- the pack as data ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSlide:
    """One chart slide: the figure, its takeaway, and the numbers the takeaway quotes."""

    key: str
    title: str
    takeaway: str
    figure: go.Figure = field(repr=False, compare=False)
    numbers: Mapping[str, Any] = field(default_factory=dict)
    data: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False, compare=False)
    illustrative: bool = False


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str  # formatted for the slide
    detail: str = ""


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
    key_figures: tuple[KeyFigure, ...]
    charts: tuple[ChartSlide, ...]
    appendix_title: str
    appendix_columns: tuple[str, ...]
    appendix_rows: tuple[tuple[str, ...], ...]
    appendix_more: int  # rows left off the appendix slide

    @property
    def slide_titles(self) -> list[str]:
        return ([self.title, "Key figures"] + [c.title for c in self.charts]
                + [self.appendix_title])

    @property
    def slide_count(self) -> int:
        return len(self.slide_titles)

    @property
    def title(self) -> str:
        return f"{self.programme}: briefing"

    @property
    def loaded_text(self) -> str:
        if self.loaded_at is None:
            return "Data load date unknown"
        return f"Data loaded {self.loaded_at:%d %b %Y %H:%M}"

    def chart(self, key: str) -> ChartSlide:
        for c in self.charts:
            if c.key == key:
                return c
        raise KeyError(key)


# --- numbers in words ---------------------------------------------------------------------


def _int(n: Any) -> str:
    return f"{int(round(float(n))):,}"


def _pct(share: float | None) -> str:
    return "–" if share is None or pd.isna(share) else f"{share * 100:.0f}%"


def _money(v: float) -> str:
    v = float(v)
    if abs(v) >= 1e9:
        return f"US${v / 1e9:.1f} bn"
    if abs(v) >= 1e6:
        return f"US${v / 1e6:.1f} M"
    return f"US${v:,.0f}"


def _names(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _date(d: Any) -> str:
    return pd.Timestamp(d).strftime("%b %Y")


def _any(df: pd.DataFrame) -> bool:
    return bool("illustrative" in df.columns and df["illustrative"].fillna(False).any())


# --- one function per chart: (DataFrame) -> slide -------------------------------------------


def _status_cluster(df: pd.DataFrame, illustrative: bool) -> ChartSlide:
    fig = charts.status_cluster_bar(df)
    total = int(df["activities"].sum()) if not df.empty else 0
    completed = int(df.loc[df["status"] == "completed", "activities"].sum()) if total else 0
    numbers: dict[str, Any] = {"activities": total, "completed": completed}
    if total == 0:
        takeaway = "No activities match these filters."
    else:
        share = completed / total
        by_cluster = df.groupby("cluster")["activities"].sum()
        top = int(by_cluster.max())
        top_clusters = sorted(by_cluster[by_cluster == top].index)
        numbers |= {"share_completed": share, "top_clusters": top_clusters,
                    "top_cluster_activities": top}
        takeaway = (f"{completed} of {total} activities completed ({_pct(share)}); "
                    f"{_names(top_clusters)} {'has' if len(top_clusters) == 1 else 'have'} "
                    f"the most ({top}{' each' if len(top_clusters) > 1 else ''}).")
    return ChartSlide("status_cluster", "Activities by cluster and status", takeaway, fig,
                      numbers, df, illustrative)


def _timeline(df: pd.DataFrame, today: dt.date) -> ChartSlide:
    fig = charts.timeline(df, today)
    total = len(df)
    dated = df[df["has_dates"].astype(bool) & df["start_date"].notna()] if total else df
    numbers: dict[str, Any] = {"activities": total, "dated": len(dated),
                               "undated": total - len(dated)}
    if total == 0:
        takeaway = "No activities match these filters."
    elif dated.empty:
        takeaway = f"None of the {total} activities has dates yet, so none is on the timeline."
    else:
        first = pd.Timestamp(dated["start_date"].min())
        last = pd.Timestamp(dated["end_date"].fillna(dated["start_date"]).max())
        numbers |= {"first_start": first.date(), "last_end": last.date()}
        takeaway = (f"{len(dated)} dated activities run from {_date(first)} to {_date(last)}"
                    + (f"; {total - len(dated)} without dates are not shown."
                       if total > len(dated) else "."))
    return ChartSlide("timeline", "Activities over time", takeaway, fig, numbers, df,
                      _any(df))


def _indicators(df: pd.DataFrame) -> ChartSlide:
    fig = charts.indicator_progress(df)
    counts = {r: int((df["rag"] == r).sum()) for r in ("green", "amber", "red", "no data")} \
        if not df.empty else {"green": 0, "amber": 0, "red": 0, "no data": 0}
    n = len(df)
    numbers: dict[str, Any] = {"indicators": n, **counts}
    if n == 0:
        takeaway = "No results indicators match these filters."
    else:
        rest = [f"{counts['amber']} amber", f"{counts['red']} red"]
        if counts["no data"]:
            rest.append(f"{counts['no data']} without a value yet")
        takeaway = (f"{counts['green']} of {n} indicators on track (green); "
                    + ", ".join(rest) + ".")
    return ChartSlide("indicator_progress", "Progress towards the targets", takeaway, fig,
                      numbers, df, _any(df))


def _map(df: pd.DataFrame, illustrative: bool) -> ChartSlide:
    fig = charts.asean_map(df, "activities")
    members = len(df)
    reached = int((df["activities"] > 0).sum()) if members else 0
    numbers: dict[str, Any] = {"member_states": members, "reached": reached}
    if reached == 0:
        takeaway = "No member state is involved in the activities matching these filters."
    else:
        top = int(df["activities"].max())
        leaders = sorted(df.loc[df["activities"] == top, "name"].astype(str))
        numbers |= {"top_activities": top, "top_countries": leaders}
        shown = leaders if len(leaders) <= 3 else leaders[:3] + [f"{len(leaders) - 3} others"]
        takeaway = (f"Activities reached {reached} of {members} member states; "
                    f"{_names(shown)} took part in the most ({top}"
                    f"{' each' if len(leaders) > 1 else ''}).")
    return ChartSlide("map", "Activities by member state", takeaway, fig, numbers, df,
                      illustrative)


def _participation(df: pd.DataFrame) -> ChartSlide:
    fig = charts.participation_by_agency(df)
    total = int(df["participants"].sum()) if not df.empty else 0
    numbers: dict[str, Any] = {"participants": total}
    if total == 0:
        takeaway = "No participants recorded for these filters."
    else:
        women, men = int(df["women"].sum()), int(df["men"].sum())
        share = women / (women + men) if women + men else None
        top_row = df.sort_values("participants", ascending=False).iloc[0]
        numbers |= {"women": women, "men": men, "women_share": share,
                    "top_agency": str(top_row["agency_type"]),
                    "top_agency_participants": int(top_row["participants"])}
        takeaway = (f"{_int(total)} participants, {_pct(share)} of them women (of those whose "
                    f"gender is reported); {top_row['agency_type']} sent the most "
                    f"({_int(top_row['participants'])}).")
    return ChartSlide("participation", "Participants by type of agency", takeaway, fig,
                      numbers, df, _any(df))


def _seizures_year(df: pd.DataFrame) -> ChartSlide:
    fig = charts.seizures_over_time(df, "articles")
    total = int(df["articles"].sum()) if not df.empty else 0
    numbers: dict[str, Any] = {"articles": total}
    if df.empty:
        takeaway = "No seizures reported for these filters."
    else:
        peak = df.sort_values(["articles", "year"], ascending=[False, True]).iloc[0]
        numbers |= {"peak_year": int(peak["year"]), "peak_articles": int(peak["articles"]),
                    "first_year": int(df["year"].min()), "last_year": int(df["year"].max())}
        takeaway = (f"Articles seized peaked in {int(peak['year'])} at "
                    f"{_int(peak['articles'])}; {_int(total)} in total over "
                    f"{int(df['year'].min())}–{int(df['year'].max())}.")
    return ChartSlide("seizures_year", "Articles seized per year", takeaway, fig, numbers, df,
                      _any(df))


def _seizures_category(df: pd.DataFrame) -> ChartSlide:
    fig = charts.seizures_by_category(df, "articles")
    total = int(df["articles"].sum()) if not df.empty else 0
    numbers: dict[str, Any] = {"articles": total}
    if total == 0:
        takeaway = "No seizures reported for these filters."
    else:
        top = df.sort_values(["articles", "product_category"],
                             ascending=[False, True]).iloc[0]
        share = int(top["articles"]) / total
        numbers |= {"top_category": str(top["product_category"]),
                    "top_articles": int(top["articles"]), "top_share": share}
        takeaway = (f"{str(top['product_category']).capitalize()} account for the most "
                    f"articles seized: {_int(top['articles'])} ({_pct(share)} of "
                    f"{_int(total)}).")
    return ChartSlide("seizures_category", "Articles seized by product category", takeaway,
                      fig, numbers, df, _any(df))


def _ecommerce(df: pd.DataFrame, illustrative: bool) -> ChartSlide:
    fig = charts.ecommerce_share(df)
    d = df.dropna(subset=["ecommerce_share"]) if not df.empty else df
    numbers: dict[str, Any] = {}
    if d.empty:
        takeaway = "No seizures reported for these filters."
    else:
        d = d.sort_values("year")
        first, last = d.iloc[0], d.iloc[-1]
        a, b = float(first["ecommerce_share"]), float(last["ecommerce_share"])
        numbers = {"first_year": int(first["year"]), "first_share": a,
                   "last_year": int(last["year"]), "last_share": b}
        if len(d) == 1:
            takeaway = f"{_pct(b)} of seizure cases in {int(last['year'])} were ordered online."
        else:
            verb = "rose" if round(b, 2) > round(a, 2) else (
                "fell" if round(b, 2) < round(a, 2) else "stayed")
            takeaway = (f"The e-commerce share of seizure cases {verb} from {_pct(a)} in "
                        f"{int(first['year'])} to {_pct(b)} in {int(last['year'])}.")
    return ChartSlide("ecommerce", "Share of seizures ordered online (e-commerce)", takeaway,
                      fig, numbers, df, illustrative)


def _challenges(df: pd.DataFrame) -> ChartSlide:
    fig = charts.challenge_heatmap(df)
    numbers: dict[str, Any] = {"assessments": len(df)}
    if df.empty:
        takeaway = "No enforcement challenges assessed for these filters."
    else:
        mean = df.groupby("challenge")["severity"].mean().sort_values(ascending=False)
        countries = df["iso3"].nunique()
        numbers |= {"top_challenge": str(mean.index[0]), "top_mean_severity": float(mean.iloc[0]),
                    "countries": countries}
        takeaway = (f"Highest average severity: {mean.index[0]} ({mean.iloc[0]:.1f} of 5 "
                    f"across {countries} {'country' if countries == 1 else 'countries'}).")
    return ChartSlide("challenges", "Severity of the enforcement challenges", takeaway, fig,
                      numbers, df, _any(df))


# --- the pack -----------------------------------------------------------------------------


def country_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """iso3 → English name, for the filters in words."""
    df = queries.explore(con, "countries", Filters())
    return dict(zip(df["iso3"].astype(str), df["name"].astype(str), strict=False))


def _period_text(f: Filters, timeline: pd.DataFrame, seizures: pd.DataFrame) -> str:
    if f.start or f.end:
        a = f"{f.start:%d %b %Y}" if f.start else "the beginning"
        b = f"{f.end:%d %b %Y}" if f.end else "today"
        return f"{a} to {b}"
    years: list[int] = []
    if not timeline.empty:
        years += [int(pd.Timestamp(x).year) for x in
                  (timeline["start_date"].min(), timeline["end_date"].max()) if pd.notna(x)]
    if not seizures.empty:
        years += [int(seizures["year"].min()), int(seizures["year"].max())]
    if not years:
        return "all dates on record"
    return f"all dates on record ({min(years)}–{max(years)})"


def _programme_text(f: Filters, timeline: pd.DataFrame) -> str:
    names = list(f.programmes) or sorted(timeline["programme"].dropna().astype(str).unique())
    return f"{PROGRAMME_NAME} ({', '.join(names)})" if names else PROGRAMME_NAME


def _key_figures(kf: pd.Series) -> tuple[KeyFigure, ...]:
    return (
        KeyFigure("Activities", _int(kf["activities"]),
                  f"{_int(kf['undated'])} without dates"),
        KeyFigure("Completed", _int(kf["completed"]), f"{_pct(kf['share_completed'])} of all"),
        KeyFigure("Late", _int(kf["late"]), "end date passed, not completed"),
        KeyFigure("Participants", _int(kf["participants"]),
                  f"{_pct(kf['women_share'])} women"),
        KeyFigure("Member states reached", _int(kf["member_states_reached"]),
                  f"of {_int(kf['member_states_at_time'])} at the time"),
        KeyFigure("Seizure cases", _int(kf["seizure_cases"]), "reported"),
        KeyFigure("Articles seized", _int(kf["articles"]), "counterfeit or pirated"),
        KeyFigure("Value of genuine goods", _money(kf["value_usd"]), "of the articles seized"),
    )


def _appendix(timeline: pd.DataFrame) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], int]:
    columns = ("Activity", "Title", "Cluster", "Status", "Dates")
    d = timeline.sort_values(["start_date", "activity_id"], na_position="last")
    rows = []
    for _, r in d.head(APPENDIX_ROWS).iterrows():
        title = str(r["title"])
        title = title if len(title) <= 70 else title[:69] + "…"
        if pd.notna(r["start_date"]):
            end = r["end_date"] if pd.notna(r["end_date"]) else r["start_date"]
            dates = f"{pd.Timestamp(r['start_date']):%d %b %Y} – {pd.Timestamp(end):%d %b %Y}"
        else:
            dates = "no dates"
        rows.append((str(r["activity_id"]), title, str(r["cluster"]), str(r["status"]), dates))
    return columns, tuple(rows), max(0, len(d) - APPENDIX_ROWS)


def build_pack(con: duckdb.DuckDBPyConnection, f: Filters, *,
               loaded_at: dt.datetime | None = None,
               today: dt.date | None = None) -> BriefingPack:
    """The pack's slides as data for filters `f` (queries run here; no image is drawn)."""
    today = today or dt.date.today()
    kf = queries.key_figures(con, f, today).iloc[0]
    status = queries.activities_by_status_cluster(con, f)
    timeline = queries.activities_timeline(con, f)
    progress = queries.results_progress(con, f, today)
    coverage = queries.coverage_by_country(con, f, today)
    participation = queries.participation_by_agency(con, f)
    seizures = queries.seizures_by_year(con, f)
    categories = queries.seizures_by_category(con, f)
    ecommerce = queries.ecommerce_share_by_year(con, f)
    challenges = queries.challenge_matrix(con, f)

    # The marts without an `illustrative` column draw on the same rows as one that has it.
    activities_illustrative = _any(timeline)
    slides = (
        _status_cluster(status, activities_illustrative),
        _timeline(timeline, today),
        _indicators(progress),
        _map(coverage, activities_illustrative),
        _participation(participation),
        _seizures_year(seizures),
        _seizures_category(categories),
        _ecommerce(ecommerce, _any(seizures)),
        _challenges(challenges),
    )
    columns, rows, more = _appendix(timeline)
    return BriefingPack(
        programme=_programme_text(f, timeline),
        period=_period_text(f, timeline, seizures),
        filters=f,
        filters_text=f.describe(country_names(con)),
        loaded_at=loaded_at,
        today=today,
        illustrative=bool(kf["any_illustrative"]) or any(s.illustrative for s in slides),
        key_figures=_key_figures(kf),
        charts=slides,
        appendix_title="Appendix: the activities in this selection",
        appendix_columns=columns,
        appendix_rows=rows,
        appendix_more=more,
    )


def loaded_at_of(files: Sequence[Any]) -> dt.datetime | None:
    """When the data were loaded, from `LoadResult.files` (None when unknown)."""
    stamps = [f.loaded_at for f in files if getattr(f, "loaded_at", None)]
    return max(stamps) if stamps else None


# --- images -------------------------------------------------------------------------------


@dataclass
class Images:
    """PNG bytes per chart key; `missing` says why the others could not be drawn."""

    png: dict[str, bytes] = field(default_factory=dict)
    missing: str | None = None
    warnings: list[str] = field(default_factory=list)


def slide_figure(pack: BriefingPack, slide: ChartSlide) -> go.Figure:
    """The figure as drawn on its slide: white, no title (the slide has it), filters caption."""
    note = "illustrative sample data" if slide.illustrative else None
    return images.for_print(slide.figure, title="", font_size=18,
                            caption=images.caption_text(pack.filters_text, note))


def render_images(pack: BriefingPack) -> Images:
    """Draw every chart of the pack; never raises for a missing or failing browser."""
    out = Images()
    try:
        images.start()
    except images.ImageRendererUnavailable as e:
        out.missing = str(e)
        out.warnings.append(str(e))
        return out
    for slide in pack.charts:
        try:
            out.png[slide.key] = images.figure_png(slide_figure(pack, slide), IMAGE_WIDTH,
                                                   IMAGE_HEIGHT)
        except Exception as e:  # noqa: BLE001 - one chart failing must not lose the pack
            out.warnings.append(f"Chart '{slide.title}' could not be drawn ({e}); "
                                "its slide shows a note instead.")
    return out


def placeholder_text(slide: ChartSlide, imgs: Images) -> str:
    reason = imgs.missing or "the chart could not be drawn (see the warnings)"
    return f"Chart not drawn: {reason}\nThe takeaway below is computed from the data."


# --- PowerPoint ---------------------------------------------------------------------------


def to_pptx(pack: BriefingPack, imgs: Images) -> bytes:
    """The pack as a 16:9 PowerPoint file."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    layout = prs.slide_layouts[5]  # "Title Only": a real title placeholder for each slide
    grey = RGBColor(0x55, 0x55, 0x55)
    red = RGBColor(0xB0, 0x3A, 0x00)

    def new_slide(title: str, size: int = 30) -> Any:
        s = prs.slides.add_slide(layout)
        t = s.shapes.title
        t.left, t.top, t.width, t.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9)
        t.text = title
        p = t.text_frame.paragraphs[0]
        p.font.size = Pt(size)
        p.font.bold = True
        from pptx.enum.text import PP_ALIGN
        p.alignment = PP_ALIGN.LEFT
        return s

    def text(s: Any, x: float, y: float, w: float, h: float, lines: Sequence[str],
             size: int = 16, colour: Any = None, bold: bool = False) -> Any:
        box = s.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        tf = box.text_frame
        tf.word_wrap = True
        for i, line in enumerate(lines):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.text = line
            p.font.size = Pt(size)
            p.font.bold = bold
            if colour is not None:
                p.font.color.rgb = colour
        return box

    # title slide
    s = new_slide(pack.title, 34)
    lines = [f"Period: {pack.period}", f"Filters: {pack.filters_text}", pack.loaded_text,
             f"Prepared {pack.today:%d %b %Y} for the ASEAN Working Group on IP Cooperation"]
    text(s, 0.5, 1.6, 12.3, 3.0, lines, 20)
    if pack.illustrative:
        text(s, 0.5, 5.2, 12.3, 0.8, [ILLUSTRATIVE_NOTE], 22, red, bold=True)

    # key figures: two rows of four tiles
    s = new_slide("Key figures")
    for i, k in enumerate(pack.key_figures):
        x, y = 0.5 + (i % 4) * 3.1, 1.5 + (i // 4) * 2.6
        text(s, x, y, 2.9, 0.5, [k.label], 14, grey)
        text(s, x, y + 0.45, 2.9, 0.9, [k.value], 32, bold=True)
        text(s, x, y + 1.35, 2.9, 0.6, [k.detail], 12, grey)
    text(s, 0.5, 6.6, 12.3, 0.6, [f"Filters: {pack.filters_text}"], 11, grey)

    for slide in pack.charts:
        s = new_slide(slide.title, 28)
        png = imgs.png.get(slide.key)
        if png is not None:
            s.shapes.add_picture(io.BytesIO(png), Inches(0.5), Inches(1.2),
                                 width=Inches(12.3), height=Inches(12.3 * IMAGE_HEIGHT
                                                                   / IMAGE_WIDTH))
        else:
            text(s, 0.5, 2.5, 12.3, 2.0, placeholder_text(slide, imgs).splitlines(), 18, red)
        text(s, 0.5, 6.75, 12.3, 0.6, [slide.takeaway], 18, bold=True)
        s.notes_slide.notes_text_frame.text = (
            f"{slide.takeaway}\nFilters: {pack.filters_text}\n{pack.loaded_text}"
            + (f"\n{ILLUSTRATIVE_NOTE}" if slide.illustrative else ""))

    # appendix: the key table
    s = new_slide(pack.appendix_title, 26)
    n = len(pack.appendix_rows)
    if n == 0:
        text(s, 0.5, 1.5, 12.3, 1.0, ["No activities match these filters."], 16)
    else:
        widths = (2.3, 5.2, 2.0, 1.1, 1.7)
        shape = s.shapes.add_table(n + 1, len(pack.appendix_columns), Inches(0.5),
                                   Inches(1.3), Inches(sum(widths)), Inches(0.3 * (n + 1)))
        table = shape.table
        for j, w in enumerate(widths):
            table.columns[j].width = Inches(w)
        for i, row in enumerate([pack.appendix_columns, *pack.appendix_rows]):
            table.rows[i].height = Inches(0.3)
            for j, value in enumerate(row):
                cell = table.cell(i, j)
                cell.text = value
                for p in cell.text_frame.paragraphs:
                    p.font.size = Pt(10)
                    p.font.bold = i == 0
    if pack.appendix_more:
        text(s, 0.5, 6.9, 12.3, 0.4,
             [f"… and {pack.appendix_more} more activities (the full list is in the "
              "dashboard's data explorer)."], 12, grey)

    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# --- PDF ----------------------------------------------------------------------------------


def _pdf_fonts(pdf: Any) -> tuple[str, Callable[[str], str]]:
    """A Unicode TTF when Debian's DejaVu is installed; else the latin-1 core font."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu", lambda s: s

    def latin1(s: str) -> str:
        s = s.replace("–", "-").replace("—", "-").replace("…", "...").replace("·", "-")
        s = unicodedata.normalize("NFKD", s)
        return "".join(c for c in s if not unicodedata.combining(c)).encode(
            "latin-1", "replace").decode("latin-1")

    return "helvetica", latin1


def to_pdf(pack: BriefingPack, imgs: Images) -> bytes:
    """The same slides as a PDF, one 16:9 landscape page each."""
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", unit="in", format=(SLIDE_H_IN, SLIDE_W_IN))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0.5, 0.3, 0.5)
    font, clean = _pdf_fonts(pdf)
    pdf.set_title(clean(pack.title))

    def write(x: float, y: float, w: float, line: str, size: int, bold: bool = False,
              colour: tuple[int, int, int] = (0, 0, 0)) -> None:
        pdf.set_xy(x, y)
        pdf.set_font(font, "B" if bold else "", size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(w, size / 72 * 1.3, clean(line))

    def page(title: str, size: int = 28) -> None:
        pdf.add_page()
        write(0.5, 0.4, 12.3, title, size, bold=True)

    page(pack.title, 32)
    y = 1.7
    for line in (f"Period: {pack.period}", f"Filters: {pack.filters_text}", pack.loaded_text,
                 f"Prepared {pack.today:%d %b %Y} for the ASEAN Working Group on IP "
                 "Cooperation"):
        write(0.5, y, 12.3, line, 18)
        y = pdf.get_y() + 0.15
    if pack.illustrative:
        write(0.5, 5.2, 12.3, ILLUSTRATIVE_NOTE, 22, bold=True, colour=(176, 58, 0))

    page("Key figures")
    for i, k in enumerate(pack.key_figures):
        x, y = 0.5 + (i % 4) * 3.1, 1.5 + (i // 4) * 2.6
        write(x, y, 2.9, k.label, 14, colour=(85, 85, 85))
        write(x, y + 0.45, 2.9, k.value, 30, bold=True)
        write(x, y + 1.35, 2.9, k.detail, 12, colour=(85, 85, 85))
    write(0.5, 6.6, 12.3, f"Filters: {pack.filters_text}", 11, colour=(85, 85, 85))

    for slide in pack.charts:
        page(slide.title)
        png = imgs.png.get(slide.key)
        if png is not None:
            pdf.image(io.BytesIO(png), x=0.5, y=1.2, w=12.3, h=12.3 * IMAGE_HEIGHT / IMAGE_WIDTH)
        else:
            write(0.5, 2.5, 12.3, placeholder_text(slide, imgs), 18, colour=(176, 58, 0))
        write(0.5, 6.75, 12.3, slide.takeaway, 16, bold=True)

    page(pack.appendix_title, 24)
    if not pack.appendix_rows:
        write(0.5, 1.5, 12.3, "No activities match these filters.", 16)
    else:
        widths = (2.3, 5.2, 2.0, 1.1, 1.7)
        pdf.set_y(1.3)
        for i, row in enumerate([pack.appendix_columns, *pack.appendix_rows]):
            pdf.set_x(0.5)
            pdf.set_font(font, "B" if i == 0 else "", 9)
            pdf.set_text_color(0, 0, 0)
            for w, value in zip(widths, row, strict=True):
                pdf.cell(w, 0.3, clean(value), border=1)
            pdf.ln(0.3)
    if pack.appendix_more:
        write(0.5, 6.9, 12.3, f"… and {pack.appendix_more} more activities (the full list "
              "is in the dashboard's data explorer).", 11, colour=(85, 85, 85))
    return bytes(pdf.output())


# --- one call for the app and the command line -----------------------------------------------


@dataclass
class PackFile:
    data: bytes
    filename: str
    mime: str
    warnings: list[str]
    seconds: float


def filename(pack: BriefingPack, fmt: str) -> str:
    return f"briefing-pack-{pack.today:%Y-%m-%d}.{fmt}"


def make_pack(pack: BriefingPack, fmt: str, imgs: Images | None = None) -> PackFile:
    """The pack as `fmt` ("pptx" or "pdf") bytes; charts are drawn unless `imgs` is given."""
    if fmt not in MIME:
        raise ValueError(f"format must be pptx or pdf, not {fmt!r}")
    t0 = time.perf_counter()
    imgs = imgs if imgs is not None else render_images(pack)
    data = to_pptx(pack, imgs) if fmt == "pptx" else to_pdf(pack, imgs)
    return PackFile(data, filename(pack, fmt), MIME[fmt], list(imgs.warnings),
                    time.perf_counter() - t0)
