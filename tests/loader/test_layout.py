"""The layout-proof reader: variants of the bundled report's layout read as the original (facts as sets), the
Services chapter's services and their reusability, and the structure checks that stop a load."""

from __future__ import annotations

import subprocess
import sys

import pytest
from layout_variants import VARIANTS, extraction_score, held_out, service_recall_precision, tabs_to_spaces
from loader_helpers import REPORT_2025

from smals_graph.loader.parse import parse_report, parse_text
from smals_graph.loader.structure import structural_gaps

TEXT = REPORT_2025.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_layout_variant_reads_as_the_original(name, report, tmp_path):
    out = VARIANTS[name](TEXT)
    path = tmp_path / f"{name}.txt"
    path.write_bytes(out if isinstance(out, bytes) else out.encode("utf-8"))
    variant = parse_report(path)
    pooled, per = extraction_score(report, variant)
    assert pooled >= 0.95, per
    assert min(per.values()) >= 0.89, per
    assert structural_gaps(variant) == []


@pytest.mark.parametrize("name", ["spaced-footers", "editor-rewrap-crlf", "no-chapter-list", "mixed-leaders"])
def test_second_round_exports_keep_the_services_chapter(name, report, tmp_path):
    """Columns aligned by spaces with "Page N sur 88" and a title-spaces-number footer between paragraphs; an
    editor's headings, a contents list with dot leaders (the chapters too), a 96-column rewrap and CRLF."""
    out = VARIANTS[name](TEXT)
    path = tmp_path / f"{name}.txt"
    path.write_bytes(out.encode("utf-8"))
    variant = parse_report(path)
    pooled, per = extraction_score(report, variant)
    recall, precision = service_recall_precision(report, variant)
    assert pooled >= 0.95, per
    assert (recall >= 0.95, precision >= 0.95) == (True, True), (recall, precision)
    assert structural_gaps(variant) == []


def test_chapters_written_as_entries_are_the_chapters():
    from smals_graph.loader.toc import parse_toc

    lines = ["Sommaire", "", "Projets ....... 3", "Services ..... 7", "Membres ...... 9", "",
             "Intro ..... 1", "Projets ....... 3", "Projets de 2025 .... 4", "Services ..... 7", "Nouveaux  .. 8",
             "Membres ...... 9", "", "body"]
    top, entries = parse_toc(lines, len(lines))
    assert top == [(3, "Projets"), (7, "Services"), (9, "Membres")]
    assert [t for t, _p, _l in entries] == ["Intro", "Projets", "Projets de 2025", "Services", "Nouveaux", "Membres"]


def test_contents_leaders_with_uneven_spacing_fill_the_width():
    from smals_graph.loader.export import clean_export
    from smals_graph.loader.knowledge import layout
    from smals_graph.loader.toc import parse_toc

    entries = [("Nouveaux services", 50), ("Services G-Cloud", 52), ("Centres de compétences", 55),
               ("Data & analytics", 58)]
    raw = [f"{t}  {'.' * (88 - len(t))}   {p}" for t, p in entries]
    prose = ["Un paragraphe de texte courant qui remplit la largeur de la ligne comme le ferait un export " + "x"
             * (i % 3) for i in range(60)]
    cleaned = clean_export(["Sommaire", "", *raw, "", *prose], layout())
    _top, found = parse_toc(cleaned.lines, len(cleaned.lines))
    assert [(t, p) for t, p, _l in found] == entries


def test_leaders_of_every_shape_are_one_gap():
    """Dots glued to the title and the page, dots alternating with spaces, a space before the page, a page glued
    to the leaders: each line is one entry, so the contents stays one run (the chapters' entries included)."""
    from smals_graph.loader.toc import parse_toc

    lines = ["Sommaire", "", "Introduction.............3", "Le mot du directeur  . . . . . . . . . . . . . . 5",
             "Nos partenaires et leurs nouvelles collaborations dans le domaine social  . . . . . . . . . . . 7",
             "Bilan de l'année ........ 9", "Perspectives ..........12", "", "body"]
    _top, entries = parse_toc(lines, len(lines))
    assert [(t, p) for t, p, _l in entries] == [
        ("Introduction", 3), ("Le mot du directeur", 5),
        ("Nos partenaires et leurs nouvelles collaborations dans le domaine social", 7), ("Bilan de l'année", 9),
        ("Perspectives", 12)]


def test_mixed_leaders_contents_matched_to_the_body(report, tmp_path):
    """Entries in capitals or reworded in the contents only ("NOUVEAUX SERVICES", "Projets : 2025",
    "Recherche & innovation") and chapters in capitals in the body are the same sections as the original's."""
    path = tmp_path / "mixed.txt"
    path.write_bytes(VARIANTS["mixed-leaders"](TEXT).encode("utf-8"))
    variant = parse_report(path)
    assert [c[0] for c in variant.chapters] == ["Smals en bref", "Valeur ajoutée", "Recherche & innovation",
                                                "Projets", "Services", "Administration", "Liste des membres"]
    # the original's own two warnings (its body has no heading for the summary's entry nor for that chapter)
    assert [p.message for p in variant.problems if p.message.startswith(("table of contents", "chapter"))] == [
        "table of contents: 38 of 41 entries found in the body; first unmatched: 'Liste récapitulative – projets "
        "2025' at line 90", "chapter 'Ressources humaines' of the table of contents (line 101) not found in the body"]
    assert len(variant.services) == len(report.services) == 83


def test_held_out_variant(report):
    pooled, per = extraction_score(report, parse_text(held_out(TEXT)))
    assert pooled >= 0.95, per


def test_tabs_alone_keep_the_services_chapter(report):
    variant = parse_text(tabs_to_spaces(TEXT))
    assert len(variant.services) == len(report.services)
    assert {s.domain for s in variant.services} == {s.domain for s in report.services}


def service(dataset, sid):
    return next(s for s in dataset.services if s.id == sid)


@pytest.mark.parametrize(("sid", "name", "line"), [
    ("s:g-cloud-service-portal", "G-Cloud Service Portal", 1673),
    ("s:shared-directory", "Shared Directory", 1713),
    ("s:fedman", "FedMAN", 1725),
    ("s:print-manager", "Print Manager", 2121),
])
def test_services_presented_without_a_heading(report, sid, name, line):
    s = service(report, sid)
    assert (s.name, s.line) == (name, line)


@pytest.mark.parametrize(("sid", "words"), [
    ("s:logs-centralization-service", "désormais accessible aux membres"),
    ("s:named-entity-recognition", "est mise à disposition sous forme de conteneur Docker"),
    ("s:exploitation-24x7", "Les membres peuvent s'adresser à Smals"),
    ("s:bureau-de-communication", "pour les membres de Smals"),
    ("s:systeme-flux", "Le service réutilisable"),  # said outright
])
def test_reusable_says_what_the_text_says(report, sid, words):
    s = service(report, sid)
    assert s.reusable
    assert words in s.reusable_quote
    assert words in " ".join(report_line(s.reusable_line).split())


def report_line(n):
    return TEXT.split("\n")[n - 1]


def test_competence_centres_are_not_reusable(report):
    assert not service(report, "s:sharepoint").reusable
    assert service(report, "s:sharepoint").reusable_quote is None


def test_footer_glued_to_a_line_is_cut_and_said(report):
    footer = "Rapport d'activités 2025 | Smals"
    lines = TEXT.split("\n")
    for n in range(200, 2400, 300):  # a running footer on its own line, page after page
        lines[n] = footer if not lines[n].strip() else lines[n]
    target = next(i for i in range(1700, 1800) if len(lines[i]) > 200)
    lines[target] += " " + footer
    variant = parse_text("\n".join(lines))
    assert f'line {target + 1}: running header/footer "{footer}" glued at the end of the line; cut off' in [
        p.message for p in variant.problems]
    assert all(footer not in (s.description or "") for s in variant.services)


def test_load_stops_on_a_structural_gap(tmp_path):
    lines = TEXT.split("\n")
    lost = {"Nouveaux services", "Services G-Cloud", "Centres de compétences", "Data & analytics", "Infrastructure",
            "Développement de logiciels et réutilisation", "Sécurité de l'information", "Services business",
            "Service client"}
    lines = [("" if i > 1600 and ln.strip() in lost else ln) for i, ln in enumerate(lines)]
    path = tmp_path / "lost-headings.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", "--data-dir", str(tmp_path / "data"),
                           "load", "--quiet", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 7
    assert proc.stderr.strip() == (
        f"Error: {path}:90: unreadable report: table of contents: 31 of 41 entries found in the body; first "
        "unmatched: 'Liste récapitulative des projets de 2025' at line 90; nothing loaded, the previous graph is "
        "kept (--allow-partial loads it anyway)")
    assert "chapter Services: lines 1619–2332" in proc.stdout


def test_a_count_far_under_the_previous_editions_is_a_structural_gap(loaded_store):
    from loader_helpers import VARIANT_2031

    from smals_graph.loader.structure import check_against_previous, previous_counts

    previous = previous_counts(loaded_store)
    assert previous == {"members": 345, "projects": 59, "services": 83}
    small = parse_report(VARIANT_2031)
    gaps = check_against_previous(small, previous)
    assert [(g.line, g.message) for g in gaps] == [
        (152, "10 members read, the graph's previous edition has 345: part of the report was not read"),
        (31, "6 projects read, the graph's previous edition has 59: part of the report was not read"),
        (130, "6 services read, the graph's previous edition has 83: part of the report was not read"),
    ]
    assert all(g in small.problems for g in gaps)


def test_allow_partial_loads_a_report_with_gaps_and_files_them(store):
    from loader_helpers import VARIANT_2031

    store.write("CREATE (:Member {id: 'm:previous', name: 'Previous graph', category: 'A'})")
    uri = store.connection_uri()
    cli = [sys.executable, "-m", "smals_graph.app.cli.main", "--uri", uri, "load", "--quiet", str(VARIANT_2031)]
    stopped = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert stopped.returncode == 7
    assert stopped.stderr.strip() == (
        f"Error: {VARIANT_2031}:152: unreadable report: 10 members read, outside the usual range 150–1500 of an "
        "activity report (and 3 more structural gap(s)); nothing loaded, the previous graph is kept "
        "(--allow-partial loads it anyway)")
    assert store.read("MATCH (n) RETURN n.id AS id").column("id") == ["m:previous"]  # the previous graph kept
    loaded = subprocess.run([*cli, "--allow-partial"], capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    assert "  chapter Services: lines 130–151" in loaded.stdout
    filed = store.read("MATCH (p:Problem) WHERE p.message CONTAINS 'outside the usual range' RETURN p.severity "
                       "AS s, p.line AS line ORDER BY line").rows
    assert filed == [["error", 31], ["error", 31], ["error", 130], ["error", 152]]


def test_the_sentence_that_makes_a_service_reusable_is_on_its_node(loaded_store):
    row = loaded_store.read("MATCH (s:Service {id: 's:exploitation-24x7'}) RETURN s.reusable AS r, "
                            "s.reusable_quote AS quote, s.reusable_line AS line").rows[0]
    assert row[0] is True
    assert row[1].startswith("Les membres peuvent s'adresser à Smals pour confier tout ou partie de la gestion")
    assert report_line(row[2]).startswith(row[1])


def test_footers_all_glued_to_paragraphs_are_cut_and_said(report):
    footer = "Rapport d'activités 2025 | Smals"
    lines = TEXT.split("\n")
    glued = [i for i in range(150, 2500) if len(lines[i]) > 200][::25][:8]
    for i in glued:
        lines[i] += " " + footer
    variant = parse_text("\n".join(lines))
    cut = [p.line for p in variant.problems if p.message.endswith("glued at the end of the line; cut off")]
    assert cut == [i + 1 for i in glued]
    assert not any(footer in (s.description or "") for s in variant.services)
    assert not any(footer in p.description for p in variant.projects)
    assert extraction_score(report, variant)[0] == 1.0


def test_a_contents_that_matches_nothing_is_a_structural_gap():
    lines = TEXT.split("\n")
    for i in range(73, 114):  # the contents' 41 entries, renamed
        title, page = lines[i].split("\t")
        lines[i] = f"Chapitre {i}\t{page}"
    variant = parse_text("\n".join(lines))
    gaps = [(p.line, p.message) for p in structural_gaps(variant)]
    assert gaps[0] == (74, "table of contents: 0 of 41 entries found in the body; first unmatched: 'Chapitre 73' "
                           "at line 74")
