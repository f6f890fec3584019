"""The Analytics and Figures pages run against the real report (Streamlit AppTest, no browser)."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from streamlit.testing.v1 import AppTest

APP = str(resources.files("smals_graph.app.ui") / "streamlit_app.py")


def open_page(url_path: str) -> AppTest:
    """The whole app on one page, as a browser on /url_path gets it."""
    from streamlit.util import calc_hash

    at = AppTest.from_file(APP, default_timeout=120)
    at._page_hash = calc_hash(url_path)
    return at.run()


@pytest.fixture
def real_uri(loaded_store, monkeypatch):
    monkeypatch.setenv("SMALS_GRAPH_URI",
                       loaded_store.connection_uri())


def test_analytics_page_answers_who_could_reuse_wave(real_uri):
    at = open_page("analytics")
    assert not at.exception
    assert at.expander, "no reuse opportunity listed"
    # the Markdown source escapes data-derived text (app/ui/escape.py): compare what a reader sees
    reasons = re.sub(r"\\(.)", r"\1", " ".join(m.value for m in at.markdown))
    assert "already uses Wave" in reasons and "line " in reasons and "p. " in reasons


def test_figures_page_renders_a_spec(real_uri):
    at = open_page("figures")
    assert not at.exception
    assert at.selectbox[0].value  # a spec is chosen
