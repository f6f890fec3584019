"""Issue 19: one definition per number. Each component's counts (members through projects and directly,
projects, applications) are computed here with independent Cypher, and compared with what every page and figure
shows, for every component, on both engines."""

from __future__ import annotations

import pytest

from smals_graph.app.figures import charts
from smals_graph.app.view_model import explore_view, queries, usage
from smals_graph.graph_model.canned import load_canned

INDEPENDENT = {
    "via": "MATCH (s:Service {id: $s})<-[:REUSES|DELIVERS]-(:Project)-[:FOR]->(m:Member) RETURN DISTINCT m.id",
    "direct": "MATCH (s:Service {id: $s})<-[:USES]-(m:Member) RETURN DISTINCT m.id",
    "projects": "MATCH (s:Service {id: $s})<-[:REUSES|DELIVERS]-(p:Project) RETURN DISTINCT p.id",
    "applications": "MATCH (s:Service {id: $s})<-[:USES]-(a:Application) RETURN DISTINCT a.id",
    "organisations": "MATCH (s:Service {id: $s})<-[:USES]-(o:Organization) RETURN DISTINCT o.id UNION "
                     "MATCH (s:Service {id: $s})<-[:REUSES|DELIVERS]-(:Project)-[:FOR]->(o:Organization) "
                     "RETURN DISTINCT o.id",
}


@pytest.fixture(params=["falkordb", "neo4j"])
def any_store(request):
    return request.getfixturevalue("loaded_store" if request.param == "falkordb" else "neo4j_loaded")


def truth(store, key: str) -> dict[str, set[str]]:
    found = {name: {row[0] for row in store.read(cypher, {"s": key}, max_rows=100_000).rows}
             for name, cypher in INDEPENDENT.items()}
    found["members"] = found["via"] | found["direct"]
    return found


def said(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def test_every_component_says_the_same_counts_everywhere(any_store):
    store = any_store
    services = queries.services(store)
    assert len(services) > 50
    canned = load_canned()
    sharing = canned["members_sharing_component"]
    ranked = {row[0]: row[2] for row in store.read(canned["components_by_members"].text_for(store.engine),
                                                   {"min_members": 0}, max_rows=10_000).rows}
    bars = charts.components_by_users_data(store, top=10_000)
    bar_members = {label: sum(part[i] for part in bars.parts.values()) for i, label in enumerate(bars.names)}
    for service in services:
        key = service["id"]
        want = truth(store, key)
        # the one definition, and the words every button and caption uses
        split = service["split"]
        assert (split.members, split.members_direct, split.members_via_projects, split.projects,
                split.applications) == (want["members"], want["direct"], want["via"], want["projects"],
                                        want["applications"]), key
        expected_words = [said(len(want[k]), noun) for k, noun in
                          (("members", "member"), ("organisations", "organisation"), ("projects", "project"),
                           ("applications", "application"))
                          if want[k]]
        assert service["summary"] == (" · ".join(expected_words) or "no user"), key
        # the component's own facts (Explore's inspector, the component page)
        one = usage.counts(usage.usage_facts(store, service_key=key, include_organizations=True)).get(
            key, usage.UserCounts())
        assert one.summary() == service["summary"], key
        # the canned query "Members sharing a component": one row per member
        rows = store.read(sharing.text_for(store.engine), {"component": key}, max_rows=10_000).rows
        assert len(rows) == len(want["members"]), key
        # "Components by number of members" and the ranking figure
        if service["reusable"]:
            assert ranked.get(service["name"], 0) == len(want["members"]), key
            assert bar_members.get(service["name"], 0) == len(want["members"]), key
        # Explore: the component opened draws exactly its users
        view = explore_view.build(store, explore_view.ExploreState(node=key, limit=5000)).view
        drawn = {label: {n.key for n in view.nodes.values() if n.label == label}
                 for label in ("Member", "Project", "Application")}
        assert want["members"] <= drawn["Member"], key
        assert want["projects"] <= drawn["Project"] and want["applications"] <= drawn["Application"], key


def test_the_landing_buttons_sort_by_the_number_they_show(loaded_store):
    services = [s for s in queries.services(loaded_store) if s["users"]]
    shown = [(s["members"], s["organizations"], s["projects"], s["applications"]) for s in services]
    assert shown == sorted(shown, reverse=True)
    wave = next(s for s in services if s["id"] == "s:wave")
    assert wave["summary"].startswith(said(wave["members"], "member"))
