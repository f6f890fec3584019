"""A second paraphrase set for statements of use, in another author's style: written in one go, before any change
to the reader it scores (issue 18, second round), and not tuned on since. Longer sentences, the passive, relative
clauses, the user after the component, lists joined by "ainsi que", "tant ... que", "mais aussi", anaphora across
two sentences, verbs the first set uses little (tirer parti de, s'appuyer sur, se doter de, exploiter, recourir à,
adopter, intégrer, employer), and distractors of every kind the reader must refuse.

Same shape as benchmarks/reuse_paraphrases.py: (paragraphs, where it stands, the facts it states).
"""

from __future__ import annotations

from benchmarks.reuse_paraphrases import Item, _m

__all__ = ["PARAPHRASES_B"]

PARAPHRASES_B: list[Item] = [
    # active voice, the verbs of another hand
    (["Depuis le début de l'année, l'Office national de l'emploi tire pleinement parti d'eBox pour notifier ses "
      "décisions."], {}, _m("s:ebox", "onem")),
    (["Pour la gestion de ses dossiers d'accidents du travail, Fedris s'appuie désormais largement sur TaskEngine."],
     {}, _m("s:taskengine", "fedris")),
    (["En 2025, la CAAMI s'est dotée de Service Request Forms afin de dématérialiser ses demandes."], {},
     _m("s:service-request-forms", "caami")),
    (["Le SPF BOSA exploite l'API Gateway pour ouvrir ses données aux partenaires fédéraux."], {},
     _m("s:api-gateway", "spf-bosa")),
    (["Afin de réduire ses coûts d'impression, l'INAMI recourt de plus en plus à eBox."], {}, _m("s:ebox", "inami")),
    (["Après une phase de tests concluante, l'INASTI a finalement adopté TaskEngine."], {},
     _m("s:taskengine", "inasti")),
    (["La BCSS a intégré l'Event Bus à son architecture d'échange de données."], {}, _m("s:event-bus", "bcss")),
    (["Le SPF Finances emploie désormais Greenshift pour ses nouvelles applications."], {},
     _m("s:greenshift", "spf-finances")),
    (["Au sein de l'ONSS, les équipes de développement emploient Document Repository au quotidien."], {},
     _m("s:document-repository", "onss")),
    # passive voice
    (["Depuis 2024, ElasticMS est exploité par le SPF BOSA pour l'ensemble de ses sites."], {},
     _m("s:elasticms", "spf-bosa")),
    (["Le moteur de workflow TaskEngine a été adopté tant par l'ONEM que par la CAAMI."], {},
     _m("s:taskengine", "onem", "caami")),
    (["FedSender est désormais employé par FAMIWAL pour l'envoi de ses courriers sécurisés."], {},
     _m("s:fedsender", "famiwal")),
    (["Greenshift a été retenu puis intégré par la BCSS dans sa nouvelle plateforme."], {},
     _m("s:greenshift", "bcss")),
    (["Le Système Flux est aujourd'hui utilisé non seulement par Fedris, mais aussi par l'INASTI."], {},
     _m("s:systeme-flux", "fedris", "inasti")),
    # coordination
    (["L'ONEM, la CAAMI ainsi que le SPF Finances tirent parti de Wave pour leurs applications de gestion."], {},
     _m("s:wave", "onem", "caami", "spf-finances")),
    (["Tant l'INAMI que Fedris recourent à Service Request Forms pour leurs formulaires."], {},
     _m("s:service-request-forms", "inami", "fedris")),
    (["Non seulement l'ONSS, mais aussi la BCSS exploitent Monitoring-as-a-Service."], {},
     _m("s:monitoring-as-a-service", "onss", "bcss")),
    (["L'INASTI, Fedris et FAMIWAL se sont tous trois dotés d'eBox."], {}, _m("s:ebox", "inasti", "fedris", "famiwal")),
    (["Le SPF Justice et le Service fédéral des Pensions ont adopté l'API Gateway en 2025."], {},
     _m("s:api-gateway", "spf-justice", "sfp")),
    # relative clauses
    (["La CAAMI, qui exploite Wave depuis 2023, a étendu son usage à ses bureaux régionaux."], {},
     _m("s:wave", "caami")),
    (["C'est Fedris qui, la première, s'est appuyée sur FedSender pour ses envois."], {},
     _m("s:fedsender", "fedris")),
    (["Document Repository, que le SPF BOSA emploie pour ses archives, a été étendu cette année."], {},
     _m("s:document-repository", "spf-bosa")),
    (["L'ONEM et l'INAMI, qui tirent parti d'ElasticMS, ont refondu leurs sites."], {},
     _m("s:elasticms", "onem", "inami")),
    (["Le moteur TaskEngine, sur lequel s'appuie désormais l'ONSS, traite plusieurs milliers de tâches par jour."], {},
     _m("s:taskengine", "onss")),
    # the user after the component
    (["eBox profite désormais aussi à FAMIWAL."], {}, _m("s:ebox", "famiwal")),
    (["Greenshift héberge désormais les applications de la BCSS et du SPF Finances."], {},
     _m("s:greenshift", "bcss", "spf-finances")),
    (["Wave équipe aujourd'hui l'ONEM, l'INASTI ainsi que la CAAMI."], {}, _m("s:wave", "onem", "inasti", "caami")),
    (["Adopté par l'INAMI en 2024, VIDIS alimente aussi l'application mobile Masanté."], {},
     _m("s:vidis", "inami") | {("s:vidis", "application", "a:masante")}),
    # anaphora across two sentences
    (["L'ONSS a revu la chaîne de ses envois.", "L'institution s'appuie désormais sur eBox."], {},
     _m("s:ebox", "onss")),
    (["La CAAMI modernise ses formulaires.", "Elle a ainsi adopté Service Request Forms."], {},
     _m("s:service-request-forms", "caami")),
    (["Fedris a choisi le Système Flux.", "Depuis, l'ONEM exploite aussi cet outil."], {},
     _m("s:systeme-flux", "fedris", "onem")),
    (["Le SPF Finances a lancé un vaste chantier de modernisation.", "Il tire parti de l'Event Bus pour relier "
      "ses applications."], {}, _m("s:event-bus", "spf-finances")),
    # in the component's section
    (["Le service a gagné de nouveaux utilisateurs.", "L'INASTI et FAMIWAL l'ont intégré en 2025."],
     {"service": "s:event-bus"}, _m("s:event-bus", "inasti", "famiwal")),
    (["Cette plateforme est employée par la BCSS ainsi que par l'ONSS."], {"service": "s:greenshift"},
     _m("s:greenshift", "bcss", "onss")),
    (["Plusieurs institutions y ont recours, dont la CAAMI et Fedris."], {"service": "s:wave"},
     _m("s:wave", "caami", "fedris")),
    (["Le composant est en service chez l'ONEM depuis le printemps."], {"service": "s:taskengine"},
     _m("s:taskengine", "onem")),
    # the constructions the first author left (KNOWN_MISSES), in other words
    (["Greenshift compte désormais l'INAMI et la BCSS parmi ses utilisateurs."], {}, _m("s:greenshift", "inami", "bcss")),
    (["L'API Gateway est en service chez le SPF Finances ainsi qu'à la BCSS."], {},
     _m("s:api-gateway", "spf-finances", "bcss")),
    (["De nombreuses institutions ont recours à eBox, dont l'ONSS, l'ONEM et l'INASTI."], {},
     _m("s:ebox", "onss", "onem", "inasti")),
    # acronym-heavy sentences
    (["ONSS, INAMI, ONEM et BCSS exploitent Wave."], {}, _m("s:wave", "onss", "inami", "onem", "bcss")),
    (["Le SPF Finances, le SPF BOSA et le SPF Justice recourent à l'API Gateway de la plateforme eHealth."], {},
     _m("s:api-gateway", "spf-finances", "spf-bosa", "spf-justice")),
    (["Pour ses échanges avec l'ONSS, la BCSS emploie FedSender."], {}, _m("s:fedsender", "bcss")),
    (["L'application mobile Masanté tire parti de VIDIS."], {}, {("s:vidis", "application", "a:masante")}),
    # distractors: negation, plans, conditionals, future, comparison, provider, builder, a member merely named
    (["À ce jour, l'ONEM n'a pas encore adopté Greenshift."], {}, set()),
    (["Ni la CAAMI ni Fedris n'emploient Document Repository."], {}, set()),
    (["L'INASTI compte se doter de TaskEngine l'an prochain."], {}, set()),
    (["Le SPF Justice envisage à terme de recourir à eBox."], {}, set()),
    (["Si le budget le permet, FAMIWAL adopterait Wave."], {}, set()),
    (["La BCSS intégrera l'Event Bus en 2027."], {}, set()),
    (["Le SPF Finances pourrait tirer parti de Greenshift."], {}, set()),
    (["Au même titre que l'ONSS, l'INAMI exploite le Système Flux."], {}, _m("s:systeme-flux", "inami")),
    (["TaskEngine a été conçu par Smals pour l'ONEM."], {}, set()),
    (["Smals développe et maintient ElasticMS."], {}, set()),
    (["Le rapport de l'ONSS décrit longuement Wave."], {}, set()),
    (["La CAAMI a présenté eBox lors d'un séminaire."], {}, set()),
    (["L'ONEM a renoncé à utiliser FedSender."], {}, set()),
    (["Une étude de l'INAMI compare Greenshift à d'autres plateformes."], {}, set()),
    (["Fedris n'y a jamais eu recours."], {"service": "s:wave"}, set()),
    (["Un projet pilote pour adopter TaskEngine est à l'étude à la CAAMI."], {}, set()),
]
