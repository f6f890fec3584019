"""A next-year edition for the tests, made from the 2025 report with the changes listed here and nothing else.

`make_next_edition(text)` rewrites the 2025 text: the edition's year in its headings (2025 → 2026), four status
moves, one project dropped, one renamed, three new projects, two client changes, components and technologies
gained and lost on projects. `EXPECTED` is what a reader of both reports sees as changed, written by hand from this
list (not from the loader's output): tests/editions/test_editions.py asserts that the What changed page and its
canned queries find exactly these.
"""

from __future__ import annotations

import re

YEAR_HEADING = re.compile(r"^(RAPPORT D'ACTIVITÉS|Faits marquants en|Publications de|Projets de|"
                          r"Liste récapitulative des projets de|FAITS MARQUANTS DE L'ANNÉE|Aperçu des activités de|"
                          r"PROJETS DE|Aperçu des projets de) 2025\b")

# (project name line, old value of a line of its block, new value)
BLOCK_EDITS = [
    ("Recip-e FHIR", "En cours de développement", "Live"),
    ("eReferral (Digital Referral Prescription)", "En phase pilote", "Live"),
    ("Gemeenschappelijk Klantenbestand", "En acceptation", "Live"),
    ("ALINE", "En cours de développement", "En phase pilote"),
    ("MyHandicap Integration", "SPF Sécurité sociale", "SPF Sécurité sociale, INAMI"),
    ("Healthcare registration", "plateforme eHealth, INAMI, SPF Santé publique", "plateforme eHealth, INAMI"),
    ("Lookup", "elasticMS, Elasticsearch", "Elasticsearch"),
    ("FoLeEn", "Angular, Java, Postgres, Services web, Event Bus", "Angular, Java, Postgres, Services web"),
    ("CATI – 22quater", "Angular, Java, Services web REST", "Angular, Java, Services web REST, eBox"),
    ("BELRAI", "Angular, eHealth, Java, PostgreSQL, Services web",
     "Angular, eHealth, Java, PostgreSQL, Services web, eHealth pseudonymisation"),
    ("ALICE", "Spring Boot, Angular, Postgres", "Spring Boot, Angular, Postgres, Java"),
    ("D&C v2", "Angular, Java, PostgreSQL, Services web REST", "Angular, Java, PostgreSQL, Services web REST, Camunda"),
    ("ReFact", "Java, PostgreSQL, Services web REST", "Java, PostgreSQL"),
    ("eWZCfin", "eWZCfin", "eWZCfin Plus"),  # the rename: the name line itself
]
DROPPED = "LessonsLearnedV2"
SUMMARY_EDITS = [("eWZCfin\t", "eWZCfin Plus\t")]
NEW_PROJECTS = [  # (tagline, name, client, status, technologies, description, summary row)
    ("Boîte aux lettres électronique pour les indépendants", "eBox Indépendants", "INASTI",
     "En cours de développement", "Java, Angular, eBox",
     "Les travailleurs indépendants reçoivent désormais leurs courriers de l'INASTI dans une boîte électronique "
     "sécurisée, consultable en ligne.", "eBox Indépendants\tINASTI\t41"),
    ("Traitement des dossiers de vacances annuelles", "Vacances Dossiers", "ONVA", "Live",
     "Java, Wave, PostgreSQL",
     "Les gestionnaires de l'ONVA traitent les dossiers de vacances annuelles dans un environnement de gestion "
     "de dossiers moderne.", "Vacances Dossiers\tONVA\t40"),
    ("Formations en ligne pour les collaborateurs de la Justice", "Justice Learning", "SPF Justice",
     "En phase pilote", "eAcademy, Moodle",
     "Les collaborateurs du SPF Justice suivent des formations en ligne sur un portail d'apprentissage dédié.",
     "Justice Learning\tSPF Justice\t46"),
]

# what changed, by hand: (kind, subject key, other key)
EXPECTED = {
    ("new project", "p:ebox-independants", None),
    ("new project", "p:vacances-dossiers", None),
    ("new project", "p:justice-learning", None),
    ("ended project", "p:lessonslearnedv2", None),
    ("status", "p:recip-e-fhir", None),
    ("status", "p:ereferral-digital-referral-prescription", None),
    ("status", "p:gemeenschappelijk-klantenbestand", None),
    ("status", "p:aline", None),
    ("renamed", "p:ewzcfin", None),
    ("client gained", "p:myhandicap-integration", "m:inami"),
    ("client lost", "p:healthcare-registration", "m:spf-ssce"),
    ("component lost", "p:lookup", "s:elasticms"),
    ("component lost", "p:foleen", "s:event-bus"),
    ("component gained", "p:cati-22quater", "s:ebox"),
    ("component gained", "p:belrai", "s:pseudonymisation"),
    ("technology gained", "p:alice", "t:java"),
    ("technology gained", "p:d-c-v2", "t:camunda"),
    ("technology lost", "p:refact", "t:rest"),
    # users of components (members through their projects)
    ("user gained", "s:ebox", "m:inasti"),
    ("user gained", "s:ebox", "m:onss"),
    ("user gained", "s:wave", "m:onva"),
    ("user gained", "s:eacademy", "m:spf-justice"),
    ("user gained", "s:pseudonymisation", "m:spf-ssce"),
    ("user lost", "s:elasticms", "m:onem"),
    ("user lost", "s:event-bus", "m:onss"),
}


def _block_start(lines: list[str], name: str) -> int:
    hits = [i for i, line in enumerate(lines) if line.strip() == name]
    assert len(hits) >= 1, f"no line {name!r}"
    return hits[0]


def _edit(lines: list[str], name: str, old: str, new: str) -> None:
    start = _block_start(lines, name)
    for i in range(start, start + 12):
        if lines[i].strip() == old:
            lead = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            tail = lines[i][len(lines[i].rstrip()):]
            lines[i] = lead + new + tail
            return
    raise AssertionError(f"{name}: no line {old!r} in its block")


def _drop(lines: list[str], name: str) -> None:
    """The project block from its tagline (the text line before its name) to its description."""
    start = _block_start(lines, name)
    first = start - 1
    while not lines[first].strip():
        first -= 1
    end = start + 1
    while not (len(lines[end].strip()) > 200):  # the description paragraph
        end += 1
    del lines[first: end + 1]


def make_next_edition(text: str) -> str:
    lines = text.split("\n")
    lines = [YEAR_HEADING.sub(lambda m: m.group(0).replace("2025", "2026"), line) for line in lines]
    for name, old, new in BLOCK_EDITS:
        _edit(lines, name, old, new)
    _drop(lines, DROPPED)
    summary = next(i for i, line in enumerate(lines) if line.strip() == "Aperçu des projets de 2026")
    lines = lines[:summary] + [
        part for tagline, name, client, status, techs, description, _ in NEW_PROJECTS
        for part in ("", tagline, "", f"{name}\t", f"\t{client}", f"\t{status}", f"\t{techs}", "", description, "")
    ] + lines[summary:]
    body = "\n".join(lines)
    body = body.replace(f"\n{DROPPED}\tLa Défense\t46", "")
    for old, new in SUMMARY_EDITS:
        assert body.count("\n" + old) == 1, old
        body = body.replace("\n" + old, "\n" + new)
    rows = "\n".join(row for *_, row in NEW_PROJECTS)
    marker = "Aperçu des projets de 2026\n\n"
    assert marker in body
    return body.replace(marker, marker + rows + "\n", 1)
