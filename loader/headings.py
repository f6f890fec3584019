"""Headings by what they say, not how they are written: case, accents, punctuation, a colon or a dash, and a dash
for a preposition ("Membres – catégorie A") all read the same. The accepted wordings are in data/layout.json
("headings": one list per kind; `{year}` stands for a year, `{cat}` for a member category letter)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from . import knowledge
from .norm import norm_key

__all__ = ["heading_key", "match_heading", "same_heading"]

# Words an editor adds, drops or turns into a dash; a heading is the same without them.
_GLUE = frozenset("de des du d la le les l en au aux pour par et of the nos notre".split())
_SLOTS = {"{year}": ("yearslot", r"((?:19|20)\d\d)"), "{cat}": ("catslot", r"([abc])")}


@lru_cache(maxsize=65536)  # the contents' entries are looked for line after line
def heading_key(text: str) -> str:
    """The words that carry a heading's meaning, in order: lower case, no accents, no punctuation, no glue word."""
    words = re.sub(r"[^a-z0-9]+", " ", norm_key(text.replace("’", "'")).replace("'", " ")).split()
    return " ".join(w for w in words if w not in _GLUE)


@cache
def _patterns(kind: str) -> list[re.Pattern[str]]:
    out = []
    for wording in knowledge.layout()["headings"][kind]:
        for slot, (word, _rx) in _SLOTS.items():
            wording = wording.replace(slot, word)
        key = re.escape(heading_key(wording))
        for word, rx in _SLOTS.values():
            key = key.replace(word, rx)
        out.append(re.compile(key))
    return out


def match_heading(kind: str, text: str) -> re.Match[str] | None:
    """The match of a heading line of this kind (groups: the `{year}` / `{cat}` slots), or None. A line with
    a column gap inside it (a table-of-contents entry) or a sentence is never a heading."""
    s = text.strip()
    if not s or "\t" in s or len(s.split()) > 12 or s.endswith((".", ";", ",")):
        return None
    key = heading_key(s)
    for rx in _patterns(kind):
        m = rx.fullmatch(key)
        if m:
            return m
    return None


def same_heading(a: str, b: str) -> bool:
    ka = heading_key(a)
    return bool(ka) and ka == heading_key(b)
