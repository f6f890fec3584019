"""The app's three logins (app/ui/login.py) in-process: `token` and `oidc` show only their login before it,
`off` shows the app. (The browser side, cookie and address bar: tests/e2e/test_login.py.)"""

from __future__ import annotations

from importlib import resources

import pytest
from streamlit.testing.v1 import AppTest

APP = str(resources.files("smals_graph.app.ui") / "streamlit_app.py")
TOKEN_WALL = "This app asks for its **token**"
OIDC_WALL = "This app is shared: log in with your organisation's account."


@pytest.fixture
def app_env(app_data_dir, monkeypatch):
    monkeypatch.setenv("SMALS_GRAPH_DATA_DIR", str(app_data_dir))
    monkeypatch.delenv("SMALS_GRAPH_URI", raising=False)
    return app_data_dir


def opened(*, log_in: bool, page: str = "status", token: str | None = None) -> AppTest:
    from streamlit.util import calc_hash

    at = AppTest.from_file(APP, default_timeout=60)
    at.log_in = log_in  # tests/conftest.py brings the token unless told not to
    at._page_hash = calc_hash(page)
    if token is not None:
        at.query_params["token"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(t.value for t in at.title)


def test_the_token_login_shows_nothing_else(app_env):
    at = opened(log_in=False)
    assert TOKEN_WALL in texts(at)
    assert not at.dataframe and not at.get("download_button") and not at.expander
    assert [t.label for t in at.text_input] == ["Token"]
    wrong = opened(log_in=False, token="a-token-that-is-not-it")
    assert [e.value for e in wrong.error] == ["That token is not this app's."]


def test_the_token_typed_in_logs_in(app_env):
    import os

    at = opened(log_in=False)
    at.text_input[0].input(os.environ["SMALS_GRAPH_APP_TOKEN"])
    at.button[0].click().run()
    assert TOKEN_WALL not in texts(at)
    assert "**URI** embedded" in texts(at)


def test_oidc_shows_only_its_login_button(app_env, monkeypatch):
    monkeypatch.setenv("SMALS_GRAPH_APP_LOGIN", "oidc")
    at = opened(log_in=True)  # a token does not open an OIDC app
    assert OIDC_WALL in texts(at)
    assert [b.label for b in at.button] == ["Log in"]
    assert "**URI**" not in texts(at)
    at.button[0].click().run()  # no Authlib, no [auth] here: said so, still nothing of the graph
    (error,) = [e.value for e in at.error]
    assert error.startswith("The OpenID Connect login is not ready: ") and "Authlib" in error
    assert "**URI**" not in texts(at)


def test_off_opens_the_app(app_env, monkeypatch):
    monkeypatch.setenv("SMALS_GRAPH_APP_LOGIN", "off")
    at = opened(log_in=False)
    assert "**URI** embedded" in texts(at)


def test_an_unknown_login_is_a_configuration_error(app_env, monkeypatch):
    monkeypatch.setenv("SMALS_GRAPH_APP_LOGIN", "maybe")
    at = opened(log_in=True)
    assert [e.value for e in at.error] == [
        "**Configuration error:** SMALS_GRAPH_APP_LOGIN='maybe': use one of token, oidc, off"]


def test_an_oversized_figure_in_the_url_is_a_message_not_a_traceback(app_env):
    from streamlit.util import calc_hash

    at = AppTest.from_file(APP, default_timeout=120)
    at._page_hash = calc_hash("figures")
    at.query_params.update({"figure": "wave-users", "size": "20000x20000@150", "scale": "3"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [
        "20000x20000@150 at scale 3 is 60000x60000 \\= 3600 Mpx, more than the 80 Mpx a figure may have; use a "
        "smaller size or scale"]
