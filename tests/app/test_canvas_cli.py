"""`smals-graph search` and `smals-graph scene list|export|delete`, with the export rendered by `snapshot`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from smals_graph.app.cli.main import main
from smals_graph.app.view_model.scenes import Scene, SceneStore
from smals_graph.app.view_model.style_rules import rules_from_json


def test_search_prints_each_hit_with_its_sentence(loaded_store) -> None:
    uri = loaded_store.connection_uri()
    result = CliRunner().invoke(main, ["--uri", uri, "search", "vaccinations", "--limit", "3"])
    assert result.exit_code == 0, result.output
    first, sentence = result.output.splitlines()[:2]
    assert first.startswith("Vitalink FHIR (Project, description")
    assert sentence.startswith("    Vitalink est ainsi, par exemple, la source authentique pour les [vaccinations]")
    as_json = CliRunner().invoke(main, ["--uri", uri, "search", "pseudonymisation", "--format", "json"])
    hits = json.loads(as_json.output)
    assert hits and all("pseudonymisation" in [w.lower() for w in h["highlight"]] for h in hits)
    nothing = CliRunner().invoke(main, ["--uri", uri, "search", "zzzzunknown"])
    assert nothing.exit_code == 0 and nothing.output == "No text holds 'zzzzunknown'.\n"


def test_scene_list_export_and_snapshot(loaded_store, tmp_path) -> None:
    keys = [k for (k,) in loaded_store.read("MATCH (m:Member) RETURN m.id ORDER BY m.id LIMIT 4").rows]
    SceneStore(tmp_path / "data" / "scenes").save(
        Scene("Four", keys, rules=rules_from_json([{"set": "colour", "value": "#ff7f0e", "label": "Member"}])))
    data = ["--data-dir", str(tmp_path / "data")]
    listed = CliRunner().invoke(main, [*data, "scene", "list"])
    assert listed.exit_code == 0 and listed.output.startswith("Four: 4 node(s), 1 rule(s), saved ")
    spec = tmp_path / "four.toml"
    exported = CliRunner().invoke(main, [*data, "scene", "export", "Four", "--out", str(spec)])
    assert exported.exit_code == 0, exported.output
    shot = CliRunner().invoke(main, ["--uri", loaded_store.connection_uri(), "snapshot", str(spec), "--out",
                                     str(tmp_path / "out"), "--format", "svg"])
    assert shot.exit_code == 0, shot.output
    svg = next((tmp_path / "out").glob("*.svg")).read_text(encoding="utf-8")
    assert "#ff7f0e" in svg.lower() and "Member" in svg
    deleted = CliRunner().invoke(main, [*data, "scene", "delete", "Four"])
    assert deleted.output == "Deleted scene 'Four'.\n"
    again = CliRunner().invoke(main, [*data, "scene", "delete", "Four"])
    assert again.exit_code == 2 and again.output == "Error: No saved scene named 'Four'.\n"
