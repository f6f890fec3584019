"""Property tests: the block parser and the whole parser never crash on arbitrary project sections; anything
rejected is a ReportError, and every problem names a line of the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_helpers import VARIANT_2031

from smals_graph.graph_model.errors import ReportError
from smals_graph.loader import knowledge
from smals_graph.loader.blocks import Element, parse_blocks, scan, split_technologies
from smals_graph.loader.norm import is_prose
from smals_graph.loader.parse import parse_text
from smals_graph.loader.problems import Problems

FRAGMENTS = [
    "", " ", "\t", "Live", "En cours de développement.", "Live, phase 3", "Analyse business", "En phase pilote",
    "ONSS", "ONSS, INAMI", "Protection sociale flamande", "Inconnu", "Java, Angular", "Services web", "REST, Wave",
    "/", "Java & Angular", "MS SharePoint Online / MS Power Platform", "www.example.be", "example.be/x",
    "DEPARTEMENT", "ZORG", "DEPARTEMENT ZORG", " Funded by the European Union", "NextGenerationEU",
    " Funded by the European Union NextGenerationEU\t", "© La Défense", "42", "Projet X\t", "\tALICE", "\tONSS",
    "Un slogan de projet sans point final",
    "Une description de projet qui est assez longue pour être un vrai paragraphe de texte.",
    "(", ")", "é", "\u00a0", "Aperçu", "PROJETS DE 2031", "Membres de la catégorie A",
]
line = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40),
                 st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3).map(lambda xs: "\t".join(xs)))
LAYOUT = knowledge.layout()


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, max_size=40))
def test_block_parser_never_crashes(lines):
    elements, pages = scan(lines, 1, len(lines), LAYOUT)
    problems = Problems()
    blocks = parse_blocks(elements, pages, LAYOUT, problems)
    valid = {e.line for e in elements}
    for p in problems:
        assert p.line in valid, p
        assert p.severity in ("error", "warning", "info")
        assert f"line {p.line}" in p.message, p
    for b in blocks:
        assert b.line in valid
        assert isinstance(b.name, str) and b.name
        split_technologies(b.tech_text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.builds(Element, st.integers(1, 500), st.text(min_size=1, max_size=30), st.booleans(),
                          st.booleans()), max_size=30))
def test_block_parser_on_raw_elements(elements):
    elements = [Element(i + 1, e.text.strip() or "x", is_prose(e.text), e.name_tab) for i, e in enumerate(elements)]
    problems = Problems()
    parse_blocks(elements, [], LAYOUT, problems)
    assert all(1 <= p.line <= len(elements) for p in problems)


VAR = VARIANT_2031.read_text(encoding="utf-8").split("\n")
P_START = VAR.index("PROJETS DE 2031")
P_END = VAR.index("Aperçu des projets de 2031")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, max_size=30))
def test_whole_parser_never_crashes(section):
    lines = VAR[: P_START + 1] + section + VAR[P_END:]
    try:
        d = parse_text("\n".join(lines), "fuzz.txt")
    except ReportError as e:
        assert e.line is not None and 1 <= e.line <= len(lines), str(e)
        return
    for p in d.problems:
        assert p.line is None or 1 <= p.line <= len(lines), p
        if P_START + 1 < (p.line or 0) <= P_START + 1 + len(section):
            assert f"line {p.line}" in p.message, p
