"""Writing the real report: idempotent reloads, provenance everywhere, reuse links, all-or-nothing loads."""

from __future__ import annotations

import os
import signal

import pytest

from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.embedded import EmbeddedEngine
from smals_graph.graph_model.errors import LoadError
from smals_graph.loader.write import load_dataset


def _snapshot(store) -> tuple:
    nodes = store.read("MATCH (n) RETURN labels(n)[0] AS l, n.id AS id, properties(n) AS p ORDER BY l, id",
                       max_rows=100_000).rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r) ORDER BY a.id, type(r), b.id",
                      max_rows=100_000).rows
    def strip(props: dict) -> dict:
        # the per-load mark and the load time differ by design
        return {k: v for k, v in props.items() if k not in ("_load", "loaded_at")}

    return ([(label, key, strip(p)) for label, key, p in nodes],
            [(a, t, b, strip(p)) for a, t, b, p in rels])


def test_a_reload_changes_nothing(store, dataset):
    first = load_dataset(store, dataset)
    before = _snapshot(store)
    second = load_dataset(store, dataset)
    assert _snapshot(store) == before
    assert first.stats.labels == second.stats.labels
    assert first.stats.relationship_types == second.stats.relationship_types


def test_the_edition_records_when_it_was_loaded(store, dataset):
    from datetime import UTC, datetime

    before = datetime.now(UTC).replace(microsecond=0)
    load_dataset(store, dataset)
    stamp = store.read("MATCH (e:Edition) RETURN e.loaded_at").scalar()
    assert before <= datetime.fromisoformat(stamp) <= datetime.now(UTC)


def test_counts_follow_the_dataset(store, dataset):
    outcome = load_dataset(store, dataset)
    labels = outcome.stats.labels
    assert labels["Member"] == len(dataset.members) == 345
    assert labels["Project"] == len(dataset.projects) == 59
    assert labels["Organization"] == len(dataset.organizations)
    assert labels["Service"] == len(dataset.services)
    assert labels["Problem"] == len(dataset.problems) == outcome.problems
    resolved_clients = sum(1 for p in dataset.projects for c in p.clients
                           if c.member_id or c.organization_id)
    assert outcome.stats.relationship_types["FOR"] == resolved_clients
    assert outcome.stats.relationship_types["DUPLICATE_OF"] == 1


def test_every_node_and_relationship_carries_provenance(store, dataset):
    load_dataset(store, dataset)
    missing = store.read("MATCH (n) WHERE n.edition IS NULL RETURN count(n)").scalar()
    assert missing == 0
    no_line = store.read("MATCH (n) WHERE n.line IS NULL AND NOT n:Edition AND NOT n:Technology "
                         "RETURN labels(n)[0], n.id", max_rows=1000).rows
    assert no_line == []
    assert store.read("MATCH ()-[r]->() WHERE r.edition IS NULL OR r.line IS NULL RETURN count(r)").scalar() == 0
    # a project's page comes from the report, and FOR keeps the raw string and the resolving rule
    row = store.read("MATCH (p:Project {name: 'Dolsis : Migration IAM vers RMA'})-[r:FOR]->"
                     "(m {id: 'm:service-public-de-wallonie'}) RETURN p.page, r.raw, r.line").rows
    assert row == [[43, "SPW", 1392]]
    onss = store.read("MATCH (p:Project {id: 'p:wave-saas'})-[r:FOR]->(m:Member {acronym: 'ONSS'}) "
                      "RETURN p.page, r.raw, r.rule, r.line").rows
    assert onss == [[39, "ONSS", "acronym", 1228]]


def test_wave_is_shared_by_onss_and_onem(store, dataset):
    load_dataset(store, dataset)
    # Wave SaaS (clients ONSS, ONEM, line 1229) delivers Wave; ModJur and DigiCoRe – Transferts (ONSS) reuse it
    members = store.read("MATCH (s:Service {id: 's:wave'})<-[:REUSES|DELIVERS]-(:Project)-[:FOR]->(m:Member) "
                         "RETURN DISTINCT m.acronym ORDER BY m.acronym").column("m.acronym")
    assert members == ["ONEM", "ONSS"]
    delivers = store.read("MATCH (p:Project)-[r:DELIVERS]->(:Service {id: 's:wave'}) RETURN p.id, r.rule, r.line "
                          "ORDER BY p.id").rows
    assert delivers == [["p:synergie-signaletique-wave", "project-name", 1276], ["p:wave-saas", "project-name", 1228]]
    reasons = store.read("MATCH (p:Project)-[r:REUSES]->(:Service {id: 's:wave'}) RETURN p.id, r.via, r.line "
                         "ORDER BY p.id").rows
    assert reasons == [["p:digicore-transferts", "technology line", 1251], ["p:modjur", "technology line", 1469]]


def test_problems_link_to_what_they_concern(store, dataset):
    load_dataset(store, dataset)
    dup = store.read("MATCH (q:Problem)-[:CONCERNS]->(m:Member) WHERE q.message CONTAINS 'names one body twice' "
                     "RETURN m.line").column("m.line")
    assert 2706 in dup
    # every finding about the summary table points to the project of its row, none to the last project by default
    alice = store.read("MATCH (q:Problem)-[:CONCERNS]->(p:Project {id: 'p:alice'}) RETURN q.line ORDER BY q.line")
    assert alice.column("q.line") == [1557]
    shifted = store.read("MATCH (q:Problem) WHERE q.message CONTAINS 'shifted down' "
                         "OPTIONAL MATCH (q)-[:CONCERNS]->(n) RETURN q.line, count(n)").rows
    assert shifted == [[1557, 0]]  # about the table as a whole: the Data quality page links its line
    row = store.read("MATCH (q:Problem)-[:CONCERNS]->(p:Project) WHERE q.line = 1570 RETURN p.id").column("p.id")
    assert row == ["p:dolsis-migration-iam-vers-rma"]


def test_a_load_killed_mid_way_leaves_the_previous_graph(tmp_path, dataset):
    engine = EmbeddedEngine(tmp_path / "data")
    store = connect("embedded:", data_dir=engine.data_dir)
    try:
        store.write("CREATE (:Member {id: 'm:previous', name: 'Previous graph'})")
        batches: list[int] = []

        def kill_after_first_batch(rows: int) -> None:
            batches.append(rows)
            if len(batches) == 1:
                os.kill(engine.running().pid, signal.SIGKILL)

        with pytest.raises(LoadError) as caught:
            load_dataset(store, dataset, progress=kill_after_first_batch, batch_size=50)
        assert str(caught.value).startswith("Load failed, the previous graph is unchanged: The embedded engine")
        assert store.read("MATCH (n) RETURN collect(n.id)").scalar() == ["m:previous"]
        load_dataset(store, dataset)  # and the next load works
        assert store.read("MATCH (n:Member) RETURN count(n)").scalar() == 345
        assert [g for g in store.db.list_graphs() if "staging" in g] == []
    finally:
        store.close()
        engine.stop()
