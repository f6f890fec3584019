"""The app's front door: no page, download or history is shown to a browser that has not logged in.

Three logins (`SMALS_GRAPH_APP_LOGIN`, graph_model/app_token.py):
- `token` (the default): the data directory's token, printed with the URL by `smals-graph app`. `?token=…` on
  any page's URL logs the session in; the token is then kept in a cookie for this port (SameSite=Strict) so that
  new tabs and links are let in, and taken out of the address bar.
- `oidc`: Streamlit's own OpenID Connect login (`st.login`, configured in `.streamlit/secrets.toml` [auth]) for a
  server shared by several people.
- `off`: no login (behind a proxy that authenticates people itself).
"""

from __future__ import annotations

import json

import streamlit as st

from smals_graph.graph_model.app_token import TOKEN_ENV, app_token, login_mode, token_matches
from smals_graph.graph_model.embedded import default_data_dir

__all__ = ["COOKIE_PREFIX", "cookie_name", "logged_in"]

COOKIE_PREFIX = "smals_graph_token_"
SESSION_KEY = "_smals_graph_logged_in"
COOKIE_DAYS = 30


def cookie_name() -> str:
    """One cookie per port: cookies ignore ports, and two apps on one host have two tokens."""
    return f"{COOKIE_PREFIX}{st.get_option('server.port')}"


def _remember(token: str) -> None:
    """Keep the token in a cookie (set by the page itself; Streamlit has no cookie setter)."""
    cookie = f"{cookie_name()}={token}; Path=/; Max-Age={COOKIE_DAYS * 86400}; SameSite=Strict"
    st.html(f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True)


def _token_door() -> bool:
    expected = app_token(default_data_dir())
    if st.session_state.get(SESSION_KEY) == "token":
        return True
    given = st.query_params.get("token")
    if token_matches(given, expected):
        st.session_state[SESSION_KEY] = "token"
        del st.query_params["token"]  # out of the address bar, the history and any link copied from it
        _remember(expected)
        return True
    if token_matches(st.context.cookies.get(cookie_name()), expected):
        st.session_state[SESSION_KEY] = "token"
        return True
    st.title("smals-graph")
    st.markdown("This app asks for its **token**: open the address `smals-graph app` printed "
                "(`http://127.0.0.1:8501/?token=…`), or paste the token here. It is in the file `app.token` "
                f"of the data directory, or in `{TOKEN_ENV}`.")
    if given is not None:
        st.error("That token is not this app's.")
    with st.form("login"):
        typed = st.text_input("Token", type="password")
        if st.form_submit_button("Log in") and typed:
            if token_matches(typed.strip(), expected):
                st.session_state[SESSION_KEY] = "token"
                _remember(expected)
                st.rerun()
            st.error("That token is not this app's.")
    return False


def _oidc_door() -> bool:
    if st.user.get("is_logged_in", False):  # the key is absent when no [auth] is configured
        return True
    st.title("smals-graph")
    st.markdown("This app is shared: log in with your organisation's account.")
    if st.button("Log in"):
        try:
            st.login()
        except Exception as exc:  # noqa: BLE001 - Streamlit's StreamlitAuthError: [auth] missing or incomplete
            st.error(f"The OpenID Connect login is not ready: {exc} (docs/app.md, Login).")
    return False


def logged_in() -> bool:
    """True when this session may see the app; otherwise the login is drawn and False returned."""
    mode = login_mode()
    if mode == "off":
        return True
    return _oidc_door() if mode == "oidc" else _token_door()
