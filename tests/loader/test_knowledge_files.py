"""The knowledge files (loader/data/*.json) are checked against their models when read: a mistake in one is an
error that names the file and the entry, never a silent miss in the graph."""

from __future__ import annotations

import json
import shutil

import pytest

from smals_graph.graph_model.errors import ConfigError, KnowledgeFileError
from smals_graph.loader import knowledge
from smals_graph.loader.knowledge_files import KNOWLEDGE_FILES


def test_every_shipped_file_has_a_model_and_follows_it():
    assert sorted(p.name for p in knowledge.DATA_DIR.glob("*.json")) == sorted(KNOWLEDGE_FILES)
    for name in KNOWLEDGE_FILES:
        assert knowledge._load(name) == json.loads((knowledge.DATA_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture
def data_copy(tmp_path):
    for name in KNOWLEDGE_FILES:
        shutil.copy(knowledge.DATA_DIR / name, tmp_path / name)
    return tmp_path


def _edit(directory, name, change):
    data = json.loads((directory / name).read_text(encoding="utf-8"))
    change(data)
    (directory / name).write_text(json.dumps(data), encoding="utf-8")


def test_a_misspelt_key_is_refused_with_the_file_and_the_entry(data_copy):
    _edit(data_copy, "services.json", lambda d: d["services"][0].update(alias=["W"]))
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge._load("services.json", data_copy)
    assert str(caught.value) == f"{data_copy / 'services.json'}: services.0.alias: Extra inputs are not permitted"
    assert isinstance(caught.value, ConfigError) and caught.value.exit_code == 2


def test_a_status_pattern_that_does_not_compile_is_refused(data_copy):
    _edit(data_copy, "layout.json", lambda d: d["statuses"].append({"pattern": "^Live(", "norm": "live"}))
    with pytest.raises(KnowledgeFileError, match=r"statuses\.6\.pattern: Value error, missing \), unterminated "
                                                 r"subpattern at position 5$"):
        knowledge._load("layout.json", data_copy)


def test_an_alias_without_its_member_and_a_file_without_its_doc_are_refused(data_copy):
    def change(d):
        del d["_doc"]
        d["members"]["VSB"] = {"why": "no member named"}

    _edit(data_copy, "aliases.json", change)
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge._load("aliases.json", data_copy)
    assert str(caught.value).split(": ", 1)[1] == "_doc: Field required; members.VSB.member: Field required"
