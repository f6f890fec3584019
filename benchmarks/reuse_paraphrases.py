"""A paraphrase set for statements of use: new sentences (not the report's), written by hand with the facts a
reader states from them, and distractors that state none. Names are the 2025 report's members and components,
so that the reader of that report reads them. Scored by benchmarks/reuse_recall.py and tests/loader/.

Each item: (paragraphs of one passage, where it stands {"service": id} / {"project": id} / {}, the facts
(component, user kind, user) it states).
"""

from __future__ import annotations

Fact = tuple[str, str, str]
Item = tuple[list[str], dict[str, str], set[Fact]]


def _m(service: str, *members: str) -> set[Fact]:
    return {(service, "member", "m:" + m) for m in members}


PARAPHRASES: list[Item] = [
    # verbs of use, active voice
    (["L'ONEM recourt désormais à eBox pour envoyer ses décisions aux citoyens."], {}, _m("s:ebox", "onem")),
    (["Pour ses formulaires en ligne, la CAAMI s'appuie sur Service Request Forms."], {},
     _m("s:service-request-forms", "caami")),
    (["Fedris exploite depuis 2024 le moteur TaskEngine pour répartir ses dossiers."], {}, _m("s:taskengine", "fedris")),
    (["L'INASTI a adopté Wave au printemps."], {}, _m("s:wave", "inasti")),
    (["Le SPF Finances emploie l'API Gateway pour exposer ses services."], {}, _m("s:api-gateway", "spf-finances")),
    (["La BCSS tire parti de Greenshift pour héberger ses conteneurs."], {}, _m("s:greenshift", "bcss")),
    (["FAMIWAL fait appel à FedSender pour ses envois sécurisés."], {}, _m("s:fedsender", "famiwal")),
    (["L'INAMI a intégré VIDIS dans son parcours de prescription."], {}, _m("s:vidis", "inami")),
    (["L'ONSS bénéficie de Monitoring-as-a-Service depuis l'an dernier."], {},
     _m("s:monitoring-as-a-service", "onss")),
    (["Le SPF BOSA utilise Document Repository pour conserver ses pièces."], {},
     _m("s:document-repository", "spf-bosa")),
    (["L'ONEM a migré vers Storage-as-a-Service en 2025."], {}, _m("s:iaas-storage-as-a-service", "onem")),
    (["L'INAMI a opté pour ElasticMS afin de publier son site."], {}, _m("s:elasticms", "inami")),
    # passive voice
    (["Wave est utilisé par l'ONEM depuis deux ans."], {}, _m("s:wave", "onem")),
    (["Le Système Flux est exploité par la CAAMI et par Fedris."], {}, _m("s:systeme-flux", "caami", "fedris")),
    (["Depuis cette année, TaskEngine est employé par l'INASTI."], {}, _m("s:taskengine", "inasti")),
    # coordination
    (["L'ONSS, l'INAMI ainsi que la CAAMI recourent à eBox."], {}, _m("s:ebox", "onss", "inami", "caami")),
    (["Fedris, l'INASTI et l'ONEM utilisent tous trois Service Request Forms."], {},
     _m("s:service-request-forms", "fedris", "inasti", "onem")),
    (["La BCSS et le SPF Finances exploitent conjointement l'Event Bus."], {}, _m("s:event-bus", "bcss", "spf-finances")),
    # relative clauses
    (["L'ONSS, qui s'appuie sur eBox, a simplifié ses envois."], {}, _m("s:ebox", "onss")),
    (["Les dossiers sont traités par l'INAMI, qui utilise TaskEngine depuis 2023."], {}, _m("s:taskengine", "inami")),
    # apposition
    (["L'ONEM, utilisateur de Wave depuis 2022, a étendu son usage."], {}, _m("s:wave", "onem")),
    # the user after the component
    (["eBox sert aussi à la BCSS."], {}, _m("s:ebox", "bcss")),
    (["Wave est présent dans l'application mobile Masanté."], {}, {("s:wave", "application", "a:masante")}),
    # anaphora
    (["L'INASTI modernise son accueil.", "Elle recourt à Service Request Forms pour ses demandes."], {},
     _m("s:service-request-forms", "inasti")),
    (["Fedris a revu ses processus.", "L'institution exploite désormais TaskEngine."], {},
     _m("s:taskengine", "fedris")),
    (["Le SPF BOSA a choisi ElasticMS.", "Depuis, la CAAMI utilise aussi ce service."], {},
     _m("s:elasticms", "spf-bosa", "caami")),
    # in the component's section: the passage's component
    (["Le service s'étend.", "Le SPF Finances et l'ONEM y recourent déjà."], {"service": "s:event-bus"},
     _m("s:event-bus", "spf-finances", "onem")),
    # added after a first round of probing (so tuned on, unlike the items above)
    (["Parmi les utilisateurs de ce service figurent l'ONSS et la BCSS."], {"service": "s:event-bus"},
     _m("s:event-bus", "onss", "bcss")),
    (["L'ONSS et la BCSS comptent parmi les utilisateurs du service."], {"service": "s:event-bus"},
     _m("s:event-bus", "onss", "bcss")),
    (["Le service est notamment utilisé par Fedris, l'ONEM et la CAAMI."], {"service": "s:event-bus"},
     _m("s:event-bus", "fedris", "onem", "caami")),
    (["Ce composant est aujourd'hui mis en œuvre à l'ONEM."], {"service": "s:event-bus"}, _m("s:event-bus", "onem")),
    (["L'ONSS a recours à Wave."], {}, _m("s:wave", "onss")),
    (["Wave a été adopté par l'INASTI en 2024."], {}, _m("s:wave", "inasti")),
    (["Fedris s'est raccordé à l'Event Bus."], {}, _m("s:event-bus", "fedris")),
    (["Les collaborateurs de l'ONEM se servent de Wave au quotidien."], {}, _m("s:wave", "onem")),
    (["TaskEngine, que l'INAMI utilise depuis 2023, gère les tâches."], {}, _m("s:taskengine", "inami")),
    # paraphrases of the 2025 report's statements (second round of probing, tuned on as well)
    (["Service Request Forms (SRF), déjà utilisée par l'ONEM et l'ONSS, a été reprise par l'INASTI pour créer ses "
      "formulaires en ligne."], {}, _m("s:service-request-forms", "onem", "onss", "inasti")),
    (["L'INASTI devient ainsi, après l'ONEM et l'ONSS, la troisième institution à recourir à cette application."],
     {"service": "s:service-request-forms"}, _m("s:service-request-forms", "inasti", "onem", "onss")),
    (["Les portails d'apprentissage eAcademy ont été installés à l'ONSS, à l'INAMI et chez Fedris."], {},
     _m("s:eacademy", "onss", "inami", "fedris")),
    (["Cette technologie est déjà exploitée par des applications comme Fertidata, TRIO et Vitalink."],
     {"service": "s:pseudonymisation"},
     {("s:pseudonymisation", "application", "a:" + a) for a in ("fertidata", "trio", "vitalink")}),
    (["L'application mobile Masanté intègre désormais VIDIS."], {}, {("s:vidis", "application", "a:masante")}),
    (["Les applications DDT et Limosa s'appuient sur le répertoire FoLeEn pour préremplir les formulaires."], {},
     {("s:foleen", "application", "a:ddt"), ("s:foleen", "application", "a:limosa")}),
    (["Le SPF Finances, le SPF BOSA, la plateforme eHealth, la BCSS et Smals gèrent ensemble la Federal Service "
      "Platform."], {}, _m("s:api-gateway", "spf-finances", "spf-bosa", "plate-forme-ehealth", "bcss")
     | {("s:api-gateway", "organization", "o:smals")}),
    (["Le SPF Justice et le Service fédéral des Pensions l'utilisent aussi."], {"service": "s:api-gateway"},
     _m("s:api-gateway", "spf-justice", "sfp")),
    (["L'INAMI s'en sert depuis 2023."], {"service": "s:api-gateway"}, _m("s:api-gateway", "inami")),
    # distractors: negation, future, conditional, modal, plan, provider, builder, beneficiary, comparison
    (["L'ONEM n'utilise pas encore Wave."], {}, set()),
    (["Aucune institution n'a adopté Greenshift cette année."], {}, set()),
    (["Sans recourir à eBox, l'INAMI envoie ses lettres par la poste."], {}, set()),
    (["L'INAMI utilisera Wave en 2027."], {}, set()),
    (["La CAAMI pourrait recourir à TaskEngine."], {}, set()),
    (["L'INASTI prévoit d'adopter Service Request Forms."], {}, set()),
    (["Le SPF Finances envisage d'utiliser Greenshift à terme."], {}, set()),
    (["Fedris souhaite exploiter l'Event Bus."], {}, set()),
    (["ElasticMS a été développé par Smals pour l'INAMI."], {}, set()),
    (["Wave, développé pour l'ONSS, est proposé par Smals."], {}, set()),
    (["À la demande de l'ONEM, Smals a construit FedSender."], {}, set()),
    (["Comme l'ONSS, l'INAMI exploite eBox."], {}, _m("s:ebox", "inami")),
    (["À l'instar de la BCSS, Fedris recourt à Greenshift."], {}, _m("s:greenshift", "fedris")),
    (["Les agents de l'ONEM devraient bientôt utiliser Wave."], {}, set()),
    # third round of probing (distractors mostly), tuned on as well
    (["eBox permet aux citoyens de recevoir leurs documents de l'ONSS."], {}, set()),
    (["L'INAMI a participé au développement de VIDIS."], {}, set()),
    (["Contrairement à l'ONSS, l'INAMI n'utilise pas encore eBox."], {}, set()),
    (["La BCSS propose eBox à l'ONEM."], {}, set()),
    (["Fedris a testé Greenshift lors d'un projet pilote."], {}, set()),
    (["Smals héberge Greenshift dans ses centres de données pour le compte de la BCSS."], {}, set()),
    (["L'ONEM a cessé d'utiliser Wave en 2024."], {}, set()),
    (["L'ONEM ne recourt qu'à eBox pour ses envois."], {}, _m("s:ebox", "onem")),
    (["Le SPF Finances et la BCSS ont été les premiers à utiliser l'API Gateway."], {},
     _m("s:api-gateway", "spf-finances", "bcss")),
    # shapes read since the second round (issue 18): a "dont" clause, "compter ... parmi ses utilisateurs",
    # "en service chez" (listed apart as KNOWN_MISSES before)
    (["Plusieurs institutions y ont recours, dont l'INAMI et l'ONSS."], {"service": "s:event-bus"},
     _m("s:event-bus", "inami", "onss")),
    (["eBox compte désormais l'ONEM parmi ses utilisateurs."], {}, _m("s:ebox", "onem")),
    (["L'Event Bus est désormais en service chez Fedris et à la CAAMI."], {}, _m("s:event-bus", "fedris", "caami")),
]

# Shapes the reader does not read yet (printed by the benchmark, not counted in the set's score): none today.
KNOWN_MISSES: list[Item] = []
