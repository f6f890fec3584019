"""A small dataset following ../shared/contracts/dataset.schema.json, shaped like the 2025 report (Wave SaaS,
ONSS, ONEM...). Used until (and besides) the real parser: it exercises every label and relationship type,
aliases with accents, a duplicate member, an organisation client, direct uses and problems."""

from __future__ import annotations

import copy
from typing import Any

from smals_graph.loader.model import Dataset

_MEMBERS = [
    ("m:onss", "Office national de sécurité sociale", "ONSS", "A", ["RSZ", "Office National de Securite Sociale"], 2600),
    ("m:onem", "Office national de l'emploi", "ONEM", "A", ["RVA"], 2601),
    ("m:inami", "Institut national d'assurance maladie-invalidité", "INAMI", "A", ["RIZIV"], 2602),
    ("m:inasti", "Institut national d'assurances sociales pour travailleurs indépendants", "INASTI", "A",
     ["RSVZ"], 2603),
    ("m:ehealth", "Plate-forme eHealth", "eHealth", "B", ["Plateforme eHealth"], 2615),
    ("m:bosa", "SPF Stratégie et Appui", "BOSA", "C", ["FOD BOSA"], 2752),
    ("m:spf-emploi", "SPF Emploi, Travail et Concertation sociale", "SPF ETCS", "C", ["SPF Emploi"], 2753),
    ("m:onss-bis", "Office national de sécurité sociale (ONSS)", None, "C", [], 2754),
]
_ORGS = [("o:smals", "Smals", 263), ("o:capac", "CAPAC", 1246)]
_TECH = [("t:java", "Java", "language", []), ("t:angular", "Angular", "framework", []),
         ("t:postgresql", "PostgreSQL", "database", ["Postgres"]),
         ("t:elasticsearch", "Elasticsearch", "database", []), ("t:openshift", "OpenShift", "platform", []),
         ("t:camunda", "Camunda", "workflow", []), ("t:spring-boot", "Spring Boot", "framework", [])]
_SERVICES = [
    ("s:wave", "Wave", "ReUse", True, ["Wave case management"], 338),
    ("s:taskengine", "TaskEngine", "ReUse", True, [], 338),
    ("s:document-repository", "Document Repository", "ReUse", True, [], 340),
    ("s:g-cloud-aaas", "G-Cloud AaaS", "G-Cloud", True, ["AaaS"], 420),
    ("s:service-request-forms", "Service Request Forms", "ReUse", True, ["SRF"], 342),
    ("s:elasticms", "elasticMS", "ReUse", True, ["Elasticms"], 344),
]
# id, name, tagline, status, status_norm, clients [(raw, member, org, rule)], technologies [(raw, tech, service)],
# url, page, line
_PROJECTS = [
    ("p:wave-saas", "Wave SaaS", "Gestion efficace des tâches et processus parmi les institutions publiques",
     "Live", "live",
     [("ONSS", "m:onss", None, "acronym"), ("ONEM", "m:onem", None, "acronym")],
     [("Angular", "t:angular", None), ("Elasticsearch", "t:elasticsearch", None), ("Java", "t:java", None),
      ("PostgreSQL", "t:postgresql", None), ("OpenShift", "t:openshift", None),
      ("Spring Boot", "t:spring-boot", None), ("Document Repository", None, "s:document-repository"),
      ("G-Cloud AaaS", None, "s:g-cloud-aaas"), ("Service Request Forms", None, "s:service-request-forms")],
     "wave.ict-reuse.be", 39, 1228),
    ("p:lookup", "Lookup", "Outil réutilisable de gestion des données de référence entre institutions", "Live",
     "live", [("ONEM", "m:onem", None, "acronym"), ("CAPAC", None, "o:capac", "organization")],
     [("elasticMS", None, "s:elasticms"), ("Elasticsearch", "t:elasticsearch", None)], None, 39, 1243),
    ("p:digicore-transferts", "DigiCoRe – Transferts", "Imputation des cotisations sociales", "Live", "live",
     [("ONSS", "m:onss", None, "acronym")],
     [("Java", "t:java", None), ("Camunda", "t:camunda", None), ("Wave", None, "s:wave")], None, 40, 1252),
    ("p:synergie-signaletique-wave", "Synergie Signalétique Wave", "Unifier la signalétique des employeurs",
     "En développement", "development", [("ONSS", "m:onss", None, "acronym")],
     [("Angular", "t:angular", None), ("Camunda", "t:camunda", None), ("Java", "t:java", None),
      ("Wave", None, "s:wave"), ("PostgreSQL", "t:postgresql", None)], "wave.ict-reuse.be", 40, 1276),
    ("p:mycarenet", "MyCareNet", "Échanges entre prestataires de soins et mutualités", "Pilote", "pilot",
     [("INAMI", "m:inami", None, "acronym"), ("Plateforme eHealth", "m:ehealth", None, "alias")],
     [("Java", "t:java", None), ("Wave", None, "s:wave"), ("TaskEngine", None, "s:taskengine")], None, 52, 1500),
    ("p:independants", "Portail indépendants", "Démarches en ligne des indépendants", "En test", "test",
     [("INASTI", "m:inasti", None, "acronym"), ("Smals", None, "o:smals", "organization")],
     [("Angular", "t:angular", None), ("Postgres", "t:postgresql", None),
      ("Service Request Forms", None, "s:service-request-forms")], None, 55, 1560),
    ("p:federal-forms", "Formulaires fédéraux", "Des formulaires pour toutes les administrations", None, None,
     [("BOSA", "m:bosa", None, "acronym"), ("SPF Emploi", "m:spf-emploi", None, "alias")],
     [("Service Request Forms", None, "s:service-request-forms"), ("G-Cloud AaaS", None, "s:g-cloud-aaas"),
      ("Java", "t:java", None)], None, 60, 1620),
]
_USES = [
    ("s:wave", "member", "m:onss", 1222, "La solution proposée sera intégrée à Wave, l'environnement de travail "
                                          "de l'ONSS."),
    ("s:wave", "member", "m:inami", 334, "La réutilisation de composants logiciels est un réflexe bien ancré "
                                         "(INAMI, Wave)."),
    ("s:taskengine", "member", "m:onem", 338, "les produits de case management tels Wave ou TaskEngine"),
    ("s:wave", "project", "p:lookup", 1246, "Lookup s'intègre à Wave pour les codes métier."),
]
_PROBLEMS = [
    {"severity": "warning", "message": "client 'SPF Finances' of project 'Portail indépendants' is not a member "
                                       "or known organisation", "line": 1561},
    {"severity": "info", "message": "member 'Office national de sécurité sociale (ONSS)' is listed twice "
                                    "(duplicate of ONSS)", "line": 2754},
    {"severity": "warning", "message": "status missing for project 'Formulaires fédéraux'", "line": 1620},
    {"severity": "error", "message": "summary table says 'Wave SaaS' is on page 39 but the table row is "
                                     "unreadable", "line": None},
]


def sample_dataset() -> Dataset:
    return Dataset.from_json(sample_dataset_json())


def sample_dataset_json() -> dict[str, Any]:
    """The sample dataset as the JSON of the contract (what a hand-written dataset file would hold)."""
    members = [{"id": i, "name": n, "acronym": a, "category": c, "aliases": al, "line": ln,
                "duplicate_of": "m:onss" if i == "m:onss-bis" else None}
               for i, n, a, c, al, ln in _MEMBERS]
    projects = []
    for pid, name, tagline, status, norm, clients, techs, url, page, line in _PROJECTS:
        projects.append({
            "id": pid, "name": name, "tagline": tagline, "status": status, "status_norm": norm,
            "clients": [{"raw": raw, "member_id": m, "organization_id": o, "rule": rule}
                        for raw, m, o, rule in clients],
            "technologies": [{"raw": raw, "technology_id": t, "service_id": s} for raw, t, s in techs],
            "url": url, "page": page, "line": line,
            "description": f"{name}: {tagline}. Texte de description du projet dans le rapport.",
        })
    data = {
        "source": {"file": "smals-rapport-activites-2025.fr.txt", "sha256": "0" * 64,
                   "title": "Rapport d'activités 2025", "year": 2025, "language": "fr"},
        "members": members,
        "organizations": [{"id": i, "name": n, "line": ln} for i, n, ln in _ORGS],
        "projects": projects,
        "technologies": [{"id": i, "name": n, "category": c, "aliases": al} for i, n, c, al in _TECH],
        "services": [{"id": i, "name": n, "domain": d, "reusable": r, "aliases": al, "line": ln,
                      "description": f"{n}, composant du domaine {d}."} for i, n, d, r, al, ln in _SERVICES],
        "uses": [{"service_id": s, "user_kind": k, "user_id": u, "line": ln, "quote": q}
                 for s, k, u, ln, q in _USES],
        "problems": copy.deepcopy(_PROBLEMS),
    }
    return data
