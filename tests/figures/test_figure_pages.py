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


def _with_cap(specs, name: str, rows: int):
    from dataclasses import replace

    return [replace(s, max_rows=rows) if s.name == name else s for s in specs]


def test_the_figures_page_says_when_a_spec_s_query_was_cut(real_uri, monkeypatch):
    from smals_graph.app.figures import snapshot
    from smals_graph.app.ui import figures_page

    monkeypatch.setattr(figures_page, "shipped_specs", lambda: _with_cap(snapshot.shipped_specs(),
                                                                         "category-components", 12))
    at = AppTest.from_file(APP, default_timeout=120)
    from streamlit.util import calc_hash

    at._page_hash = calc_hash("figures")
    at.query_params["figure"] = "category-components"
    at.run()
    assert not at.exception
    assert any("Cut: the figure's query stops at 12 rows" in w.value for w in at.warning)
    at = AppTest.from_file(APP, default_timeout=120)  # the real cap (200) does not cut the real report
    at._page_hash = calc_hash("figures")
    at.query_params["figure"] = "category-components"
    monkeypatch.setattr(figures_page, "shipped_specs", snapshot.shipped_specs)
    at.run()
    assert not any("Cut:" in w.value for w in at.warning)


def test_a_figure_cut_at_its_row_cap_is_announced_by_the_view_and_the_command(loaded_store, tmp_path):
    from smals_graph.app.figures import snapshot

    spec = next(s for s in _with_cap(snapshot.shipped_specs(), "category-components", 12)
                if s.name == "category-components")
    assert snapshot.spec_view(loaded_store, spec).truncated_at == 12
    told: list[int] = []
    snapshot.render_spec(loaded_store, spec, tmp_path, formats=("svg",), on_cut=told.append)
    assert told == [12]
    whole = next(s for s in snapshot.shipped_specs() if s.name == "category-components")
    assert snapshot.spec_view(loaded_store, whole).truncated_at is None


def test_the_shortest_path_pickers_search_in_the_engine_and_say_when_cut(real_uri, loaded_store):
    from streamlit.util import calc_hash

    from smals_graph.app.ui.analytics_page import PATH_PICKER_ROWS
    from smals_graph.app.view_model import queries

    at = AppTest.from_file(APP, default_timeout=120)
    at._page_hash = calc_hash("analytics")
    at.query_params["section"] = "paths"  # the section is in the URL
    at.run()
    assert not at.exception
    entities = loaded_store.read("MATCH (n:Entity) WHERE n:Member OR n:Project OR n:Service OR n:Technology "
                                 "OR n:Organization RETURN count(n)").scalar()
    assert entities > PATH_PICKER_ROWS  # the real report has more than a picker lists
    source = at.selectbox(key="an_path_From")
    assert len(source.options) <= PATH_PICKER_ROWS + 1 and source.value == "m:onem"  # cut, the default kept
    assert sum("best-connected matches are listed" in c.value for c in at.caption) == 2  # and each says so
    described = re.sub(r"\\(.)", r"\1", " ".join(m.value for m in at.markdown))
    assert "step(s): ONEM" in described and described.rstrip().endswith("Wave")  # the path ONEM → Wave
    at.text_input(key="an_path_find_To").input("signal").run()
    target = at.selectbox(key="an_path_To")
    typed = queries.entities(loaded_store, "signal")
    assert [o for o in target.options] == [f"{r['caption']} ({r['label']})" for r in typed]
    assert typed and all("signal" in (r["caption"] + r["id"]).lower() or "signal" in
                         (queries.node_by_key(loaded_store, r["id"]).properties.get("name") or "").lower()
                         for r in typed)
    assert not typed.truncated and sum("best-connected" in c.value for c in at.caption) == 1
