"""Upload extracts, see their problems or what they change, then publish to every session."""

import streamlit as st

from analytics.problem_table import problems_csv
from ui import publishing

ident = publishing.guard_page("open the Publish page")
publishing.store_or_stop()
st.title("Publish data")
publishing.show_message()
st.caption("Upload CSV or Parquet files named after their dataset, a zip of the data folder, "
           "one .xlsx workbook with one sheet per dataset, or IATI 2.03 activity files "
           "(.xml). The datasets you do not upload "
           "keep their current version. Nothing is served until you press Publish.")
files = st.file_uploader("Extracts", accept_multiple_files=True, key="publish_files")
if st.button("Check", key="publish_check", disabled=not files):
    # A million seizure rows take about half a minute to check, as on the command line.
    with st.spinner("Checking every file with the rules of `python -m analytics check`…"):
        publishing.check(files)
current = publishing.checked()
if current is not None:
    candidate = current.candidate
    publishing.show_notices(candidate.upload.notices)
    if not candidate.ok:
        st.error(f"{len(candidate.table)} problem(s): nothing can be published until they are "
                 "fixed. The served data is unchanged. Fix the files and check them again.")
        st.dataframe(candidate.table, hide_index=True, key="publish_problems")
        st.download_button("Download the problems (CSV)", problems_csv(candidate.table),
                           file_name="problems.csv", mime="text/csv", key="problems_csv")
    else:
        st.success("No problems. Compare with what is served, then publish.")
        if current.changes is not None and current.headline is not None:
            publishing.show_changes(current.changes, current.headline)
        note = st.text_input("Note for the history (what changed and why)", key="publish_note")
        if st.button("Publish to every session", key="publish_go", type="primary"):
            with st.spinner("Publishing…"):
                published = publishing.publish_checked(note)
            if published is not None:
                st.rerun()
