"""Table of contents and the body lines of its sections.

The contents heading ("SOMMAIRE", or another wording of data/layout.json) is followed by the chapters (a page
line, then a title line) and then by the detailed entries: "title page" with a tab, a run of spaces, dot leaders
or a single space between them. The entries are the longest run of such lines before the projects section.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .headings import heading_key, match_heading
from .norm import is_prose

__all__ = ["locate_sections", "parse_toc", "section_of"]

_ENTRY_RE = re.compile(r"^(\S.*?)(?:\s*\t\s*|\s*(?:[.…·_]\s?){2,}\s*|\s+)(\d{1,3})\s*$")


def parse_toc(lines: list[str], before: int) -> tuple[list[tuple[int, str]], list[tuple[str, int, int]]]:
    """(top-level chapters [(page, title)], detailed entries [(title, page, line)]) found before line `before`."""
    top: list[tuple[int, str]] = []
    as_entries = False  # the chapters written as entries ("Services ..... 49") rather than page, title
    som = next((i for i in range(min(before, len(lines))) if match_heading("contents", lines[i])), None)
    if som is not None:
        i = som + 1
        page = None
        while i < before - 1:
            s = lines[i].strip()
            i += 1
            if not s:
                continue
            if "\t" in lines[i - 1] or _entry(lines[i - 1]):
                if not top:
                    top = _chapters_as_entries(lines, i - 1, before)
                    as_entries = bool(top)
                break
            if re.fullmatch(r"\d{1,3}", s):
                page = int(s)
            elif page is not None:
                top.append((page, s))
                page = None
            else:
                break
    entries = _entries(lines, before)
    if as_entries and entries and som is not None:  # the chapters' entries may head the longest run
        entries = [e for e in entries if e[2] > _last_chapter_line(lines, som, len(top))]
    return top, entries


def _chapters_as_entries(lines: list[str], first: int, before: int) -> list[tuple[int, str]]:
    """The chapters written as entries ("Services ...... 49") right after the contents heading: the run of
    entries whose pages go up until they fall back (the detailed list starts again from its first page).
    Without that fall back it is the only list, and no chapter list is there."""
    out: list[tuple[int, str]] = []
    for i in range(first, before):
        if not lines[i].strip():
            continue
        e = _entry(lines[i])
        if e is None:
            return []
        if out and e[1] < out[-1][0]:
            return out if len(out) >= 3 else []
        out.append((e[1], e[0]))
    return []


def _last_chapter_line(lines: list[str], som: int, chapters: int) -> int:
    """1-based line of the last chapter entry of a chapter list written as entries."""
    seen = 0
    for i in range(som + 1, len(lines)):
        if lines[i].strip() and _entry(lines[i]):
            seen += 1
            if seen == chapters:
                return i + 1
    return som + 1


# leaders of any shape: dots in a row, dots alternating with spaces (". . . ."), around a tab or not
_LEADER_CELL = re.compile(r"\s*\t[\s.…·_]*\t\s*|\s*\t?\s*(?:[.…·_]{2,}|(?:[.…·_] ){2,})[\s.…·_]*\t?\s*")


def _entry(line: str) -> tuple[str, int] | None:
    # dot leaders with uneven spacing around them are one gap, not two columns ("Title  .......  52")
    s = _LEADER_CELL.sub(" .. ", line.strip()) if ("." in line or "…" in line or "·" in line) else line.strip()
    if not s or s.count("\t") > 1 or is_prose(s) or len(s.split()) > 16:
        return None
    m = _ENTRY_RE.match(s)
    if not m or not re.search(r"[^\W\d_]", m.group(1)):
        return None
    return m.group(1).strip(" .\t"), int(m.group(2))


def _entries(lines: list[str], before: int) -> list[tuple[str, int, int]]:
    """The longest run of entry lines (blank lines allowed) before line `before`: [(title, page, line)]."""
    best: list[tuple[str, int, int]] = []
    run: list[tuple[str, int, int]] = []
    for i in range(min(before, len(lines))):
        if not lines[i].strip():
            continue
        e = _entry(lines[i])
        if e is None:
            run = []
            continue
        run.append((e[0], e[1], i + 1))
        if len(run) > len(best):
            best = list(run)
    return best if len(best) >= 3 else []


def _matches_exact(line: str, title: str) -> bool:
    if len(line) > 160 or not line.strip():
        return False
    a, b = heading_key(line), heading_key(title)
    if not a:
        return False
    return a == b or (a.endswith(" " + b) and a[: -len(b) - 1].isdigit())


def _matches_fuzzy(line: str, title: str) -> bool:
    s = line.strip()
    if not s or s.isdigit() or is_prose(s) or len(s.split()) > 20 or "\t" in line or len(title.split()) < 2:
        return False
    key = heading_key(s)
    if not re.search(r"[a-z]{2}", key):  # a figure ("↑ +100") is no heading
        return False
    return fuzz.token_set_ratio(key, heading_key(title)) >= 100


def locate_sections(lines: list[str], entries: list[tuple[str, int, int]], start: int) -> list[tuple[int, str, int]]:
    """Body line of each TOC entry, searched in TOC order from line `start`: [(line, title, page)].
    Exact (normalised) heading first; a heading containing all the title's words otherwise."""
    found: list[tuple[int, str, int]] = []
    pos = start
    for title, page, _ in entries:
        hit = next((i for i in range(pos, len(lines)) if _matches_exact(lines[i], title)), None)
        if hit is None:
            hit = next((i for i in range(pos, len(lines)) if _matches_fuzzy(lines[i], title)), None)
        if hit is not None:
            found.append((hit + 1, title, page))
            pos = hit + 1
    return found


def section_of(sections: list[tuple[int, str, int]], line: int) -> str | None:
    title = None
    for ln, t, _p in sections:
        if ln <= line:
            title = t
        else:
            break
    return title
