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


@dataclass(frozen=True)
class Element:
    line: int
    text: str
    prose: bool
    name_tab: bool


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
    looks_like_clients: Callable[[str], bool] = lambda s: False,
    looks_like_tech: Callable[[str], bool] = lambda s: False,
) -> tuple[list[dict], list[dict]]:
    problems: list[dict] = []
    blocks: list[dict] = []
    i = 0
    n = len(elements)
    while i < n:
        if elements[i].prose:
            j = i
            while j < n and elements[j].prose:
                j += 1
            if blocks:  # cannot happen after a header (descriptions are consumed below); kept for safety
                blocks[-1]["description"] += "\n\n" + "\n\n".join(e.text for e in elements[i:j])
            else:
                problems.append(
                    {
                        "severity": "warning",
                        "message": f'Projects section: paragraph at line {elements[i].line} ("{_q(elements[i].text)}") '
                        "comes before any project header; ignored",
                        "line": elements[i].line,
                    }
                )
            i = j
            continue
        j = i
        while j < n and not elements[j].prose:
            j += 1
        run = elements[i:j]
        k = j
        while k < n and elements[k].prose:
            k += 1
        desc = elements[j:k]
        subruns = _split_run(run, layout)
        for sub in subruns[:-1]:  # headers with no description of their own
            block = _header(sub, layout, problems, looks_like_clients, looks_like_tech)
            if block is not None:
                block.update(description="", description_line=None,
                             page=next((p for ln, p in reversed(pages) if ln < block["line"]), None))
                problems.append({"severity": "warning", "line": block["line"],
                                 "message": f'Project "{block["name"]}" (line {block["line"]}) has no description'})
                blocks.append(block)
        block = _header(subruns[-1], layout, problems, looks_like_clients, looks_like_tech)
        if block is not None:
            block["description"] = "\n\n".join(e.text for e in desc)
            block["description_line"] = desc[0].line if desc else None
            block["page"] = next((p for ln, p in reversed(pages) if ln < block["line"]), None)
            if not desc:
                problems.append(
                    {
                        "severity": "warning",
                        "message": f'Project "{block["name"]}" (line {block["line"]}) has no description',
                        "line": block["line"],
                    }
                )
            blocks.append(block)
        i = k
    return blocks, problems


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
    problems: list[dict],
    looks_like_clients: Callable[[str], bool],
    looks_like_tech: Callable[[str], bool],
) -> dict | None:
    def warn(sev: str, msg: str, line: int) -> None:
        problems.append({"severity": sev, "message": msg, "line": line})

    if len(run) == 1:
        e = run[0]
        warn("error", f'Projects section: line {e.line} ("{_q(e.text)}") is not part of a project header '
             "(no clients, status or technology lines follow it); ignored", e.line)
        return None

    k = next((x for x in range(1, len(run)) if status_norm(run[x].text, layout)), None)
    limit = k if k is not None else len(run)
    tab = next((x for x in range(limit) if run[x].name_tab), None)
    missing_clients = missing_tagline = False
    if tab is not None:
        name_idx = tab
    elif k is None:
        name_idx = 1
    elif k >= 3:
        name_idx = k - 2
    elif k == 2:
        if looks_like_clients(run[1].text):
            name_idx = 0
        else:
            name_idx = 1
    else:  # k == 1
        name_idx = 0
    name = run[name_idx]
    label = f'Project "{name.text}" (line {name.line})'

    if name_idx == 0:
        missing_tagline = True
        tagline = ""
        warn("warning", f"{label} has no tagline line", name.line)
    else:
        tagline = run[name_idx - 1].text
        for e in run[: name_idx - 1]:
            warn("warning", f'{label}: unexpected line {e.line} ("{_q(e.text)}") before the tagline; ignored', e.line)

    if k is not None:
        client_els = run[name_idx + 1 : k]
        status_el: Element | None = run[k]
        rest = run[k + 1 :]
    else:
        fields = run[name_idx + 1 :]
        client_els = fields[:1]
        rest = fields[1:]
        status_el = None
        if rest and "," not in rest[0].text and not is_url(rest[0].text, layout) and not looks_like_tech(rest[0].text) \
                and len(rest[0].text.split()) <= 6:
            status_el = rest[0]
            rest = rest[1:]
            warn("warning", f'{label}: unknown status "{status_el.text}" (line {status_el.line}); status_norm left empty',
                 status_el.line)
        else:
            warn("error", f"{label} has no status line", name.line)

    if not client_els:
        missing_clients = True
        warn("error", f"{label} has no clients line", name.line)
    clients_text = " ".join(e.text for e in client_els)

    url = None
    url_line = None
    tech_els: list[Element] = []
    for idx, e in enumerate(rest):
        if is_url(e.text, layout):
            url, url_line = e.text, e.line
            for extra in rest[idx + 1 :]:
                warn("warning", f'{label}: unexpected line {extra.line} ("{_q(extra.text)}") after the URL; ignored',
                     extra.line)
            break
        tech_els.append(e)
    norm = status_norm(status_el.text, layout) if status_el else None
    if not tech_els and norm != "business_analysis" and status_el is not None:
        warn("warning", f"{label} has no technology line", name.line)

    return {
        "name": name.text,
        "line": name.line,
        "tagline": tagline,
        "tagline_line": None if missing_tagline else run[name_idx - 1].line,
        "clients_text": clients_text,
        "clients_line": client_els[0].line if client_els else None,
        "missing_clients": missing_clients,
        "status": status_el.text if status_el else None,
        "status_norm": norm,
        "status_line": status_el.line if status_el else None,
        "tech_text": " ".join(e.text for e in tech_els) if tech_els else None,
        "tech_line": tech_els[0].line if tech_els else None,
        "url": url,
        "url_line": url_line,
    }


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
