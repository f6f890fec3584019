"""Stand-ins for names before parsing: a sentence heavy with acronyms and proper names ("ONSS, INAMI, ONEM et BCSS
exploitent Wave") parses badly, because the tagger takes "ONSS" or "eHealth" for anything. Each gazetteer mention
(member, organisation, application, project, component), with the article or contraction before it, is replaced
by a plain first name the model tags as a proper noun ("Jean, Marie, Paul et Claire exploitent Pierre"), and
the parse of that text is mapped back onto the sentence's own character offsets, so the reader never sees a
stand-in: every token keeps the offsets (and the text) of what it replaced.

The stand-in words are in loader/data/statements_of_use.json (`stand_ins`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .grammar import Parse, lexicon

__all__ = ["Rewrite", "rewrite"]

# the article swallowed with the name (a surname takes none), and the contractions kept as their preposition
_ARTICLE_RE = re.compile(r"(?:(?<![\w'’])(?:l['’]|la |le |les ))$", re.I)
_CONTRACTED_RE = re.compile(r"(?<![\w'’])(d['’]|qu['’]|du |au |aux |des )$", re.I)
_EXPANDED = {"d": "de ", "qu": "que ", "du": "de ", "au": "à ", "aux": "à ", "des": "de "}


class Rewrite:
    """A sentence with its names replaced, and the way back: `segments` are (start, end) in the rewritten text
    with (start, end) in the sentence; a replaced segment maps as a whole, a copied one character by character."""

    def __init__(self, sentence: str, text: str, segments: list[tuple[int, int, int, int, bool]]) -> None:
        self.sentence = sentence
        self.text = text
        self.segments = segments

    def _to_sentence(self, offset: int, end: bool) -> int:
        for ns, ne, os_, oe, swapped in self.segments:
            if ns <= offset < ne or end and ns < offset <= ne:
                if swapped:
                    return oe if end else os_
                return os_ + (offset - ns)
        return len(self.sentence)

    def back(self, parsed: Parse) -> Parse:
        """The parse of the rewritten text, on the sentence's offsets and words."""
        toks = []
        for t in parsed.toks:
            start, end = self._to_sentence(t.start, False), self._to_sentence(t.end, True)
            toks.append(replace(t, start=start, end=end, text=self.sentence[start:end] or t.text))
        return Parse(tuple(toks))


def rewrite(sentence: str, spans: list[tuple[int, int]]) -> Rewrite:
    """`sentence` with each (start, end) name replaced by a stand-in (spans must not overlap)."""
    words = lexicon()["stand_ins"]
    pieces: list[tuple[int, int, str]] = []  # (start, end, new text) in the sentence
    for n, (start, end) in enumerate(sorted(s for s in spans if s[1] > s[0])):
        if pieces and start < pieces[-1][1]:
            continue
        floor = pieces[-1][1] if pieces else 0
        head = sentence[floor:start]
        article = _ARTICLE_RE.search(head)
        contracted = _CONTRACTED_RE.search(head)
        if article:
            start -= len(article.group(0))
        elif contracted:
            word = contracted.group(1)
            key = word.rstrip("'’ ").lower()
            pieces.append((start - len(word), start, _EXPANDED[key]))
        pieces.append((start, end, words[n % len(words)]))
    text, at = "", 0
    segments: list[tuple[int, int, int, int, bool]] = []
    for start, end, new in pieces:
        if start > at:
            segments.append((len(text), len(text) + start - at, at, start, False))
            text += sentence[at:start]
        segments.append((len(text), len(text) + len(new.rstrip()), start, end, True))
        text += new
        at = end
    segments.append((len(text), len(text) + len(sentence) - at, at, len(sentence), False))
    text += sentence[at:]
    return Rewrite(sentence, text, segments)
