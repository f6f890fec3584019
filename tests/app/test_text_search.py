"""Full-text search over names, descriptions and quotes, on both engines: one index of our own, each hit with
the sentence it came from and the words found in it."""

from __future__ import annotations

import pytest

from smals_graph.app.view_model.text_search import build_index, fold, search


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def report_store(request: pytest.FixtureRequest):
    if request.param == "falkordb":
        return request.getfixturevalue("loaded_store")
    return request.getfixturevalue("neo4j_loaded")


def test_a_word_only_in_a_description_finds_its_project(report_store) -> None:
    # "vaccinations" is in the report's paragraph on Vitalink FHIR, in no name
    assert report_store.read("MATCH (n) WHERE toLower(n.name) CONTAINS 'vaccinations' RETURN count(n)").scalar() == 0
    hits = search(report_store, "vaccinations")
    assert hits, "no hit"
    top = hits[0]
    assert (top.title, top.label, top.field) == ("Vitalink FHIR", "Project", "description")
    assert top.sentence.startswith("Vitalink est ainsi, par exemple, la source authentique pour les vaccinations")
    assert [top.sentence[s:e] for s, e in top.spans] == ["vaccinations"]
    assert "[vaccinations]" in top.marked()


def test_words_match_without_accents_or_case_and_every_word_counts(report_store) -> None:
    folded = search(report_store, "FEDERALE")
    accented = search(report_store, "fédérale")
    assert folded and [h.to_json() for h in folded] == [h.to_json() for h in accented]
    assert all("federale" in fold(h.sentence) for h in folded)
    both = search(report_store, "Vitalink vaccinations")
    assert [h.title for h in both] == ["Vitalink FHIR"]
    assert search(report_store, "vaccinations zzzzunknown") == []
    assert search(report_store, "  ,;  ") == []


def test_a_name_ranks_above_a_mention_in_a_description(report_store) -> None:
    hits = search(report_store, "pseudonymisation", limit=50)
    assert hits[0].field == "name" and "pseudonymisation" in hits[0].title.lower()
    assert not any(h.title.startswith("Line ") for h in hits)  # the loader's findings are not the report's text
    fields = {h.field for h in hits}
    assert "name" in fields and fields & {"description", "quote", "tagline"}


def test_quotes_are_searched_with_both_ends_named(report_store) -> None:
    quote = report_store.read("MATCH (a)-[r]->(b) WHERE r.quote IS NOT NULL RETURN a.name, type(r), b.name, r.quote "
                              "ORDER BY size(r.quote) DESC LIMIT 1").rows[0]
    start, rel_type, end, text = quote
    rare = max((w for w in text.split() if w.isalpha() and len(w) > 6), key=len)
    hits = [h for h in search(report_store, f"{rare}", limit=200) if h.field == "quote"]
    assert f"{start} -{rel_type}-> {end}" in [h.title for h in hits]


def test_index_covers_names_taglines_descriptions_and_quotes(loaded_store) -> None:
    index = build_index(loaded_store)
    kinds = {d.field for d in index.documents}
    assert kinds == {"name", "tagline", "description", "quote"}
