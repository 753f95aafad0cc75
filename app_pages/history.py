"""The published versions: who, when, note, digests and rows; compare two; roll back."""

import streamlit as st

from analytics import audit
from ui import publishing
from ui.data_store import stop_page

ident = publishing.guard_page("open the Data history page")
store = publishing.store_or_stop()
st.title("Data history")
publishing.show_message()
history = store.history()
current = store.current_number()
if not history:
    st.info("Nothing has been published yet: the dashboard serves the data folder. Publish on "
            "the Publish data page.")
    stop_page()
st.dataframe(publishing.version_rows(history, current), hide_index=True, key="history_table")
numbers = [v.number for v in history]
with st.expander("Files of a version (digests)"):
    shown = st.selectbox("Version", numbers, key="history_files_of")
    st.dataframe(publishing.file_rows(store.get(shown)), hide_index=True)

st.subheader("Compare two versions")
left, right = st.columns(2)
old = left.selectbox("Older", numbers, index=min(1, len(numbers) - 1), key="compare_old")
new = right.selectbox("Newer", numbers, index=0, key="compare_new")
if st.button("Compare", key="compare_go"):
    result = publishing.compare_versions(store, old, new)
    if result is not None:
        publishing.show_changes(*result)

st.subheader("Roll back")
earlier = [n for n in numbers if n != current]
if earlier:
    target = st.selectbox("Serve again the data of version", earlier, key="rollback_to")
    note = st.text_input("Note (why)", key="rollback_note")
    if st.button("Roll back", key="rollback_go"):
        if publishing.rollback(target, note) is not None:
            st.rerun()
else:
    st.caption("Only one version is kept: there is nothing to roll back to.")

with st.expander("Audit log (latest 200)"):
    st.dataframe(publishing.audit_rows(audit.entries(last=200)), hide_index=True)
