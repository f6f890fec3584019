"""The app's queries against a real embedded engine holding the sample dataset."""

from __future__ import annotations

from smals_graph.app.view_model import queries
from smals_graph.app.view_model.queries import Filters


def test_node_by_key(sample_store):
    node = queries.node_by_key(sample_store, "s:wave")
    assert node is not None and node.properties["name"] == "Wave"
    assert queries.node_by_key(sample_store, "nope") is None


def test_neighbourhood_counts_and_limit(sample_store):
    hood = queries.neighbourhood(sample_store, "s:wave")
    assert hood.centre is not None
    keys = {n.key for n in hood.nodes.values()}
    assert {"p:digicore-transferts", "p:synergie-signaletique-wave", "m:onss", "m:inami"} <= keys
    assert hood.total == len(keys) - 1 and hood.omitted_total == 0
    small = queries.neighbourhood(sample_store, "s:wave", limit=2)
    assert len(small.nodes) == 3 and small.omitted_total == hood.total - 2
    assert sum(small.omitted.values()) == small.omitted_total


def test_neighbourhood_filters(sample_store):
    only_projects = queries.neighbourhood(sample_store, "s:wave", Filters(labels=["Project"]))
    assert {queries.node_label(n) for k, n in only_projects.nodes.items() if n.key != "s:wave"} == {"Project"}
    live = queries.neighbourhood(sample_store, "s:wave", Filters(statuses=["live"]))
    keys = {n.key for n in live.nodes.values()}
    assert "p:digicore-transferts" in keys and "p:synergie-signaletique-wave" not in keys
    cat_a = queries.neighbourhood(sample_store, "p:federal-forms", Filters(categories=["A"]))
    assert not any(queries.node_label(n) == "Member" for n in cat_a.nodes.values())
    by_type = queries.neighbourhood(sample_store, "m:onss", rel_type="USES")
    assert {r.type for r in by_type.relationships.values()} == {"USES"}


def test_node_details_has_rule_and_provenance(sample_store):
    details = queries.node_details(sample_store, "m:inami")
    fors = [link for link in details.links if link.type == "FOR"]
    assert fors and fors[0].properties["rule"] == "acronym" and fors[0].properties["raw"] == "INAMI"
    uses = [link for link in details.links if link.type == "USES"]
    assert uses and "Wave" in uses[0].properties["quote"] and uses[0].properties["line"] == 334


def test_component_uses_and_comparison(sample_store):
    uses = queries.component_uses(sample_store)
    pairs = {(u.user_key, u.service_key, u.via) for u in uses}
    assert ("m:onss", "s:wave", "project") in pairs and ("m:onss", "s:wave", "statement") in pairs
    assert all(u.user_label == "Member" for u in uses)
    with_orgs = queries.component_uses(sample_store, include_organizations=True)
    assert any(u.user_label == "Organization" for u in with_orgs)
    cmp = queries.compare_members(sample_store, "m:onss", "m:onem")
    assert {c["key"] for c in cmp.shared_components} >= {"s:document-repository"}
    assert {t["key"] for t in cmp.shared_technologies} >= {"t:java", "t:postgresql"}
    assert [p["key"] for p in cmp.shared_projects] == ["p:wave-saas"]
    assert cmp.paths > 0 and cmp.nodes and cmp.relationships


def test_problems_and_facets(sample_store):
    rows = queries.problems(sample_store)
    assert rows[0].severity == "error" and len(rows) == 4
    assert any(r.concerns for r in rows)
    facets = queries.facet_values(sample_store)
    assert "Service" in facets["labels"] and "FOR" in facets["types"]
    assert "unknown" in facets["statuses"] and facets["categories"] == ["A", "B", "C"]


def test_report_excerpt():
    path = queries.report_path("smals-rapport-activites-2025.fr.txt")
    assert path is not None
    assert queries.report_excerpt(path, 1228)[0][1].startswith("Wave SaaS")


def test_report_excerpts_of_a_cp1252_crlf_report_match_the_loaders_lines(tmp_path):
    """The loader accepts cp1252 and CRLF reports; the inspector and Data quality page must read the same lines
    (they raised UnicodeDecodeError on such a report)."""
    from pathlib import Path

    from smals_graph.loader.parse import parse_report

    variant = Path(__file__).resolve().parents[1] / "fixtures" / "variant-2031.fr.txt"
    report = tmp_path / "variant-cp1252.txt"
    report.write_bytes(variant.read_text(encoding="utf-8").replace("\n", "\r\n").encode("cp1252"))
    dataset = parse_report(report)
    project = next(p for p in dataset.projects if not p.name.isascii())  # a byte cp1252 writes differently
    ((number, text),) = queries.report_excerpt(report, project.line)
    assert number == project.line and project.name in text


def test_node_details_of_a_busy_node_counts_everything_and_lists_a_sample(loaded_store):
    """Counts per direction and type cover every link; the list holds the first `per_type` of each type in key
    order, and `more` says what it left out."""
    whole = queries.node_details(loaded_store, "t:java", per_type=10_000)
    assert whole.more == {} and len(whole.links) == whole.total
    assert whole.total == sum(queries.degree_by_type(loaded_store, "t:java").values()) > 5
    uses_in = [link.other.key for link in whole.links if (link.direction, link.type) == ("in", "USES")]
    sample = queries.node_details(loaded_store, "t:java", per_type=3)
    assert sample.totals == whole.totals
    assert [link.other.key for link in sample.links if (link.direction, link.type) == ("in", "USES")] \
        == sorted(uses_in)[:3]
    assert sample.more[("in", "USES")] == len(uses_in) - 3
    assert all(n > 0 for n in sample.more.values())
