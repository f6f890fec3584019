"""Layout variants of the bundled report (what another PDF-to-text export or another editor would make of the
same text) and the extraction score of a parse against the parse of the original: facts compared as sets."""

from __future__ import annotations

import re
from collections.abc import Callable

from smals_graph.loader.headings import heading_key
from smals_graph.loader.model import Dataset
from smals_graph.loader.norm import norm_key

__all__ = ["VARIANTS", "extraction_score", "facts", "service_recall_precision"]


def facts(d: Dataset) -> dict[str, set[tuple]]:
    """The facts a reader of the report cares about, per kind, free of line numbers."""
    return {
        "members": {(m.id, norm_key(m.name), m.category) for m in d.members},
        "projects": {(norm_key(p.name), p.status_norm) for p in d.projects},
        "clients": {(norm_key(p.name), c.member_id or c.organization_id or c.raw) for p in d.projects
                    for c in p.clients},
        "technologies": {(norm_key(p.name), t.service_id or t.technology_id) for p in d.projects
                         for t in p.technologies},
        "services": {(s.id, norm_key(s.name)) for s in d.services},
        "uses": {(u.service_id, u.user_id) for u in d.uses},
    }


def extraction_score(original: Dataset, variant: Dataset) -> tuple[float, dict[str, float]]:
    """(pooled F1 over every fact, F1 per kind) of the variant's facts against the original's."""
    a, b = facts(original), facts(variant)
    per = {k: _f1(a[k], b[k]) for k in a}
    pooled = _f1({(k, *f) for k in a for f in a[k]}, {(k, *f) for k in b for f in b[k]})
    return pooled, per


def service_recall_precision(original: Dataset, variant: Dataset) -> tuple[float, float]:
    """Services of the variant against the original's, a service known by its heading's words (an editor's
    "Centre – contact omnicanal" is the service "Centre de contact omnicanal")."""
    gold = {heading_key(s.name) for s in original.services}
    got = {heading_key(s.name) for s in variant.services}
    return len(gold & got) / len(gold), len(gold & got) / max(1, len(got))


def _f1(gold: set, got: set) -> float:
    if not gold and not got:
        return 1.0
    tp = len(gold & got)
    return 2 * tp / (len(gold) + len(got))


# -- the variants: str -> str (or bytes for another encoding) ------------------------------------------------
def tabs_to_spaces(text: str) -> str:
    """Each tab becomes the run of spaces to the next 8-column stop (2 at least), as `expand` would."""
    out = []
    for line in text.split("\n"):
        buf = ""
        for ch in line:
            if ch == "\t":
                buf += " " * max(2, 8 - len(buf) % 8)
            else:
                buf += ch
        out.append(buf)
    return "\n".join(out)


def indented(text: str) -> str:
    """Every text line behind a tab margin, and a run of spaces after each table-of-contents title."""
    return "\n".join("\t" + ln if ln.strip() else ln for ln in text.split("\n"))


_REWORDED = [
    (r"(?m)^SOMMAIRE$", "Sommaire :"),
    (r"(?m)^PROJETS DE 2025$", "Projets – 2025"),
    (r"(?m)^Aperçu des projets de 2025$", "APERÇU DES PROJETS 2025 :"),
    (r"(?m)^Liste des membres$", "LISTE DES MEMBRES"),
    (r"(?m)^Membres de la catégorie ([ABC])$", r"Membres – Catégorie \1"),
    (r"(?m)^Centres de compétences", "Centres – compétences"),
    (r"(?m)^Services G-Cloud$", "SERVICES G-CLOUD"),
    (r"(?m)^Nouveaux services$", "Nouveaux services :"),
]


def reworded_headings(text: str) -> str:
    for rx, new in _REWORDED:
        text = re.sub(rx, new, text)
    return text


def service_headings(text: str) -> str:
    """The Services chapter's headings as another editor sets them: in capitals, with a colon. A heading is a
    short line without final punctuation followed by a paragraph (after a blank line)."""
    lines = text.split("\n")
    start = lines.index("SERVICES")
    end = lines.index("Liste des membres", start)
    for i in range(start + 1, end - 2):
        s = lines[i].strip()
        nxt = next((ln for ln in lines[i + 1 : i + 4] if ln.strip()), "")
        if (s and len(s.split()) <= 8 and not s.endswith((".", ":", ",", ";")) and not s.isdigit()
                and len(nxt.split()) >= 15 and not s[0].islower()):
            lines[i] = s.upper() + " :"
    return "\n".join(lines)


def footers(text: str) -> str:
    """A running footer "Rapport d'activités 2025 | Smals" and "Page N" in place of every page number, and a
    footer block every 40 lines (at a blank line) where the body has no page number."""
    lines = text.split("\n")
    out: list[str] = []
    page = 1
    since = 0
    for ln in lines:
        if re.fullmatch(r"\d{1,3}", ln.strip()):
            page = int(ln.strip())
            out += ["Rapport d'activités 2025 | Smals", f"Page {page}"]
            since = 0
            continue
        out.append(ln)
        since += 1
        if since >= 40 and not ln.strip():
            out += ["", f"- {page} -", "Rapport d'activités 2025 | Smals", ""]
            since = 0
    return "\n".join(out)


def crlf_cp1252(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("cp1252", errors="replace")


def rewrap(width: int) -> Callable[[str], str]:
    """Lines longer than `width` (tabless) re-wrapped greedily; a long word that does not fit is cut with a
    hyphen, as a typesetter would."""

    def run(text: str) -> str:
        out: list[str] = []
        for ln in text.split("\n"):
            if len(ln) <= width or "\t" in ln:
                out.append(ln)
                continue
            cur = ""
            for w in ln.split(" "):
                if not cur:
                    cur = w
                elif len(cur) + 1 + len(w) <= width:
                    cur += " " + w
                elif len(w) >= 9 and w.isalpha() and len(cur) + 1 + 5 <= width:
                    cut = min(len(w) - 4, width - len(cur) - 2)
                    out.append(cur + " " + w[:cut] + "-")
                    cur = w[cut:]
                else:
                    out.append(cur)
                    cur = w
            out.append(cur)
        return "\n".join(out)

    return run


VARIANTS: dict[str, Callable[[str], str | bytes]] = {
    "tabs-to-spaces": tabs_to_spaces,
    "indented": indented,
    "reworded-headings": reworded_headings,
    "service-headings": service_headings,
    "footers": footers,
    "crlf-cp1252": crlf_cp1252,
    "rewrap-60": rewrap(60),
    "rewrap-120": rewrap(120),
    "all-at-once": lambda t: footers(reworded_headings(tabs_to_spaces(t))),
}


# -- two more exports (issue 18, second round) ---------------------------------------------------------------
def _aligned_columns(text: str) -> str:
    """Tabs become spaces that align the columns of each block of consecutive table lines (two at least)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        rows = [ln.split("\t") for ln in lines[i:j]]
        widths: list[int] = []
        for r in rows:
            for k, cell in enumerate(r[:-1]):
                if k == len(widths):
                    widths.append(0)
                widths[k] = max(widths[k], len(cell))
        out += ["".join(c.ljust(widths[k] + 3) for k, c in enumerate(r[:-1])) + r[-1] for r in rows]
        i = j
    return "\n".join(out)


def spaced_footers(text: str) -> str:
    """Columns aligned by spaces; each page number as "Page N sur 88" on its own line; a running footer
    "Smals — Rapport d'activités 2025", many spaces and the page number, between paragraphs every 30 lines or
    so (inside the Services chapter too)."""
    out: list[str] = []
    page, since = 1, 0
    for ln in _aligned_columns(text).split("\n"):
        if re.fullmatch(r"\d{1,3}", ln.strip()):
            page = int(ln.strip())
            out.append(f"Page {page} sur 88")
            since = 0
            continue
        out.append(ln)
        since += 1
        if since >= 30 and not ln.strip():
            out += [f"Smals — Rapport d'activités 2025{' ' * (40 + page % 7)}{page}", ""]
            since = 0
    return "\n".join(out)


def _editor_heading(s: str, n: int) -> str:
    """One of the ways an editor rewords a heading, chosen by its rank: capitals, lower case after the first
    word, '&' for 'et', a dash or a colon for 'de'/'des', a final colon."""
    way = n % 5
    if way == 0:
        return s.upper()
    if way == 1:
        return s[:1] + s[1:].lower() if not re.search(r"[A-Z]{2}", s) else s + " :"
    if way == 2:
        return re.sub(r" (?:de|des|du) ", " – ", s, count=1) if re.search(r" (?:de|des|du) ", s) else s.upper()
    if way == 3:
        return s.replace(" et ", " & ") if " et " in s else re.sub(r" (?:de|des) ", ": ", s, count=1) + ""
    return s + " :"


def editor_rewrap(text: str) -> str:
    """Another editor and export: the Services chapter's headings (and the chapter headings) reworded, the
    contents with dot leaders and uneven spacing, paragraphs re-wrapped at 96 columns with hyphenated breaks,
    CRLF line endings."""
    lines = text.split("\n")
    start = lines.index("SERVICES")
    end = lines.index("Liste des membres", start)
    n = 0
    for i in range(start + 1, end - 2):
        s = lines[i].strip()
        nxt = next((ln for ln in lines[i + 1 : i + 4] if ln.strip()), "")
        if (s and len(s.split()) <= 10 and not s.endswith((".", ":", ",", ";")) and not s.isdigit()
                and len(nxt.split()) >= 15 and not s[0].islower()):
            lines[i] = _editor_heading(s, n)
            n += 1
    som = lines.index("SOMMAIRE")
    for i, ln in enumerate(lines[:start]):
        m = re.fullmatch(r"([^\t]+)\t(\d{1,3})", ln)
        if m:
            # page numbers right-aligned at column 94 by the leaders, the spaces around them uneven
            pad = 94 - len(m.group(1)) - len(m.group(2)) - 1 - 2 * (i % 3)
            lines[i] = f"{m.group(1)}{' ' * (1 + i % 3)}{'.' * max(3, pad)}{' ' * (i % 3)}{m.group(2)}"
        elif i > som and re.fullmatch(r"\d{1,3}", ln) and lines[i + 1].strip() and "\t" not in lines[i + 1]:
            # the chapters too: "Services ...... 49" on one line instead of the page above the title
            lines[i], lines[i + 1] = f"{lines[i + 1]} {'.' * (30 - len(lines[i + 1]) % 9)}  {ln}", ""
    text = reworded_headings("\n".join(lines))
    return rewrap(96)(text).replace("\n", "\r\n")


def no_chapter_list(text: str) -> str:
    """A contents with the detailed entries only: the chapters' list (a page above each title) left out."""
    lines = text.split("\n")
    start = lines.index("SOMMAIRE") + 1
    end = next(i for i in range(start, len(lines)) if "\t" in lines[i])
    return "\n".join(lines[:start] + [""] * (end - start) + lines[end:])


VARIANTS["no-chapter-list"] = no_chapter_list
VARIANTS["spaced-footers"] = spaced_footers
VARIANTS["editor-rewrap-crlf"] = editor_rewrap


def held_out(text: str) -> str:
    """Written after the reader was tuned, scored once: dot leaders in the contents, "12 / 90" page numbers
    under a running header (the title in capitals), every heading in capitals, lines wrapped at 90 columns."""
    lines = []
    for ln in text.split("\n"):
        m = re.fullmatch(r"([^\t]+)\t(\d{1,3})", ln)
        if m and len(ln) < 90:
            ln = f"{m.group(1)} {'.' * max(3, 70 - len(m.group(1)))} {m.group(2)}"
        elif re.fullmatch(r"\d{1,3}", ln.strip()):
            lines += ["RAPPORT D'ACTIVITÉS 2025 — SMALS", ""]
            ln = f"{ln.strip()} / 90"
        elif ln in ("Liste des membres", "Aperçu des projets de 2025", "Services G-Cloud") or ln.startswith(
                "Membres de la catégorie"):
            ln = ln.upper()
        lines.append(ln)
    return rewrap(90)("\n".join(lines))


# -- a third export (issue 18, third round) ------------------------------------------------------------------
_CONTENTS_WORDING = {  # the contents only: the body keeps its headings
    "Nouveaux services": "NOUVEAUX SERVICES",
    "Services G-Cloud": "Services G-CLOUD",
    "Service client": "SERVICE CLIENT",
    "Projets de 2025": "Projets : 2025",
    "Liste récapitulative des projets de 2025": "Liste récapitulative – projets 2025",
    "Publications de 2025": "Publications - 2025",
    "Recherche et innovation": "Recherche & innovation",
}


def _leader(title: str, page: int, n: int) -> str:
    """One of four leader shapes, by rank: dots glued to both sides, dots alternating with spaces after two
    spaces (up to column 78, as an export right-aligns the page), dots with a space on each side, dots with the
    page glued to them."""
    way, over = n % 4, max(0, len(title) - 50)  # a long title has short leaders: the line fits in 96 columns
    if way == 0:
        return f"{title}{'.' * max(3, 40 - len(title) % 20 - over)}{page}"
    if way == 1:
        return f"{title}  {'. ' * max(3, (76 - len(title)) // 2)}{page}"
    if way == 2:
        return f"{title} {'.' * (8 + len(title) % 7)} {page}"
    return f"{title} {'.' * (10 + len(title) % 3)}{page}"


def mixed_leaders(text: str) -> str:
    """Another export of the editor's: the contents' chapters and sub-entries all plain entries with leaders
    of four shapes mixed, some entries in capitals or reworded in the contents only ("Projets : 2025",
    "Recherche & innovation"), the body's chapter headings in capitals, the Services chapter's headings
    reworded, a 96-column rewrap with hyphenated breaks, CRLF line endings."""
    lines = text.split("\n")
    start = lines.index("SERVICES")
    end = lines.index("Liste des membres", start)
    n = 0
    for i in range(start + 1, end - 2):
        s = lines[i].strip()
        nxt = next((ln for ln in lines[i + 1 : i + 4] if ln.strip()), "")
        if (s and len(s.split()) <= 10 and not s.endswith((".", ":", ",", ";")) and not s.isdigit()
                and len(nxt.split()) >= 15 and not s[0].islower()):
            lines[i] = _editor_heading(s, n)
            n += 1
    som = lines.index("SOMMAIRE")
    n = 0
    for i, ln in enumerate(lines[:start]):
        m = re.fullmatch(r"([^\t]+)\t(\d{1,3})", ln)
        if m:
            lines[i] = _leader(_CONTENTS_WORDING.get(m.group(1), m.group(1)), int(m.group(2)), n)
            n += 1
        elif i > som and re.fullmatch(r"\d{1,3}", ln) and lines[i + 1].strip() and "\t" not in lines[i + 1]:
            title = lines[i + 1].strip()
            lines[i], lines[i + 1] = _leader(_CONTENTS_WORDING.get(title, title), int(ln), n), ""
            n += 1
    body = som + 80
    for i in range(body, len(lines)):  # a chapter heading of the body in capitals
        if lines[i] in ("Smals en bref", "Recherche et innovation", "Ressources humaines"):
            lines[i] = lines[i].upper()
    return rewrap(96)("\n".join(lines)).replace("\n", "\r\n")


VARIANTS["mixed-leaders"] = mixed_leaders
