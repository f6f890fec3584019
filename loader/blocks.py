"""Project blocks of the "PROJETS DE <year>" section.

The section is cut into *elements* (non-blank lines minus layout noise: logo words, EU-funding banners,
photo credits, page numbers). Elements are either prose (description paragraphs: a sentence of 8+
words, or 40+ words) or header lines. Every maximal run of header lines is one project header:

    tagline / name / clients (1+ lines) / status / technologies (0+ lines, joined) / URL (optional)

followed by its description paragraphs. The status line (vocabulary in data/layout.json) anchors the
fields; a name line ending with a TAB anchors the name. Missing or extra fields become problems naming
their line; nothing here raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .norm import is_prose
from .problems import Problems


@dataclass(frozen=True)
class Element:
    line: int
    text: str
    prose: bool
    name_tab: bool


@dataclass(slots=True, kw_only=True)
class Block:
    """One project page of the section as written: its header fields with their lines, and its description."""

    name: str
    line: int
    tagline: str
    tagline_line: int | None
    clients_text: str
    clients_line: int | None
    status: str | None
    status_norm: str | None
    status_line: int | None
    tech_text: str | None
    tech_line: int | None
    url: str | None
    url_line: int | None
    description: str = ""
    description_line: int | None = None
    page: int | None = None


def clean_line(raw: str, layout: dict) -> str | None:
    """The meaningful text of a line, or None for blank/noise lines."""
    s = raw.strip()
    if not s:
        return None
    if any(s.startswith(p) for p in layout["credit_prefixes"]):
        return None
    for phrase in layout["noise_phrases"]:
        if phrase in s:
            s = s.replace(phrase, " ").strip()
    if not s or s in layout["noise_lines"]:
        return None
    return s


def scan(lines: list[str], first: int, last: int, layout: dict) -> tuple[list[Element], list[tuple[int, int]]]:
    """Elements and page-number markers of lines first..last (1-based, inclusive)."""
    elements: list[Element] = []
    pages: list[tuple[int, int]] = []
    for ln in range(first, last + 1):
        raw = lines[ln - 1]
        s = clean_line(raw, layout)
        if s is None:
            continue
        if re.fullmatch(r"\d{1,3}", s):
            pages.append((ln, int(s)))
            continue
        elements.append(Element(ln, s, is_prose(s), raw.rstrip(" ").endswith("\t")))
    return elements, pages


def status_norm(text: str, layout: dict) -> str | None:
    for rx, norm in layout["_status_res"]:
        if rx.search(text):
            return norm
    return None


def is_url(text: str, layout: dict) -> bool:
    if re.search(r"\s", text):
        return False
    if re.match(r"(?i)^(https?://|www\.)", text):
        return True
    host = text.split("/", 1)[0].lower()
    if "." not in host or not re.fullmatch(r"[a-z0-9.-]+", host):
        return False
    return host.rsplit(".", 1)[1] in layout["url_tlds"]


def _q(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def parse_blocks(
    elements: list[Element],
    pages: list[tuple[int, int]],
    layout: dict,
    problems: Problems,
    looks_like_clients: Callable[[str], bool] = lambda s: False,
    looks_like_tech: Callable[[str], bool] = lambda s: False,
) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    n = len(elements)
    while i < n:
        if elements[i].prose:
            j = _run_end(elements, i, prose=True)
            if blocks:  # cannot happen after a header (descriptions are consumed below); kept for safety
                blocks[-1].description += "\n\n" + "\n\n".join(e.text for e in elements[i:j])
            else:
                problems.warn(f'Projects section: paragraph at line {elements[i].line} ("{_q(elements[i].text)}") '
                              "comes before any project header; ignored", elements[i].line)
            i = j
            continue
        j = _run_end(elements, i, prose=False)
        k = _run_end(elements, j, prose=True)
        subruns = _split_run(elements[i:j], layout)
        for sub in subruns[:-1]:  # headers with no description of their own
            _add_block(blocks, sub, [], pages, layout, problems, looks_like_clients, looks_like_tech)
        _add_block(blocks, subruns[-1], elements[j:k], pages, layout, problems, looks_like_clients, looks_like_tech)
        i = k
    return blocks


def _run_end(elements: list[Element], start: int, *, prose: bool) -> int:
    """The index after the run of prose (or header) elements that starts at `start`."""
    end = start
    while end < len(elements) and elements[end].prose == prose:
        end += 1
    return end


def _add_block(blocks: list[Block], header: list[Element], desc: list[Element], pages: list[tuple[int, int]],
               layout: dict, problems: Problems, looks_like_clients: Callable[[str], bool],
               looks_like_tech: Callable[[str], bool]) -> None:
    block = _header(header, layout, problems, looks_like_clients, looks_like_tech)
    if block is None:
        return
    block.description = "\n\n".join(e.text for e in desc)
    block.description_line = desc[0].line if desc else None
    block.page = next((p for ln, p in reversed(pages) if ln < block.line), None)
    if not desc:
        problems.warn(f'Project "{block.name}" (line {block.line}) has no description', block.line)
    blocks.append(block)


def _split_run(run: list[Element], layout: dict) -> list[list[Element]]:
    """Cut a header run holding several headers (a block without description followed by the next block):
    each further status line starts a new header three lines earlier (tagline, name, clients), or right after
    the previous header's URL."""
    statuses = [x for x in range(1, len(run)) if status_norm(run[x].text, layout)]
    if len(statuses) < 2:
        return [run]
    cuts: list[int] = []
    prev = statuses[0]
    for k2 in statuses[1:]:
        start = k2 - 3
        urls = [x for x in range(prev + 1, k2) if is_url(run[x].text, layout)]
        if urls:
            start = urls[-1] + 1
        start = max(start, prev + 1)
        if start < k2:
            cuts.append(start)
            prev = k2
    bounds = [0, *cuts, len(run)]
    return [run[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def _header(
    run: list[Element],
    layout: dict,
    problems: Problems,
    looks_like_clients: Callable[[str], bool],
    looks_like_tech: Callable[[str], bool],
) -> Block | None:
    if len(run) == 1:
        e = run[0]
        problems.error(f'Projects section: line {e.line} ("{_q(e.text)}") is not part of a project header '
                       "(no clients, status or technology lines follow it); ignored", e.line)
        return None
    k = next((x for x in range(1, len(run)) if status_norm(run[x].text, layout)), None)
    name_idx = _name_index(run, k, looks_like_clients)
    name = run[name_idx]
    label = f'Project "{name.text}" (line {name.line})'
    tagline_el = _tagline(run, name_idx, label, problems)
    client_els, status_el, rest = _fields(run, name_idx, k, label, layout, problems, looks_like_tech)
    if not client_els:
        problems.error(f"{label} has no clients line", name.line)
    url_el, tech_els = _url_and_technologies(rest, label, layout, problems)
    norm = status_norm(status_el.text, layout) if status_el else None
    if not tech_els and norm != "business_analysis" and status_el is not None:
        problems.warn(f"{label} has no technology line", name.line)
    return Block(
        name=name.text,
        line=name.line,
        tagline=tagline_el.text if tagline_el else "",
        tagline_line=tagline_el.line if tagline_el else None,
        clients_text=" ".join(e.text for e in client_els),
        clients_line=client_els[0].line if client_els else None,
        status=status_el.text if status_el else None,
        status_norm=norm,
        status_line=status_el.line if status_el else None,
        tech_text=" ".join(e.text for e in tech_els) if tech_els else None,
        tech_line=tech_els[0].line if tech_els else None,
        url=url_el.text if url_el else None,
        url_line=url_el.line if url_el else None,
    )


def _name_index(run: list[Element], k: int | None, looks_like_clients: Callable[[str], bool]) -> int:
    """Which line of a header is the project name: the one ending with a TAB, else counted back from the status
    line `k` (tagline / name / clients / status), else the second line."""
    limit = k if k is not None else len(run)
    tab = next((x for x in range(limit) if run[x].name_tab), None)
    if tab is not None:
        return tab
    if k is None:
        return 1
    if k >= 3:
        return k - 2
    if k == 2:
        return 0 if looks_like_clients(run[1].text) else 1
    return 0  # k == 1


def _tagline(run: list[Element], name_idx: int, label: str, problems: Problems) -> Element | None:
    """The line before the name; lines before it are ignored, each a problem."""
    if name_idx == 0:
        problems.warn(f"{label} has no tagline line", run[0].line)
        return None
    for e in run[: name_idx - 1]:
        problems.warn(f'{label}: unexpected line {e.line} ("{_q(e.text)}") before the tagline; ignored', e.line)
    return run[name_idx - 1]


def _fields(run: list[Element], name_idx: int, k: int | None, label: str, layout: dict, problems: Problems,
            looks_like_tech: Callable[[str], bool]) -> tuple[list[Element], Element | None, list[Element]]:
    """(client lines, status line, the lines after the status) of a header. Without a known status, the line
    after the one client line is taken as an unknown status when it looks like one."""
    if k is not None:
        return run[name_idx + 1 : k], run[k], run[k + 1 :]
    fields = run[name_idx + 1 :]
    rest = fields[1:]
    if rest and "," not in rest[0].text and not is_url(rest[0].text, layout) and not looks_like_tech(rest[0].text) \
            and len(rest[0].text.split()) <= 6:
        status_el = rest[0]
        problems.warn(f'{label}: unknown status "{status_el.text}" (line {status_el.line}); status_norm left empty',
                      status_el.line)
        return fields[:1], status_el, rest[1:]
    problems.error(f"{label} has no status line", run[name_idx].line)
    return fields[:1], None, rest


def _url_and_technologies(rest: list[Element], label: str, layout: dict,
                          problems: Problems) -> tuple[Element | None, list[Element]]:
    """The URL line (lines after it are ignored, each a problem) and the technology lines before it."""
    tech_els: list[Element] = []
    for idx, e in enumerate(rest):
        if is_url(e.text, layout):
            for extra in rest[idx + 1 :]:
                problems.warn(f'{label}: unexpected line {extra.line} ("{_q(extra.text)}") after the URL; ignored',
                              extra.line)
            return e, tech_els
        tech_els.append(e)
    return None, tech_els


def split_technologies(text: str | None) -> list[str]:
    """Items of a technology line: ',' separates, so do ' / ' and ' & ' inside an item; '/' alone means none."""
    if text is None:
        return []
    t = text.strip().rstrip(".").strip()
    if t in ("", "/", "-", "–"):
        return []
    items: list[str] = []
    for part in t.split(","):
        for sub in re.split(r"\s+/\s+|\s+&\s+", part):
            sub = sub.strip()
            if sub and sub not in ("/", "-"):
                items.append(sub)
    return items
