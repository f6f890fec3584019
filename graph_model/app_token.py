"""The app's login token: one random token per data directory, as Jupyter does.

`smals-graph app` prints `http://127.0.0.1:8501/?token=…`; the app lets in a browser that brings the token (in
the URL once, then in a cookie) and shows nothing to one that does not. The token lives in `app.token` in the
data directory (0600, created with O_EXCL and read without following links, like the engine's password);
`SMALS_GRAPH_APP_TOKEN` sets it instead (scripts, tests). `SMALS_GRAPH_APP_LOGIN` chooses the login: `token`
(the default), `oidc` (Streamlit's own `st.login`, for a shared server) or `off` (behind a proxy that logs
people in itself).
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from .datadir import check_private_dir, open_private, private_subdir, read_private
from .errors import ConfigError

__all__ = ["LOGIN_ENV", "LOGIN_MODES", "TOKEN_ENV", "TOKEN_FILE", "app_token", "login_mode", "token_matches"]

TOKEN_ENV = "SMALS_GRAPH_APP_TOKEN"
LOGIN_ENV = "SMALS_GRAPH_APP_LOGIN"
LOGIN_MODES = ("token", "oidc", "off")
TOKEN_FILE = "app.token"
MIN_TOKEN_CHARS = 16


def login_mode() -> str:
    mode = os.environ.get(LOGIN_ENV, "token").strip().lower() or "token"
    if mode not in LOGIN_MODES:
        raise ConfigError(f"{LOGIN_ENV}={mode!r}: use one of {', '.join(LOGIN_MODES)}")
    return mode


def app_token(data_dir: Path) -> str:
    """The token of this data directory: SMALS_GRAPH_APP_TOKEN, else `app.token`, created on first use."""
    given = os.environ.get(TOKEN_ENV)
    if given is not None:
        if len(given) < MIN_TOKEN_CHARS:
            raise ConfigError(f"{TOKEN_ENV} must have at least {MIN_TOKEN_CHARS} characters")
        return given
    check_private_dir(data_dir)
    private_subdir(data_dir)
    path = data_dir / TOKEN_FILE
    try:
        return _valid(read_private(path).decode("ascii").strip(), path)
    except FileNotFoundError:
        pass
    token = secrets.token_urlsafe(32)
    try:
        fd = open_private(path, os.O_WRONLY | os.O_CREAT)  # O_EXCL: never into a file someone planted
    except FileExistsError:  # another process created it in between: theirs is the token
        return _valid(read_private(path).decode("ascii").strip(), path)
    try:
        os.write(fd, token.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return token


def _valid(token: str, path: Path) -> str:
    if len(token) < MIN_TOKEN_CHARS:
        raise ConfigError(f"The app's token file {path} is damaged; remove it (a new token is made at start).")
    return token


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison (the token is a password)."""
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())
