"""Several editions side by side: every fact says in which editions it holds, a renamed project is one project,
and What changed (view model and canned queries) finds exactly the changes next_year.py made, on both engines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from next_year import EXPECTED

from smals_graph.app.view_model import changes
from smals_graph.graph_model.canned import load_canned
from smals_graph.loader.editions import MATCH, UNCERTAIN, align_editions, match_projects
from smals_graph.loader.model import Client, Dataset, Project, Source

CANNED = load_canned()
CANNED_CHANGES = ("changes_projects", "changes_project_links", "changes_component_users")


def _found(store) -> set[tuple[str, str, str | None]]:
    return {(c.kind, c.subject_key, c.other_key) for c in changes.changes(store, 2025, 2026)}


def _canned(store, name: str, **params) -> list[dict]:
    query = CANNED[name]
    result = store.read(query.text_for(store.engine), {**query.defaults(), **params})
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def _canned_changes(store) -> set[tuple[str, str, str | None]]:
    rows = _canned(store, "changes_projects") + _canned(store, "changes_project_links")
    users = _canned(store, "changes_component_users")
    return ({(r["change"], r["key"], r.get("other_key")) for r in rows}
            | {(r["change"], r["key"], r["member_key"]) for r in users})


def _members_only(expected):
    return {c for c in expected if not c[0].startswith("user") or c[2].startswith("m:")}


def test_the_listed_changes_and_nothing_else(two_editions):
    assert changes.edition_years(two_editions) == [2025, 2026]
    assert _found(two_editions) == EXPECTED


def test_the_canned_queries_list_the_same_changes(two_editions):
    assert _canned_changes(two_editions) == _members_only(EXPECTED)


@pytest.mark.neo4j
def test_the_listed_changes_on_neo4j(neo4j_two_editions):
    assert changes.edition_years(neo4j_two_editions) == [2025, 2026]
    assert _found(neo4j_two_editions) == EXPECTED
    assert _canned_changes(neo4j_two_editions) == _members_only(EXPECTED)


def test_each_change_names_the_line_of_each_report_it_is_in(two_editions, dataset, next_report):
    found = {(c.kind, c.subject_key, c.other_key): c for c in changes.changes(two_editions, 2025, 2026)}
    status = found[("status", "p:recip-e-fhir", None)]
    assert (status.before, status.after) == ("En cours de développement", "Live")
    old_lines = {p.id: p.line for p in dataset.projects}
    assert status.line_before == old_lines["p:recip-e-fhir"]
    new_text = next_report.read_text(encoding="utf-8").split("\n")
    assert new_text[status.line_after - 1].strip() == "Recip-e FHIR"
    new = found[("new project", "p:vacances-dossiers", None)]
    assert (new.line_before, new_text[new.line_after - 1].strip()) == (None, "Vacances Dossiers")
    ended = found[("ended project", "p:lessonslearnedv2", None)]
    assert (ended.line_before, ended.line_after) == (old_lines["p:lessonslearnedv2"], None)
    renamed = found[("renamed", "p:ewzcfin", None)]
    assert (renamed.before, renamed.after) == ("eWZCfin", "eWZCfin Plus")
    gained = found[("user gained", "s:wave", "m:onva")]
    assert (gained.line_before, new_text[gained.line_after - 1].strip(), gained.via) == (
        None, "Vacances Dossiers", "through a project")


def test_a_fact_stated_in_both_editions_holds_in_both(two_editions):
    row = two_editions.read(
        "MATCH (:Member {id: 'm:inasti'})-[r:USES]->(:Service {id: 's:service-request-forms'}) "
        "RETURN r.editions, r.edition").rows
    assert row == [[[2025, 2026], 2026]]
    projects = dict(two_editions.read("MATCH (p:Project) RETURN p.id, p.editions").rows)
    assert len(projects) == 59 + 3  # 59 of 2025 (one ended, one renamed), 3 new
    assert projects["p:mags"] == [2025, 2026]
    assert projects["p:lessonslearnedv2"] == [2025]
    assert projects["p:justice-learning"] == [2026]
    assert "p:ewzcfin-plus" not in projects and projects["p:ewzcfin"] == [2025, 2026]
    latest = two_editions.read("MATCH (p:Project {id: 'p:ewzcfin'}) RETURN p.name, p.name_by_edition").rows
    assert latest == [["eWZCfin Plus", ["eWZCfin", "eWZCfin Plus"]]]


def test_the_rename_is_said_as_a_problem_of_the_later_edition(two_editions):
    messages = two_editions.read(
        "MATCH (q:Problem) WHERE q.kind = 'renamed-project' RETURN q.message, q.severity, q.editions").rows
    assert len(messages) == 1
    message, severity, editions = messages[0]
    assert severity == "info" and editions == [2026]
    assert message.startswith("'eWZCfin Plus' (2026, line ") and "is taken as 'eWZCfin' (2025, line 1056) renamed" in message


def test_the_callers_dataset_is_not_changed_by_aligning(dataset, next_dataset):
    before = [p.id for p in next_dataset.projects]
    aligned = align_editions([next_dataset, dataset])
    assert [d.source.year for d in aligned] == [2025, 2026]
    assert "p:ewzcfin-plus" in before and [p.id for p in next_dataset.projects] == before
    assert "p:ewzcfin" in [p.id for p in aligned[1].projects]


def _dataset(year: int, *projects: Project) -> Dataset:
    return Dataset(source=Source(file=f"r{year}.txt", sha256="0" * 64, title=f"Rapport {year}", year=year,
                                 language="fr"), projects=list(projects))


def _project(key: str, name: str, clients: list[str], description: str) -> Project:
    return Project(id=key, name=name, line=10, description=description,
                   clients=[Client(raw=c, member_id=c) for c in clients])


def test_a_clear_rename_an_uncertain_one_and_a_stranger():
    text = "Plateforme de gestion des demandes de remboursement des frais médicaux pour les indépendants."
    earlier = _dataset(2025, _project("p:alpha", "Alpha Remboursements", ["m:inasti"], text),
                       _project("p:beta", "Beta", ["m:onss"], "Portail des déclarations trimestrielles."),
                       _project("p:gamma", "Gamma", ["m:onem"], "Un moteur de recherche des allocations."))
    later = _dataset(2026, _project("p:alpha-2", "Alpha Remboursements 2.0", ["m:inasti"], text),
                     _project("p:delta", "Portail Delta", ["m:onss"], "Portail des déclarations trimestrielles."),
                     _project("p:omega", "Omega", ["m:spf-finances"], "Gestion du parc automobile fédéral."))
    clear, uncertain = match_projects(earlier, later)
    assert [(m.earlier.id, m.later.id) for m in clear] == [("p:alpha", "p:alpha-2")]
    assert [(m.earlier.id, m.later.id) for m in uncertain] == [("p:beta", "p:delta")]
    assert clear[0].score >= MATCH > uncertain[0].score >= UNCERTAIN
    aligned = align_editions([earlier, later])
    assert [p.id for p in aligned[1].projects] == ["p:alpha", "p:delta", "p:omega"]
    kinds = [(q.kind, q.severity, q.subject) for q in aligned[1].problems]
    assert kinds == [("renamed-project", "info", "p:alpha"), ("uncertain-match", "warning", "p:delta")]


def test_one_edition_has_nothing_to_compare(loaded_store):
    assert changes.edition_years(loaded_store) == [2025]
    for name in CANNED_CHANGES:
        assert _canned(loaded_store, name) == []


def _cli(*args: str, data_dir) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "SMALS_GRAPH_URI")}
    env["SMALS_GRAPH_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_load_add_keeps_the_loaded_edition_and_says_when_its_report_is_gone(engine_dir, next_report, tmp_path):
    from smals_graph.graph_model.connect import connect
    from smals_graph.loader.knowledge import BUNDLED_REPORT

    uri = connect("embedded:", data_dir=engine_dir, graph="t_cli_add").connection_uri()
    first = tmp_path / "rapport-2025.fr.txt"
    first.write_bytes(BUNDLED_REPORT.read_bytes() + b"\n")  # not the bundled file: found only where it was loaded
    out = _cli("--uri", uri, "load", "--quiet", str(first), data_dir=engine_dir)
    assert out.returncode == 0, out.stderr
    out = _cli("--uri", uri, "load", "--quiet", "--add", str(next_report), data_dir=engine_dir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("loaded edition(s) 2025, 2026: ")
    store = connect(uri)
    assert _found(store) == EXPECTED
    first.unlink()
    out = _cli("--uri", uri, "load", "--quiet", "--add", str(next_report), data_dir=engine_dir)
    assert out.returncode == 8
    assert out.stderr.strip() == (f"Error: edition 2025 was loaded from {first}, which is gone or has changed since: "
                                  "load every edition again (smals-graph load REPORT ...)")
    assert changes.edition_years(store) == [2025, 2026]  # the graph as it was
    store.clear()


def test_the_before_after_figure_marks_kept_new_and_gone(two_editions, tmp_path):
    from smals_graph.app.figures import charts
    from smals_graph.app.figures.snapshot import find_spec, render_spec

    wave = charts.component_users_change_data(two_editions, service="s:wave")
    assert (wave.before, wave.after, wave.rows) == (2025, 2026, [("ONEM", "kept"), ("ONSS", "kept"), ("ONVA", "new")])
    elasticms = charts.component_users_change_data(two_editions, service="s:elasticms")
    assert elasticms.rows == [("ONEM", "gone")]
    by_edition = charts.components_by_edition_data(two_editions, top=40)
    ebox = by_edition.names.index("eBox")
    assert (by_edition.series["2025"][ebox], by_edition.series["2026"][ebox]) == (1, 3)
    written = render_spec(two_editions, find_spec("wave-users-change"), tmp_path, formats=("svg",))
    svg = written[0].read_text(encoding="utf-8")
    assert svg.count('id="transition-new') == 1 and svg.count('id="transition-kept') == 2 + 2 * 2  # line + 2 marks
    assert "Rapport d'activités 2025 and 2026" in svg


def test_one_edition_draws_every_user_as_kept(loaded_store):
    from smals_graph.app.figures import charts

    wave = charts.component_users_change_data(loaded_store, service="s:wave")
    assert (wave.before, wave.after, wave.rows) == (2025, 2025, [("ONEM", "kept"), ("ONSS", "kept")])


# An edition written apart, by another hand (tests/fixtures/editions/next-2026.fr.txt), with its own list of changes
HELD_OUT = Path(__file__).resolve().parents[1] / "fixtures" / "editions"


def _listed_changes() -> set[tuple[str, str, str | None]]:
    """next-2026.changes.json in the page's words (a client change is a gained and a lost client per member)."""
    listed = json.loads((HELD_OUT / "next-2026.changes.json").read_text(encoding="utf-8"))["changes"]
    simple = {"new-project": "new project", "dropped-project": "ended project", "renamed-project": "renamed",
              "status": "status"}
    out: set[tuple[str, str, str | None]] = set()
    for c in listed:
        kind = c["kind"]
        if kind in simple:
            out.add((simple[kind], c["project_id"], None))
        elif kind == "clients":
            out |= {("client gained", c["project_id"], m) for m in set(c["after"]) - set(c["before"])}
            out |= {("client lost", c["project_id"], m) for m in set(c["before"]) - set(c["after"])}
        elif kind in ("technology-gained", "technology-lost"):
            out.add((kind.replace("-", " "), c["project_id"], c["technology_id"]))
        else:
            out.add(({"new-user": "user gained", "lost-user": "user lost"}[kind], c["service_id"], c["user_id"]))
    assert len(listed) == len(out) == 21
    return out


@pytest.fixture(scope="module")
def held_out_next():
    from smals_graph.loader.parse import parse_report

    return parse_report(HELD_OUT / "next-2026.fr.txt")


def test_an_edition_written_by_another_hand_gives_its_listed_changes(store, dataset, held_out_next):
    from smals_graph.loader.write import load_dataset

    load_dataset(store, [dataset, held_out_next])
    assert _found(store) == _listed_changes()


@pytest.mark.neo4j
def test_an_edition_written_by_another_hand_on_neo4j(neo, dataset, held_out_next):
    from smals_graph.loader.write import load_dataset

    load_dataset(neo, [dataset, held_out_next])
    assert _found(neo) == _listed_changes()
