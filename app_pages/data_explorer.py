"""Data explorer: one dataset under the current filters, as a table and as downloads."""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from analytics import contract, downloads, export, queries
from analytics.answers import has_illustrative
from analytics.figures import ILLUSTRATIVE_TEXT
from analytics.filters import Filters
from ui import tables
from ui.chart_display import empty_state, illustrative_note
from ui.data_store import served_data, sources_frame, stop_page
from ui.literal import markdown
from ui.questions import count_rows, explore_preview
from ui.sidebar import page_answers

MAX_ROWS_SHOWN = 10_000  # the browser table; downloads always carry every filtered row
DATASET_KEY = "explorer_dataset"
DATASET_WRITTEN = "_explorer_dataset_written"  # the value this page last put in the URL
DEFAULT_DATASET = "activities" if "activities" in queries.EXPLORABLE else queries.EXPLORABLE[0]

_PERIOD = ("start", "end")
_ACTIVITY_FILTERS = (*_PERIOD, "programmes", "clusters", "expected_results", "countries",
                     "statuses")
# Which filters the explore_<dataset>.sql marts apply (read from the SQL): the export's "about"
# sheet names only these, so a seizures export never claims a programme filter.
APPLICABLE: dict[str, tuple[str, ...]] = {
    "countries": ("countries",),
    "activities": _ACTIVITY_FILTERS,
    "activity_countries": _ACTIVITY_FILTERS,
    "participation": _ACTIVITY_FILTERS,
    "indicators": ("expected_results",),
    "indicator_values": ("expected_results", *_PERIOD),
    "indicator_disaggregations": ("expected_results", *_PERIOD),
    "seizures": (*_PERIOD, "countries"),
    "challenges": (*_PERIOD, "countries"),
}
FILTER_WORDS = {
    "start": "period", "end": "period", "programmes": "programme", "clusters": "cluster",
    "expected_results": "expected result", "countries": "country", "statuses": "status",
}


def applied_filters(f: Filters, dataset: str) -> tuple[Filters, list[str]]:
    """The filters that act on the dataset, and the words for those set but not applied."""
    applicable = APPLICABLE.get(dataset, _ACTIVITY_FILTERS)
    kept = Filters(**{name: getattr(f, name) for name in applicable})
    ignored = [FILTER_WORDS[name] for name in FILTER_WORDS
               if name not in applicable and getattr(f, name) not in (None, ())]
    return kept, list(dict.fromkeys(ignored))


def _dataset_from_url() -> None:
    """A `dataset` in the URL (a shared link) sets the choice; an unknown name is never run."""
    in_url = st.query_params.get("dataset")
    if in_url is None:
        return
    if in_url not in queries.EXPLORABLE:
        shown = in_url if len(in_url) <= 40 else in_url[:40] + "…"
        st.warning(
            f"Ignored the dataset '{markdown(shown)}' in the link: it is not one of "
            f"{', '.join(queries.EXPLORABLE)}. Choose a dataset below.",
            icon="⚠️",
        )
        return
    if in_url != st.session_state.get(DATASET_WRITTEN):
        st.session_state[DATASET_KEY] = in_url


data = served_data()
con = data.con
answers = page_answers(con)
country_names = answers.country_names()
f = answers.filters

st.title("🔎 Data explorer")

_dataset_from_url()
if st.session_state.get(DATASET_KEY) not in queries.EXPLORABLE:
    st.session_state[DATASET_KEY] = DEFAULT_DATASET
dataset = st.selectbox(
    "Dataset", queries.EXPLORABLE, key=DATASET_KEY, persist_state="session",
    format_func=lambda name: f"{name} — {contract.BY_NAME[name].description}",
)
st.query_params["dataset"] = dataset
st.session_state[DATASET_WRITTEN] = dataset

kept, ignored = applied_filters(f, dataset)
filters_text = kept.describe(country_names)
if ignored:
    filters_text += f" (the {', '.join(ignored)} filter does not apply to this dataset)"
st.caption(f"{contract.BY_NAME[dataset].grain.capitalize()}. Filters: "
           f"{markdown(filters_text)}.")

total = count_rows(con, dataset, f)
if total == 0:
    empty_state(f"No rows of {dataset} match these filters.")
    stop_page()

shown = explore_preview(con, dataset, f, MAX_ROWS_SHOWN)
shown_illustrative = has_illustrative(shown)

# --- downloads ----------------------------------------------------------------------------------
st.subheader("Download")
too_big_for_excel = total + 1 > export.EXCEL_MAX_ROWS
if too_big_for_excel:
    st.warning(
        f"{total:,} rows do not fit in one Excel sheet ({export.EXCEL_MAX_ROWS - 1:,} rows at "
        "most, plus the header), so the Excel download is off. Download CSV or Parquet, or "
        "narrow the filters.",
        icon="⚠️",
    )
today = dt.date.today()
sources = sources_frame(data)
csv_name = export.export_filename(dataset, "csv", today)
# Downloads are built on click (st.download_button runs the callable then, on its own thread):
# the rows stream from DuckDB to a temporary file, whose bytes are handed over.
c1, c2, c3 = st.columns(3)
if downloads.csv_zipped(total):
    c1.download_button(
        "📄 CSV, zipped (Excel-ready UTF-8)",
        partial(downloads.csv_zip_bytes, con, dataset, f, csv_name, total),
        file_name=export.export_filename(dataset, "zip", today), mime="application/zip",
        key="download_csv", on_click="ignore", width="stretch",
        help=f"Every filtered row in {csv_name}, inside a .zip: double-click it to open.",
    )
else:
    c1.download_button(
        "📄 CSV (Excel-ready UTF-8)", partial(downloads.csv_bytes, con, dataset, f),
        file_name=csv_name, mime="text/csv",
        key="download_csv", on_click="ignore", width="stretch",
        help="Every filtered row; opens in Excel with Thai, Khmer, Lao, Burmese and Vietnamese "
             "text intact.",
    )
c2.download_button(
    "📊 Excel (.xlsx)",
    partial(downloads.xlsx_bytes, con, dataset, f, filters_text, sources, rows_expected=total,
            note=ILLUSTRATIVE_TEXT if shown_illustrative else None),
    file_name=export.export_filename(dataset, "xlsx", today),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="download_xlsx", on_click="ignore", width="stretch", disabled=too_big_for_excel,
    help=("Too many rows for one Excel sheet: use CSV or Parquet." if too_big_for_excel else
          "Every filtered row, and an 'about' sheet with the filters, the source files and "
          "the time of export."),
)
c3.download_button(
    "🗃️ Parquet", partial(downloads.parquet_bytes, con, dataset, f),
    file_name=export.export_filename(dataset, "parquet", today),
    mime="application/vnd.apache.parquet", key="download_parquet", on_click="ignore",
    width="stretch", help="Every filtered row with its exact types, for analysis tools.",
)
if downloads.csv_zipped(total):
    st.caption(f"Above {downloads.ZIP_CSV_ABOVE:,} rows the CSV comes zipped: about four times "
               "smaller, so it downloads sooner. Double-click the .zip to reach the CSV.")
if total > 100_000 and not too_big_for_excel:
    st.caption("An Excel file of this size takes a minute or more to prepare after the click.")

# --- table --------------------------------------------------------------------------------------
st.subheader(f"{total:,} rows")
if total > len(shown):
    st.info(f"Showing the first {len(shown):,} of {total:,} rows; downloads contain all "
            f"{total:,}.", icon="ℹ️")
tables.show(shown, hide_index=True, placeholder="–")  # "–": no value given
illustrative_note(shown_illustrative)
