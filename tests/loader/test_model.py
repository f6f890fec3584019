"""The typed dataset (loader/model.py): what the parser builds is the contract's JSON, and JSON comes back to the
same dataset; hand-written datasets of the contract read into it too."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator
from loader_helpers import ROOT, shared_schema

from smals_graph.loader.model import Client, Dataset, Problem, Project, dataset_json_schema
from smals_graph.loader.parse import parse_report
from smals_graph.loader.problems import Problems

HOSTILE_2031 = ROOT / "tests" / "fixtures" / "hostile-2031.fr.txt"


@pytest.fixture(scope="module")
def hostile() -> Dataset:
    return parse_report(HOSTILE_2031)


@pytest.mark.parametrize("name", ["report", "variant", "hostile"])
def test_the_json_follows_the_contract_and_reads_back_to_the_same_dataset(name, request, schema):
    dataset = request.getfixturevalue(name)
    data = dataset.to_json()
    assert not list(Draft202012Validator(schema).iter_errors(data))
    text = json.dumps(data, ensure_ascii=False)  # plain JSON types only
    back = Dataset.from_json(json.loads(text))
    assert back == dataset
    assert back.to_json() == data


def test_records_are_typed_not_dicts(report):
    project = report.projects[0]
    assert isinstance(project, Project) and all(isinstance(c, Client) for c in project.clients)
    assert all(isinstance(p, Problem) for p in report.problems)
    assert not hasattr(project, "__dict__")  # slots: a misspelt attribute is an error, not a new key
    with pytest.raises(AttributeError):
        project.nmae = "x"  # type: ignore[attr-defined]


def test_a_problem_leaves_out_what_it_does_not_say(report):
    keys = {frozenset(p.to_json()) for p in report.problems}
    assert frozenset({"severity", "line", "message"}) in keys
    assert frozenset({"severity", "line", "message", "mentions", "kind"}) in keys
    assert all(None not in (p.to_json().get(k, "") for k in ("subject", "subjects", "mentions", "kind"))
               for p in report.problems)


def test_a_hand_written_dataset_of_the_contract_reads_with_defaults(schema, small_dataset):
    data = json.loads((ROOT / "tests" / "analytics" / "small_dataset.json").read_text(encoding="utf-8"))
    dataset = Dataset.from_json(data)
    assert dataset == small_dataset
    assert dataset.applications == [] and all(m.page is None for m in dataset.members)
    assert all(t.rule is None for p in dataset.projects for t in p.technologies)
    assert not list(Draft202012Validator(schema).iter_errors(dataset.to_json()))


def test_a_record_without_a_required_field_is_refused():
    with pytest.raises(ValueError, match=r"^Project: 'line': Field required$"):
        Project.from_json({"id": "p:x", "name": "X"})


def test_a_mistyped_field_is_refused_with_where_it_is():
    data = {"source": {"file": "r.txt", "sha256": "0" * 64, "year": "twenty"},
            "projects": [{"id": "p:x", "name": "X", "line": 3, "clients": [{"member_id": "m:a"}]}]}
    with pytest.raises(ValueError) as caught:
        Dataset.from_json(data)
    assert str(caught.value) == (
        "Dataset: 'source'.'year': Input should be a valid integer, unable to parse string as an integer; "
        "'projects'.0.'clients'.0.'raw': Field required")


def test_the_kept_json_schema_is_the_one_the_model_generates():
    kept = json.loads((ROOT / "docs" / "dataset.schema.json").read_text(encoding="utf-8"))
    assert kept == dataset_json_schema(), "regenerate: python -m smals_graph.loader.model > docs/dataset.schema.json"


def _fields(schema: dict, node: dict, root: dict) -> dict[str, set[str]]:
    """Every object's property names by path ("projects[].clients[]"), following $ref into root's $defs."""
    out: dict[str, set[str]] = {}

    def walk(node: dict, path: str) -> None:
        if "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
        for option in node.get("anyOf", []):
            walk(option, path)
        if "items" in node:
            walk(node["items"], path + "[]")
        if "properties" in node:
            out[path] = set(node["properties"])
            for name, sub in node["properties"].items():
                walk(sub, f"{path}.{name}" if path else name)

    walk(node, "")
    return out


def test_the_model_keeps_every_field_of_the_shared_contract():
    contract = json.loads(shared_schema().read_text(encoding="utf-8"))
    generated = dataset_json_schema()
    theirs, ours = _fields(contract, contract, contract), _fields(generated, generated, generated)
    for path, names in theirs.items():
        assert names <= ours.get(path, set()), f"{path or 'dataset'} lost {sorted(names - ours.get(path, set()))}"


def test_parse_json_from_the_command_line_follows_the_shared_contract(tmp_path, report):
    out = tmp_path / "dataset.json"
    done = subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", "parse", "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    contract = json.loads(shared_schema().read_text(encoding="utf-8"))
    assert not [e.message for e in Draft202012Validator(contract).iter_errors(data)]
    assert not [e.message for e in Draft202012Validator(dataset_json_schema()).iter_errors(data)]
    assert data == report.to_json()  # the command writes the parser's dataset, nothing lost on the way


def test_the_collector_keeps_the_order_and_the_severity_of_each_call():
    problems = Problems()
    problems.warn("second", 2, subject="p:a")
    problems.info("first", 1, mentions=["s:b"], kind="left-out-statement")
    problems.error("none", None)
    assert [(p.severity, p.line, p.message) for p in problems] == [
        ("warning", 2, "second"), ("info", 1, "first"), ("error", None, "none")]
    assert problems.items[0].to_json() == {"severity": "warning", "line": 2, "message": "second", "subject": "p:a"}
    assert problems.items[1].concerned() == [] and problems.items[0].concerned() == ["p:a"]
