"""The app layer: Streamlit state and widgets the page scripts in app_pages/ lay out.

One module per job: data_store (the data served), questions (answers shared by all
sessions), filter_state (the sidebar filters and the URL), sidebar, presentation,
pack_downloads, chart_display, literal (outside text shown as written), timing and
chart_scripts. `analytics/` never imports from here.
"""
