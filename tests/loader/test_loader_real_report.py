"""The real 2025 report. Expected values were written by reading the report text, not from parser output."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from loader_helpers import REPORT_2025, by_name

from smals_graph.loader.parse import parse_report


def test_valid_against_contract(report, schema):
    errors = sorted(Draft202012Validator(schema).iter_errors(report.to_json()), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    json.dumps(report.to_json())  # plain JSON types only


def test_source(report):
    src = report.source
    assert src.title == "RAPPORT D'ACTIVITÉS 2025"
    assert src.year == 2025
    assert src.language == "fr"
    assert len(src.sha256) == 64


def test_project_count_and_order(report):
    # 59 project blocks between "PROJETS DE 2025" (line 748) and "Aperçu des projets de 2025" (line 1554)
    projects = report.projects
    assert len(projects) == 59
    assert projects[0].name == "VIDIS 2025" and projects[0].line == 754
    assert projects[-1].name == "ALICE" and projects[-1].line == 1547
    assert len({p.id for p in projects}) == 59


def test_dolsis_has_ten_clients(report):
    p = by_name(report, "Dolsis : Migration IAM vers RMA")
    raws = [c.raw for c in p.clients]
    assert raws == ["ONSS", "SPF ETCS", "INAMI", "INASTI", "ONEM", "SPF Justice", "ONVA", "SPRB", "SPW",
                    "Vlaanderen WEWIS"]
    by_raw = {c.raw: c for c in p.clients}
    assert by_raw["SPW"].member_id == "m:service-public-de-wallonie"
    assert by_raw["Vlaanderen WEWIS"].organization_id == "o:vlaanderen-wewis"
    assert by_raw["Vlaanderen WEWIS"].member_id is None
    assert all(c.member_id or c.organization_id for c in p.clients)
    assert [t.raw for t in p.technologies][-1] == "CSAM RMA"
    assert p.technologies[-1].service_id == "s:csam-rma"


def test_wave_saas_reuses_services(report):
    p = by_name(report, "Wave SaaS")
    assert p.id == "p:wave-saas"
    assert [c.member_id for c in p.clients] == ["m:onss", "m:onem"]
    assert p.status_norm == "live"
    assert p.url == "wave.ict-reuse.be"
    services = {t.service_id for t in p.technologies if t.service_id}
    assert services == {"s:document-repository", "s:aaas", "s:service-request-forms"}
    assert len(p.technologies) == 12
    techs = {t.technology_id for t in p.technologies if t.technology_id}
    assert {"t:angular", "t:postgresql", "t:web-components", "t:rest", "t:grafana"} <= techs


def test_wrapped_technology_lines(report):
    axess = by_name(report, "Axess - PIAF (Refonte Uman)")
    assert [t.raw for t in axess.technologies] == ["Angular", "Java", "Services web REST", "Spring Boot",
                                                          "Grafana"]
    assert axess.technologies[2].technology_id == "t:rest"
    modern = by_name(report, "Modernisation processus remboursement")
    assert [t.raw for t in modern.technologies] == ["Angular", "Camunda", "Java", "Services web", "XML"]


def test_single_and_absent_technologies(report):
    comptes = by_name(report, "Comptes 679 – coordonnées bancaires")
    assert [(t.raw, t.technology_id) for t in comptes.technologies] == [("CODA", "t:coda")]
    hc = by_name(report, "Healthcare registration")
    assert hc.technologies == []
    assert hc.url == "www.ehealth.fgov.be/ehealthplatform/fr/service-enregistrement-des-logiciels"
    assert [c.member_id for c in hc.clients] == ["m:plate-forme-ehealth", "m:inami", "m:spf-ssce"]
    carto = by_name(report, "Cartography 2025")
    assert carto.status == "Analyse business" and carto.status_norm == "business_analysis"
    assert carto.technologies == []
    nisse = by_name(report, "NISSE – Self-Employed Hub")
    assert [t.raw for t in nisse.technologies] == ["Java", "Angular"]
    juristes = by_name(report, "Suivi de dossiers juristes")
    assert [t.raw for t in juristes.technologies] == ["MS SharePoint Online", "MS Power Platform"]


def test_statuses(report):
    assert by_name(report, "NISSE – Self-Employed Hub").status == "En cours de développement."
    assert by_name(report, "NISSE – Self-Employed Hub").status_norm == "development"
    assert by_name(report, "ModJur").status == "Live, phase 3"
    assert by_name(report, "ModJur").status_norm == "live"
    assert by_name(report, "SIRS-IR hosting").status_norm == "test"
    assert by_name(report, "Gemeenschappelijk Klantenbestand").status_norm == "acceptance"
    assert by_name(report, "eReferral (Digital Referral Prescription)").status_norm == "pilot"
    assert all(p.status_norm for p in report.projects)


def test_layout_variants(report):
    alice = by_name(report, "ALICE")  # name line starting with a TAB, after a "© La Défense" credit
    assert alice.tagline.startswith("Gestion et pilotage des demandes de matériel ICT")
    assert alice.clients[0].member_id == "m:la-defense"
    egov = by_name(report, "e-Gov 3.0 - LTDS")  # glued "Funded by … NextGenerationEU<TAB>" line before the name
    assert egov.tagline == "Échange plus fluide des données relatives aux prestations et salaires"
    soplafi = by_name(report, "SOPLAFI Coursiers")  # space-indented fields
    assert len(soplafi.clients) == 5 and soplafi.url == "www.belparcel.be"
    eyouth = by_name(report, "eYouth – Base de données Jeugdhulpaanbod")  # logo word glued to the tagline
    assert eyouth.tagline == "Aide à la jeunesse flamande facilement accessible aux professionnels"
    assert eyouth.clients[0].member_id == "m:vlaamse-overheid-agentschap-opgroeien-avant-jongerenwelzijn"


def test_client_resolution_rules(report):
    rules = {c.raw: c.rule for p in report.projects for c in p.clients}
    assert rules["ONSS"] == "acronym"
    assert rules["La Défense"] == "exact-name"
    assert rules["SPF Sécurité sociale"] == "name-without-acronym"
    assert rules["Protection sociale flamande"] == "alias:Protection sociale flamande"
    assert rules["Zorg Vlaanderen"] == "alias:Zorg Vlaanderen"
    assert rules["Consortium Belrai Vlaanderen"] == "alias:Consortium Belrai Vlaanderen"
    assert rules["Smals"] == "organization"
    assert {o.id for o in report.organizations} == {"o:smals", "o:vlaanderen-wewis"}
    zorg = [c for p in report.projects for c in p.clients if c.raw in ("Departement Zorg", "Zorg Vlaanderen")]
    assert {c.member_id for c in zorg} == {"m:vlaamse-overheid-departement-zorg"}


def test_pages(report):
    # no page numbers in the project pages: they come from the summary table
    assert by_name(report, "VIDIS 2025").page == 28
    assert by_name(report, "ALICE").page == 47
    assert by_name(report, "Dolsis : Migration IAM vers RMA").page == 43
    assert all(p.page_source == "summary" for p in report.projects)
    pages = [p.page for p in report.projects]
    assert pages == sorted(pages)


def test_members(report):
    members = report.members
    per_cat = {c: sum(1 for m in members if m.category == c) for c in "ABC"}
    assert per_cat == {"A": 15, "B": 133, "C": 197}
    onss = next(m for m in members if m.acronym == "ONSS")
    assert onss.id == "m:onss" and onss.name == "Office national de sécurité sociale (ONSS)"
    assert onss.line == 2606
    opgroeien = next(m for m in members if m.line == 2742)
    assert opgroeien.acronym is None  # "(avant Jongerenwelzijn)" is not an acronym
    assert "Jongerenwelzijn" in opgroeien.aliases and "Opgroeien" in opgroeien.aliases
    dienst = next(m for m in members if m.line == 2648)
    assert dienst.acronym is None
    vsb = next(m for m in members if m.name == "Vlaamse overheid - Agentschap Vlaamse Sociale Bescherming")
    assert {"VSB", "Protection sociale flamande"} <= set(vsb.aliases)
    assert next(m for m in members if m.line == 2672).name == "Fonds social industriel alimentaire (Viafonds)"


def test_duplicate_member(report):
    dup = [m for m in report.members if m.duplicate_of]
    assert len(dup) == 1
    (d,) = dup
    assert d.name == "Office de la Communauté Germanophone pour une Vie Autodéterminée" and d.line == 2706
    orig = next(m for m in report.members if m.id == d.duplicate_of)
    assert orig.line == 2648 and orig.name.startswith("Dienststelle für Selbstbestimmtes Leben")
    assert any(p.line == 2706 and "names one body twice" in p.message for p in report.problems)


def test_summary_table_problems(report):
    msgs = {p.line: [] for p in report.problems}
    for p in report.problems:
        msgs[p.line].append(p.message)
    iefh = " ".join(msgs[1559])
    assert 'Summary table lists "Analyse & Architecture IEFH"' in iefh
    assert 'with clients "ONSS", project page (line 1492) says "Institut pour l\'Égalité des Femmes et des Hommes (IEFH)"' in iefh
    assert "client column shifted" in iefh
    assert 'with no clients, project page (line 1168) says "ONSS"' in " ".join(msgs[1556])
    # rows whose clients agree once names are resolved are not problems
    for line in (1573, 1587, 1594, 1596, 1605, 1607, 1614):  # eCalcura, Healthcare, MyHandicap, 30bis, SOPLAFI, ...
        assert not any("Summary table lists" in m for m in msgs.get(line, [])), line
    # DigiCoRe – Transferts (line 1568): the shifted client happens to be right
    assert 1568 not in msgs
    shifted = [p for p in report.problems if "client column shifted" in p.message]
    assert [p.line for p in shifted] == [1557, 1558, 1559, 1560, 1561, 1562, 1563, 1564, 1565, 1566, 1567, 1569,
                                            1570]
    assert not any("matches no project page" in p.message for p in report.problems)
    assert not any("is not in the summary table" in p.message for p in report.problems)
    renamed = {p.line for p in report.problems if "Summary table names" in p.message}
    assert renamed == {1559, 1564, 1581, 1583, 1596, 1604}
    assert all(p.severity in ("error", "warning", "info") for p in report.problems)


def test_no_unresolved_clients_or_errors(report):
    assert not [p for p in report.problems if p.severity == "error"]
    assert not any("matches no member" in p.message for p in report.problems)


def test_services(report):
    services = {s.id: s for s in report.services}
    assert services["s:wave"].line == 338 and services["s:wave"].reusable
    assert services["s:wave"].domain == "La réutilisation et la collaboration dans notre ADN"
    for sid in ("s:taskengine", "s:reference-data-management", "s:best"):
        assert services[sid].domain == "La réutilisation et la collaboration dans notre ADN"
    aaas = services["s:aaas"]
    assert aaas.domain == "Services G-Cloud" and aaas.line == 1683 and aaas.reusable
    assert "G-Cloud AaaS" in aaas.aliases
    assert services["s:greenshift"].line == 1737
    assert services["s:ebox"].domain == "Développement de logiciels et réutilisation"
    assert services["s:data-quality"].domain == "Centres de compétences"
    assert not services["s:data-quality"].reusable
    # the interleaved column: the Data Quality paragraph cut at line 1775 continues at line 1785
    assert "le centre de compétences Data Quality offre" in services["s:data-quality"].description
    assert "Le Datacenter-as-a-Service permet" in services["s:datacenter-as-a-service"].description
    assert "Le Datacenter-as-a-Service permet" not in services["s:iap"].description
    assert "Grâce au G-Cloud Storage-as-a-Service" in services["s:iaas-storage-as-a-service"].description
    domains = {s.domain for s in report.services}
    assert {"Nouveaux services", "Services G-Cloud", "Centres de compétences", "Data & analytics",
            "Développement de logiciels et réutilisation", "Infrastructure", "Sécurité de l'information",
            "Services business", "Service client"} <= domains
    unattached = [p for p in report.problems if "could not be attached" in p.message]
    assert any(p.line == 1709 for p in unattached)


def test_technologies(report):
    techs = {t.id: t for t in report.technologies}
    assert techs["t:postgresql"].name == "PostgreSQL" and "Postgres" in techs["t:postgresql"].aliases
    assert techs["t:openshift"].category == "platform" and "OpenShift4" in techs["t:openshift"].aliases
    assert techs["t:sonarqube"].name == "SonarQube"
    assert techs["t:rest"].category == "protocol"
    assert {"Services web REST", "API REST"} <= set(techs["t:rest"].aliases)
    used = {t.technology_id for p in report.projects for t in p.technologies if t.technology_id}
    assert used == set(techs)


def test_uses_quote_their_line(report):
    # the statements of use themselves: tests/loader/test_reuse.py
    lines = REPORT_2025.read_text(encoding="utf-8").splitlines()
    for u in report.uses:
        assert u.quote[:30] in lines[u.line - 1], u


def test_problem_lines_point_into_the_file(report):
    n = len(REPORT_2025.read_text(encoding="utf-8").splitlines())
    for p in report.problems:
        assert p.line is None or 1 <= p.line <= n, p


def test_deterministic():
    # its speed is measured in benchmarks/loader_write.py, against a baseline of the same run: not timed here
    assert parse_report(REPORT_2025) == parse_report(REPORT_2025)


def test_vendored_contract_matches_the_shared_one():
    from loader_helpers import SCHEMA, shared_schema

    shared = shared_schema()
    if not shared.exists():
        pytest.skip(f"no shared/contracts beside this checkout nor beside its origin ({shared})")
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == json.loads(shared.read_text(encoding="utf-8"))


def test_status_counts(report):
    # counted in the report's project pages (lines 748-1553): 41 "Live" + "Live, phase 3"; 10 "En cours de
    # développement" + one with a trailing period; 2 "En phase pilote"; 1 "En acceptation"; 1 "En phase de test";
    # 2 "Analyse business"
    from collections import Counter

    assert Counter(p.status_norm for p in report.projects) == {
        "live": 42, "development": 11, "pilot": 2, "acceptance": 1, "test": 1, "business_analysis": 2}
    assert by_name(report, "ModJur").status == "Live, phase 3"
    assert by_name(report, "NISSE – Self-Employed Hub").status_norm == "development"
