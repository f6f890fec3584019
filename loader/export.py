"""Undo what a PDF-to-text export does to the report's layout, before any text is read.

Every step keeps the number of lines, so a line number still points at the same text of the file:

* columns: a tab, or a run of 2+ spaces between or around words, is a column gap and becomes one tab; inside a
  prose line (a sentence) it is only a space;
* running headers and footers: page-number lines of any shape ("Page 12", "- 12 -", "12 / 80") become the bare
  number the readers take as a page marker; a short line that comes back on many pages (the report title,
  "Rapport d'activités 2025 | Smals", the same text with the page number) is blanked; such a text glued at the
  end of a line is cut off, and said so;
* another wrap width: when the lines were re-wrapped (most lines end near one width and the next word would not
  have fitted), a wrapped paragraph is joined back onto its first line and its other lines left blank; a word
  cut by a hyphen is rejoined (the hyphen kept when the text writes the word with one elsewhere).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .norm import is_prose, norm_key

__all__ = ["Cleaned", "clean_export"]

_GAP = re.compile(r" *\t *| {2,}")  # each tab is a cell (an empty cell too); a run of spaces is one gap
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class Cleaned:
    """The report's lines with the export's layout undone, and what was removed (for the load's summary)."""

    lines: list[str]
    running: dict[str, tuple[int, int]] = field(default_factory=dict)  # text -> (lines blanked, first line)
    page_markers: int = 0
    glued: list[tuple[int, str]] = field(default_factory=list)  # (line, text cut off)
    wrap_width: int | None = None
    joined: int = 0
    filler: set[int] = field(default_factory=set)  # 1-based lines blanked because joined to the line above
    removed: set[int] = field(default_factory=set)  # 1-based lines blanked as running headers or footers


def clean_export(lines: list[str], layout: dict) -> Cleaned:
    out = Cleaned([_columns(ln) for ln in _dedent(lines)])
    _page_markers(out, layout)
    _running_lines(out, layout)
    _unwrap(out)
    return out


def _dedent(lines: list[str]) -> list[str]:
    """Without the margin the export put before every line (a tab or spaces on nine lines in ten)."""
    text = [ln for ln in lines if ln.strip()]
    margins = [ln[: len(ln) - len(ln.lstrip(" \t"))] for ln in text]
    common = min(margins, key=len) if margins else ""
    if not common or sum(m.startswith(common) for m in margins) < 0.9 * len(text):
        return lines
    return [ln[len(common):] if ln.startswith(common) else ln for ln in lines]


# -- columns ----------------------------------------------------------------------------------------------------
def _columns(raw: str) -> str:
    if "\t" not in raw and "  " not in raw.strip(" "):
        return raw.strip(" ") if raw.startswith(" ") and not raw.startswith("  ") else raw
    text = raw.strip(" \t")
    if not text:
        return ""
    if is_prose(text) and "\t" not in text:
        return _SPACES.sub(" ", text)
    margin = raw[: len(raw) - len(raw.lstrip(" \t"))]
    lead = margin.replace(" ", "") or ("\t" if len(margin) >= 2 else "")
    trail_ws = raw[len(raw.rstrip(" \t")):]
    trail = "\t" if "\t" in trail_ws or len(trail_ws) >= 2 else ""
    return lead + "\t".join(_SPACES.sub(" ", c) for c in _GAP.split(text)) + trail


# -- page markers, running headers and footers -----------------------------------------------------------------
def _page_markers(out: Cleaned, layout: dict) -> None:
    shapes = [re.compile(p, re.I) for p in layout["page_marker_patterns"]]
    for i, raw in enumerate(out.lines):
        s = raw.strip()
        if not s or len(s) > 24 or re.fullmatch(r"\d{1,3}", s):
            continue
        for rx in shapes:
            m = rx.fullmatch(s)
            if m:
                out.lines[i] = m.group("page")
                out.page_markers += 1
                break


def _shape(text: str) -> str:
    return _DIGITS.sub("#", norm_key(text))


def _running_lines(out: Cleaned, layout: dict) -> None:
    """Blank the short lines that come back page after page: a line is running when its shape (digits masked)
    repeats at least `min_repeats` times and it is the report's title, holds a varying number (a page) or a
    separator ('|'), or shares most of its words with the title."""
    first = next((i for i, ln in enumerate(out.lines) if ln.strip()), 0)
    title_words = set(norm_key(out.lines[first]).split()) if out.lines else set()
    seen: dict[str, list[int]] = defaultdict(list)
    numbers: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, set[str]] = defaultdict(set)
    for i, raw in enumerate(out.lines):
        s = _paged(raw.strip())
        if i == first or not s or "\t" in s or len(s) > 90 or is_prose(s) or re.fullmatch(r"\d{1,3}", s):
            continue
        key = _shape(s)
        if not key.replace("#", "").strip():
            continue
        seen[key].append(i)
        numbers[key].add(" ".join(_DIGITS.findall(s)))
        if s != raw.strip():  # a footer in two columns: its text stays the same, only the page number changes
            texts[key].add(next(c for c in raw.strip().split("\t") if not c.isdigit()))
    running: set[str] = set()
    for key, where in seen.items():
        if len(where) < layout["running_min_repeats"] or len(texts.get(key, ())) > 1:
            continue
        if _is_running(key, numbers[key], out.lines[where[0]], title_words):
            running.add(key)
            out.running[_paged(out.lines[where[0]].strip())] = (len(where), where[0] + 1)
            for i in where:
                out.lines[i] = ""
                out.removed.add(i + 1)
    _glued(out, _running_tails(out, layout, title_words))


def _paged(s: str) -> str:
    """A footer set in two columns (the title, spaces, the page number) reads as one text; any other line
    with a column gap is a table's or the contents' and stays as it is."""
    cells = s.split("\t")
    if len(cells) == 2 and (cells[0].isdigit() or cells[1].isdigit()) and not is_prose(s):
        return " ".join(cells)
    return s


def _is_running(key: str, numbers: set[str], example: str, title_words: set[str]) -> bool:
    """A repeated text is a running header or footer when it is (most of) the title, carries a number that
    changes (a page) or a separator ('|')."""
    words = set(key.split()) - {"#"}
    like_title = bool(title_words) and len(words & title_words) >= max(1, len(words) // 2)
    return like_title or len(numbers) > 1 or "|" in example


def _running_tails(out: Cleaned, layout: dict, title_words: set[str]) -> list[tuple[str, int]]:
    """(shape, words) of the running texts found alone on their lines, and of those found only at the end of
    longer lines (an export that glued every footer to the paragraph above it), longest first."""
    tails = {(_shape(t), len(t.split())) for t in out.running}
    seen: dict[tuple[str, int], list[str]] = defaultdict(list)
    for raw in out.lines:
        words = raw.split()
        if len(raw) < 40 or "\t" in raw:
            continue
        last = " ".join(words[-8:])
        if "|" not in last and not title_words & set(norm_key(last).split()):
            continue  # neither the title's words nor a separator at its end: no footer there
        for n in range(3, min(8, len(words) - 1) + 1):
            tail = " ".join(words[-n:])
            seen[(_shape(tail), n)].append(tail)
    for (key, n), found in seen.items():
        # glued to prose, a changing number alone is too common ("en 2024.", dates): the title or a '|' only
        if len(found) >= layout["running_min_repeats"] and _is_running(key, set(), found[0], title_words):
            tails.add((key, n))
    return sorted(tails, key=lambda kn: -kn[1])


def _glued(out: Cleaned, tails: list[tuple[str, int]]) -> None:
    """A running text left at the end of a longer line (the export glued the footer to a paragraph) is cut
    off; each cut is kept so that the parse reports it."""
    if not tails:
        return
    for i, raw in enumerate(out.lines):
        s = raw.rstrip()
        if len(s) < 40:
            continue
        words = s.split()
        for key, n in tails:
            if len(words) > n and _shape(" ".join(words[-n:])) == key:
                out.glued.append((i + 1, " ".join(words[-n:])))
                out.lines[i] = " ".join(words[:-n])
                break


# -- another wrap width ------------------------------------------------------------------------------------------
def _wrap_width(lines: list[str]) -> int | None:
    """The width the text was wrapped at, or None when it was not: most longer lines end close to it."""
    lengths = [len(ln.rstrip()) for ln in lines if ln.strip() and "\t" not in ln]
    long = [n for n in lengths if n >= 30]
    if len(long) < 50:
        return None
    long.sort()
    width = long[int(0.98 * (len(long) - 1))]  # a few lines may overrun (a long address)
    if width > 200:
        return None
    near = sum(1 for n in long if n >= width * 0.8)
    return width if near >= 0.5 * len(long) else None


def _unwrap(out: Cleaned) -> None:
    width = _wrap_width(out.lines)
    if width is None:
        return
    out.wrap_width = width
    lists = _list_start(out.lines)
    hyphenated = {m.group(0).lower() for ln in out.lines for m in re.finditer(r"\w+-\w+", ln)}
    lines = out.lines
    i = 0
    while i < len(lines):
        head = i
        while i + 1 < len(lines) and _continues(lines[i], lines[i + 1], width, in_list=i >= lists):
            i += 1
        if i > head:
            lines[head] = _join([lines[k] for k in range(head, i + 1)], hyphenated)
            for k in range(head + 1, i + 1):
                lines[k] = ""
                out.filler.add(k + 1)
            out.joined += i - head
        i += 1


def _list_start(lines: list[str]) -> int:
    """0-based index of the members list (one name a line, no blank line between), or past the end."""
    from .headings import match_heading

    return max((i for i, ln in enumerate(lines) if match_heading("members", ln)), default=len(lines))


_LEADERS_END = re.compile(r"(?:[.…·_]\s?){3,}\s*\d{1,3}$")
_GLUE_END = re.compile(r"(?i)(?:\b(?:de|des|du|la|le|les|et|pour|en|à|au|aux|d'|l')|[,&(–-])$")


def _continues(line: str, nxt: str, width: int, *, in_list: bool = False) -> bool:
    """The next line continues this one: both are text, and the next line's first word would not have fitted.
    In a list (one item a line) an item goes on only where it cannot end: an open parenthesis, a glue word,
    a comma, or a next line in lower case."""
    a, b = line.rstrip(), nxt.strip()
    if not a.strip() or not b or nxt.startswith("\t") or re.fullmatch(r"\d{1,3}", b):
        return False
    if "\t" in a or _LEADERS_END.search(a):  # a table's cells; a contents entry whose leaders fill the width
        return False
    first = b.split()[0]
    if len(a) + 1 + len(first) <= width or len(a) < width - 25:
        return False
    if in_list:
        return a.count("(") > a.count(")") or bool(_GLUE_END.search(a)) or b[:1].islower() or b[:1] == "("
    return not (a.endswith(")") and b[:1].isupper()) or (a.endswith("-") and len(a) + len(first) > width - 2)


def _join(parts: list[str], hyphenated: set[str]) -> str:
    text = parts[0].rstrip()
    for p in parts[1:]:
        p = p.strip()
        m = re.search(r"(\w+)-$", text[-60:])  # the end only: a paragraph grows with each line
        if m and p[:1].islower():
            word = m.group(1) + "-" + p.split()[0].rstrip(".,;:)")
            text = text if word.lower() in hyphenated else text[:-1]
            text += p
        elif text.endswith("-") and p[:1].isupper():
            text += p
        else:
            text += " " + p
    return text
