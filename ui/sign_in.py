"""Who is signed in, and with which role: local accounts or the identity provider (st.login).

Every privileged action calls `require_data_manager` on the server when it runs, whatever
the page showed: the role lives in this session's state on the server (never in a widget
value the browser could send) or in Streamlit's signed identity cookie. Sign-ins expire
after IPR_SESSION_MINUTES; failed local sign-ins are limited per name and per address.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

from analytics import accounts, audit, settings

IDENTITY = "_ipr_identity"  # never a widget key: only this module writes it
_OIDC_SEEN = "_ipr_oidc_seen"


@dataclass(frozen=True)
class Identity:
    name: str
    role: str
    method: str  # "local" or "oidc"
    expires_at: float  # time.time() after which the sign-in is over

    @property
    def is_data_manager(self) -> bool:
        return self.role == accounts.DATA_MANAGER


class NotAllowed(Exception):
    """The session may not do this: the server refuses, whatever the browser sent."""


@st.cache_resource
def _failure_limit() -> accounts.FailureLimit:
    return accounts.limit_from_settings()  # one per server: shared by all sessions


def _address() -> str:
    try:
        return st.context.ip_address or "unknown"
    except Exception:  # noqa: BLE001 - AppTest and old servers have no client address
        return "unknown"


def oidc_provider() -> str | None:
    """The [auth.NAME] section st.login uses; None when no provider is configured."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all: sign-in is local only
        return None
    if not section:
        return None
    named = settings.OIDC_PROVIDER.raw()
    providers = [k for k, v in section.items() if hasattr(v, "keys")]
    if named:
        return named if named in providers else None
    if "server_metadata_url" in section:
        return ""  # the unnamed provider: st.login() with no argument
    return providers[0] if len(providers) == 1 else None


def role_of_claims(claims: dict) -> str:
    """data-manager when the role claim holds a configured value or the address is listed."""
    values = claims.get(settings.OIDC_ROLE_CLAIM.raw(), [])
    if isinstance(values, str):
        values = [values]
    managers = set(settings.words(settings.OIDC_DATA_MANAGER_VALUES))
    emails = {e.casefold() for e in settings.words(settings.DATA_MANAGER_EMAILS)}
    email = str(claims.get("email") or "").casefold()
    if managers & {str(v) for v in values} or (email and email in emails
                                                 and claims.get("email_verified", True)):
        return accounts.DATA_MANAGER
    return accounts.VIEWER


def _session_seconds() -> float:
    return 60.0 * settings.number(settings.SESSION_MINUTES)


def _oidc_identity() -> Identity | None:
    try:
        user = st.user
        logged_in = bool(user.is_logged_in)
    except Exception:  # noqa: BLE001 - no auth configured: st.user has nothing to say
        return None
    if not logged_in:
        st.session_state.pop(_OIDC_SEEN, None)
        return None
    claims = user.to_dict()
    name = str(claims.get("email") or claims.get("name") or claims.get("sub") or "unknown")
    if _OIDC_SEEN not in st.session_state:
        st.session_state[_OIDC_SEEN] = time.time()
        audit.record("sign_in", name, method="oidc", address=_address(),
                     role=role_of_claims(claims))
    # From the provider's sign-in (the token's iat), not from this tab: the identity cookie
    # outlives a tab, and a new tab must not start the clock again.
    issued = claims.get("iat")
    start = float(issued) if isinstance(issued, int | float) else st.session_state[_OIDC_SEEN]
    expires = start + _session_seconds()
    return Identity(name, role_of_claims(claims), "oidc", expires)


def current() -> Identity | None:
    """The signed-in identity of this session, or None (an expired sign-in is ended here)."""
    ident = st.session_state.get(IDENTITY)
    if not isinstance(ident, Identity):
        ident = _oidc_identity()
    if ident is not None and time.time() > ident.expires_at:
        audit.record("session_expired", ident.name, method=ident.method)
        st.session_state.pop(IDENTITY, None)
        st.session_state["_ipr_sign_in_message"] = (
            "Your sign-in has expired: sign in again.")
        if ident.method == "oidc":
            st.session_state.pop(_OIDC_SEEN, None)
            st.logout()
        return None
    return ident


def require_data_manager(action: str) -> Identity:
    """The identity when it may `action`; else the refusal is audited and NotAllowed raised."""
    ident = current()
    if ident is None or not ident.is_data_manager:
        audit.record("denied", ident.name if ident else "(not signed in)", action=action,
                     address=_address())
        raise NotAllowed(f"{action} needs a signed-in data manager")
    return ident


def sign_in_local(name: str, password: str) -> str | None:
    """Sign in with a local account; None on success, else the message to show."""
    try:
        return _sign_in_local(name.strip(), password)
    except audit.AuditError as exc:  # not signed in: a sign-in must be audited
        st.session_state.pop(IDENTITY, None)
        return f"Sign-in is unavailable: {exc}"


def _sign_in_local(name: str, password: str) -> str | None:
    keys = (f"user:{name.casefold()}", f"address:{_address()}")
    limit = _failure_limit()
    # Read each time: the settings are the server's, the counts the limiter's.
    limit.allowed = settings.number(settings.SIGN_IN_FAILURES)
    limit.window = 60.0 * settings.number(settings.SIGN_IN_LOCK_MINUTES)
    wait = limit.retry_after(*keys)
    if wait > 0:
        audit.record("sign_in_refused", name or "(blank)", method="local", address=_address(),
                     reason="too many failures")
        return (f"Too many failed sign-ins: try again in {max(1, round(wait / 60))} "
                "minute(s), or ask a data manager to reset your password.")
    try:
        account = accounts.verify(name, password)
    except accounts.AccountError as exc:
        return f"Local sign-in is not set up ({exc})."
    if account is None:
        limit.failed(*keys)
        audit.record("sign_in_failed", name or "(blank)", method="local", address=_address())
        return "Wrong user name or password: check both and try again."
    limit.succeeded(keys[0])
    audit.record("sign_in", account.name, method="local", address=_address(),
                 role=account.role)
    st.session_state[IDENTITY] = Identity(account.name, account.role, "local",
                                          time.time() + _session_seconds())
    return None


def sign_out() -> bool:
    """End the sign-in; True when the page should rerun (a local account).

    A provider sign-in ends with st.logout's redirect, which clears the identity cookie: a
    rerun now would drop that redirect and leave the cookie signed in for the next load.
    """
    ident = current()
    st.session_state.pop(IDENTITY, None)
    if ident is None:
        return True
    audit.record("sign_out", ident.name, method=ident.method)
    if ident.method == "oidc":
        st.session_state.pop(_OIDC_SEEN, None)
        st.logout()
        return False
    return True


def viewers_must_sign_in() -> bool:
    return settings.flag(settings.VIEWERS_SIGN_IN)


def sign_in_enabled() -> bool:
    """Whether this server offers sign-in at all (publishing or a provider is set up)."""
    return settings.publish_dir() is not None or oidc_provider() is not None \
        or viewers_must_sign_in()


SIGN_IN_PAGE = ("app_pages/sign_in.py", "Sign in", "🔑")
DATA_MANAGER_PAGES = (
    ("app_pages/publish.py", "Publish data", "📤"),
    ("app_pages/history.py", "Data history", "🗂️"),
)


def pages_for(ident: Identity | None, pages: tuple[tuple[str, str, str], ...]
              ) -> tuple[tuple[str, str, str], ...]:
    """The pages this session may open: a viewer never gets the data managers' pages, and
    with IPR_VIEWERS_SIGN_IN a session not signed in gets the sign-in page only."""
    if ident is None and viewers_must_sign_in():
        return (SIGN_IN_PAGE,)
    out = tuple(pages)
    if ident is not None and ident.is_data_manager:
        out += DATA_MANAGER_PAGES
    if sign_in_enabled() or ident is not None:
        out += (SIGN_IN_PAGE,)
    return out


def sidebar_status(ident: Identity | None) -> None:
    """Who is signed in, at the top of the sidebar (signing out is on the Sign in page)."""
    if ident is None:
        return
    from ui.literal import markdown

    role = "data manager" if ident.is_data_manager else "viewer"
    st.sidebar.caption(f"🔑 Signed in as {markdown(ident.name)} ({role})")
