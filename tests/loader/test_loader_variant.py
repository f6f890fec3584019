"""A hand-written edition (2031) with other projects, clients, technologies, statuses and members."""

from __future__ import annotations

from jsonschema import Draft202012Validator
from loader_helpers import by_name


def test_variant_valid(variant, schema):
    assert not list(Draft202012Validator(schema).iter_errors(variant.to_json()))
    assert variant.source.year == 2031
    assert variant.source.title == "RAPPORT D'ACTIVITÉS 2031"


def test_variant_projects(variant):
    assert [p.name for p in variant.projects] == [
        "Pension Live 2031", "Zorgregister", "Formulaires+", "Analyse IFN 2031", "Agent Assist", "Archive Millénaire"]
    pl = by_name(variant, "Pension Live 2031")
    assert pl.id == "p:pension-live-2031" and pl.line == 39 and pl.page == 6 and pl.page_source == "body"
    assert pl.status_norm == "acceptance" and pl.url == "www.pension-live.be"
    assert [(t.raw, t.technology_id, t.service_id) for t in pl.technologies] == [
        ("Kotlin", "t:kotlin", None), ("Services web REST", "t:rest", None), ("PostgreSQL", "t:postgresql", None),
        ("Wave", None, "s:wave")]
    zr = by_name(variant, "Zorgregister")
    assert zr.technologies == [] and zr.status_norm == "test" and zr.page == 6
    assert [c.member_id for c in zr.clients] == ["m:vlaamse-overheid-departement-zorg", "m:plate-forme-ehealth"]
    fp = by_name(variant, "Formulaires+")
    assert fp.id == "p:formulaires-plus" and fp.page == 7
    assert [t.raw for t in fp.technologies] == ["Rust", "Vue.js", "MS SharePoint Online", "MS Power Platform"]
    assert fp.clients[0].organization_id == "o:smals"
    assert fp.clients[1].to_json() == {"raw": "Inconnu SA", "member_id": None, "organization_id": None, "rule": None}
    ba = by_name(variant, "Analyse IFN 2031")
    assert ba.status_norm == "business_analysis" and ba.technologies == []
    assert ba.tagline == "Cartographier les processus pour mieux décider"
    aa = by_name(variant, "Agent Assist")
    assert aa.status == "En phase pilote." and aa.status_norm == "pilot" and aa.page == 7
    assert aa.clients[0].rule == "name-without-parenthetical"
    assert aa.technologies[-1].service_id == "s:greenshift"
    am = by_name(variant, "Archive Millénaire")
    assert am.status == "Suspendu" and am.status_norm is None and am.page == 8


def test_variant_members(variant):
    assert [(m.category, m.name) for m in variant.members][:3] == [
        ("A", "Caisse nationale des allocations (CNA)"), ("A", "Institut fédéral du numérique (IFN)"),
        ("A", "Plate-forme eHealth")]
    per_cat = {c: sum(1 for m in variant.members if m.category == c) for c in "ABC"}
    assert per_cat == {"A": 3, "B": 5, "C": 2}
    dup = [m for m in variant.members if m.duplicate_of]
    assert [(m.name, m.duplicate_of) for m in dup] == [("Fondation Exemple", "m:fondation-exemple")]


def test_variant_services_and_uses(variant):
    services = {s.id: s for s in variant.services}
    assert services["s:quantum-vault"].domain == "Nouveaux services"
    assert services["s:quantum-vault"].description.endswith("Il est proposé à toutes les institutions membres.")
    assert services["s:nebula-rules"].reusable and services["s:container-as-a-service"].domain == "Services G-Cloud"
    # the statements of use of the variant: tests/loader/test_reuse.py::test_variant_names_other_users
    assert {u.user_id for u in variant.uses if u.service_id == "s:nebula-rules"} >= {"m:cna", "a:pensio"}


def test_variant_problems(variant):
    msgs = [(p.severity, p.line, p.message) for p in variant.problems]
    assert ("warning", 113, 'Project "Archive Millénaire" (line 111): unknown status "Suspendu" (line 113); '
            "status_norm left empty") in msgs
    assert ("warning", 76, 'Project "Formulaires+" (line 74): client "Inconnu SA" (line 76) matches no member (name, acronym, '
            "alias) and no known organization; left unresolved") in msgs
    assert ("warning", 126, 'Summary table row "Projet fantôme" (line 126) matches no project page') in msgs
    assert ("warning", 124, 'Summary table lists "Pension Live 2031" (line 124) with clients "ARE", project page '
            '(line 39) says "CNA"') in msgs
    assert any(m[2].startswith("3 technology name(s) not in technologies.json") and "Kotlin (line 42)" in m[2]
               for m in msgs)
    assert not any("Zorgregister" in m[2] and "Summary" in m[2] for m in msgs)  # alias-equal clients agree
