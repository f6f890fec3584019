"""One search box over names, acronyms, aliases and the report's raw spellings, tolerant of accents, case and
typos (rapidfuzz). No Streamlit import here."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from smals_graph.graph_model import schema
from smals_graph.graph_model.store import Store

SEARCHED_LABELS = ("Member", "Organization", "Project", "Service", "Technology", "Edition")
MIN_SCORE = 72.0


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: 'Signalétique  (ONSS)' -> 'signaletique onss'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^0-9a-z@]+", " ", plain).split())


@dataclass
class Entry:
    key: str
    label: str
    caption: str
    name: str
    spellings: dict[str, str] = field(default_factory=dict)  # normalised text -> how it is spelled (kind)


@dataclass(frozen=True)
class Hit:
    key: str
    label: str
    caption: str
    name: str
    score: float
    matched: str  # which spelling matched
    kind: str  # name, acronym, alias, raw spelling...


class SearchIndex:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        entries: dict[str, Entry] = {}
        result = store.read(
            "MATCH (n:Entity) WHERE any(l IN labels(n) WHERE l IN $labels) AND n.id IS NOT NULL "
            f"RETURN n.id, {schema.label_of('n')}, n.name, n.acronym, n.aliases, n.year",
            {"labels": list(SEARCHED_LABELS)}, max_rows=1_000_000, timeout=30,
        )
        for key, label, name, acronym, aliases, year in result.rows:
            caption = str(acronym or name or key)
            entry = Entry(key=key, label=label, caption=caption, name=str(name or caption))
            for text, kind in ((name, "name"), (acronym, "acronym"), (key, "key"),
                               (str(year) if year else None, "year")):
                _add(entry, text, kind)
            for alias in aliases or []:
                _add(entry, alias, "alias")
            entries[key] = entry
        raw = store.read(
            "MATCH ()-[r]->(n) WHERE r.raw IS NOT NULL AND n.id IS NOT NULL RETURN DISTINCT n.id, r.raw",
            max_rows=1_000_000, timeout=30,
        )
        for key, spelling in raw.rows:
            if key in entries:
                _add(entries[key], spelling, "raw spelling")
        return cls(sorted(entries.values(), key=lambda e: (e.label, e.key)))

    def search(self, query: str, limit: int = 50, labels: list[str] | None = None) -> list[Hit]:
        q = normalise(query)
        if not q:
            return []
        hits: list[Hit] = []
        for entry in self.entries:
            if labels and entry.label not in labels:
                continue
            best: tuple[float, str, str] | None = None
            for text, kind in entry.spellings.items():
                score = _score(q, text)
                if best is None or score > best[0]:
                    best = (score, text, kind)
            if best and best[0] >= MIN_SCORE:
                hits.append(Hit(entry.key, entry.label, entry.caption, entry.name, round(best[0], 1), best[1],
                                best[2]))
        hits.sort(key=lambda h: (-h.score, len(h.name), h.name.lower()))
        return hits[:limit]

    def grouped(self, query: str, limit: int = 50) -> dict[str, list[Hit]]:
        """Hits by label, labels in the order of their best hit."""
        groups: dict[str, list[Hit]] = defaultdict(list)
        for hit in self.search(query, limit=limit):
            groups[hit.label].append(hit)
        return dict(groups)


def _add(entry: Entry, text: object, kind: str) -> None:
    if text is None or text == "":
        return
    norm = normalise(str(text))
    if norm and norm not in entry.spellings:
        entry.spellings[norm] = kind


def _score(q: str, text: str) -> float:
    """100+ for an exact match, then whole-word and prefix matches, then fuzzy ratios (typos)."""
    if q == text:
        return 110.0
    words = text.split()
    if q in words:
        return 100.0 - min(len(words), 10) * 0.5
    if text.startswith(q):
        return 96.0
    if len(q) >= 3 and any(w.startswith(q) for w in words):
        return 92.0
    if len(q) >= 3 and q in text:
        return 88.0
    if len(q) < 3:
        return 0.0
    whole = fuzz.ratio(q, text)
    partial = fuzz.partial_ratio(q, text) if len(text) > len(q) else 0.0
    word = max((fuzz.ratio(q, w) for w in words), default=0.0)
    # a typo of one word ('signaletiqe') or of the whole name ('onem' for 'onerm')
    return max(whole, word * 0.97, partial * 0.9 if len(q) >= 5 else 0.0)
