"""One search box over names, acronyms, aliases and the report's raw spellings, tolerant of accents, case and
typos (rapidfuzz). No Streamlit import here.

A lookup stays interactive on a large graph: the exact, prefix and substring tiers come from one `str.find`
pass over all spellings joined, the typo tier from rapidfuzz's `process.extract` (C loops, with a score
cutoff) over the words and over the spellings that share enough characters with the query to reach the cutoff
(one numpy count per lookup); only those candidates are scored in Python. The answer is the one scoring every
spelling would give (`_score` is the one rule)."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from smals_graph.graph_model import schema
from smals_graph.graph_model.store import Store
from smals_graph.loader.norm import norm_key

SEARCHED_LABELS = ("Member", "Organization", "Project", "Service", "Application", "Technology", "Edition")
MIN_SCORE = 72.0
# how the report spells what a relationship points at (a client line's raw text), searched like an alias
RAW_SPELLINGS_CYPHER = "MATCH ()-[r]->(n) WHERE r.raw IS NOT NULL AND n.id IS NOT NULL RETURN DISTINCT n.id, r.raw"
SEARCH_ENTRIES_CYPHER = ("MATCH (n:Entity) WHERE any(l IN labels(n) WHERE l IN $labels) AND n.id IS NOT NULL "
                         f"RETURN n.id, {schema.label_of('n')}, n.name, n.acronym, n.aliases, n.year")


def normalise(text: str) -> str:
    """The loader's name key (`norm_key`: case, accents, dashes, quotes, spacing) without the punctuation names
    keep, so a search matches across it: 'Signalétique  (ONSS)' -> 'signaletique onss'."""
    return " ".join(re.sub(r"[^0-9a-z@]+", " ", norm_key(text)).split())


@dataclass
class Entry:
    key: str
    label: str
    caption: str
    name: str
    spellings: dict[str, str] = field(default_factory=dict)  # normalised text -> how it is spelled (kind)


@dataclass(frozen=True)
class SearchHit:
    key: str
    label: str
    caption: str
    name: str
    score: float
    matched: str  # which spelling matched
    kind: str  # name, acronym, alias, raw spelling...


WORD_WEIGHT = 0.97  # _score: a typo in one word of a longer name
PARTIAL_WEIGHT = 0.9  # _score: the query inside a longer text, with a typo
SHORT_QUERY = 4  # _score: up to this length a typo is one edit (substitution, insertion, deletion or swap)


ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789@ "  # what `normalise` leaves
_CODE = {c: i for i, c in enumerate(ALPHABET)}


class SearchIndex:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        # flat views of the distinct spellings: text i is a spelling of entries[j] for j in owners[i] (one
        # spelling, e.g. a client as the report writes it, can belong to many entries: each is scored once)
        owners: dict[str, list[int]] = defaultdict(list)
        for number, entry in enumerate(entries):
            for text in entry.spellings:
                owners[text].append(number)
        self._texts: list[str] = list(owners)
        self._owners: list[list[int]] = [owners[text] for text in self._texts]
        self._number = {text: i for i, text in enumerate(self._texts)}
        self._joined = "\n".join(self._texts)
        self._starts: list[int] = []
        offset = 0
        for text in self._texts:
            self._starts.append(offset)
            offset += len(text) + 1
        words: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(self._texts):
            for word in set(text.split()):
                words[word].append(i)
        self._words = list(words)
        self._word_texts = [words[w] for w in self._words]
        self._lengths = np.fromiter((len(t) for t in self._texts), dtype=np.int32, count=len(self._texts))
        self._chars = _char_counts(self._joined, self._starts, len(self._texts))

    def _candidates(self, q: str) -> set[int]:
        """Indices of the spellings that can score MIN_SCORE or more under `_score` (a superset)."""
        found: set[int] = set()
        start = self._joined.find(q)
        while start != -1:  # exact, word, prefix and substring tiers all contain q
            found.add(bisect_right(self._starts, start) - 1)
            start = self._joined.find(q, start + 1)
        if len(q) < 3 or not self._texts:
            return found
        # the typo tiers: rapidfuzz's ratios are 2·M / (|q| + |w|) with M the length of a longest common
        # subsequence, and M is at most the characters q and the text have in common (counted with repeats):
        # one vectorised count over all spellings bounds every ratio, and only texts that can reach the
        # cutoffs are scored
        wanted: dict[int, int] = defaultdict(int)
        for c in q:
            wanted[_CODE.get(c, len(ALPHABET) - 1)] += 1
        common = np.zeros(len(self._texts), dtype=np.int32)
        for code, times in wanted.items():
            common += np.minimum(self._chars[code], times)
        share = MIN_SCORE / 100
        whole = np.flatnonzero(2 * common >= share * (len(q) + self._lengths) - 1e-9)
        for _, _, j in process.extract(q, [self._texts[i] for i in whole], scorer=fuzz.ratio,
                                       score_cutoff=MIN_SCORE, limit=None):
            found.add(int(whole[j]))
        for _, _, w in process.extract(q, self._words, scorer=fuzz.ratio, score_cutoff=MIN_SCORE / WORD_WEIGHT,
                                       limit=None):
            found.update(self._word_texts[w])
        if len(q) >= 5:  # _score: partial only then, and only for longer texts
            # partial_ratio's best window w has |w| <= |q| and M <= |w|, so reaching c = cutoff needs
            # M >= c·|q| / (2 - c)
            cut = MIN_SCORE / PARTIAL_WEIGHT / 100
            longer = np.flatnonzero((self._lengths > len(q)) & (common >= cut * len(q) / (2 - cut) - 1e-9))
            for _, _, j in process.extract(q, [self._texts[i] for i in longer], scorer=fuzz.partial_ratio,
                                           score_cutoff=MIN_SCORE / PARTIAL_WEIGHT, limit=None):
                found.add(int(longer[j]))
        return found

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        entries: dict[str, Entry] = {}
        result = store.read(
            SEARCH_ENTRIES_CYPHER,
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
        raw = store.read(RAW_SPELLINGS_CYPHER, max_rows=1_000_000, timeout=30)
        for key, spelling in raw.rows:
            if key in entries:
                _add(entries[key], spelling, "raw spelling")
        return cls(sorted(entries.values(), key=lambda e: (e.label, e.key)))

    def search(self, query: str, limit: int = 50, labels: list[str] | None = None) -> list[SearchHit]:
        q = normalise(query)
        if not q:
            return []
        hits: list[SearchHit] = []
        # a spelling outside the candidates scores under MIN_SCORE: an entry's best spelling (first of equals,
        # in its own order) is among its candidates whenever it is a hit, and each text is scored once
        scores = {self._texts[i]: _score(q, self._texts[i]) for i in self._candidates(q)}
        owners = sorted({j for text in scores for j in self._owners[self._number[text]]})
        for entry in (self.entries[number] for number in owners):
            if labels and entry.label not in labels:
                continue
            best: tuple[float, str, str] | None = None
            for text, kind in entry.spellings.items():
                score = scores.get(text)
                if score is not None and (best is None or score > best[0]):
                    best = (score, text, kind)
            if best and best[0] >= MIN_SCORE:
                hits.append(SearchHit(entry.key, entry.label, entry.caption, entry.name, round(best[0], 1), best[1],
                                best[2]))
        hits.sort(key=lambda h: (-h.score, len(h.name), h.name.lower()))
        return hits[:limit]

    def grouped(self, query: str, limit: int = 50) -> dict[str, list[SearchHit]]:
        """Hits by label, labels in the order of their best hit."""
        groups: dict[str, list[SearchHit]] = defaultdict(list)
        for hit in self.search(query, limit=limit):
            groups[hit.label].append(hit)
        return dict(groups)


def _char_counts(joined: str, starts: list[int], count: int) -> np.ndarray:
    """ALPHABET x texts: how many times each character occurs in each text (capped at 255)."""
    codes = np.full(256, len(ALPHABET) - 1, dtype=np.int64)
    for c, i in _CODE.items():
        codes[ord(c)] = i
    raw = np.frombuffer(joined.encode("ascii", "replace"), dtype=np.uint8)
    owner = np.zeros(len(raw), dtype=np.int64)
    if count > 1:
        owner[np.asarray(starts[1:], dtype=np.int64) - 1] = 1  # the newline before each next text
    owner = np.cumsum(owner)
    keep = raw != ord("\n")
    counts = np.zeros((len(ALPHABET), count), dtype=np.int32)  # one contiguous row per character
    np.add.at(counts, (codes[raw[keep]], owner[keep]), 1)
    return np.minimum(counts, 255).astype(np.uint8)


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
    if len(q) <= SHORT_QUERY and min(OSA.distance(q, t) for t in (text, *words)) > 1:
        # a short query is an acronym: one slip of a key ('onns' for ONSS), not any word sharing three
        # letters with it ('mons' of CPAS de Mons), which would pad the list with unrelated hits
        return 0.0
    whole = fuzz.ratio(q, text)
    partial = fuzz.partial_ratio(q, text) if len(text) > len(q) else 0.0
    word = max((fuzz.ratio(q, w) for w in words), default=0.0)
    # a typo of one word ('signaletiqe') or of the whole name ('onem' for 'onerm')
    return max(whole, word * WORD_WEIGHT, partial * PARTIAL_WEIGHT if len(q) >= 5 else 0.0)


SEARCH_INDEX_CACHE = "search-index"  # its name in the disk cache (graph_model/disk_cache.py)


def cached_index(store: Store, fingerprint: str | None = None) -> SearchIndex:
    """The search index of the graph as it is now, from the disk cache (JSON), built and kept when missing: the
    load builds it (`smals-graph load`), so that the app's first search does not."""
    from smals_graph.graph_model.disk_cache import cached, graph_fingerprint

    return cached(store, fingerprint or graph_fingerprint(store), SEARCH_INDEX_CACHE,
                  lambda: SearchIndex.build(store),
                  encode=lambda index: [dataclasses.asdict(entry) for entry in index.entries],
                  decode=lambda rows: SearchIndex([Entry(**row) for row in rows]))


__all__ = ["ALPHABET", "Entry", "MIN_SCORE", "PARTIAL_WEIGHT", "RAW_SPELLINGS_CYPHER", "SEARCHED_LABELS",
    "SEARCH_ENTRIES_CYPHER", "SEARCH_INDEX_CACHE", "SearchHit", "SearchIndex", "cached_index", "WORD_WEIGHT", "normalise"]
