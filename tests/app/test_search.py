"""Search over names, acronyms, aliases and raw spellings (real engine, sample dataset)."""

from __future__ import annotations

import pytest

from smals_graph.app.view_model.search import SearchIndex, normalise


@pytest.fixture(scope="module")
def index(sample_store):
    return SearchIndex.build(sample_store)


def test_normalise():
    assert normalise("Synergie Signalétique  (Wave)") == "synergie signaletique wave"


def test_exact_name_first_and_grouped(index):
    groups = index.grouped("Wave")
    assert groups["Service"][0].key == "s:wave"
    assert {h.key for h in groups["Project"]} >= {"p:wave-saas", "p:synergie-signaletique-wave"}


def test_accents_case_typos(index):
    assert index.search("signaletique")[0].key == "p:synergie-signaletique-wave"
    assert index.search("SIGNALÉTIQUE")[0].key == "p:synergie-signaletique-wave"
    assert index.search("signaletiqe")[0].key == "p:synergie-signaletique-wave"
    assert index.search("inasti")[0].key == "m:inasti"
    assert index.search("Elastisearch")[0].key == "t:elasticsearch"


def test_aliases_and_raw_spellings(index):
    hit = index.search("RIZIV")[0]
    assert hit.key == "m:inami" and hit.kind == "alias"
    hit = index.search("Postgres")[0]
    assert hit.key == "t:postgresql"
    hit = index.search("SPF Emploi")[0]
    assert hit.key == "m:spf-emploi"


def test_no_hit_for_noise(index):
    assert index.search("zzzqqq") == []
    assert index.search("  ") == []
