"""Issue 19: every screen tells the same truth. The documented search phrases run, canned queries keep their
names, an empty picker is refused rather than run as null (AppTest against the real engine and the bundled report)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from test_pages import app_env, run, widget_payloads  # noqa: F401  (app_env: a fixture)

from smals_graph.graph_model.canned import CYPHER_DIR, load_canned

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from docs_text import documentation  # noqa: E402


def plain(markdown: str) -> str:
    """The text of Markdown that md_text escaped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def documented_phrases() -> list[str]:
    """The phrases the Query page's docs quote after "offered by Explore's search box"."""
    text = " ".join(documentation().split())
    bullet = text.split("offered by Explore's search box", 1)[1].split("and shows the result", 1)[0]
    return re.findall(r'"([^"]+)"', bullet)


def test_the_docs_quote_six_phrases():
    assert documented_phrases() == ["members using wave", "projects of onss", "projects using xml", "users of wave",
                                    "ecosystem of onem", "who shares wave"]


def test_a_canned_query_is_named_after_its_file():
    # a `// picker:` line once renamed its query after the parameter ("service"): Explore crashed on the phrase
    for name, query in load_canned().items():
        assert query.name == name and (CYPHER_DIR / f"{name}.cypher").is_file()


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("phrase", documented_phrases())
def test_every_documented_phrase_runs_in_explore(phrase):
    at = run({"q": phrase})
    buttons = [b for b in at.button if (b.key or "").startswith("phrase_")]
    assert buttons, f"no phrase offered for {phrase!r}"
    assert buttons[0].label.lower().endswith(phrase.split()[-1])
    buttons[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.subheader[0].value.lower() == phrase
    shown = [d for d in at.dataframe]
    assert shown and len(shown[0].value) > 0, f"{phrase!r} showed no row"


@pytest.mark.usefixtures("app_env")
def test_an_empty_picker_refuses_the_run_by_its_noun():
    at = run({"canned": "members_sharing_component", "run": "1"}, page="query")
    assert at.selectbox(key="qp_component").value == "s:wave"
    at.selectbox(key="qp_component").set_value(None).run()
    at.button(key="q_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [plain(e.value) for e in at.error] == [
        "$component is empty: choose a component (the query would run with null and find nothing)."]
    assert not any("row(s)" in c.value for c in at.caption)  # nothing ran: no "0 row(s)" to misread


@pytest.mark.usefixtures("app_env")
def test_a_misspelt_label_gets_neo4j_browsers_warning():
    at = run({"q": "MATCH (m:Membre) RETURN m.name", "run": "1"}, page="query")
    at.button(key="q_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    warnings = [plain(w.value) for w in at.warning]
    assert any(w.startswith("The provided label is not in the database.") and "Membre" in w for w in warnings), warnings


def test_no_two_canned_queries_share_a_title_or_a_phrase():
    canned = load_canned()
    words = [" ".join(sorted(set(q.title.lower().replace("the ", "").split()))) for q in canned.values()]
    assert len(set(words)) == len(words), sorted(words)
    phrases = [p for q in canned.values() for p in q.phrases]
    assert len(set(phrases)) == len(phrases)
    # the merged pairs: "A component and its users (graph)" into "Who shares a component", and "Technologies
    # shared by most projects" into "Technologies shared by the most projects"
    assert "users of {service}" in canned["figure-service-users"].phrases
    assert "component_neighbourhood" not in canned and "technologies_shared" not in canned


def test_a_list_column_reads_as_names_not_json(app_store):
    from smals_graph.app.ui.common import result_frame

    query = load_canned()["members_sharing_component"]
    result = app_store.read(query.text_for(app_store.engine), {"component": "s:wave"})
    frame = result_frame(result)
    onem = frame[frame["member"] == "ONEM"]["projects"].tolist()
    assert onem == ["Wave SaaS"]
    onss = frame[frame["member"] == "ONSS"]["projects"].tolist()[0]
    assert "Wave SaaS" in onss.split(" · ") and '"' not in onss and "[" not in onss


@pytest.mark.usefixtures("app_env")
def test_the_analytics_section_is_in_the_url():
    at = run({"section": "groups"}, page="analytics")
    assert at.segmented_control[0].value == "groups"
    assert any("ommunit" in m.value for m in [*at.markdown, *at.caption, *at.subheader])
    at.segmented_control[0].set_value("bridges").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["section"] in ("bridges", ["bridges"])
    at = run({}, page="analytics")
    assert at.query_params["section"] in ("reuse", ["reuse"])  # the default is written too: the URL names what is shown


@pytest.mark.usefixtures("app_env")
def test_explore_opens_a_component_with_its_users_and_a_legend_of_link_colours(app_store):
    from smals_graph.app.view_model import style

    at = run({"node": "s:csam-rma"})
    data = widget_payloads(at)[0]
    ids = {n["id"] for n in data["nodes"]}
    members = {row[0] for row in app_store.read(
        "MATCH (s:Service {id: 's:csam-rma'})<-[:REUSES|DELIVERS]-(:Project)-[:FOR]->(m:Member) RETURN m.id "
        "UNION MATCH (s:Service {id: 's:csam-rma'})<-[:USES]-(m:Member) RETURN m.id").rows}
    assert len(members) == 9 and members <= ids
    legend = next(m.value for m in at.markdown if 'data-testid="sg-rel-legend"' in m.value)
    for rel_type in {e.get("type") or e.get("label") for e in data["edges"]} - {None}:
        if rel_type in style.EDGE_COLORS:
            assert style.EDGE_COLORS[rel_type] in legend and rel_type in legend
    assert any(plain(m.value).startswith("**Used by** 9 members") for m in at.markdown)
    at.button(key="act_users").click().run()  # "Hide its users"
    hidden = {n["id"] for n in widget_payloads(at)[0]["nodes"]}
    assert not members & hidden and at.query_params["users"] in ("0", ["0"])


@pytest.mark.usefixtures("app_env")
def test_a_filter_that_hides_the_inspected_node_says_so():
    # ONSS with its project Wave SaaS inspected and expanded, then only Member and Service labels kept
    at = run({"node": "m:onss", "sel": "p:wave-saas", "x": "p:wave-saas", "labels": "Member,Service"})
    infos = [plain(i.value) for i in at.info]
    assert "Expansion of p:wave-saas dropped: no longer on screen (its parent was collapsed or a filter hides it)." \
        in infos
    assert "p:wave-saas is hidden by the filters: the inspector shows the centre instead." in infos
    title = next(m.value for m in at.markdown if "sg-inspector-title" in m.value)
    assert "m:onss" in title and "p:wave-saas" not in title


@pytest.mark.parametrize("reusable_only", [False, True])
def test_two_members_count_the_shared_components_they_draw(loaded_store, reusable_only):
    """"Shared components N" is the number of components the drawing shows, for the members who share most
    (ONSS and ONEM share Wave through Wave SaaS, a project of both: that component is drawn too)."""
    from smals_graph.app.ui.shared_page import pair_drawing
    from smals_graph.app.view_model import queries

    pairs = [("m:onss", "m:onem"), ("m:onss", "m:inasti"), ("m:inami", "m:plate-forme-ehealth"),
             ("m:spf-etcs", "m:onss")]
    seen_shared_project_component = False
    for a, b in pairs:
        cmp = queries.compare_members(loaded_store, a, b, reusable_only=reusable_only)
        nodes, _ = pair_drawing(cmp.nodes, cmp.relationships, reusable_only)
        drawn = {n.key for n in nodes.values() if n.label == "Service"}
        # every shared component is drawn, and every component drawn is shared (a path ends at one they share)
        assert drawn == {c["key"] for c in cmp.shared_components}, (a, b)
        seen_shared_project_component |= (a, b) == ("m:onss", "m:onem") and "s:wave" in drawn
    assert seen_shared_project_component
