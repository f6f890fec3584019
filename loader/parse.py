"""Parse a Smals activity report (French text export) into the dataset of ../shared/contracts/dataset.schema.json.

Public API::

    parse_report(path) -> dict      # reads bytes: UTF-8, else cp1252 (with an `info` problem)
    parse_text(text, source_file="<text>") -> dict

Fatal problems raise ``graph_model.errors.ReportError(message, line=N, source=file)``: empty file, undecodable
bytes, not a report (no "PROJETS DE <year>" heading), truncated report (no summary table after the projects,
no members list or a missing category). Everything else is a problem in ``problems`` ({severity, message, line}).
CRLF and LF parse identically (same 1-based line numbers).

Ids (deterministic, from the text only):

* members        ``m:<slug of acronym>`` if the list gives one, else ``m:<slug of name>`` (``m:onss``, ``m:la-defense``)
* organizations  ``o:<slug of name>`` (``o:smals``)
* projects       ``p:<slug of name>`` (``p:wave-saas``)
* technologies   ``t:<slug of canonical name>`` (``t:postgresql``)
* services       ``s:<catalogue id>`` for data/services.json entries (``s:wave``, ``s:ebox``), else
                 ``s:<slug of the Services-chapter heading without its parenthetical>`` (``s:logs-centralization-service``)

Slugs: accents stripped, lower case, runs of other characters -> '-', '+' -> '-plus'; a clash gets '-2', '-3'.

Extra keys beyond the contract: client items and technology items carry ``rule`` (see loader/resolve.py);
projects carry ``description_line``, ``summary_row_line`` (line of the matching summary-table row or null)
and ``page_source`` ("body", "summary" or null); ``uses`` items carry ``mention`` (the words that named the
service). Page numbers: lone number lines in the body, else the summary table's page column.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from smals_graph.graph_model.errors import ReportError

from . import knowledge
from .blocks import parse_blocks, scan, split_technologies
from .members import find_members, parse_members
from .resolve import Resolver, TechResolver
from .reuse import read_report
from .services import ServicesBuilder
from .summary import match_rows, parse_rows
from .toc import locate_sections, parse_toc, section_of

PROJECTS_RE = re.compile(r"^PROJETS DE ((?:19|20)\d\d)\s*$")
SUMMARY_RE = re.compile(r"^Aperçu des projets de ((?:19|20)\d\d)\s*$", re.I)
LANGUAGE = "fr"


def parse_report(path: str | Path) -> dict:
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"cannot read file: {exc.strerror or exc}", line=None, source=source) from exc
    text, problem = decode(data, source)
    return _parse(text, source, hashlib.sha256(data).hexdigest(), [problem] if problem else [])


def parse_text(text: str, source_file: str = "<text>") -> dict:
    return _parse(text, source_file, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), [])


def decode(data: bytes, source: str) -> tuple[str, dict | None]:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReportError("binary file (NUL byte): not a text report", line=line, source=source)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc2:
        line2 = data[: exc2.start].count(b"\n") + 1
        raise ReportError(
            f"undecodable bytes: not UTF-8 (byte 0x{bad:02x} at line {line}) and not cp1252 "
            f"(byte 0x{data[exc2.start]:02x} at line {line2})",
            line=line2,
            source=source,
        ) from None
    return text, {
        "severity": "info",
        "message": f"file is not UTF-8 (byte 0x{bad:02x} at line {line}); decoded as cp1252",
        "line": line,
    }


def report_lines(path: str | Path) -> list[str]:
    """The report's lines exactly as the loader numbers them (same decoding, newlines and normalisation), so a
    `line` stored in the graph points at the same text in the app."""
    data = Path(path).read_bytes()
    return _lines(decode(data, str(path))[0])


def _lines(text: str) -> list[str]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [unicodedata.normalize("NFC", ln) for ln in lines]


def reuse_reader(path: str | Path):
    """The statement-of-use reader of a report (its members, projects and components), emptied of facts:
    `reader.read(Passage(...))` reads any sentence as if it were in that report (used by the tests)."""
    holder: dict = {}
    text, _problem = decode(Path(path).read_bytes(), str(path))
    _parse(text, str(path), "", [], holder)
    reader = holder["reuse"]
    reader.reset()
    return reader


def _parse(text: str, source: str, sha: str, problems: list[dict], holder: dict | None = None) -> dict:
    layout = knowledge.layout()
    lines = _lines(text)
    if not any(ln.strip() for ln in lines):
        raise ReportError("empty file", line=None, source=source)

    # -- skeleton: title, year, projects section, summary table, members list ---------
    title_line = next(i for i, ln in enumerate(lines) if ln.strip())
    title = lines[title_line].strip()
    pstart = next((i + 1 for i, ln in enumerate(lines) if PROJECTS_RE.match(ln.strip())), None)
    if pstart is None:
        has_members = any(ln.strip() == "Liste des membres" for ln in lines)
        raise ReportError(
            'not an activity report: no "PROJETS DE <year>" heading'
            + ("" if has_members else ' and no "Liste des membres"'),
            line=None,
            source=source,
        )
    year = int(PROJECTS_RE.match(lines[pstart - 1].strip()).group(1))
    ym = re.search(r"\b((?:19|20)\d\d)\b", title)
    if ym and int(ym.group(1)) != year:
        problems.append({"severity": "warning", "line": pstart,
                         "message": f'Title "{title}" says {ym.group(1)} but the projects heading says {year}'})
    sstart = next(
        (i + 1 for i in range(pstart, len(lines)) if SUMMARY_RE.match(lines[i].strip())), None
    )
    if sstart is None:
        raise ReportError(
            f'truncated report: the projects section (line {pstart}) is not followed by the summary table '
            f'"Aperçu des projets de {year}"',
            line=len(lines),
            source=source,
        )
    sy = int(SUMMARY_RE.match(lines[sstart - 1].strip()).group(1))
    if sy != year:
        problems.append({"severity": "warning", "line": sstart,
                         "message": f"Summary table is for {sy} but the projects section is for {year}"})
    rows, table_end = parse_rows(lines, sstart + 1, len(lines))
    _a_line, heads = find_members(lines, table_end, source)

    # -- members -----------------------------------------------------------------------
    members = parse_members(lines, heads, problems, source)
    resolver = Resolver(members)

    # -- project blocks ----------------------------------------------------------------
    tech_names = {t_key for t_key in _tech_keys()}
    elements, pages = scan(lines, pstart + 1, sstart - 1, layout)
    blocks, bproblems = parse_blocks(
        elements,
        pages,
        layout,
        looks_like_clients=lambda s: all(resolver.resolvable(c) for c in resolver.split_clients(s)),
        looks_like_tech=lambda s: _norm(s) in tech_names,
    )
    problems.extend(bproblems)
    if not blocks:
        raise ReportError(
            f"no project blocks between the projects heading (line {pstart}) and the summary table (line {sstart})",
            line=pstart,
            source=source,
        )

    # -- TOC sections, services chapter -------------------------------------------------
    top, entries = parse_toc(lines, pstart)
    toc_end = max((e[2] for e in entries), default=0)
    sections = locate_sections(lines, entries, toc_end)
    builder = ServicesBuilder(lines, layout, sections)
    subsections = _services_subsections(lines, top, sections, table_end, problems)
    builder.parse_chapter(subsections, set(layout["competence_centre_sections"]))
    builder.finish_descriptions()
    builder.add_catalogue_mentions(lambda ln: section_of(sections, ln), (pstart, sstart))
    problems.extend(builder.problems)

    # -- projects: resolve clients and technologies --------------------------------------
    tech = TechResolver({_norm(k): v for k, v in builder.service_keys().items()})
    projects: list[dict] = []
    used_ids: set[str] = set()
    first_new_line: dict[str, int] = {}
    for b in blocks:
        pid, n = "p:" + _slug(b["name"]), 2
        while pid in used_ids:
            pid, n = f'p:{_slug(b["name"])}-{n}', n + 1
        used_ids.add(pid)
        clients = []
        for raw in resolver.split_clients(b["clients_text"]):
            item = resolver.resolve_client(raw, b["clients_line"] or b["line"])
            clients.append(item)
            if item["member_id"] is None and item["organization_id"] is None:
                problems.append({"severity": "warning", "line": b["clients_line"],
                                 "message": f'Project "{b["name"]}" (line {b["line"]}): client "{raw}" (line {b["clients_line"]}) matches no member '
                                            "(name, acronym, alias) and no known organization; left unresolved",
                                 "subject": pid})
        tagline = b["tagline"]
        for c in clients:
            if tagline.startswith(c["raw"] + " ") and tagline[len(c["raw"]) + 1 : len(c["raw"]) + 2].isupper():
                problems.append({"severity": "info", "line": b["tagline_line"],
                                 "message": f'Tagline of "{b["name"]}" (line {b["tagline_line"]}) starts with the logo '
                                            f'word "{c["raw"]}"; removed', "subject": pid})
                tagline = tagline[len(c["raw"]) + 1 :]
                break
        technologies = [tech.resolve(raw) for raw in split_technologies(b["tech_text"])]
        for t in technologies:
            if t["rule"] == "new":
                first_new_line.setdefault(t["raw"], b["tech_line"])
        desc_paras = [(e_line, t) for e_line, t in _desc_paras(b, elements)]
        projects.append({
            "id": pid,
            "name": b["name"],
            "tagline": tagline,
            "status": b["status"],
            "status_norm": b["status_norm"],
            "clients": clients,
            "technologies": technologies,
            "url": b["url"],
            "page": b["page"],
            "page_source": "body" if b["page"] is not None else None,
            "line": b["line"],
            "description": b["description"],
            "description_line": b["description_line"],
            "summary_row_line": None,
            "_desc_paras": desc_paras,
        })
    new = tech.new_names()
    if new:
        where = sorted((first_new_line.get(n) or 0, n) for n in new)
        problems.append({"severity": "info", "line": where[0][0] or None,
                         "message": f"{len(new)} technology name(s) not in technologies.json, kept without category: "
                                    + ", ".join(f"{n} (line {ln})" for ln, n in where),
                         "subjects": ["t:" + _slug(n) for _ln, n in where]})

    # -- summary table --------------------------------------------------------------------
    _check_summary(rows, projects, resolver, problems, sstart)

    # -- statements of use over the whole report ---------------------------------------------
    page_of = _page_index(lines, sections, toc_end, [(p["line"], p["page"]) for p in projects if p["page"]])
    services_range = (subsections[0][1], subsections[-1][2]) if subsections else (0, -1)
    reuse = read_report(lines, builder, projects, resolver, knowledge.applications(),
                        outside=(title_line + 1, _a_line - 1), skip=[(pstart, table_end), services_range])
    if holder is not None:
        holder["reuse"] = reuse
    block_of = {p["id"]: p for p in projects}
    uses = []
    for f in reuse.facts:
        page = block_of[f.page_project]["page"] if f.page_project in block_of else page_of(f.line)
        uses.append({"service_id": f.service_id, "user_kind": f.user_kind, "user_id": f.user_id, "line": f.line,
                     "page": page, "quote": f.quote, "mention": f.mention, "user_mention": f.user_mention,
                     "rule": f.rule, "relationship": f.relationship})
    services_by_id = {s["id"]: s for s in builder.services.values()}
    for left in reuse.left_out:
        names = ", ".join(services_by_id[c]["name"] for c in left["components"])
        who = ", ".join(dict.fromkeys(raw for _k, _i, raw in left["users"]))
        problems.append({"severity": "info", "line": left["line"],
                         "message": f'Line {left["line"]} names {names} and {who} but gave no statement of use '
                                    f'({left["reason"]}): "{_short_quote(left["sentence"])}"',
                         # named, not concerned: no CONCERNS edge crowds the component's neighbourhood
                         "mentions": [*left["components"], *(i for _k, i, _r in left["users"])],
                         "kind": "left-out-statement"})
    project_by_name = {p["name"]: p["id"] for p in projects}
    applications = []
    for app in sorted(reuse.applications.values(), key=lambda a: (a["line"], a["id"])):
        spec = next((a for a in knowledge.applications() if a["id"] == app["id"]), {})
        applications.append({**app, "aliases": sorted(set(app["aliases"]) | set(spec.get("aliases", [])) - {app["name"]}),
                             "page": page_of(app["line"]), "project_id": project_by_name.get(spec.get("project", ""))})

    for m in members:
        al = set(m["aliases"])
        if m["acronym"]:
            al.add(m["acronym"])
        if m["_short"]:
            al.add(m["_short"])
        al.update(m["_alternate"])
        if m["_base"]:
            al.add(m["_base"])
        al.update(resolver.alias_names_for(m["id"]))
        al.update(resolver.seen_raw.get(m["id"], ()))
        al.discard(m["name"])
        m["aliases"] = sorted(al)
    public_members = [{**{k: v for k, v in m.items() if not k.startswith("_")}, "page": page_of(m["line"])}
                      for m in members]
    organizations = [{**o, "page": page_of(o["line"])}
                     for o in sorted(resolver.organizations.values(), key=lambda o: (o["line"], o["id"]))]
    if any(u["user_id"] == "o:smals" for u in uses) and not any(o["id"] == "o:smals" for o in organizations):
        first = min(u["line"] for u in uses if u["user_id"] == "o:smals")
        organizations.append({"id": "o:smals", "name": "Smals", "line": first, "page": page_of(first)})
    public_services = [{**s, "page": page_of(s["line"])} for s in builder.public()]
    for p in projects:
        del p["_desc_paras"]

    return {
        "source": {"file": source, "sha256": sha, "title": title, "year": year, "language": LANGUAGE},
        "members": public_members,
        "organizations": organizations,
        "applications": applications,
        "projects": projects,
        "technologies": tech.technologies(),
        "services": public_services,
        "uses": uses,
        "problems": problems,
    }


def _page_index(lines: list[str], sections: list[tuple[int, str, int]], toc_end: int,
                projects: list[tuple[int, int]]):
    """line -> page: the TOC's section pages, refined by the lone page numbers of the body that fall between
    them and by the project pages (from a project's name line); None before the first known page."""
    toc = sorted((ln, p) for ln, _t, p in sections)
    anchors = list(toc)
    for i, raw in enumerate(lines, start=1):
        s = raw.strip()
        if i <= toc_end or not re.fullmatch(r"\d{1,3}", s):
            continue
        prev = [p for ln, p in toc if ln <= i]
        nxt = [p for ln, p in toc if ln > i]
        if (not prev or int(s) >= prev[-1]) and (not nxt or int(s) <= nxt[0]):
            anchors.append((i, int(s)))
    anchors += projects
    anchors.sort()

    def page_of(line: int | None) -> int | None:
        if line is None:
            return None
        page = None
        for ln, p in anchors:
            if ln > line:
                break
            page = p
        return page

    return page_of


def _short_quote(sentence: str, limit: int = 200) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _norm(s: str) -> str:
    from .norm import norm_key

    return norm_key(s)


def _slug(s: str) -> str:
    from .norm import slug

    return slug(s)


def _tech_keys() -> set[str]:
    out = set()
    for t in knowledge.technologies():
        for v in [t["name"], *t.get("variants", [])]:
            out.add(_norm(v))
    return out


def _desc_paras(block: dict, elements) -> list[tuple[int, str]]:
    if block["description_line"] is None:
        return []
    out = []
    started = False
    for e in elements:
        if e.line == block["description_line"]:
            started = True
        if started:
            if not e.prose:
                break
            out.append((e.line, e.text))
    return out


def _services_subsections(lines, top, sections, after, problems) -> list[tuple[str, int, int]]:
    """Sub-sections of the Services chapter: TOC entries paged between the chapter and the next one."""
    idx = next((i for i, (_p, t) in enumerate(top) if t.strip().lower() == "services"), None)
    if idx is None:
        problems.append({"severity": "warning", "line": None,
                         "message": 'No "Services" chapter in the table of contents; no services extracted from it'})
        return []
    first_page = top[idx][0]
    next_page = top[idx + 1][0] if idx + 1 < len(top) else 10**6
    found = [(ln, t, p) for ln, t, p in sections if first_page <= p < next_page and ln > after]
    subs = [(ln, t) for ln, t, p in found if t.strip().lower() != "services"]
    if not subs:
        problems.append({"severity": "warning", "line": None,
                         "message": "Services chapter sub-sections of the table of contents not found in the body"})
        return []
    nxt = [ln for ln, _t, p in sections if p >= next_page and ln > subs[-1][0]]
    end = min(nxt) - 1 if nxt else len(lines)
    for ln in range(subs[-1][0] + 1, end + 1):
        s = lines[ln - 1].strip()
        if s and s == s.upper() and any(c.isalpha() for c in s) and len(s.split()) <= 4:
            end = ln - 1
            break
    out = []
    for i, (ln, t) in enumerate(subs):
        stop = subs[i + 1][0] - 1 if i + 1 < len(subs) else end
        out.append((t, ln, stop))
    return out


def _check_summary(rows, projects, resolver: Resolver, problems, sstart) -> None:
    if not rows:
        problems.append({"severity": "warning", "line": sstart, "message": "Summary table has no rows"})
        return
    matched = match_rows(rows, projects)
    row_of_project = {pi: ri for ri, (pi, _s, _r) in matched.items()}

    def ids(clients: list[dict]) -> dict[str, str]:
        out = {}
        for c in clients:
            out[c["member_id"] or c["organization_id"] or "raw:" + c["raw"]] = c["raw"]
        return out

    shifted: list[int] = []
    for ri, r in enumerate(rows):
        if ri not in matched:
            problems.append({"severity": "warning", "line": r["line"],
                             "message": f'Summary table row "{r["name"]}" (line {r["line"]}) matches no project page'})
            continue
        pi, score, rule = matched[ri]
        p = projects[pi]
        p["summary_row_line"] = r["line"]
        if rule == "fuzzy-name":
            problems.append({"severity": "info", "line": r["line"], "subject": p["id"],
                             "message": f'Summary table names "{r["name"]}" (line {r["line"]}) what the project page '
                                        f'(line {p["line"]}) calls "{p["name"]}"'
                                        + f" (fuzzy match, score {score:g})"})
        if r["page"] is None:
            problems.append({"severity": "warning", "line": r["line"], "subject": p["id"],
                             "message": f'Summary table row "{r["name"]}" (line {r["line"]}) has no page number'})
        elif p["page"] is None:
            p["page"], p["page_source"] = r["page"], "summary"
        elif p["page"] != r["page"]:
            problems.append({"severity": "warning", "line": r["line"], "subject": p["id"],
                             "message": f'Summary table gives page {r["page"]} for "{p["name"]}", the body page is {p["page"]}'})
        table_clients = [resolver.resolve_client(c, r["line"]) for c in resolver.split_clients(r["clients_text"])]
        t_ids, p_ids = ids(table_clients), ids(p["clients"])
        if set(t_ids) == set(p_ids):
            continue
        listed = f'clients "{r["clients_text"]}"' if r["clients_text"] else "no clients"
        msg = (f'Summary table lists "{r["name"]}" (line {r["line"]}) with {listed}, project page (line {p["line"]}) '
               f'says "{", ".join(c["raw"] for c in p["clients"])}"')
        prev = rows[ri - 1] if ri > 0 else None
        if prev is not None and (ri - 1) in matched:
            prev_p = projects[matched[ri - 1][0]]
            prev_ids = ids(prev_p["clients"])
            extra = set(t_ids) - set(p_ids)
            if extra and extra == set(prev_ids):
                msg += f' (the table\'s clients are those of the previous row "{prev["name"]}": client column shifted)'
                shifted.append(r["line"])
        unresolved = [v for k, v in t_ids.items() if k.startswith("raw:")]
        if unresolved:
            msg += "; unresolved table names: " + ", ".join(f'"{u}"' for u in unresolved)
        problems.append({"severity": "warning", "line": r["line"], "message": msg, "subject": p["id"]})
    if len(shifted) >= 2:
        problems.append({"severity": "info", "line": shifted[0],
                         "message": f"Summary table client column is shifted down by one row on {len(shifted)} rows "
                                    f"(lines {shifted[0]}–{shifted[-1]}); clients are taken from the project pages only"})
    for pi, p in enumerate(projects):
        if pi not in row_of_project:
            problems.append({"severity": "warning", "line": p["line"], "subject": p["id"],
                             "message": f'Project "{p["name"]}" (line {p["line"]}) is not in the summary table'})
    last = None
    for p in projects:
        if p["page"] is not None:
            if last is not None and p["page"] < last[0]:
                problems.append({"severity": "warning", "line": p["line"], "subject": p["id"],
                                 "message": f'Project "{p["name"]}" (line {p["line"]}) is on page {p["page"]}, '
                                            f'before the page {last[0]} of the preceding project "{last[1]}"'})
            last = (p["page"], p["name"])
