"""The documentation as a reader meets it: a short README whose links all lead somewhere, the pages that
docs/ promises, and a schema page that names every label, relationship type and metric the code defines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docs_text import PAGES, ROOT

from smals_graph.graph_model import schema

LINK = re.compile(r"\]\(([^)\s]+)\)")
EXPECTED_PAGES = ("getting-started", "app", "query", "cli", "engines", "neo4j", "threat-model", "schema",
                  "loader", "benchmarks", "architecture", "testing", "figures", "dependencies")


def local_links(page: Path) -> list[str]:
    return [target for target in LINK.findall(page.read_text(encoding="utf-8"))
            if not re.match(r"[a-z]+:", target) and not target.startswith("#")]


def test_the_readme_is_short_and_keeps_the_two_commands_and_a_picture():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 150
    assert "make run" in text and "make test" in text
    assert re.search(r"!\[[^\]]*\]\([^)]+\.png\)", text)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_local_link_resolves(page):
    missing = [t for t in local_links(page) if not (page.parent / t.split("#")[0]).exists()]
    assert not missing, f"{page.relative_to(ROOT)} links to missing files: {missing}"


def test_docs_has_a_page_per_concern_and_the_readme_links_each():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in EXPECTED_PAGES:
        assert (ROOT / "docs" / f"{name}.md").is_file(), name
        assert f"(docs/{name}.md)" in readme, name
    for name in ("CHANGELOG.md", "CONTRIBUTING.md", "LICENSE"):
        assert (ROOT / name).is_file() and f"({name})" in readme, name


def test_the_schema_page_names_every_label_relationship_type_and_metric():
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    for spec in schema.LABELS:
        assert f"`{spec.label}`" in text, spec.label
    for rel_type in schema.RELATIONSHIP_TYPES:
        assert f"[:{rel_type}]" in text, rel_type
    for prop in schema.METRIC_PROPERTIES:
        assert f"`{prop}`" in text, prop
