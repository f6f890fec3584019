"""Text helpers shared by the loader: normalisation for matching, slugs for ids, line classification."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u00b4`"), "'")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_NONWORD = re.compile(r"[^a-z0-9+&'()]+")
_PUNCT_SPACE = re.compile(r"\s*([()'&+])\s*")


@lru_cache(maxsize=65536)
def norm_key(text: str) -> str:
    """Case-, accent-, dash-, quote- and spacing-insensitive key used for name matching."""
    t = strip_accents(text.translate(_DASHES).translate(_QUOTES)).lower()
    t = _NONWORD.sub(" ", t)
    return " ".join(_PUNCT_SPACE.sub(r"\1", t).split())


def slug(text: str) -> str:
    t = strip_accents(text.translate(_DASHES)).lower()
    t = re.sub(r"[^a-z0-9+]+", "-", t).replace("+", "-plus")
    return re.sub(r"-{2,}", "-", t).strip("-") or "x"


def words(text: str) -> list[str]:
    return text.split()


_TERMINAL = tuple(".!?:;\u2026\u00bb\"\u201d")


_URL_END = re.compile(r"(?:https?://|www\.)\S+$|\b[\w-]+\.(?:be|eu|com|org|net)(?:/\S*)?$")


def ends_sentence(text: str) -> bool:
    """True when the text ends a sentence (terminal punctuation, or a closing web address)."""
    t = text.rstrip()
    return t.endswith(_TERMINAL) or bool(_URL_END.search(t))


def is_prose(text: str) -> bool:
    """A description paragraph, as opposed to a header/field line (tagline, name, clients, status, technologies)."""
    n = len(text.split())
    return (n >= 8 and ends_sentence(text)) or n >= 40


def first_alpha_is_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; splits after . ! ? followed by a space and an uppercase letter/quote."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý\"«\u201c(])", text):
        if text[m.start() - 3 : m.start()] == "...":
            pass
        out.append((start, text[start : m.start()].strip()))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:].strip()))
    return [(o, s) for o, s in out if s]

__all__ = ["ends_sentence", "first_alpha_is_lower", "is_prose", "norm_key", "slug", "split_sentences",
    "strip_accents", "words"]
