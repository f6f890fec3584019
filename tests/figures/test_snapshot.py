"""Figure specs and the `snapshot` and `export` commands, against the real embedded engine."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner
from PIL import Image

from smals_graph.app.cli.main import main
from smals_graph.app.figures.charts import CHARTS
from smals_graph.app.figures.snapshot import (
    SPEC_DIR,
    find_spec,
    parse_spec,
    render_spec,
    shipped_specs,
    spec_query,
)
from smals_graph.graph_model.canned import load_canned
from smals_graph.graph_model.errors import ConfigError


def test_every_shipped_spec_parses_and_names_a_real_query():
    specs = shipped_specs()
    assert len(specs) >= 5
    canned = load_canned()
    for spec in specs:
        assert spec.query in canned or spec.cypher or spec.chart in CHARTS, spec.name
        if spec.chart:
            continue
        cypher, params, _ = spec_query(spec, "falkordb")
        assert cypher.strip()
        if spec.query:
            assert set(params) == {p.name for p in canned[spec.query].parameters}
    assert find_spec("wave-users").params == {"service": "s:wave"}
    assert find_spec(str(SPEC_DIR / "wave-users.toml")).name == "wave-users"


@pytest.mark.parametrize("data,message", [
    ({"title": "x"}, "give exactly one of 'query' (a canned query name), 'cypher' or 'chart'"),
    ({"query": "figure-service-users", "colour": "red"}, "colour: Extra inputs are not permitted"),
    ({"query": "figure-service-users", "style": {"legnd": True}}, "style.legnd: Extra inputs are not permitted"),
    ({"query": "figure-service-users", "seed": "x"},
     "seed: Input should be a valid integer, unable to parse string as an integer"),
    ({"query": "figure-service-users", "formats": ["svg", "gif"]}, "formats must be among png, svg, pdf, html"),
])
def test_a_spec_is_checked_against_its_model_and_the_message_names_the_key(data, message):
    with pytest.raises(ConfigError) as caught:
        parse_spec(data, "bad")
    assert str(caught.value) == f"bad: {message}"


def test_bad_specs_are_refused():
    with pytest.raises(ConfigError):
        parse_spec({"title": "x"}, "nothing")  # no query
    with pytest.raises(ConfigError):
        parse_spec({"query": "figure-service-users", "colour": "red"}, "typo")
    with pytest.raises(ConfigError):
        parse_spec({"query": "figure-service-users", "scale": 5}, "scale")
    with pytest.raises(ConfigError):
        parse_spec({"query": "figure-service-users", "size": "poster"}, "size")


def test_same_spec_twice_gives_byte_identical_svg(small_store, tmp_path):
    spec = parse_spec({"query": "figure-member-ecosystem", "params": {"member": "m:onss"}, "seed": 5,
                       "formats": ["svg", "png"], "title": "ONSS"}, "onss")
    first = render_spec(small_store, spec, tmp_path / "a")
    second = render_spec(small_store, spec, tmp_path / "b")
    assert [p.name for p in first] == ["onss.svg", "onss.png"]
    assert first[0].read_bytes() == second[0].read_bytes()
    assert first[1].read_bytes() == second[1].read_bytes()
    ET.fromstring(first[0].read_bytes())  # parses
    other_seed = parse_spec({"query": "figure-member-ecosystem", "params": {"member": "m:onss"}, "seed": 6,
                             "formats": ["svg"], "title": "ONSS"}, "onss")
    assert render_spec(small_store, other_seed, tmp_path / "c")[0].read_bytes() != first[0].read_bytes()


def test_snapshot_command_renders_every_shipped_spec(store_uri, tmp_path):
    result = CliRunner().invoke(main, ["--uri", store_uri, "snapshot", "--out", str(tmp_path), "--format", "svg",
                                       "--format", "png", "--scale", "1"])
    assert result.exit_code == 0, result.output
    for spec in shipped_specs():
        svg = (tmp_path / f"{spec.name}.svg").read_bytes()
        assert b"Source: Smals" in svg
        size = Image.open(io.BytesIO((tmp_path / f"{spec.name}.png").read_bytes())).size
        from smals_graph.app.figures.presets import preset

        assert size == (preset(spec.size).width, preset(spec.size).height)


def test_snapshot_of_one_spec_file_with_overrides(store_uri, tmp_path):
    result = CliRunner().invoke(main, ["--uri", store_uri, "snapshot", str(SPEC_DIR / "wave-users.toml"),
                                       "--out", str(tmp_path), "--size", "square", "--scale", "2",
                                       "--format", "png", "--format", "html", "--background", "transparent"])
    assert result.exit_code == 0, result.output
    image = Image.open(tmp_path / "wave-users.png")
    assert image.size == (2160, 2160) and image.getpixel((1, 1))[3] == 0
    assert "vis.Network" in (tmp_path / "wave-users.html").read_text(encoding="utf-8")
    listed = CliRunner().invoke(main, ["--uri", store_uri, "snapshot", "--list"])
    assert "wave-users" in listed.output
    missing = CliRunner().invoke(main, ["--uri", store_uri, "snapshot", "no-such-figure"])
    assert missing.exit_code == 2 and "no figure spec" in missing.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "json"])
def test_export_command(store_uri, tmp_path, fmt):
    out = tmp_path / ("graph" if fmt == "csv" else f"graph.{fmt}")
    result = CliRunner().invoke(main, ["--uri", store_uri, "export", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    # small dataset: 5 members + 1 organisation + 5 projects + 5 technologies + 3 services + 1 problem
    # + 1 edition = 21 nodes
    if fmt == "csv":
        nodes = (out / "nodes.csv").read_text(encoding="utf-8").splitlines()
        assert len(nodes) - 1 == 21
    elif fmt == "json":
        import json

        graph = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
        assert graph.number_of_nodes() == 21
    else:
        graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert graph.number_of_nodes() == 21


def test_export_command_with_a_query(store_uri, tmp_path):
    out = tmp_path / "wave.graphml"
    result = CliRunner().invoke(main, ["--uri", store_uri, "export", "--format", "graphml", "--out", str(out),
                                       "--query", "MATCH (p:Project)-[r:REUSES]->(s:Service {id: $s}) "
                                       "RETURN p, r, s", "-p", "s=s:wave"])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    assert sorted(graph.nodes) == ["p:digicore", "s:wave"]
    assert graph.nodes["p:digicore"]["page"] == 40


def test_shipped_specs_on_the_real_report(loaded_store, tmp_path):
    """The slide figures regenerate from the real report, with the report's pages in the footnote."""
    paths = render_spec(loaded_store, find_spec("wave-users"), tmp_path, formats=("svg",))
    svg = paths[0].read_text(encoding="utf-8")
    assert "Who shares Wave" in svg and "Source: Smals, Rapport d'activités 2025, p" in svg
    assert "ONSS" in svg
