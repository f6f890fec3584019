"""Statements of use in the 2025 report, checked by hand by reading the report (not the parser's output).

Each entry: (component, user kind, user, relationship, line of the sentence). Read line by line: project
pages, the Services chapter, the Research and Smals Academy pages. Left out on purpose (not a use, see
loader/reuse.py): 334 (a generic practice, no component), 545/2043 (eHealth *provides* a service built on
pseudonymisation), 760 (VIDIS *built for* the INAMI, with eHealth...), 888 (eReferral components *built for*
MaSanté), 1003 "pourront ... à l'avenir", 1222 "sera intégrée à Wave", 1282 "vont offrir", 1374 "Il collecte
... depuis DDT, Limosa, ALINE" (sources, not users), 1685 AaaS *built at the request of* the ONSS, 1691 data
centres *managed by* four bodies, 1896 Camunda at the ONSS (a third-party product), 1910 eBox *supervised by*
the SPF BOSA, 2069 Spark's messages via the e-Box Enterprise for the ONSS (a communication team's channel),
2325 "peuvent s'inscrire" (possible, and not eAcademy).
"""

from __future__ import annotations

EAC = "s:eacademy"
HAND_FACTS_2025: frozenset[tuple[str, str, str, str, int]] = frozenset({
    # projects named after the component they build or run
    ("s:wave", "project", "p:wave-saas", "DELIVERS", 1228),
    ("s:wave", "project", "p:synergie-signaletique-wave", "DELIVERS", 1276),
    ("s:service-request-forms", "project", "p:service-request-forms", "DELIVERS", 1313),
    ("s:foleen", "project", "p:foleen", "DELIVERS", 1366),
    ("s:vidis", "project", "p:vidis-2025", "DELIVERS", 754),
    ("s:zorgteam", "project", "p:zorgteam", "DELIVERS", 989),
    # 760: VIDIS ... est notamment présent dans la nouvelle application mobile Masanté
    ("s:vidis", "application", "a:masante", "USES", 760),
    # 1003: l'application Zorgteam est utilisée via la plateforme ALIVIA
    ("s:zorgteam", "application", "a:alivia", "USES", 1003),
    # 1319: L'INASTI réutilise ... SRF; Après l'ONEM et l'ONSS, l'INASTI est la troisième ... à utiliser cette application
    ("s:service-request-forms", "member", "m:inasti", "USES", 1319),
    ("s:service-request-forms", "member", "m:onem", "USES", 1319),
    ("s:service-request-forms", "member", "m:onss", "USES", 1319),
    # 1344: PMP-Online, hébergé sur le portail de la sécurité sociale
    ("s:portal", "project", "p:pmp", "REUSES", 1344),
    # 1374: la Déclaration De Travaux (DDT) et Limosa, qui utilisent le service (FoLeEn)
    ("s:foleen", "application", "a:ddt", "USES", 1374),
    ("s:foleen", "application", "a:limosa", "USES", 1374),
    # 1409: l'envoi automatisé via l'eBox Citoyen et l'e-Box Enterprise ... est désormais finalisé
    ("s:ebox", "project", "p:epv-2-0", "REUSES", 1409),
    # 1681: Federal Service Platform, supportée conjointement par ...; SFP et SPF Justice ont fait le pas
    ("s:api-gateway", "member", "m:spf-finances", "USES", 1681),
    ("s:api-gateway", "member", "m:spf-bosa", "USES", 1681),
    ("s:api-gateway", "member", "m:plate-forme-ehealth", "USES", 1681),
    ("s:api-gateway", "member", "m:bcss", "USES", 1681),
    ("s:api-gateway", "organization", "o:smals", "USES", 1681),
    ("s:api-gateway", "member", "m:sfp", "USES", 1681),
    ("s:api-gateway", "member", "m:spf-justice", "USES", 1681),
    # 2043: Des applications telles que Fertidata, eReferral, TRIO et Vitalink recourent déjà à cette technologie
    ("s:pseudonymisation", "application", "a:fertidata", "USES", 2043),
    ("s:pseudonymisation", "project", "p:ereferral-digital-referral-prescription", "REUSES", 2043),
    ("s:pseudonymisation", "application", "a:trio", "USES", 2043),
    ("s:pseudonymisation", "application", "a:vitalink", "USES", 2043),
    # 2111: a installé d'autres portails d'apprentissage eAcademy à l'ONSS, à l'INAMI, ... et chez Fedris
    *((EAC, "member", m, "USES", 2111) for m in (
        "m:onss", "m:inami", "m:caami", "m:inasti", "m:spf-ssce", "m:plate-forme-ehealth", "m:bcss", "m:spf-ss",
        "m:fedris")),
    # 2317: ..., FAMIWAL, le SPP IS et, plus récemment, l'Institut pour l'Égalité ... ont déjà recouru à ce service
    *((EAC, "member", m, "USES", 2317) for m in ("m:famiwal", "m:spp-is", "m:iefh")),
})
