"""Full-text search over the words of the graph: node names, taglines and descriptions, and the `quote` of the
relationships read from a sentence of the report. One index of our own, the same on both engines (FalkorDB's
and Neo4j's full-text indexes differ in analysers, syntax and scoring), built once per graph version.

Words are compared without case or accents ("pseudonymisation" finds "Pseudonymisation", "federale" finds
"fédérale"), a query word matches the words it starts ("vaccin" finds "vaccinations"), every query word must
be in the text, and each hit comes with the sentence it was found in and the words to highlight."""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from smals_graph.graph_model.store import Store

__all__ = ["Hit", "TextIndex", "build_index", "graph_version", "index_for", "search", "words"]

FIELD_WEIGHT = {"name": 3.0, "tagline": 1.5, "description": 1.0, "quote": 1.2}
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_NODES = ("MATCH (n) WHERE n.id IS NOT NULL AND NOT n:Problem AND NOT n:Edition "  # the report's words only
          "AND (n.name IS NOT NULL OR n.description IS NOT NULL) "
          "RETURN n.id, labels(n), n.name, n.tagline, n.description, n.page")
_QUOTES = ("MATCH (a)-[r]->(b) WHERE r.quote IS NOT NULL "
           "RETURN a.id, a.name, type(r), b.id, b.name, r.quote, r.page, r.line")
_VERSION = "MATCH (e:Edition) RETURN e.sha256, e.loaded_at ORDER BY e.year"
_CACHE: dict[tuple[str, str, str], TextIndex] = {}
_CACHE_SIZE = 4


def fold(text: str) -> str:
    """Lower case without accents: what two spellings of a word have in common."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass
class Document:
    """One searchable text: a field of a node, or the quote of a relationship."""

    key: str  # the node's key; for a quote, the start node's key
    label: str
    title: str  # what the hit is called: the node's name, or "start -TYPE-> end"
    field: str
    text: str
    page: int | None = None
    line: int | None = None
    other: str | None = None  # a quote's end node key
    terms: Counter[str] = dataclasses.field(default_factory=Counter)  # `field` is a field's name here


@dataclass
class Hit:
    key: str
    label: str
    title: str
    field: str
    sentence: str
    spans: list[tuple[int, int]]  # character ranges of `sentence` to highlight
    score: float
    page: int | None = None
    line: int | None = None
    other: str | None = None

    def segments(self) -> list[tuple[str, bool]]:
        """The sentence cut into (text, highlighted) pieces, in order."""
        out: list[tuple[str, bool]] = []
        at = 0
        for start, end in self.spans:
            if start > at:
                out.append((self.sentence[at:start], False))
            out.append((self.sentence[start:end], True))
            at = end
        if at < len(self.sentence):
            out.append((self.sentence[at:], False))
        return out

    def marked(self, before: str = "[", after: str = "]") -> str:
        return "".join(f"{before}{text}{after}" if hit else text for text, hit in self.segments())

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "title": self.title, "field": self.field,
                "sentence": self.sentence, "highlight": [self.sentence[s:e] for s, e in self.spans],
                "score": round(self.score, 4), "page": self.page, "line": self.line, "other": self.other}


class TextIndex:
    """An inverted index from folded words to documents, with idf weights."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.postings: dict[str, set[int]] = defaultdict(set)
        for i, doc in enumerate(documents):
            doc.terms = Counter(words(doc.text))
            for term in doc.terms:
                self.postings[term].add(i)
        self.vocabulary = sorted(self.postings)

    def _expand(self, word: str) -> set[str]:
        """The indexed words a query word stands for: itself and, from 3 letters on, the words it starts."""
        if len(word) < 3:
            return {word} if word in self.postings else set()
        import bisect

        found = set()
        at = bisect.bisect_left(self.vocabulary, word)
        while at < len(self.vocabulary) and self.vocabulary[at].startswith(word):
            found.add(self.vocabulary[at])
            at += 1
        return found

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        wanted = list(dict.fromkeys(words(text)))
        if not wanted:
            return []
        expansions = [self._expand(w) for w in wanted]
        if any(not e for e in expansions):
            return []
        matching: set[int] | None = None
        for terms in expansions:
            docs = set().union(*(self.postings[t] for t in terms))
            matching = docs if matching is None else matching & docs
        total = len(self.documents)
        scored = []
        for i in matching or set():
            doc = self.documents[i]
            score = 0.0
            for terms in expansions:
                for term in terms & doc.terms.keys():
                    idf = math.log(1 + total / len(self.postings[term]))
                    score += idf * (1 + math.log(doc.terms[term])) * FIELD_WEIGHT.get(doc.field, 1.0)
            scored.append((score, i))
        scored.sort(key=lambda pair: (-pair[0], self.documents[pair[1]].title, pair[1]))
        hits = []
        for score, i in scored[:limit]:
            doc = self.documents[i]
            sentence, spans = best_sentence(doc.text, set().union(*expansions))
            hits.append(Hit(doc.key, doc.label, doc.title, doc.field, sentence, spans, score, doc.page, doc.line,
                            doc.other))
        return hits


def best_sentence(text: str, terms: set[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence of `text` holding the most distinct query words, and where they are in it."""
    best: tuple[int, str, list[tuple[int, int]]] = (-1, "", [])
    for sentence in (s.strip() for s in _SENTENCE_END.split(text)):
        if not sentence:
            continue
        spans = [(m.start(), m.end()) for m in _WORD.finditer(sentence) if fold(m.group()) in terms]
        distinct = len({fold(sentence[s:e]) for s, e in spans})
        if distinct > best[0]:
            best = (distinct, sentence, spans)
    return best[1], best[2]


def _label(labels: list[str]) -> str:
    return next((label for label in labels if label != "Entity"), labels[0] if labels else "")


def build_index(store: Store) -> TextIndex:
    documents: list[Document] = []
    for key, labels, name, tagline, description, page in store.read(_NODES, max_rows=1_000_000, timeout=60).rows:
        label = _label(list(labels or []))
        title = str(name or key)
        for field_name, value in (("name", name), ("tagline", tagline), ("description", description)):
            if isinstance(value, str) and value.strip():
                documents.append(Document(str(key), label, title, field_name, value,
                                          page if isinstance(page, int) else None))
    for start, start_name, rel_type, end, end_name, quote, page, line in store.read(
            _QUOTES, max_rows=1_000_000, timeout=60).rows:
        if isinstance(quote, str) and quote.strip():
            documents.append(Document(str(start), rel_type, f"{start_name or start} -{rel_type}-> {end_name or end}",
                                      "quote", quote, page if isinstance(page, int) else None,
                                      line if isinstance(line, int) else None, str(end)))
    return TextIndex(documents)


def graph_version(store: Store) -> str:
    """Changes with every load: the editions' hashes and load times, and the number of nodes."""
    editions = store.read(_VERSION).rows
    count = store.read("MATCH (n) RETURN count(n)").scalar()
    return f"{editions}|{count}"


def index_for(store: Store) -> TextIndex:
    """The index of the store's current graph, built once per graph version and kept for the process."""
    ident = (store.engine, store.uri, graph_version(store))
    index = _CACHE.get(ident)
    if index is None:
        index = build_index(store)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[ident] = index
    return index


def search(store: Store, text: str, limit: int = 20) -> list[Hit]:
    return index_for(store).search(text, limit)
