"""Parse a Smals activity report (French text export) into the dataset of ../shared/contracts/dataset.schema.json.

Public API::

    parse_report(path) -> Dataset   # reads bytes: UTF-8, else cp1252 (with an `info` problem)
    parse_text(text, source_file="<text>") -> Dataset

Fatal problems raise ``graph_model.errors.ReportError(message, line=N, source=file)``: empty file, undecodable
bytes, not a report (no "PROJETS DE <year>" heading), truncated report (no summary table after the projects,
no members list or a missing category). Everything else is a problem in ``problems`` (loader/model.py: severity,
message, line), collected by loader/problems.py in the order the steps find them. The dataset is typed
(loader/model.py); ``Dataset.to_json()`` is what ``smals-graph parse --json`` writes.
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
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from smals_graph.graph_model.errors import ReportError

from . import knowledge
from .blocks import Block, Element, parse_blocks, scan, split_technologies
from .export import Cleaned, clean_export
from .headings import match_heading
from .members import ListedMember, find_members, parse_members
from .model import Application, Client, Dataset, Member, Organization, Problem, Project, Source, Use
from .problems import Problems
from .report_file import read_report_bytes
from .resolve import Resolver, TechResolver
from .reuse import ReuseExtractor, read_report
from .services import ServicesBuilder
from .structure import chapters, check_counts, check_services, check_toc
from .summary import SummaryRow, match_rows, parse_rows
from .toc import locate_sections, parse_toc, section_of

LANGUAGE = "fr"

PageOf = Callable[[int | None], int | None]


def parse_report(path: str | Path) -> Dataset:
    path = Path(path)
    source = str(path)
    data = read_report_bytes(path)  # a regular file under the size limit, else ReportError before reading
    text, problem = decode(data, source)
    return _parse(text, source, hashlib.sha256(data).hexdigest(), Problems([problem] if problem else []))[0]


def parse_text(text: str, source_file: str = "<text>") -> Dataset:
    return _parse(text, source_file, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), Problems())[0]


def decode(data: bytes, source: str) -> tuple[str, Problem | None]:
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
    return text, Problem(severity="info", line=line,
                         message=f"file is not UTF-8 (byte 0x{bad:02x} at line {line}); decoded as cp1252")


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


def reuse_reader(path: str | Path) -> ReuseExtractor:
    """The statement-of-use reader of a report (its members, projects and components), emptied of facts:
    `reader.read(Passage(...))` reads any sentence as if it were in that report (used by the tests)."""
    text, _problem = decode(Path(path).read_bytes(), str(path))
    _dataset, reader = _parse(text, str(path), "", Problems())
    reader.reset()
    return reader


@dataclass(slots=True)
class _Skeleton:
    """Where the parts of the report are (1-based lines): the projects section runs from `projects` to the
    summary table's heading `summary`, whose rows end at `table_end`; the members list starts at `members`."""

    title_line: int  # 0-based index of the first non-blank line
    title: str
    year: int
    projects: int
    summary: int
    rows: list[SummaryRow]
    table_end: int
    members: int
    member_heads: dict[str, int]


@dataclass(slots=True)
class _Chapter:
    """The table of contents' sections and the Services chapter read from them."""

    builder: ServicesBuilder
    sections: list[tuple[int, str, int]]
    toc_end: int
    subsections: list[tuple[str, int, int]]
    top: list[tuple[int, str]]
    entries: list[tuple[str, int, int]]


def _parse(text: str, source: str, sha: str, problems: Problems) -> tuple[Dataset, ReuseExtractor]:
    """The dataset of a report, and the reader of its statements of use."""
    layout = knowledge.layout()
    raw_lines = _lines(text)
    if not any(ln.strip() for ln in raw_lines):
        raise ReportError("empty file", line=None, source=source)
    cleaned = clean_export(raw_lines, layout)
    _report_export(cleaned, problems)
    lines = cleaned.lines
    skeleton = _skeleton(lines, source, problems)
    members = parse_members(lines, skeleton.member_heads, problems, source, frozenset(cleaned.filler),
                            frozenset(cleaned.removed))
    resolver = Resolver(members)
    blocks, elements = _project_blocks(lines, skeleton, layout, resolver, problems, source)
    chapter = _services_chapter(lines, skeleton, layout, problems, [m.acronym for m in members if m.acronym])
    tech = TechResolver({_norm(k): v for k, v in chapter.builder.service_keys().items()})
    projects, paras_of = _projects(blocks, elements, resolver, tech, problems)
    _check_summary(skeleton.rows, projects, resolver, problems, skeleton.summary)

    page_of = _page_index(lines, chapter.sections, chapter.toc_end,
                          [(p.line, p.page) for p in projects if p.page])
    services_range = (chapter.subsections[0][1], chapter.subsections[-1][2]) if chapter.subsections else (0, -1)
    reuse = read_report(lines, chapter.builder, projects, paras_of, resolver, knowledge.applications(),
                        outside=(skeleton.title_line + 1, skeleton.members - 1),
                        skip=[(skeleton.projects, skeleton.table_end), services_range])
    uses = _uses(reuse, projects, page_of)
    _report_left_out(reuse, chapter.builder, problems)
    dataset = Dataset(
        source=Source(file=source, sha256=sha, title=skeleton.title, year=skeleton.year, language=LANGUAGE),
        members=_public_members(members, resolver, page_of),
        organizations=_organizations(resolver, uses, page_of),
        applications=_applications(reuse, projects, page_of),
        projects=projects,
        technologies=tech.technologies(),
        services=[replace(s, page=page_of(s.line)) for s in chapter.builder.public()],
        uses=uses,
        problems=problems.items,
    )
    check_toc(chapter.entries, chapter.sections, skeleton.projects, problems)
    dataset.chapters = chapters(chapter.top, chapter.sections, chapter.entries, lines, problems)
    check_services(chapter.subsections, dataset, problems)
    check_counts(dataset, layout["sane_counts"], problems)
    return dataset, reuse


def _report_export(cleaned: Cleaned, problems: Problems) -> None:
    """What undoing the export's layout removed or joined, so that nothing is dropped silently."""
    for text, (count, first) in cleaned.running.items():
        problems.info(f'running header/footer "{text}" removed from {count} lines (first: line {first})', first,
                      kind="layout")
    for line, text in cleaned.glued:
        problems.warn(f'line {line}: running header/footer "{text}" glued at the end of the line; cut off', line,
                      kind="layout")
    if cleaned.wrap_width:
        first = min(cleaned.filler) - 1
        problems.info(f"lines wrapped at {cleaned.wrap_width} columns: {cleaned.joined} lines joined back to "
                      f"their paragraph (first: line {first})", first, kind="layout")


# -- skeleton: title, year, projects section, summary table, members list --------------------------------
def _skeleton(lines: list[str], source: str, problems: Problems) -> _Skeleton:
    title_line = next(i for i, ln in enumerate(lines) if ln.strip())
    title = lines[title_line].strip()
    pstart = _projects_heading(lines, source)
    year = int(match_heading("projects", lines[pstart - 1]).group(1))
    ym = re.search(r"\b((?:19|20)\d\d)\b", title)
    if ym and int(ym.group(1)) != year:
        problems.warn(f'Title "{title}" says {ym.group(1)} but the projects heading says {year}', pstart)
    sstart = _summary_heading(lines, pstart, year, source)
    sy = int(match_heading("summary", lines[sstart - 1]).group(1))
    if sy != year:
        problems.warn(f"Summary table is for {sy} but the projects section is for {year}", sstart)
    rows, table_end = parse_rows(lines, sstart + 1, len(lines))
    members_line, heads = find_members(lines, table_end, source)
    return _Skeleton(title_line, title, year, pstart, sstart, rows, table_end, members_line, heads)


def _projects_heading(lines: list[str], source: str) -> int:
    """The line after "PROJETS DE <year>"; a text without one is not a report."""
    pstart = next((i + 1 for i, ln in enumerate(lines) if match_heading("projects", ln)), None)
    if pstart is None:
        has_members = any(match_heading("members", ln) for ln in lines)
        raise ReportError(
            'not an activity report: no "PROJETS DE <year>" heading'
            + ("" if has_members else ' and no "Liste des membres"'),
            line=None,
            source=source,
        )
    return pstart


def _summary_heading(lines: list[str], pstart: int, year: int, source: str) -> int:
    """The line after "Aperçu des projets de <year>"; a report without one is truncated."""
    sstart = next((i + 1 for i in range(pstart, len(lines)) if match_heading("summary", lines[i])), None)
    if sstart is None:
        raise ReportError(
            f'truncated report: the projects section (line {pstart}) is not followed by the summary table '
            f'"Aperçu des projets de {year}"',
            line=len(lines),
            source=source,
        )
    return sstart


# -- project blocks, Services chapter ---------------------------------------------------------------------
def _project_blocks(lines: list[str], skeleton: _Skeleton, layout: dict, resolver: Resolver, problems: Problems,
                    source: str) -> tuple[list[Block], list[Element]]:
    tech_names = _tech_keys()
    elements, pages = scan(lines, skeleton.projects + 1, skeleton.summary - 1, layout)
    blocks = parse_blocks(
        elements,
        pages,
        layout,
        problems,
        looks_like_clients=lambda s: all(resolver.resolvable(c) for c in resolver.split_clients(s)),
        looks_like_tech=lambda s: _norm(s) in tech_names,
    )
    if not blocks:
        raise ReportError(
            f"no project blocks between the projects heading (line {skeleton.projects}) and the summary table "
            f"(line {skeleton.summary})",
            line=skeleton.projects,
            source=source,
        )
    return blocks, elements


def _services_chapter(lines: list[str], skeleton: _Skeleton, layout: dict, problems: Problems,
                      acronyms: list[str]) -> _Chapter:
    top, entries = parse_toc(lines, skeleton.projects)
    toc_end = max((e[2] for e in entries), default=0)
    sections = locate_sections(lines, entries, toc_end)
    builder = ServicesBuilder(lines, layout, sections, problems)
    subsections = _services_subsections(lines, top, sections, skeleton.table_end, problems, entries)
    builder.parse_chapter(subsections)
    builder.add_presented(subsections)
    builder.finish_descriptions(acronyms)
    builder.add_catalogue_mentions(lambda ln: section_of(sections, ln), (skeleton.projects, skeleton.summary))
    return _Chapter(builder, sections, toc_end, subsections, top, entries)


# -- projects: resolve clients and technologies ------------------------------------------------------------
def _projects(blocks: list[Block], elements: list[Element], resolver: Resolver, tech: TechResolver,
              problems: Problems) -> tuple[list[Project], dict[str, list[tuple[int, str]]]]:
    """The projects of the blocks, and each one's description paragraphs (line, text) for the reuse reader."""
    projects: list[Project] = []
    paras_of: dict[str, list[tuple[int, str]]] = {}
    used_ids: set[str] = set()
    first_new_line: dict[str, int] = {}
    for b in blocks:
        pid = _project_id(b.name, used_ids)
        clients = _clients(b, pid, resolver, problems)
        technologies = [tech.resolve(raw) for raw in split_technologies(b.tech_text)]
        for t in technologies:
            if t.rule == "new":
                first_new_line.setdefault(t.raw, b.tech_line)
        projects.append(Project(
            id=pid, name=b.name, tagline=_without_logo_word(b, pid, clients, problems), status=b.status,
            status_norm=b.status_norm, clients=clients, technologies=technologies, url=b.url, page=b.page,
            page_source="body" if b.page is not None else None, line=b.line, description=b.description,
            description_line=b.description_line, summary_row_line=None))
        paras_of[pid] = _desc_paras(b, elements)
    _report_new_technologies(tech, first_new_line, problems)
    return projects, paras_of


def _project_id(name: str, used_ids: set[str]) -> str:
    pid, n = "p:" + _slug(name), 2
    while pid in used_ids:
        pid, n = f"p:{_slug(name)}-{n}", n + 1
    used_ids.add(pid)
    return pid


def _clients(block: Block, pid: str, resolver: Resolver, problems: Problems) -> list[Client]:
    clients = []
    for raw in resolver.split_clients(block.clients_text):
        item = resolver.resolve_client(raw, block.clients_line or block.line)
        clients.append(item)
        if item.member_id is None and item.organization_id is None:
            problems.warn(f'Project "{block.name}" (line {block.line}): client "{raw}" (line '
                          f'{block.clients_line}) matches no member (name, acronym, alias) and no known '
                          "organization; left unresolved", block.clients_line, subject=pid)
    return clients


def _without_logo_word(block: Block, pid: str, clients: list[Client], problems: Problems) -> str:
    """The tagline without a client's logo word glued before it ("Opgroeien Een ...")."""
    tagline = block.tagline
    for c in clients:
        if tagline.startswith(c.raw + " ") and tagline[len(c.raw) + 1 : len(c.raw) + 2].isupper():
            problems.info(f'Tagline of "{block.name}" (line {block.tagline_line}) starts with the logo word '
                          f'"{c.raw}"; removed', block.tagline_line, subject=pid)
            return tagline[len(c.raw) + 1 :]
    return tagline


def _report_new_technologies(tech: TechResolver, first_new_line: dict[str, int], problems: Problems) -> None:
    new = tech.new_names()
    if not new:
        return
    where = sorted((first_new_line.get(n) or 0, n) for n in new)
    problems.info(f"{len(new)} technology name(s) not in technologies.json, kept without category: "
                  + ", ".join(f"{n} (line {ln})" for ln, n in where),
                  where[0][0] or None, subjects=["t:" + _slug(n) for _ln, n in where])


# -- statements of use, and the records they name -----------------------------------------------------------
def _uses(reuse: ReuseExtractor, projects: list[Project], page_of: PageOf) -> list[Use]:
    block_of = {p.id: p for p in projects}
    return [Use(service_id=f.service_id, user_kind=f.user_kind, user_id=f.user_id, line=f.line,
                page=block_of[f.page_project].page if f.page_project in block_of else page_of(f.line),
                quote=f.quote, mention=f.mention, user_mention=f.user_mention, rule=f.rule,
                relationship=f.relationship)
            for f in reuse.facts]


def _report_left_out(reuse: ReuseExtractor, builder: ServicesBuilder, problems: Problems) -> None:
    for left in reuse.left_out:
        names = ", ".join(builder.services[c].name for c in left.components)
        who = ", ".join(dict.fromkeys(raw for _k, _i, raw in left.users))
        problems.info(f'Line {left.line} names {names} and {who} but gave no statement of use '
                      f'({left.reason}): "{_short_quote(left.sentence)}"', left.line,
                      # named, not concerned: no CONCERNS edge crowds the component's neighbourhood
                      mentions=[*left.components, *(i for _k, i, _r in left.users)],
                      kind="left-out-statement")


def _applications(reuse: ReuseExtractor, projects: list[Project], page_of: PageOf) -> list[Application]:
    project_by_name = {p.name: p.id for p in projects}
    out = []
    for app in sorted(reuse.applications.values(), key=lambda a: (a.line, a.id)):
        spec = next((a for a in knowledge.applications() if a["id"] == app.id), {})
        out.append(replace(app, aliases=sorted(set(app.aliases) | set(spec.get("aliases", [])) - {app.name}),
                           page=page_of(app.line), project_id=project_by_name.get(spec.get("project", ""))))
    return out


def _public_members(members: list[ListedMember], resolver: Resolver, page_of: PageOf) -> list[Member]:
    """The listed members, each with every name it was known by."""
    out = []
    for m in members:
        al = {n for n in (m.acronym, m.short, m.base) if n}
        al.update(m.alternate)
        al.update(resolver.alias_names_for(m.id))
        al.update(resolver.seen_raw.get(m.id, ()))
        al.update(knowledge.member_names().get(m.id, ()))  # RSZ for ONSS: searchable, never resolved by
        al.discard(m.name)
        out.append(Member(id=m.id, name=m.name, category=m.category, acronym=m.acronym, aliases=sorted(al),
                          duplicate_of=m.duplicate_of, line=m.line, page=page_of(m.line)))
    return out


def _organizations(resolver: Resolver, uses: list[Use], page_of: PageOf) -> list[Organization]:
    """The non-member clients, and Smals when a statement of use names it."""
    out = [replace(o, page=page_of(o.line))
           for o in sorted(resolver.organizations.values(), key=lambda o: (o.line, o.id))]
    if any(u.user_id == "o:smals" for u in uses) and not any(o.id == "o:smals" for o in out):
        first = min(u.line for u in uses if u.user_id == "o:smals")
        out.append(Organization(id="o:smals", name="Smals", line=first, page=page_of(first)))
    return out


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


def _desc_paras(block: Block, elements: list[Element]) -> list[tuple[int, str]]:
    if block.description_line is None:
        return []
    out = []
    started = False
    for e in elements:
        if e.line == block.description_line:
            started = True
        if started:
            if not e.prose:
                break
            out.append((e.line, e.text))
    return out


def _services_subsections(lines: list[str], top: list[tuple[int, str]], sections: list[tuple[int, str, int]],
                          after: int, problems: Problems,
                          entries: list[tuple[str, int, int]] | None = None) -> list[tuple[str, int, int]]:
    """Sub-sections of the Services chapter: TOC entries paged between the chapter and the next one."""
    idx = next((i for i, (_p, t) in enumerate(top) if match_heading("services", t)), None)
    if idx is not None:
        first_page = top[idx][0]
        next_page = top[idx + 1][0] if idx + 1 < len(top) else 10**6
    else:
        bounds = _chapter_from_entries(lines, sections, after, entries or [])
        if bounds is None:
            problems.warn('No "Services" chapter in the table of contents; no services extracted from it', None)
            return []
        first_page, next_page = bounds
    found = [(ln, t, p) for ln, t, p in sections if first_page <= p < next_page and ln > after]
    subs = [(ln, t) for ln, t, p in found if not match_heading("services", t)]
    if not subs:
        problems.warn("Services chapter sub-sections of the table of contents not found in the body", None)
        return []
    end = _services_end(lines, sections, next_page, subs[-1][0])
    out = []
    for i, (ln, t) in enumerate(subs):
        stop = subs[i + 1][0] - 1 if i + 1 < len(subs) else end
        out.append((t, ln, stop))
    return out


def _chapter_from_entries(lines: list[str], sections: list[tuple[int, str, int]], after: int,
                          entries: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """(first page, next chapter's page) of the Services chapter when the contents lists no chapters, only the
    detailed entries: from its own entry to the next entry the body has no heading for (a chapter's title
    page, not exported) or whose body heading is set in capitals, as the export sets a chapter's
    ("ADMINISTRATION")."""
    start = next(((ln, p, t) for ln, t, p in sections if match_heading("services", t) and ln > after), None)
    if start is None:
        return None
    located = {(t, p): ln for ln, t, p in sections}
    after_services = False
    for t, p, _l in entries:
        if (t, p) == (start[2], start[1]):
            after_services = True
            continue
        if not after_services or p <= start[1]:
            continue
        ln = located.get((t, p))
        s = lines[ln - 1].strip() if ln else ""
        if ln is None or (s == s.upper() and any(c.isalpha() for c in s)):
            return start[1], p
    return start[1], 10**6


def _services_end(lines: list[str], sections: list[tuple[int, str, int]], next_page: int, last_sub: int) -> int:
    """The last line of the Services chapter: before the next chapter's section, or before a short capitalised
    heading after the last sub-section."""
    nxt = [ln for ln, _t, p in sections if p >= next_page and ln > last_sub]
    end = min(nxt) - 1 if nxt else len(lines)
    for ln in range(last_sub + 1, end + 1):
        s = lines[ln - 1].strip()
        if s and s == s.upper() and any(c.isalpha() for c in s) and len(s.split()) <= 4:
            return ln - 1
    return end


# -- summary table against the project pages ----------------------------------------------------------------
def _check_summary(rows: list[SummaryRow], projects: list[Project], resolver: Resolver, problems: Problems,
                   sstart: int) -> None:
    if not rows:
        problems.warn("Summary table has no rows", sstart)
        return
    matched = match_rows(rows, projects)
    shifted: list[int] = []
    for ri, r in enumerate(rows):
        if ri not in matched:
            problems.warn(f'Summary table row "{r.name}" (line {r.line}) matches no project page', r.line)
            continue
        pi, score, rule = matched[ri]
        p = projects[pi]
        p.summary_row_line = r.line
        if rule == "fuzzy-name":
            problems.info(f'Summary table names "{r.name}" (line {r.line}) what the project page '
                          f'(line {p.line}) calls "{p.name}"' + f" (fuzzy match, score {score:g})",
                          r.line, subject=p.id)
        _check_row_page(r, p, problems)
        if _check_row_clients(rows, ri, matched, projects, resolver, problems):
            shifted.append(r.line)
    if len(shifted) >= 2:
        problems.info(f"Summary table client column is shifted down by one row on {len(shifted)} rows "
                      f"(lines {shifted[0]}–{shifted[-1]}); clients are taken from the project pages only",
                      shifted[0])
    _check_projects_listed(projects, {pi for pi, _s, _r in matched.values()}, problems)
    _check_page_order(projects, problems)


def _check_row_page(r: SummaryRow, p: Project, problems: Problems) -> None:
    """The table gives a project without a body page its page; a different page is a problem."""
    if r.page is None:
        problems.warn(f'Summary table row "{r.name}" (line {r.line}) has no page number', r.line,
                      subject=p.id)
    elif p.page is None:
        p.page, p.page_source = r.page, "summary"
    elif p.page != r.page:
        problems.warn(f'Summary table gives page {r.page} for "{p.name}", the body page is {p.page}', r.line,
                      subject=p.id)


def _client_ids(clients: list[Client]) -> dict[str, str]:
    return {c.member_id or c.organization_id or "raw:" + c.raw: c.raw for c in clients}


def _check_row_clients(rows: list[SummaryRow], ri: int, matched: dict[int, tuple[int, float, str]],
                       projects: list[Project], resolver: Resolver, problems: Problems) -> bool:
    """A row whose clients are not the project page's is a problem; True when they are the previous row's
    project's (the client column shifted down by one row)."""
    r = rows[ri]
    p = projects[matched[ri][0]]
    table_clients = [resolver.resolve_client(c, r.line) for c in resolver.split_clients(r.clients_text)]
    t_ids, p_ids = _client_ids(table_clients), _client_ids(p.clients)
    if set(t_ids) == set(p_ids):
        return False
    listed = f'clients "{r.clients_text}"' if r.clients_text else "no clients"
    msg = (f'Summary table lists "{r.name}" (line {r.line}) with {listed}, project page (line {p.line}) '
           f'says "{", ".join(c.raw for c in p.clients)}"')
    shifted = False
    if ri > 0 and (ri - 1) in matched:
        prev_ids = _client_ids(projects[matched[ri - 1][0]].clients)
        extra = set(t_ids) - set(p_ids)
        if extra and extra == set(prev_ids):
            msg += f' (the table\'s clients are those of the previous row "{rows[ri - 1].name}": client column shifted)'
            shifted = True
    unresolved = [v for k, v in t_ids.items() if k.startswith("raw:")]
    if unresolved:
        msg += "; unresolved table names: " + ", ".join(f'"{u}"' for u in unresolved)
    problems.warn(msg, r.line, subject=p.id)
    return shifted


def _check_projects_listed(projects: list[Project], in_table: set[int], problems: Problems) -> None:
    for pi, p in enumerate(projects):
        if pi not in in_table:
            problems.warn(f'Project "{p.name}" (line {p.line}) is not in the summary table', p.line, subject=p.id)


def _check_page_order(projects: list[Project], problems: Problems) -> None:
    last = None
    for p in projects:
        if p.page is not None:
            if last is not None and p.page < last[0]:
                problems.warn(f'Project "{p.name}" (line {p.line}) is on page {p.page}, before the page {last[0]} '
                              f'of the preceding project "{last[1]}"', p.line, subject=p.id)
            last = (p.page, p.name)
