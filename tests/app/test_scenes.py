"""Styling rules and saved scenes: rules applied to a real view's nodes and through the URL, scenes stored 0600
in the data directory and exported as a figure spec that `snapshot` renders."""

from __future__ import annotations

import json
import stat
import tomllib

import pytest

from smals_graph.app.figures.snapshot import parse_spec, render_spec
from smals_graph.app.view_model.scenes import Scene, SceneStore, scene_cypher, scene_spec_toml
from smals_graph.app.view_model.style_rules import (
    StyleRule,
    apply_rules,
    legend,
    rules_from_json,
    rules_from_url,
    rules_to_url,
)
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.errors import ConfigError

RULES = [
    {"set": "colour", "value": "#d62728", "label": "Member", "property": "category", "equals": "A"},
    {"set": "colour", "value": "#1f77b4", "label": "Member"},
    {"set": "size", "value": 40, "property": "_degree", "min": 10},
    {"set": "caption", "value": "name", "label": "Member"},
]


def _members_view(store) -> GraphView:
    return GraphView.from_result(store.read("MATCH (m:Member) RETURN m"))


def test_rules_colour_size_and_caption_the_nodes_they_match(loaded_store) -> None:
    view = _members_view(loaded_store)
    looks = apply_rules(rules_from_json(RULES), view.nodes.values())
    for node_id, node in view.nodes.items():
        look = looks[node_id]  # every member matches the second rule at least
        assert look.colour == ("#d62728" if node.properties.get("category") == "A" else "#1f77b4")
        assert look.caption == node.properties["name"]
        degree = node.properties.get("_degree")
        assert look.size == (40.0 if isinstance(degree, int | float) and degree >= 10 else None)
    a_members = loaded_store.read("MATCH (m:Member {category: 'A'}) RETURN count(m)").scalar()
    assert sum(look.colour == "#d62728" for look in looks.values()) == a_members
    assert legend(rules_from_json(RULES))[0] == ("colour", "#d62728", "Member with category = A")


def test_rules_travel_through_the_url_unchanged() -> None:
    rules = rules_from_json(RULES)
    assert rules_from_url(rules_to_url(rules)) == rules
    assert rules_from_url("") == []


@pytest.mark.parametrize(("raw", "message"), [
    ('[{"set": "shape", "value": "x"}]', "Style rule 1: 'set' must be one of colour, size, caption (got 'shape')."),
    ('[{"set": "colour", "value": "red"}]', "Style rule 1: a colour is #rrggbb (got 'red')."),
    ('[{"set": "size", "value": 900}]', "Style rule 1: a size is a number from 1 to 200 (got 900)."),
    ('[{"set": "size", "value": 9, "colour": 1}]', "Style rule 1: unknown key(s) colour."),
    ('{"set": "size"}', "Style rules: expected a list of rules."),
    ("[{", "Style rules: not JSON (Expecting property name enclosed in double quotes)."),
])
def test_bad_rules_are_refused_with_what_is_wrong(raw: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        rules_from_url(raw)
    assert str(raised.value) == message


def test_range_rules_pick_numbers_in_the_range() -> None:
    from smals_graph.graph_model.results import Node

    rule = StyleRule("size", 20.0, property="n", min=2, max=5)
    nodes = [Node(str(v), ("Member",), {"n": v}) for v in (1, 2, 4.5, 5, "3", True)]
    assert [n.properties["n"] for n in nodes if rule.matches(n)] == [2, 4.5]
    assert rule.describe() == "any node with 2 ≤ n < 5"


def test_scenes_are_saved_0600_listed_reopened_and_deleted(tmp_path, loaded_store) -> None:
    keys = [k for (k,) in loaded_store.read("MATCH (m:Member) RETURN m.id ORDER BY m.id LIMIT 5").rows]
    scenes = SceneStore(tmp_path / "scenes")
    scene = Scene("Five members", keys, positions={keys[0]: (1.5, -2.0)}, pinned=[keys[0]], dismissed=[keys[4]],
                  filters={"labels": ["Member"]}, rules=rules_from_json(RULES[:1]))
    path = scenes.save(scene)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text(encoding="utf-8"))["nodes"] == keys
    (tmp_path / "scenes" / "junk.json").write_text("not json", encoding="utf-8")
    assert SceneStore(tmp_path / "scenes").names() == ["Five members"]
    again = SceneStore(tmp_path / "scenes").load("Five members")
    assert again.to_json() == scene.to_json()
    cypher, params = scene_cypher(again)
    shown = {row[0].key for row in loaded_store.read(cypher, params).rows}
    assert shown == set(keys[:4])  # the dismissed one is left out
    assert scenes.delete("Five members") and scenes.names() == []
    with pytest.raises(ConfigError) as raised:
        scenes.load("Five members")
    assert str(raised.value) == "No saved scene named 'Five members'."


def test_scene_names_and_files_are_checked(tmp_path) -> None:
    with pytest.raises(ConfigError) as raised:
        SceneStore(tmp_path).save(Scene("../etc/passwd", []))
    assert str(raised.value) == ("Scene name '../etc/passwd': 1 to 80 letters, digits, spaces or . , ' ( ) + - _, "
                                 "starting with a letter or digit.")
    with pytest.raises(ConfigError) as raised:
        Scene.from_json({"name": "x", "nodes": [], "pickle": "..."}, "x.json")
    assert str(raised.value) == "x.json: unknown key(s) pickle."


def test_a_scene_exports_to_a_spec_that_snapshot_renders(tmp_path, loaded_store) -> None:
    keys = [k for category in ("A", "B") for (k,) in loaded_store.read(
        "MATCH (m:Member {category: $c}) RETURN m.id ORDER BY m.id LIMIT 3", {"c": category}).rows]
    scene = Scene("Six members", keys, rules=rules_from_json(RULES[:2]), title="Six members, A in red")
    text = scene_spec_toml(scene)
    spec = parse_spec(tomllib.loads(text), "scene")
    assert spec.params["keys"] == keys and spec.title == "Six members, A in red"
    paths = render_spec(loaded_store, spec, tmp_path, formats=("svg",))
    svg = paths[0].read_text(encoding="utf-8")
    assert "Member with category = A" in svg
    assert "#d62728" in svg.lower() and "#1f77b4" in svg.lower()
