"""The Analytics and Figures pages run against the real report (Streamlit AppTest, no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parents[2] / "app" / "pages"


@pytest.fixture
def real_uri(loaded_store, monkeypatch):
    monkeypatch.setenv("SMALS_GRAPH_URI",
                       f"falkordb://{loaded_store.host}:{loaded_store.port}/{loaded_store.graph_name}")


def test_analytics_page_answers_who_could_reuse_wave(real_uri):
    at = AppTest.from_file(str(PAGES / "analytics.py"), default_timeout=120).run()
    assert not at.exception
    assert at.expander, "no reuse opportunity listed"
    reasons = " ".join(m.value for m in at.markdown)
    assert "already uses Wave" in reasons and "line " in reasons and "p. " in reasons


def test_figures_page_renders_a_spec(real_uri):
    at = AppTest.from_file(str(PAGES / "figures.py"), default_timeout=120).run()
    assert not at.exception
    assert at.selectbox[0].value  # a spec is chosen
