"""Definitions: what every figure, chart and dataset column means — the help texts' source."""

from __future__ import annotations

import streamlit as st

from analytics import definitions, figures, queries
from ui.data_store import served_data
from ui.sidebar import page_answers

page_answers(served_data().con)  # the sidebar, so the filters stay with the user

st.title("📖 Definitions")
st.caption("Every figure the dashboard, the presentation and the briefing pack show, with "
           "what it counts, as of which day and which filters apply to it. The help (?) of "
           "each key figure on the pages shows the same text.")

search = st.text_input("Find a figure, chart or column", key="definitions-search",
                       placeholder="e.g. reached, women, seizure")


def matching(df):
    if not search:
        return df
    text = df.astype(str).agg(" ".join, axis=1).str.lower()
    return df[text.str.contains(search.strip().lower(), regex=False)]


st.subheader("Key figures")
st.dataframe(matching(definitions.figure_rows()).drop(columns="name"), hide_index=True,
             key="definitions-figures",
             column_config={"definition": st.column_config.TextColumn(width="large")})

st.subheader("Charts")
st.dataframe(matching(definitions.chart_rows()).drop(columns="name"), hide_index=True,
             key="definitions-charts",
             column_config={"definition": st.column_config.TextColumn(width="large")})

st.subheader("Rules used by several figures")
for name, rule in (("Late", queries.LATE_RULE), ("Women's share", queries.WOMEN_SHARE_RULE),
                   ("Undated activities", queries.UNDATED_NOTE),
                   ("Red / amber / green", queries.RAG_RULE)):
    st.markdown(f"**{name}.** {rule}")
st.caption(f"Figures that include illustrative sample values carry the note "
           f"“{figures.ILLUSTRATIVE_TEXT}”.")

st.subheader("Dataset columns")
st.caption("The data contract: what each column of each extract holds (also in data/README.md).")
st.dataframe(matching(definitions.column_rows()), hide_index=True, key="definitions-columns",
             column_config={"meaning": st.column_config.TextColumn(width="large")})
