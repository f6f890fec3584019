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


def _score_everything(index: SearchIndex, query: str) -> list[tuple[str, float]]:
    """The answer without the prefilter: every spelling of every entry scored by the one rule."""
    from smals_graph.app.view_model.search import MIN_SCORE, _score

    q = normalise(query)
    best: dict[str, float] = {}
    for entry in index.entries:
        score = max((_score(q, text) for text in entry.spellings), default=0.0)
        if score >= MIN_SCORE:
            best[entry.key] = round(score, 1)
    return sorted(best.items())


@pytest.mark.parametrize("query", ["wave", "Wave", "signaletiqe", "onss", "on", "inasti", "Elastisearch", "RIZIV",
                                   "Postgres", "SPF Emploi", "zzzz", "eb", "2025", "santé", "plateforme eheal"])
def test_prefilter_finds_what_scoring_everything_finds(index, loaded_store, query):
    """The n-gram/rapidfuzz prefilter loses no hit: same keys and scores as scoring every spelling, on the
    sample dataset and on the real report."""
    for idx in (index, SearchIndex.build(loaded_store)):
        fast = sorted((h.key, h.score) for h in idx.search(query, limit=10_000))
        assert fast == _score_everything(idx, query)


def test_the_character_bound_loses_no_hit_on_every_word_of_the_report(loaded_store):
    """Every word of every spelling of the real report, and each with one letter dropped or doubled (typos),
    as queries: the character-count prefilter keeps every hit that scoring everything finds, with its spelling."""
    idx = SearchIndex.build(loaded_store)
    words = sorted({w for text in idx._texts for w in text.split() if len(w) >= 3})
    queries = words[::7] + [w[:2] + w[3:] for w in words[1::11]] + [w[:3] + w[2:] for w in words[2::13]]
    assert len(queries) > 150
    for query in queries:
        fast = sorted((h.key, h.score) for h in idx.search(query, limit=10_000))
        assert fast == _score_everything(idx, query), query


def test_the_best_spelling_is_the_one_scoring_everything_picks(index):
    from smals_graph.app.view_model.search import _score

    for query in ("wave", "signaletiqe", "riziv", "onss"):
        for hit in index.search(query, limit=10_000):
            entry = next(e for e in index.entries if e.key == hit.key)
            best = max(entry.spellings, key=lambda text: _score(normalise(query), text))  # first of equals
            assert (hit.matched, hit.kind) == (best, entry.spellings[best])


@pytest.fixture(scope="module")
def report_index(app_store):
    return SearchIndex.build(app_store)


@pytest.mark.parametrize(("query", "key"), [
    ("RSZ", "m:onss"), ("RIZIV", "m:inami"), ("RVA", "m:onem"), ("RSVZ", "m:inasti"), ("KSZ", "m:bcss"),
    ("FAGG", "m:afmps"), ("FAVV", "m:afsca"), ("FOD Financiën", "m:spf-finances"), ("POD MI", "m:spp-is"),
    ("Rijksdienst voor Sociale Zekerheid", "m:onss"), ("Landesamt für soziale Sicherheit", "m:onss"),
    ("LIKIV", "m:inami"),
])
def test_dutch_and_german_names_find_the_member(report_index, query, key):
    hit = report_index.search(query)[0]
    assert (hit.key, hit.kind) == (key, "alias")


def test_every_other_language_name_names_a_member_of_the_report(app_store):
    import json

    from smals_graph.loader.knowledge import DATA_DIR

    data = json.loads((DATA_DIR / "member_names.json").read_text(encoding="utf-8"))["members"]
    keys = {row[0] for row in app_store.read("MATCH (m:Member) RETURN m.id", max_rows=10_000).rows}
    assert set(data) <= keys
    assert all(spec["source"].startswith("https://") and (spec.get("nl") or spec.get("de"))
               for spec in data.values())


def test_a_short_typo_is_one_slip_not_a_shared_word(report_index):
    hits = report_index.search("onns")
    assert hits[0].key == "m:onss"
    assert not any("mons" in h.name.lower() for h in hits), [h.name for h in hits]
    exact = report_index.search("ONSS")
    assert exact[0].key == "m:onss" and exact[0].score > max(h.score for h in hits)
