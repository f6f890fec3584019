"""Statements of use: one test per sentence shape (sentences of the 2025 report and of the 2031 variant),
one per "not a use" case, and the whole 2025 report against the hand-checked list."""

from __future__ import annotations

import pytest
from loader_helpers import REPORT_2025

from benchmarks.reuse_hand_list import HAND_FACTS_2025
from benchmarks.reuse_recall import measure
from smals_graph.loader.model import Project
from smals_graph.loader.parse import reuse_reader
from smals_graph.loader.reuse import Passage, passages_outside


@pytest.fixture(scope="module")
def reader():
    return reuse_reader(REPORT_2025)


def read(reader, *sentences: str, service: str | None = None, project: str | None = None, line: int = 1):
    """The facts (component, user kind, user, rule) of a passage made of the given paragraphs."""
    reader.reset()
    proj = None
    if project:
        proj = Project(id=project, name=project, line=line)
    reader.read(Passage([(line + i, s) for i, s in enumerate(sentences)], project=proj, service=service))
    return [(f.service_id, f.user_kind, f.user_id, f.rule) for f in reader.facts]


# -- shapes ------------------------------------------------------------------------------------------
# (sentences of one passage, where the passage is, the facts it states)
SHAPES = [
    pytest.param(["L'INASTI réutilise l'application existante Service Request Forms (SRF) pour créer des formulaires "
                  "en ligne."], {},
                 [("s:service-request-forms", "member", "m:inasti", "subject")], id="subject-acting"),
    pytest.param(["L'INASTI réutilise l'application existante Service Request Forms (SRF) pour créer des formulaires "
                  "en ligne. Après l'ONEM et l'ONSS, l'INASTI est la troisième institution publique à utiliser cette "
                  "application."], {},
                 [("s:service-request-forms", "member", "m:inasti", "subject"),
                  ("s:service-request-forms", "member", "m:onem", "subject+anaphora"),
                  ("s:service-request-forms", "member", "m:onss", "subject+anaphora")], id="enumeration-with-anaphora"),
    pytest.param(["Le service fait partie de la Federal Service Platform, supportée conjointement par le SPF "
                  "Finances, le SPF BOSA, la plateforme eHealth, la BCSS et Smals. Le Service fédéral des "
                  "Pensions et le SPF Justice ont fait le pas également."], {"service": "s:api-gateway"},
                 [("s:api-gateway", "member", "m:spf-finances", "joint"),
                  ("s:api-gateway", "member", "m:spf-bosa", "joint"),
                  ("s:api-gateway", "member", "m:plate-forme-ehealth", "joint"),
                  ("s:api-gateway", "member", "m:bcss", "joint"),
                  ("s:api-gateway", "organization", "o:smals", "joint"),
                  ("s:api-gateway", "member", "m:sfp", "subject+context"),
                  ("s:api-gateway", "member", "m:spf-justice", "subject+context")], id="joint-and-passive-then-context"),
    pytest.param(["En collaboration avec d'autres équipes de Smals, l'équipe Smals Research a mis au point des "
                  "services génériques de pseudonymisation. Des applications telles que Fertidata, eReferral "
                  "(prescriptions de renvoi), TRIO et Vitalink recourent déjà à cette technologie."], {},
                 [("s:pseudonymisation", "application", "a:fertidata", "subject+anaphora"),
                  ("s:pseudonymisation", "project", "p:ereferral-digital-referral-prescription", "subject+anaphora"),
                  ("s:pseudonymisation", "application", "a:trio", "subject+anaphora"),
                  ("s:pseudonymisation", "application", "a:vitalink", "subject+anaphora")],
                 id="applications-and-cette-technologie"),
    pytest.param(["Le répertoire FoLeEn centralise les données signalétiques des entreprises étrangères. Les "
                  "données sont mises à la disposition des applications clientes, telles que la Déclaration De "
                  "Travaux (DDT) et Limosa, qui utilisent le service pour préremplir les formulaires des "
                  "déclarants, ainsi que des agents de l'ONSS."], {"project": "p:foleen"},
                 [("s:foleen", "application", "a:ddt", "relative+anaphora"),
                  ("s:foleen", "application", "a:limosa", "relative+anaphora")], id="relative-clause-and-le-service"),
    pytest.param(["Dans un premier temps, l'application Zorgteam est utilisée via la plateforme ALIVIA."], {},
                 [("s:zorgteam", "application", "a:alivia", "passive")], id="passive-via"),
    pytest.param(["Désormais, VIDIS se décline en composants web, intégrés par des partenaires, et est notamment "
                  "présent dans la nouvelle application mobile Masanté, lancée en mars 2026."], {},
                 [("s:vidis", "application", "a:masante", "passive")], id="present-in"),
    pytest.param(["Tant l'inscription que la déclaration s'effectuent via le service en ligne PMP-Online, "
                  "hébergé sur le portail de la sécurité sociale."], {"project": "p:pmp"},
                 [("s:portal", "project", "p:pmp", "project-text")], id="project-page-statement"),
    # not a use: possible, a generic practice, a third-party technology
    pytest.param(["Grâce aux fonctionnalités génériques implémentées, d'autres applications pourront également "
                  "utiliser l'application Zorgteam à l'avenir."], {}, [], id="possible-is-not-a-use"),
    pytest.param(["Les institutions peuvent y déployer leurs propres applications web."], {"service": "s:portal"}, [],
                 id="possible-deployment-is-not-a-use"),
    pytest.param(["La réutilisation de composants logiciels est un réflexe bien ancré dans de nombreuses "
                  "institutions, telles que l'ONSS, la plateforme eHealth, l'ONEM, l'INASTI, BOSA et l'INAMI."], {}, [],
                 id="generic-practice-is-not-a-use"),
    pytest.param(["Grâce au logiciel open source Camunda, les flux d'information peuvent être décrits "
                  "numériquement. Le logiciel est déployé avec succès à l'ONSS pour l'instauration de processus "
                  "de travail flexibles."], {"service": "s:camunda-bpmn"}, [], id="third-party-technology-is-not-a-use"),
]


@pytest.mark.parametrize(("sentences", "where", "expected"), SHAPES)
def test_a_sentence_shape_states_its_facts(reader, sentences, where, expected):
    assert read(reader, *sentences, **where) == expected


def test_coordinated_list_with_prepositions(reader):
    facts = read(reader, "Ces dernières années, l'équipe Smals Academy a installé d'autres portails d'apprentissage "
                         "eAcademy à l'ONSS, à l'INAMI, à la CAAMI, à l'INASTI, au SPF Santé publique, chez eHealth, à "
                         "la BCSS, au SPF Sécurité sociale et chez Fedris.")
    assert [u for _s, _k, u, _r in facts] == ["m:onss", "m:inami", "m:caami", "m:inasti", "m:spf-ssce",
                                              "m:plate-forme-ehealth", "m:bcss", "m:spf-ss", "m:fedris"]
    assert {(s, r) for s, _k, _u, r in facts} == {("s:eacademy", "installed-at")}  # not Smals, the installer


def test_list_with_articles_capitals_and_plus_recemment(reader):
    facts = read(reader, "Depuis un certain temps déjà, les collaborateurs détachés ont également accès à une large "
                         "gamme de modules d'e-learning consacrés à l'informatique via un réseau de portails "
                         "d'apprentissage eAcademy. Notamment, la BCSS, eHealth, l'INAMI, Fedris, l'INASTI, l'ONSS, la "
                         "CAAMI, le SPF SSCE, le SPF SS, FAMIWAL, le SPP IS et, plus récemment, l'Institut pour l'Égalité "
                         "des Femmes et des Hommes ont déjà recouru à ce service de la Smals Academy.")
    assert [u for _s, _k, u, _r in facts] == [
        "m:bcss", "m:plate-forme-ehealth", "m:inami", "m:fedris", "m:inasti", "m:onss", "m:caami", "m:spf-ssce",
        "m:spf-ss", "m:famiwal", "m:spp-is", "m:iefh"]
    assert {(s, r) for s, _k, _u, r in facts} == {("s:eacademy", "subject+anaphora")}


def test_sentence_wrapped_across_columns():
    lines = ["Depuis 2025, les collaborateurs détachés de", "", "Nos Wellbeing Officers sont à l'écoute des gens.",
             "", "l'ONSS, de la CAAMI, de l'ONEM et de l'INASTI peuvent en outre s'inscrire à des formations."]
    passages = passages_outside(lines, set(), 1, len(lines))
    assert [p.text for p in passages] == [
        "Depuis 2025, les collaborateurs détachés de l'ONSS, de la CAAMI, de l'ONEM et de l'INASTI peuvent en outre "
        "s'inscrire à des formations.", "Nos Wellbeing Officers sont à l'écoute des gens."]
    assert passages[0].line_at(60) == 5


def test_wrapped_sentence_in_the_report(report):
    # "... Le SPF Santé publique a" (line 2111) / "également adopté un module distinct ..." (line 2113)
    assert ("s:eacademy", "m:spf-ssce") in {(u.service_id, u.user_id) for u in report.uses}
    # "... avec des" (1679) / "infrastructures ..." (1681): the Federal Service Platform sentence is read whole
    joint = [u for u in report.uses if u.rule == "joint"]
    assert {u.line for u in joint} == {1681} and len(joint) == 5


# -- not a use (more in SHAPES) -----------------------------------------------------------------------
def test_planned_is_not_a_use(reader):
    assert read(reader, "La solution proposée sera intégrée à Wave, l'environnement de travail de l'ONSS, et sera "
                        "réutilisable dans des contextes plus larges.", project="p:modernisation-processus-remboursement"
                ) == []
    assert '"sera" before "intégrée"' in reader.left_out[0].reason


def test_provided_and_built_for_are_not_uses(reader):
    assert read(reader, "Cette technique constitue notamment la pierre angulaire d'un nouveau service de base proposé "
                        "au secteur médical par la plateforme eHealth.", service="s:pseudonymisation") == []
    assert reader.left_out and reader.left_out[0].users == [("member", "m:plate-forme-ehealth", "plateforme eHealth")]
    assert read(reader, "C'est la raison pour laquelle Smals, à la demande de l'ONSS, a créé un service générique "
                        "d'archivage numérique dans le G-Cloud (Archiving-as-a-Service).", service="s:aaas") == []
    assert read(reader, "Développée pour l'INAMI, en collaboration avec eHealth, Recip-e, Farmaflux et les "
                        "coffres-forts régionaux VITALINK, RSW et RSB, elle offre une vue complète des prescriptions.",
                project="p:vidis-2025") == []


def test_a_project_does_not_use_what_it_is(reader, report):
    assert read(reader, "Wave, une solution de gestion de dossiers conçue avec et pour les institutions publiques de "
                        "la sécurité sociale, leur procure un outil toujours plus efficace.", project="p:wave-saas") == []
    delivers = {(u.service_id, u.user_id) for u in report.uses if u.relationship == "DELIVERS"}
    assert ("s:wave", "p:wave-saas") in delivers
    assert not [u for u in report.uses if u.user_id == "p:wave-saas" and u.relationship != "DELIVERS"]


def test_the_provider_is_not_the_user(reader):
    # "Smals dispose de son propre portail ... eAcademy": no verb of use; the team that installs is not a user
    facts = read(reader, "Smals dispose de son propre portail d'apprentissage numérique baptisé eAcademy.")
    assert facts == [] and reader.left_out[0].reason == "no verb of use links them"


# -- the whole 2025 report -----------------------------------------------------------------------------
def test_whole_report_against_the_hand_checked_list(report, capsys):
    found = {(u.service_id, u.user_kind, u.user_id, u.relationship, u.line) for u in report.uses}
    assert found == set(HAND_FACTS_2025)
    m = measure(report)
    with capsys.disabled():
        print(f"\nreuse statements: recall {m['recall']:.3f}, precision {m['precision']:.3f} "
              f"({m['found']} found, {m['hand']} hand-checked)")
    assert m["recall"] >= 0.9 and m["precision"] >= 0.9


def test_facts_per_rule(report):
    per_rule: dict[str, int] = {}
    for u in report.uses:
        per_rule[u.rule] = per_rule.get(u.rule, 0) + 1
    # counted in the hand-checked list: 6 projects named after their component; 9 eAcademy portals "installés à";
    # 5 Federal Service Platform supporters; Zorgteam via ALIVIA, VIDIS in MaSanté; PMP and ePV 2.0 on their pages;
    # INASTI réutilise SRF; ONEM, ONSS, DDT, Limosa, 4 pseudonymisation users, 3 more eAcademy users through an
    # anaphor (DDT and Limosa through a relative clause "qui utilisent le service"); SFP and SPF Justice "ont fait
    # le pas" (the section's component)
    assert per_rule == {"project-name": 6, "installed-at": 9, "joint": 5, "passive": 2, "project-text": 2,
                        "subject": 1, "subject+anaphora": 9, "relative+anaphora": 2, "subject+context": 2}


def test_every_fact_has_line_page_quote_rule(report):
    for u in report.uses:
        assert u.line and u.page and u.quote and u.rule, u
    pages = {(u.service_id, u.user_id): u.page for u in report.uses}
    assert pages[("s:api-gateway", "m:sfp")] == 52 and pages[("s:portal", "p:pmp")] == 41
    assert pages[("s:eacademy", "m:iefh")] == 74  # Smals Academy, page 74 of the table of contents


def test_applications_have_provenance(report):
    apps = {a.id: a for a in report.applications}
    assert set(apps) == {"a:vitalink", "a:trio", "a:fertidata", "a:limosa", "a:ddt", "a:masante", "a:alivia"}
    assert apps["a:ddt"].name == "Déclaration De Travaux" and apps["a:ddt"].line == 1374
    assert apps["a:trio"].project_id == "p:trio-return-to-work"
    assert all(a.page for a in apps.values())


def test_every_record_has_a_page(report):
    for key in ("members", "services", "organizations", "applications"):
        assert all(r.page for r in getattr(report, key)), key
    members = {m.id: m.page for m in report.members}
    assert members["m:onss"] == 84 and members["m:andenne-cpas"] == 86  # category A starts on page 84, C on 86


def test_left_out_sentences_are_reported(report):
    left = [p for p in report.problems if p.kind == "left-out-statement"]
    by_line = {p.line: p for p in left}
    assert '"sera" before "intégrée"' in by_line[1222].message and "s:wave" in by_line[1222].mentions
    assert {1222, 1685, 1910, 2043, 545} <= set(by_line)
    assert not [p for p in left if p.line in {u.line for u in report.uses} and p.line in (1319, 1681)]


# -- the 2031 variant: other members, other applications ---------------------------------------------------
def test_variant_names_other_users(variant):
    found = {(u.service_id, u.user_kind, u.user_id, u.rule, u.line) for u in variant.uses}
    assert found == {
        ("s:wave", "project", "p:pension-live-2031", "project-text", 46),  # "La solution est intégrée à Wave"
        ("s:nebula-rules", "member", "m:cna", "subject", 142),
        ("s:nebula-rules", "member", "m:ifn", "subject+anaphora", 142),  # "Après la CNA et l'IFN, l'ARE ..."
        ("s:nebula-rules", "member", "m:are", "subject+anaphora", 142),
        ("s:nebula-rules", "application", "a:pensio", "subject+anaphora", 142),  # not in applications.json
        ("s:nebula-rules", "application", "a:carbontrack", "subject+anaphora", 142),
        ("s:container-as-a-service", "member", "m:ifn", "subject+anaphora", 150),  # "L'IFN a adopté le service"
        ("s:container-as-a-service", "member", "m:cna", "joint+anaphora", 150),
        ("s:container-as-a-service", "member", "m:office-de-test-avant-bureau-ancien", "joint+anaphora", 150),
        ("s:container-as-a-service", "organization", "o:smals", "joint+anaphora", 150),
        ("s:eacademy", "member", "m:cna", "installed-at", 27),
        ("s:eacademy", "member", "m:are", "installed-at", 27),
        ("s:eacademy", "member", "m:mol-ocmw", "installed-at", 27),
    }
    assert {a.name for a in variant.applications} == {"Pensio", "CarbonTrack"}
    left = {p.line: p.message for p in variant.problems if p.kind == "left-out-statement"}
    assert '"sera" before "intégrée"' in left[116]  # "La solution sera intégrée à Nebula Rules."


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Wave est utilisé par l'ONSS et l'ONEM.", [("s:wave", "m:onss", "passive"), ("s:wave", "m:onem", "passive")]),
    ("L'ONSS et l'INAMI utilisent Wave.", [("s:wave", "m:onss", "subject"), ("s:wave", "m:inami", "subject")]),
    ("L'eBox est déployée chez la CAAMI et à l'ONEM.",
     [("s:ebox", "m:caami", "installed-at"), ("s:ebox", "m:onem", "installed-at")]),
    ("La CAAMI et l'ONEM ont rejoint la Federal Service Platform.",
     [("s:api-gateway", "m:caami", "subject"), ("s:api-gateway", "m:onem", "subject")]),
    ("Les applications Limosa et Dolsis utilisent FoLeEn.",
     [("s:foleen", "a:limosa", "subject"), ("s:foleen", "a:dolsis", "subject")]),
    ("L'INAMI pourrait adopter eAcademy.", []),
    ("L'ONSS a développé Wave pour l'ONEM.", []),
    ("Wave est proposé par Smals à l'ONSS.", []),
])
def test_paraphrases_generalise(reader, sentence, expected):
    assert [(s, u, r) for s, _k, u, r in read(reader, sentence)] == expected


def test_bodies_listed_without_a_verb_are_left_out_for_review(report):
    # "La gestion est assurée par le SPF Intérieur, le SPF Finances, la Régie des Bâtiments et Smals." (1691):
    # they run the data centres that the service is made of; read as provided, listed for a human to judge
    left = {p.line: p for p in report.problems if p.kind == "left-out-statement"}
    assert set(left[1691].mentions) == {"s:datacenter-as-a-service", "m:spf-interieur", "m:spf-finances",
                                           "m:regie-des-batiments", "o:smals"}
    assert not [u for u in report.uses if u.service_id == "s:datacenter-as-a-service"]
