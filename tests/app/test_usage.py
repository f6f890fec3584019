"""One meaning of "user": the usage module's split, and the same numbers on every page, query, figure and in
the analytics, on the bundled 2025 report."""

from __future__ import annotations

from collections import defaultdict

import pytest

from smals_graph.app.ui.shared_page import matrix, picker_label, split_frame
from smals_graph.app.view_model import queries, usage
from smals_graph.graph_model import analytics
from smals_graph.graph_model.canned import load_canned
from smals_graph.graph_model.nx_graph import from_store


@pytest.fixture(scope="module")
def split(app_store):
    return usage.component_counts(app_store, include_organizations=True)


def test_the_split_of_users(split):
    wave = split["s:wave"]
    # Wave SaaS (ONSS, ONEM) and Synergie Signalétique Wave deliver it; ModJur, DigiCoRe – Transferts reuse it
    assert wave.members == wave.members_via_projects == {"m:onss", "m:onem"} and not wave.members_direct
    assert wave.projects == {"p:wave-saas", "p:synergie-signaletique-wave", "p:modjur", "p:digicore-transferts"}
    srf = split["s:service-request-forms"]
    # the statements of line 1319, the Service Request Forms project (INASTI) and Wave SaaS's technology line
    assert srf.members_direct == {"m:inasti", "m:onem", "m:onss"} == srf.members_via_projects
    assert srf.projects == {"p:service-request-forms", "p:wave-saas"}
    api = split["s:api-gateway"]
    assert api.members_direct == {"m:spf-finances", "m:spf-bosa", "m:plate-forme-ehealth", "m:bcss", "m:sfp",
                                  "m:spf-justice"} and api.organizations == {"o:smals"}
    assert len(split["s:eacademy"].members_direct) == 12
    pseudo = split["s:pseudonymisation"]
    assert pseudo.applications == {"a:fertidata", "a:trio", "a:vitalink"}
    # eReferral (a statement) and Recip-e FHIR, Vaccinnet 2.0 (their technology lines)
    assert pseudo.projects == {"p:ereferral-digital-referral-prescription", "p:recip-e-fhir", "p:vaccinnet-2-0"}
    assert split["s:foleen"].applications == {"a:ddt", "a:limosa"} and split["s:foleen"].members == {"m:onss"}


def test_counts_agree_across_pages_queries_figures_and_analytics(app_store, split):
    members = {k: c.members for k, c in split.items()}
    # the matrix (members x components, what the Shared components page shows)
    cells = matrix(queries.component_uses(app_store))
    names = {s["id"]: s["name"] for s in queries.services(app_store)}
    for sid, who in members.items():
        if who and names[sid] in cells.columns:
            assert int(cells[names[sid]].notna().sum()) == len(who), sid
    # the picker and the component page's split table
    services = {s["id"]: s for s in queries.services(app_store)}
    for sid, c in split.items():
        assert services[sid]["members"] == len(c.members) and services[sid]["projects"] == len(c.projects)
        assert services[sid]["applications"] == len(c.applications)
    assert picker_label(services["s:wave"]) == (
        "Wave — 2 member(s) (0 directly, 2 through projects) · 4 project(s) · 0 application(s)")
    frame = split_frame(usage.counts(usage.usage_facts(app_store)), names).set_index("component")
    assert frame.loc["eAcademy", "members"] == 12 and frame.loc["Services génériques de pseudonymisation",
                                                                "applications"] == 3
    # canned queries: "Components by number of members" and "Members sharing a component"
    canned = load_canned()
    ranked = app_store.read(canned["components_by_members"].text, {"min_members": 1})
    by_name = {row[0]: row[2] for row in ranked.rows}
    for sid, who in members.items():
        if services[sid]["reusable"] and who:
            assert by_name[names[sid]] == len(who), sid
    for sid in ("s:wave", "s:eacademy", "s:service-request-forms", "s:api-gateway"):
        rows = app_store.read(canned["members_sharing_component"].text, {"component": sid}).rows
        assert len(rows) == len(members[sid]), sid
    # the "Who shares a component" figure's query
    for sid in ("s:wave", "s:pseudonymisation", "s:eacademy"):
        result = app_store.read(canned["figure-service-users"].text, {"service": sid})
        drawn = {n.key for n in result.graph()[0].values() if "Member" in n.labels}
        assert drawn == members[sid], sid
        apps = {n.key for n in result.graph()[0].values() if "Application" in n.labels}
        assert apps == split[sid].applications
    # the analytics' member profiles (similarity, reuse opportunities)
    profiles = analytics.member_profiles(from_store(app_store))
    users: dict[str, set[str]] = defaultdict(set)
    for member, profile in profiles.items():
        for sid in profile.components:
            users[sid].add(member)
    for sid, who in members.items():
        assert users[sid] == who, sid


def test_applications_are_searchable_and_drawn(app_store):
    from smals_graph.app.view_model.search import SearchIndex

    index = SearchIndex.build(app_store)
    assert index.grouped("Vitalink")["Application"][0].key == "a:vitalink"
    assert index.search("Declaration de travaux")[0].key == "a:ddt"
    nodes, _rels = queries.component_graph(app_store, "s:foleen")
    assert {"a:ddt", "a:limosa", "p:foleen", "m:onss"} <= {n.key for n in nodes.values()}
