"""Table of contents ("SOMMAIRE" + "title TAB page" lines) and the body lines of its sections."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .norm import is_prose, norm_key

_ENTRY_RE = re.compile(r"^(\S.*?)\t+(\d{1,3})\s*$")


def parse_toc(lines: list[str], before: int) -> tuple[list[tuple[int, str]], list[tuple[str, int, int]]]:
    """(top-level chapters [(page, title)], detailed entries [(title, page, line)]) found before line `before`."""
    top: list[tuple[int, str]] = []
    entries: list[tuple[str, int, int]] = []
    som = next((i for i in range(min(before, len(lines))) if lines[i].strip().upper() == "SOMMAIRE"), None)
    if som is not None:
        i = som + 1
        page = None
        while i < before - 1:
            s = lines[i].strip()
            i += 1
            if not s:
                continue
            if "\t" in lines[i - 1]:
                break
            if re.fullmatch(r"\d{1,3}", s):
                page = int(s)
            elif page is not None:
                top.append((page, s))
                page = None
            else:
                break
    for i in range(min(before, len(lines))):
        m = _ENTRY_RE.match(lines[i].rstrip("\r\n"))
        if m and lines[i].count("\t") == 1:
            entries.append((m.group(1).strip(), int(m.group(2)), i + 1))
    return top, entries


def _matches_exact(line: str, title: str) -> bool:
    if len(line) > 160 or not line.strip():
        return False
    a, b = norm_key(line), norm_key(title)
    if not a:
        return False
    return a == b or (a.endswith(" " + b) and a[: -len(b) - 1].isdigit())


def _matches_fuzzy(line: str, title: str) -> bool:
    s = line.strip()
    if not s or is_prose(s) or len(s.split()) > 20 or "\t" in line or len(title.split()) < 2:
        return False
    return fuzz.token_set_ratio(norm_key(s), norm_key(title)) >= 100


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
