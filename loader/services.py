"""Services chapter and the services catalogue (data/services.json); statements of use are read by reuse.py.

The Services chapter is laid out in columns; the text export emits each heading with its first paragraph,
then the rest of the columns, so later paragraphs of a heading's zone may belong to neighbouring headings.
Attachment rules, per subsection (TOC entry):

* a heading's first paragraph belongs to it;
* a *continuation* (starts lower-case, is a "- " list item, or follows a paragraph cut after '-' or '/')
  continues an *open* paragraph (one not ending a sentence) of the same subsection, chosen by: the cut
  word ('-'/'/') -> the previous paragraph; the paragraph names the service of exactly one open paragraph;
  only one paragraph is open; exactly one open paragraph has an unclosed '(' that this one closes; the
  previous paragraph of the same zone is open and is not the zone's first paragraph. Otherwise it is
  left unattached;
* another paragraph names exactly one other service -> that service; else it belongs to its zone, unless
  the zone is interleaved (some paragraph in it was attached elsewhere or left unattached), then it is
  left unattached. Unattached paragraphs are reported (one problem per heading zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import knowledge
from .headings import heading_key, match_heading
from .model import Service
from .norm import ends_sentence, first_alpha_is_lower, is_prose, norm_key, slug, split_sentences
from .problems import Problems


@dataclass
class Para:
    line: int
    text: str
    zone: int | None
    first_in_zone: bool
    owner: str | None = None  # service id, "intro" or None
    how: str = ""
    parent: Para | None = None
    children: list[Para] = field(default_factory=list)
    default: bool = False
    zone_title: str = ""  # the sub-section (TOC entry) it is in

    @property
    def open(self) -> bool:
        return not ends_sentence(self.text)


_HEADING_END = re.compile(r"\s*[:–—-]\s*$")


def heading_text(text: str) -> str:
    """A short heading without the colon or dash an editor put after it ("Wave :")."""
    s = text.strip()
    return _HEADING_END.sub("", s) if len(s.split()) <= 10 else s


def _is_heading(text: str, nxt: str | None) -> bool:
    if text.rstrip().endswith(":") and nxt is not None and nxt.lstrip().startswith(("-", "•")):
        return False  # a list's introduction
    s = heading_text(text)
    if not s or nxt is None or s.startswith("- ") or len(s) > 110 or len(s.split()) > 15:
        return False
    if s.rstrip().endswith(tuple(".:;,!?")) or ". " in s:
        return False
    first = s.split()[0]
    if first.islower():
        return False
    return not _is_heading_text(nxt)


_EDITOR_MARK = re.compile(r"\s[–—&-]\s|\s?:\s")
_WORD = re.compile(r"[^\W_][\w'’-]*")


def _as_the_text_writes_it(heading: str, following: list[str]) -> str:
    """An editor's heading ("Services : base de données") in the words its section's text writes it with, after
    it first ("les services de base de données"): the same words of meaning, the glue words back in place of a
    dash, a colon or an '&'. A heading the text never writes out stays as it is."""
    m = re.match(r"^(.*?\S)(\s*\([^()]+\))?$", heading)
    core, tail = (m.group(1), m.group(2) or "") if m else (heading, "")
    if not _EDITOR_MARK.search(core):
        return heading
    target = heading_key(core).split()
    if len(target) < 2:
        return heading
    for text in following:
        words = list(_WORD.finditer(text))
        for i, w in enumerate(words):
            if heading_key(w.group(0)) != target[0]:
                continue
            for j in range(i + len(target) - 1, min(len(words), i + 2 * len(target) + 2)):
                phrase = text[w.start() : words[j].end()]
                key = heading_key(phrase).split()
                if key == target and not _EDITOR_MARK.search(phrase):
                    return core[:1] + phrase[1:] + tail
                if len(key) > len(target) or key != target[: len(key)]:
                    break
    return heading


def _is_heading_text(s: str) -> bool:
    s = s.strip()
    return len(s.split()) <= 15 and not s.endswith(tuple(".:;,!?")) and ". " not in s and not s.split()[0].islower()


def heading_keys(heading: str) -> list[str]:
    """Names a heading is known by: itself, its parts around ' – ' / ' - ' / ' : ', and for each of these the
    text without a final parenthetical and the parenthetical itself (acronym; also without a trailing '+').
    Parts are kept when they have 2+ words or a capital letter inside a word ("IaaS")."""
    cands = [heading]
    for part in re.split(r"\s+[–—-]\s+|\s+:\s+", heading):
        part = part.strip()
        if part and part != heading and (len(part.split()) >= 2 or any(c.isupper() for c in part[1:])):
            cands.append(part)
    keys: list[str] = []
    for c in cands:
        keys.append(c)
        m = re.match(r"^(.*\S)\s*\(([^()]+)\)\s*$", c)
        if m:
            keys += [m.group(1), m.group(2)]
            if m.group(2).endswith("+"):
                keys.append(m.group(2).rstrip("+"))
    out: list[str] = []
    for k in keys:
        if len(k) >= 3 and k not in out:
            out.append(k)
    return out


def _mention_re(keys: dict[str, str]) -> tuple[re.Pattern | None, dict[str, str]]:
    """Regex over service names: case-sensitive for short keys (acronyms), case-insensitive from 8 chars."""
    if not keys:
        return None, {}
    lower = {k.lower(): v for k, v in keys.items()}
    parts = []
    for k in sorted(keys, key=len, reverse=True):
        e = re.escape(k)
        parts.append(f"(?i:{e})" if len(k) >= 8 else e)
    return re.compile(r"(?<![\w-])(" + "|".join(parts) + r")(?![\w-])"), lower


def _mentions(rx: re.Pattern | None, lower: dict[str, str], keys: dict[str, str], text: str) -> list[str]:
    if rx is None:
        return []
    out: list[str] = []
    for m in rx.finditer(text):
        sid = keys.get(m.group(1)) or lower.get(m.group(1).lower())
        if sid and sid not in out:
            out.append(sid)
    return out


@dataclass
class _ZoneNames:
    """The names of a subsection's services, and where its paragraphs name them."""

    keys: dict[str, str]
    rx: re.Pattern | None
    lower: dict[str, str]

    @classmethod
    def of(cls, keys: dict[str, str]) -> _ZoneNames:
        rx, lower = _mention_re(keys)
        return cls(keys, rx, lower)

    def named(self, text: str) -> list[str]:
        return _mentions(self.rx, self.lower, self.keys, text)


@dataclass
class _Attachment:
    """A subsection's attachment so far: its open paragraphs, its interleaved zones and the continuations
    that found no paragraph to continue (with the open paragraphs they could have continued)."""

    pending: list[Para] = field(default_factory=list)
    interleaved: set[int] = field(default_factory=set)
    unresolved: list[tuple[Para, list[Para]]] = field(default_factory=list)

    def link(self, child: Para, parent: Para) -> None:
        self.pending.remove(parent)
        child.parent = parent
        parent.children.append(child)

    def release_interleaved_defaults(self, paras: list[Para]) -> None:
        """A paragraph given to its zone by default is left unattached when the zone is interleaved."""
        for p in paras:
            if p.default and p.zone in self.interleaved:
                p.owner, p.how = None, ""
                if p in self.pending:
                    self.pending.remove(p)


def _attach_continuation(p: Para, zone_sid: str, same_zone_prev: Para | None, cut: bool, names: _ZoneNames,
                         state: _Attachment) -> None:
    target, how = _continued(p, state.pending, same_zone_prev, cut, names)
    if target is None:
        if p.zone is not None:
            state.interleaved.add(p.zone)
        state.unresolved.append((p, list(state.pending)))
        return
    state.link(p, target)
    p.owner, p.how = target.owner, how
    if target.owner != zone_sid and p.zone is not None:
        state.interleaved.add(p.zone)


def _continued(p: Para, pending: list[Para], same_zone_prev: Para | None, cut: bool,
               names: _ZoneNames) -> tuple[Para | None, str]:
    """The open paragraph a continuation continues, and by which rule (the module's docstring lists them)."""
    if cut and same_zone_prev in pending:
        return same_zone_prev, "continues the cut word"
    named = set(names.named(p.text))
    hits = [c for c in pending if c.owner in named]
    if len(hits) == 1:
        return hits[0], "continuation naming the service"
    if len(pending) == 1:
        return pending[0], "only open paragraph"
    if p.text.find(")") != -1 and (p.text.find("(") == -1 or p.text.find(")") < p.text.find("(")):
        hits = [c for c in pending if c.text.count("(") > c.text.count(")")]
        if len(hits) == 1:
            return hits[0], "closes the open parenthesis"
    if same_zone_prev is not None and same_zone_prev in pending and not same_zone_prev.first_in_zone:
        return same_zone_prev, "continues the previous paragraph"
    return None, ""


def _attach_by_name(p: Para, zone_sid: str, same_zone_prev: Para | None, names: _ZoneNames,
                    state: _Attachment) -> None:
    """A paragraph that is not a continuation: to the one other service it names, else to its zone."""
    own = zone_sid in names.named(p.text)
    named = [x for x in names.named(p.text[:80]) if x != zone_sid]
    if not own and len(named) == 1:
        p.owner, p.how = named[0], "names the service"
        state.interleaved.add(p.zone)
        return
    p.owner, p.how, p.default = zone_sid, "zone", not own
    if (same_zone_prev is not None and same_zone_prev in state.pending
            and same_zone_prev.text.split()[-1][:1].isupper()):
        # cut inside a proper noun ("... Verification" / "Standard (ASVS) ..."): its continuation
        state.link(p, same_zone_prev)
        p.how = "continues a cut name"


@dataclass
class _ReusableCue:
    """A sentence where a user word (institutions, members...) and a use word (utilisent, peuvent, mis à
    disposition...) meet."""

    users: re.Pattern[str]
    uses: re.Pattern[str]
    says: re.Pattern[str]  # the text says it outright ("le service réutilisable")
    members: re.Pattern[str] | None  # the members' acronyms, as written (a member named is a user too)

    @classmethod
    def of(cls, cues: dict, members: list[str]) -> _ReusableCue:
        def alt(words: list[str], flags: int = re.I) -> re.Pattern[str]:
            return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", flags)

        named = alt([re.escape(m) for m in sorted(members, key=len, reverse=True)], 0) if members else None
        return cls(alt(cues["users"]), alt(cues["uses"]), alt(cues["says"]), named)

    def first(self, paragraphs: list[tuple[int, str]]) -> tuple[int, str] | None:
        """(line, sentence) of the first sentence that says so."""
        for line, text in paragraphs:
            for _o, sentence in split_sentences(text):
                user = self.users.search(sentence) or (self.members and self.members.search(sentence))
                if (user and self.uses.search(sentence)) or self.says.search(sentence):
                    return line, sentence
        return None


class ServicesBuilder:
    def __init__(self, lines: list[str], layout: dict, sections: list[tuple[int, str, int]],
                 problems: Problems) -> None:
        self.lines = lines
        self.layout = layout
        self.sections = sections
        self.services: dict[str, Service] = {}
        self.competence_centre: set[str] = set()  # ids of services of a competence-centre section (not components)
        self.catalogue_of: dict[str, str] = {}  # service id -> its data/services.json entry
        self.chains: dict[str, list[list[tuple[int, str]]]] = {}  # service id -> its paragraph chains (line, text)
        self.problems = problems
        self.paras: list[Para] = []
        self.presented: set[str] = set()  # services found in the text, not under a heading
        self.catalogue = [c for c in knowledge.services()]
        self._cat_by_key: dict[str, dict] = {}
        self._cat_by_heading: dict[str, dict] = {}
        for c in self.catalogue:
            for k in [c["name"], *c.get("aliases", []), *c.get("headings", [])]:
                self._cat_by_key.setdefault(norm_key(k), c)
                # an editor's wording ("Services génériques – pseudonymisation") finds its entry too
                self._cat_by_heading.setdefault(heading_key(k), c)

    # -- chapter ----------------------------------------------------------------------
    def parse_chapter(self, subsections: list[tuple[str, int, int]]) -> None:
        """subsections: [(title, heading line, last line)]."""
        prepared = [self._headings(title, start, stop, bool(match_heading("competence_centres", title)))
                    for title, start, stop in subsections]
        for title, els, heads in prepared:
            self._subsection(title, els, heads)

    def _elements(self, start: int, stop: int) -> list[tuple[int, str]]:
        out = []
        for ln in range(start + 1, stop + 1):
            s = self.lines[ln - 1].strip()
            if not s or re.fullmatch(r"\d{1,3}", s) or any(s.startswith(p) for p in self.layout["credit_prefixes"]):
                continue
            out.append((ln, s))
        return out

    def _headings(self, title: str, start: int, stop: int, is_cc: bool):
        els = self._elements(start, stop)
        heads: dict[int, str] = {}
        for idx, (ln, s) in enumerate(els):
            nxt = els[idx + 1][1] if idx + 1 < len(els) else None
            if _is_heading(s, nxt):
                heading = _as_the_text_writes_it(heading_text(s), [t for _l, t in [*els[idx + 1 :], *els[:idx]]])
                heads[ln] = self._add_heading_service(heading, ln, title, is_cc)
        return title, els, heads

    def _subsection(self, title: str, els: list[tuple[int, str]], heads: dict[int, str]) -> None:
        zones: list[tuple[str, int]] = []  # (service id, heading line)
        paras: list[Para] = []
        for ln, s in els:
            if ln in heads:
                zones.append((heads[ln], ln))
                continue
            zone = len(zones) - 1 if zones else None
            if s.startswith("- ") and paras:
                paras[-1].text += "\n" + s  # list item: part of the paragraph introducing it
                continue
            first = bool(zones) and not any(p.zone == zone for p in paras)
            paras.append(Para(ln, s, zone, first, zone_title=title))
        self._attach(paras, zones, title)
        self.paras.extend(paras)

    def _add_heading_service(self, heading: str, line: int, domain: str, is_cc: bool) -> str:
        keys = heading_keys(heading)
        cat = None
        for k in keys:
            cat = self._cat_by_key.get(norm_key(k))
            if cat:
                break
        for k in keys if cat is None else []:
            cat = self._cat_by_heading.get(heading_key(k)) if len(heading_key(k).split()) >= 2 else None
            if cat:
                break
        if cat:
            sid = "s:" + cat["id"]
            name = cat["name"]
            aliases = [*cat.get("aliases", []), *keys]
        else:
            base = keys[1] if len(keys) > 1 and "(" in heading else heading
            sid = "s:" + slug(base)
            name = heading
            aliases = keys
        n = 2
        while sid in self.services:
            sid = f"{sid}-{n}"
            n += 1
        self._put(Service(id=sid, name=name, domain=domain,
                          reusable=bool(cat and cat.get("reusable")),
                          aliases=sorted({a for a in aliases if a != name}), description="", line=line),
                  cc=is_cc, catalogue=cat["id"] if cat else None)
        return sid

    def _put(self, service: Service, *, cc: bool, catalogue: str | None) -> None:
        self.services[service.id] = service
        self.chains[service.id] = []
        (self.competence_centre.add if cc else self.competence_centre.discard)(service.id)
        if catalogue:
            self.catalogue_of[service.id] = catalogue
        else:
            self.catalogue_of.pop(service.id, None)

    def service_keys(self) -> dict[str, str]:
        """name -> service id, for every unambiguous name of every service."""
        count: dict[str, set[str]] = {}
        for sid, s in self.services.items():
            for k in [s.name, *s.aliases]:
                count.setdefault(k, set()).add(sid)
        return {k: next(iter(v)) for k, v in count.items() if len(v) == 1}

    def _attach(self, paras: list[Para], zones: list[tuple[str, int]], title: str) -> None:
        names = _ZoneNames.of({k: v for k, v in self.service_keys().items() if v in {z[0] for z in zones}})
        state = _Attachment()
        prev: Para | None = None
        for p in paras:
            zone_sid = zones[p.zone][0] if p.zone is not None else "intro"
            same_zone_prev = prev if prev is not None and prev.zone == p.zone else None
            cut = same_zone_prev is not None and same_zone_prev.open and same_zone_prev.text.rstrip().endswith(("-", "/"))
            if (first_alpha_is_lower(p.text) or cut) and not (p.first_in_zone and not state.pending):
                _attach_continuation(p, zone_sid, same_zone_prev, cut, names, state)
            elif p.first_in_zone or p.zone is None:
                p.owner, p.how = zone_sid, "first paragraph" if p.zone is not None else "intro"
            else:
                _attach_by_name(p, zone_sid, same_zone_prev, names, state)
            if p.owner is not None and p.open:
                state.pending.append(p)
            prev = p
        state.release_interleaved_defaults(paras)
        self._report_unattached(paras, zones, state.unresolved)

    def _report_unattached(self, paras, zones, unresolved) -> None:
        cands = {id(p): c for p, c in unresolved}
        by_zone: dict[int | None, list[Para]] = {}
        for p in paras:
            if p.owner is None:
                by_zone.setdefault(p.zone, []).append(p)
        for zone, ps in by_zone.items():
            where = (f'"{self.services[zones[zone][0]].name}" (line {zones[zone][1]})' if zone is not None
                     else "introduction")
            details = []
            for p in ps:
                c = cands.get(id(p))
                if c:
                    names = ", ".join(sorted({f'{self.services[x.owner].name} (line {x.line})' for x in c
                                              if x.owner in self.services}))
                    details.append(f"{p.line} (continues one of: {names})" if names else str(p.line))
                else:
                    details.append(str(p.line))
            self.problems.info(f"Services chapter, zone of {where}: paragraph(s) at line(s) {', '.join(details)} "
                               "belong to a neighbouring column and could not be attached to a service",
                               ps[0].line, subject=zones[zone][0] if zone is not None else None)

    def finish_descriptions(self, members: list[str] = ()) -> None:  # type: ignore[assignment]
        """Each service's description (its paragraph chains), and `reusable` from what its text says: the first
        sentence where institutions use or can use it (data/service_cues.json), else such a sentence of its
        sub-section's introduction; a catalogue entry stays reusable without one."""
        cue = _ReusableCue.of(knowledge.service_cues()["reusable"], list(members))
        intro: dict[str, list[tuple[int, str]]] = {}
        for p in self.paras:
            if p.owner == "intro":
                intro.setdefault(p.zone_title, []).append((p.line, p.text))
        for sid, s in self.services.items():
            if sid in self.presented:
                found = cue.first([(s.line, s.description or "")]) or cue.first(intro.get(s.domain, []))
                if found:
                    s.reusable, (s.reusable_line, s.reusable_quote) = True, found
                continue
            chains = [self._chain(p) for p in self.paras if p.owner == sid and (p.parent is None or p.parent.owner != sid)]
            s.description = "\n\n".join(t for _l, t in ((c[0][0], " ".join(x[1] for x in c)) for c in chains))
            self.chains[sid] = chains
            if sid in self.competence_centre:
                continue  # know-how, not a component
            own = [(line, text) for c in chains for line, text in c]  # per line: the quote's line is exact
            found = cue.first(own) or cue.first(intro.get(s.domain, []))
            if found:
                s.reusable, (s.reusable_line, s.reusable_quote) = True, found

    def add_presented(self, subsections: list[tuple[str, int, int]]) -> None:
        """Services the chapter's text presents without a heading of their own ("le nouveau G-Cloud Service
        Portal (GCSP)", l'application générique "Print Manager", "services G-Cloud tels que FedMAN"): the cues
        are in data/service_cues.json; the presenting sentence is the description."""
        cues = knowledge.service_cues()["presented"]
        heads = "|".join(re.escape(h) for h in cues["head_nouns"])
        products = "|".join(re.escape(n) for n in sorted(cues["product_nouns"], key=len, reverse=True))
        named = re.compile(r"((?:[A-Z][\w-]*\s+){0,4}(?:" + heads + r"))\s*\(([A-Za-z][\w+]{1,9})\)")
        quoted = re.compile(r"(?i:" + products + r")\s+[\"“«]\s*([A-Z]\S*(?:\s\S+){0,2}?)\s*[\"”»]")
        listed = re.compile(r"(?:" + "|".join(cues["list_cues"]) + r")\s+([^.:;]+)")
        known = {norm_key(k) for k in self.service_keys()}
        known |= {norm_key(w) for k in self.service_keys() for w in k.split() if any(c.isupper() for c in w[1:])}
        cc = {t for t, _s, _e in subsections if match_heading("competence_centres", t)}
        for title, start, stop in subsections:
            if title in cc:
                continue
            for ln in range(start + 1, stop + 1):
                for _o, sentence in split_sentences(self.lines[ln - 1].strip()):
                    found = [(m.group(1).strip(), m.group(2)) for m in named.finditer(sentence)]
                    found += [(m.group(1).strip(), None) for m in quoted.finditer(sentence)]
                    for m in listed.finditer(sentence):
                        found += [(item, None) for item in re.split(r",\s*|\s+et\s+", m.group(1))
                                  if re.fullmatch(r"[A-Z][\w+-]*[A-Z][\w+-]*", item.strip())]
                    for name, acronym in found:
                        if norm_key(name) in known or (acronym and norm_key(acronym) in known):
                            continue
                        known |= {norm_key(name), norm_key(acronym or name)}
                        self._put(Service(id="s:" + slug(name), name=name, domain=title, reusable=False,
                                          aliases=[acronym] if acronym else [], description=sentence, line=ln),
                                  cc=False, catalogue=None)
                        self.presented.add("s:" + slug(name))

    def _chain(self, p: Para) -> list[tuple[int, str]]:
        out = [(p.line, p.text)]
        for c in p.children:
            if c.owner == p.owner:
                out.extend(self._chain(c))
        return out

    # -- catalogue --------------------------------------------------------------------
    def add_catalogue_mentions(self, section_of, projects_range: tuple[int, int]) -> None:
        """Catalogue entries the Services chapter does not describe, from the first line that names them (its
        sentence is the description)."""
        merged = set(self.catalogue_of.values())
        for c in self.catalogue:
            if c["id"] in merged:
                continue
            found = self._first_mention(c, projects_range)
            if found is None:
                continue
            ln, desc = found
            self._put(Service(id="s:" + c["id"], name=c["name"], domain=section_of(ln) or "",
                              reusable=bool(c.get("reusable")), aliases=sorted(set(c.get("aliases", [])) - {c["name"]}),
                              description=desc, line=ln),
                      cc=False, catalogue=c["id"])

    def _first_mention(self, entry: dict, projects_range: tuple[int, int]) -> tuple[int, str] | None:
        terms = entry.get("mentions") or [entry["name"], *entry.get("aliases", [])]
        rx = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?![\w-])")
        for ln, line in enumerate(self.lines, start=1):
            if "\t" in line and projects_range[0] <= ln <= projects_range[1] and not line.strip():
                continue
            m = rx.search(line)
            if not m:
                continue
            text = line.strip()
            if is_prose(text) and not line[:1].isspace():
                for _o, sent in split_sentences(text):
                    if m.group(1) in sent:
                        return ln, sent.lstrip("- ").strip()
            return ln, ""
        return None

    def public(self) -> list[Service]:
        return sorted(self.services.values(), key=lambda s: (s.line, s.id))
