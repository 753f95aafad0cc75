"""Sign in (local account or the identity provider), see who is signed in, sign out."""

import streamlit as st

from ui import sign_in
from ui.literal import markdown

st.title("Sign in")
message = st.session_state.pop("_ipr_sign_in_message", None)
if message:
    st.warning(message)
ident = sign_in.current()
if ident is not None:
    role = "data manager" if ident.is_data_manager else "viewer"
    st.success(f"Signed in as {markdown(ident.name)} ({role}).")
    if st.button("Sign out", key="sign_out") and sign_in.sign_out():
        st.rerun()
else:
    provider = sign_in.oidc_provider()
    if provider is not None:
        st.subheader("With your organisation's account")
        if st.button("Sign in with the identity provider", key="oidc_sign_in", type="primary"):
            st.login(provider or None)
    st.subheader("With a local account")
    with st.form("local_sign_in"):
        name = st.text_input("User name", key="sign_in_name")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        problem = sign_in.sign_in_local(name, password)
        if problem is None:
            st.rerun()
        st.error(problem)
    st.caption("Local accounts are made on the server with "
               "`python -m analytics users add NAME --role data-manager`.")
