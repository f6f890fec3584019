"""Statements of use: who uses which reusable component, read from the report's sentences.

A *statement of use* is a sentence in which a member, an organisation, a project or an application uses,
reuses, has adopted, relies on, has installed, was connected to or jointly runs a named reusable component.
Every fact says which rule produced it (``rule``); a sentence that names a component and a possible user
but states no use is returned as a *left-out* sentence (the Data quality page lists them).

Passages (text in which sentences are read): each project page's description; each Services-chapter
service's paragraph chain (the columns are re-attached by loader/services.py); elsewhere each prose line,
joined with the next paragraph that starts lower-case when it ends mid-sentence (a sentence wrapped across
lines or columns).

In a sentence, mentions are found first: components (names and aliases of reusable services, longest
first), anaphora ("cette application", "ce service", "le service"...: the component named last before it
in the passage, else the service whose section it is), members (names, acronyms, alias rules of
loader/resolve.py, all-capital spellings), organisations (Smals), projects (name, or name without its
parenthetical), applications (loader/data/applications.json, and names listed after "des applications
telles que" / "l'application X" / "la plateforme X").

A sentence that names a component (or an anaphor of one, or sits in a component's section) and a possible user
is then parsed (loader/grammar.py, spaCy fr_core_news_md) and each *word of use* of its tree — a verb of use by
lemma, a phrase, a noun or adjective of use, "via", all in loader/data/statements_of_use.json — is read by
loader/clauses.py: refused when negated, future or conditional, governed by a modal or plan verb, compared;
otherwise its arguments give the component (the argument naming one) and the users (the other arguments, with
their coordination, the antecedent of a relative clause, the noun of an apposition, a pronoun standing for the
users of the previous sentence). The coordinated group right before an active verb, or right after a passive,
locative or joint one, is also taken by position (a long list of acronyms is often parsed badly). Rules:
``subject``, ``passive``, ``relative``, ``apposition``, ``object`` (the user after the component: "eBox sert à
la BCSS"), ``installed-at``, ``joint``, ``project-text`` (on a project page, the project itself: "via l'eBox
Citoyen"), ``project-name`` (a project named after a component builds or runs it: DELIVERS, not a use). Suffixes:
``+anaphora`` / ``+context`` when the component came from an anaphor / the passage, ``+coreference`` when the
users did.

Not a use: a component only provided, built for, planned or possible; a generic practice with no named
component; third-party products (competence-centre sections and non-reusable services are not
components); a project that is the component (its name: DELIVERS). Users compared ("comme l'ONSS"), in a
beneficiary ("pour l'INAMI", "à la demande de") or provider ("développé par Smals") position are not users.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import clauses, grammar, standins
from .model import Application, Project
from .norm import first_alpha_is_lower, norm_key, slug, split_sentences
from .resolve import Resolver
from .services import ServicesBuilder

# -- surface shapes (the fallback when the parse gives no argument) -------------------------------------
GLUE_BEFORE_RE = re.compile(
    r"^\s*,?\s*(?:qui\s+)?(?:(?:n'|ne|s'|se|y|en|a|ont|avait|avaient|est|sont|déjà|également|aussi|désormais|"
    r"notamment|ainsi|toujours|récemment|la|le|l'|\w+ième|première|premier|seule?|institutions?|publiques?|"
    r"organisations?|membres?|applications?|à|été)\s*)*$", re.I)
CONNECTOR_RE = re.compile(
    r"^\s*(?:\([^()]*\))?\s*(?:,|\bet\b|\bou\b|ainsi qu(?:e\b|['’]))?\s*(?:,\s*)?(?:(?:plus récemment|notamment|enfin|aussi),?\s*)?"
    r"(?:\bet\b\s*)?(?:(?:à|au|aux|chez|de|du|des|par)\s+)?(?:l'|la |le |les )?\s*$", re.I)
OBJECT_GLUE_RE = re.compile(
    r"(?:^|\s)(?:à|au|aux|chez|par|via|dans|sur)\s+(?:l'|la |le |les |un |une )?(?:[\wÀ-ÿ'-]+\s+){0,3}$", re.I)
ANAPHORA_RE = re.compile(
    r"(?<![\w'])(?:cette (?:application|technologie|technique|solution|plateforme|offre)|ce (?:service|composant|"
    r"portail|système|produit|logiciel)(?!\s+(?:en ligne|web))|cet (?:outil|environnement)|(?:le service|le composant)"
    r"(?!\s+(?:en ligne|de\b|d'|du\b|des\b|à\b|web)))", re.I)
APP_LIST_RE = re.compile(
    r"(?:applications?|plateformes?)(?: clientes?)?,?\s+(?:(?:telles? que|comme|dont|:)\s+)?(?=[A-Z])")
APP_NAMED_RE = re.compile(r"(?:l'application|l'app|la plateforme)(?: mobile| web| numérique)?\s+"
                          r"(?P<name>[A-Z][\w@+-]*(?:\s+[A-Z][\w@+-]*)?)")
_LIST_ITEM_RE = re.compile(r"(?:\s*(?:,|\bet\b)?\s*(?:l'|la |le |les )?)([A-Z][\w@+'-]*(?: [A-Z][\w@+-]*)*)"
                           r"(?:\s*\([^()]*\))?")
SMALS_RE = re.compile(r"(?<![\w-])Smals(?!\s+[A-Z])(?![\w@-])")


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # component, anaphora, member, organization, project, application
    id: str
    raw: str


@dataclass
class Passage:
    pieces: list[tuple[int, str]]  # (line, text), in reading order
    project: Project | None = None  # the project page it belongs to
    service: str | None = None  # the service whose section it is
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)  # (offset, line)

    def __post_init__(self) -> None:
        parts = []
        pos = 0
        for ln, t in self.pieces:
            self.offsets.append((pos, ln))
            parts.append(t)
            pos += len(t) + 1
        self.text = " ".join(parts)

    def line_at(self, offset: int) -> int:
        return max(ln for o, ln in self.offsets if o <= offset)


@dataclass
class LeftOut:
    """A sentence that names a component and possible users but states no use (the Data quality page lists it)."""

    line: int
    sentence: str
    components: list[str]  # service ids
    users: list[tuple[str, str, str]]  # (kind, id, words that named it)
    reason: str


@dataclass
class Fact:
    service_id: str
    user_kind: str
    user_id: str
    line: int
    quote: str
    mention: str
    rule: str
    relationship: str  # USES (member/organisation/application), REUSES (project) or DELIVERS
    user_mention: str
    page_project: str | None = None  # the project page the sentence is on


class ReuseExtractor:
    def __init__(self, components: dict[str, str], resolver: Resolver, projects: list[Project],
                 applications: list[dict], delivered_by: dict[str, set[str]]) -> None:
        """components: name or alias -> service id (reusable components only); applications: catalogue
        entries {id, name, aliases}; delivered_by: project id -> the service ids it delivers."""
        self.components = components
        self.resolver = resolver
        self.delivered_by = delivered_by
        self._comp_re = Names(components)
        self._hits: list[Hit] = []  # component names of the passage being read
        self._at = 0  # offset of the sentence being read in its passage
        self._hosted = False  # the sentence being read names a host of a component (a provider, not a user)
        self._component_ids = set(components.values())
        self.project_keys: dict[str, str] = {}
        for p in projects:
            for key in {p.name, re.sub(r"\s*\([^()]*\)\s*$", "", p.name).strip()}:
                if len(key) >= 4 and not resolver.resolvable(key):
                    self.project_keys.setdefault(key, p.id)
        self._project_re = Names(self.project_keys, insensitive_from=10**6)
        self.catalogue_apps = {a["id"]: a for a in applications}
        self.app_keys: dict[str, str] = {}
        for a in applications:
            for key in [a["name"], *a.get("aliases", [])]:
                self.app_keys.setdefault(key, a["id"])
        self._app_re = Names(self.app_keys, insensitive_from=10**6)
        self.applications: dict[str, Application] = {}  # named as users; page and project are the parser's
        self.facts: list[Fact] = []
        self.left_out: list[LeftOut] = []
        self._seen: set[tuple[str, str, str, str]] = set()

    def reset(self) -> None:
        """Forget every fact read so far (to read other sentences as if they were in this report)."""
        self.facts, self.left_out, self.applications, self._seen = [], [], {}, set()

    # -- mentions -------------------------------------------------------------------------------
    def mentions(self, sentence: str, passage: Passage, before: str) -> list[Mention]:
        found: list[Mention] = []
        at = self._at
        for h in self._sentence_hits(len(sentence)):
            found.append(Mention(h.start - at, h.end - at, "component", h.value, h.text))
        for m in ANAPHORA_RE.finditer(sentence):
            sid = self._antecedent(at + m.start(), passage)
            if sid:
                found.append(Mention(m.start(), m.end(), "anaphora", sid, m.group(0)))
        for start, end, mid, raw in self.resolver.member_spans(sentence):
            found.append(Mention(start, end, "member", mid, raw))
        for m in SMALS_RE.finditer(sentence):
            if not re.search(r"(?:membres|équipes?|collaborateurs|site web|catalogue) d[eu]\s*$", sentence[: m.start()]):
                found.append(Mention(m.start(), m.end(), "organization", "o:smals", "Smals"))
        for h in self._app_re.finditer(sentence):
            found.append(Mention(h.start, h.end, "application", h.value, h.text))
        for h in self._project_re.finditer(sentence):
            found.append(Mention(h.start, h.end, "project", h.value, h.text))
        found.extend(self._listed_applications(sentence, found))
        return _without_overlaps(found)

    def _listed_applications(self, sentence: str, known: list[Mention]) -> list[Mention]:
        """Names the sentence itself calls applications: "des applications telles que A, B et C",
        "l'application X", "la plateforme X" (capitalised names not known as anything else)."""
        spans: list[tuple[int, int, str]] = []
        for m in APP_LIST_RE.finditer(sentence):
            pos = m.end()
            while (item := _LIST_ITEM_RE.match(sentence, pos)) is not None:
                spans.append((item.start(1), item.end(1), item.group(1)))
                pos = item.end()
        for m in APP_NAMED_RE.finditer(sentence):
            spans.append((m.start("name"), m.end("name"), m.group("name")))
        out: list[Mention] = []
        for start, end, name in spans:
            if any(k.start < end and start < k.end for k in known) or len(name) < 3:
                continue
            aid = "a:" + slug(name)
            out.append(Mention(start, end, "application", aid, name))
        return out

    def _antecedent(self, offset: int, passage: Passage) -> str | None:
        """The component named last before `offset` of the passage, else the passage's own component."""
        last = next((h.value for h in reversed(self._hits) if h.end <= offset), None)
        return last or (passage.service if passage.service in self.components.values() else None) or (
            next(iter(self.delivered_by.get(passage.project.id, ())), None) if passage.project else None)

    # -- sentences ------------------------------------------------------------------------------
    def read(self, passage: Passage) -> None:
        self._hits = self._comp_re.finditer(passage.text)  # once per passage: the loader's hottest search
        self._before = []
        for offset, sentence in split_sentences(passage.text):
            self._at = max(passage.text.find(sentence, offset), 0)
            self._sentence(sentence, passage, passage.line_at(offset), "")
            self._before.append((self._at, sentence))

    def sentences_to_parse(self, passage: Passage) -> list[str]:
        """The sentences of a passage that `read` will parse (to parse them all in one batch first)."""
        self._hits = self._comp_re.finditer(passage.text)
        out = []
        for offset, sentence in split_sentences(passage.text):
            self._at = max(passage.text.find(sentence, offset), 0)
            if self._candidates(sentence, passage) is not None:
                out.append(sentence)  # its stand-in version, when needed, is parsed on its own
        return out

    def _sentence_hits(self, length: int) -> list[Hit]:
        return [h for h in self._hits if self._at <= h.start and h.end <= self._at + length]

    def _candidates(self, sentence: str, passage: Passage) -> tuple[list[Mention], list[Mention]] | None:
        """The component and user mentions of a sentence worth parsing (a component, named or implied, and a
        possible user, named or a pronoun), else None: most sentences are not, and are never parsed."""
        if not (self._sentence_hits(len(sentence)) or ANAPHORA_RE.search(sentence)
                or passage.service in self._component_ids):
            return None
        ms = self.mentions(sentence, passage, "")
        comps = [m for m in ms if m.kind in ("component", "anaphora")]
        users = [m for m in ms if m.kind not in ("component", "anaphora")]
        if not users and not passage.project and not _user_anaphor_re().search(sentence):
            return None
        return comps, users

    def _earlier_users(self, passage: Passage) -> list[Mention]:
        """The users named in the nearest earlier sentence of the passage that names any (for "elle",
        "l'institution"): its first coordinated group."""
        at = self._at
        try:
            for start, sentence in reversed(self._before[-3:]):
                self._at = start
                users = [m for m in self.mentions(sentence, passage, "")
                         if m.kind in ("member", "organization", "application")]
                if users:
                    return _group_forward(sentence, users)
        finally:
            self._at = at
        return []

    def _sentence(self, sentence: str, passage: Passage, line: int, before: str) -> None:
        found = self._candidates(sentence, passage)
        if found is None:
            return
        comps, users = found
        self._hosted = False
        produced, refused = self._read_tree(sentence, grammar.parse(sentence), comps, users, passage, line)
        if not produced and not refused and not self._hosted:
            # no word of use read on the sentence as written: read it again with its names replaced by
            # stand-ins the model parses well (a list of acronyms, a name the tagger takes for a verb)
            rewritten = _stand_ins(sentence, comps, users)
            produced, refused = self._read_tree(sentence, rewritten.back(grammar.parse(rewritten.text)), comps,
                                                users, passage, line)
        bodies = [u for u in users if u.kind in ("member", "organization", "application")]
        if not produced and not comps and len(bodies) >= 2 and passage.service in self._component_ids:
            # "La gestion est assurée par le SPF Intérieur, le SPF Finances, ...": bodies listed in the
            # component's section without a verb of use: worth a human look
            self.left_out.append(LeftOut(line, sentence, [passage.service], [(u.kind, u.id, u.raw) for u in bodies],
                                         "bodies listed in the component's section, no verb of use"))
            return
        if passage.project and refused and not users:  # "La solution sera intégrée à Wave": the page's project
            users = [Mention(0, 0, "project", passage.project.id, passage.project.name)]
        if not produced and comps and users:
            named = {m.id: m.raw for m in comps}
            who = [u for u in users if not (u.kind == "project" and u.id in self.delivered_by
                                            and set(named) <= self.delivered_by[u.id])]
            if who:
                self.left_out.append(LeftOut(line, sentence, sorted(named), [(u.kind, u.id, u.raw) for u in who],
                                             "; ".join(refused) or "no verb of use links them"))

    def _read_tree(self, sentence: str, tree: grammar.Parse, comps: list[Mention], users: list[Mention],
                   passage: Passage, line: int) -> tuple[int, list[str]]:
        """The facts of every word of use of one parse of the sentence, and the reasons of those that state none."""
        produced = 0
        refused: list[str] = []
        named = {t.i for m in comps + users for t in tree.toks if m.start < t.end and t.start < m.end}
        for cue in clauses.cues(tree, named):
            if cue.refused:
                refused.append(cue.refused)
                continue
            produced += self._cue(sentence, tree, cue, comps, users, passage, line)
        return produced, refused

    def _component_of(self, sentence: str, cue: clauses.Cue, comps: list[Mention], kind: str, passage: Passage,
                      users: list[Mention]) -> tuple[Mention | None, str]:
        """By position, when the parse gave no argument naming a component: nearest after the cue (its object),
        else before it (a passive's subject), else the passage's component for a verb without object."""
        after = [c for c in comps if c.start >= cue.end and c.start - cue.end <= 90]
        before = [c for c in comps if c.end <= cue.start]
        if kind == "link":  # "via X", "hébergé sur X": the component follows the cue
            near = [c for c in after if c.start - cue.end <= 60]
            return (near[0], "") if near else (None, "")
        if kind == "use" and not cue.passive:
            before = []  # "X utilise Y": the component is the object
        pick = after[0] if after else before[-1] if before else None
        if pick is not None:
            return pick, "+anaphora" if pick.kind == "anaphora" else ""
        # "Le SPF Justice a fait le pas également": a verb without object, about the passage's component
        if kind in ("use", "locative", "joint") and users and len(sentence[cue.end:].split()) <= 3:
            sid = self._context_component(passage)
            if sid:
                return Mention(cue.start, cue.start, "anaphora", sid, ""), "+context"
        return None, ""

    def _context_component(self, passage: Passage) -> str | None:
        if passage.service and passage.service in set(self.components.values()):
            return self._hits[-1].value if self._hits else passage.service
        return None

    def _slot(self, sentence: str, cue: clauses.Cue, kind: str, users: list[Mention]) -> tuple[list[Mention], str]:
        """By position, when the parse gave no argument naming a user: the coordinated group right before an
        active verb, or right after a passive, locative or joint one."""
        if kind == "use" and not cue.passive:
            prior = [u for u in users if u.end <= cue.start]
            if prior and GLUE_BEFORE_RE.match(sentence[prior[-1].end: cue.start]) and \
                    len(sentence[prior[-1].end: cue.start].split()) <= 7:
                return _group_back(sentence, prior), "subject"
            return [], ""
        # the group after the verb: "à l'ONSS, à l'INAMI...", "conjointement par A, B et C", "via la plateforme X"
        later = [u for u in users if u.start >= cue.end]
        if not later:
            return [], ""
        gap = sentence[cue.end: later[0].start]
        if len(gap) > 90 or re.search(r"[.;:]|\bqui\b", gap):
            return [], ""
        if kind == "joint":
            ok = bool(re.fullmatch(r"\s*(?:\w+\s+)?(?:par\s+)?(?:l'|la |le |les )?\s*", gap))
        else:
            ok = bool(OBJECT_GLUE_RE.search(" " + gap)) or (cue.tok.pos in ("ADJ", "NOUN") and len(gap.split()) <= 4)
        if not ok:
            return [], ""
        group = _group_forward(sentence, later)
        rule = {"locative": "installed-at", "joint": "joint"}.get(kind, "passive")
        return group, rule

    def _cue(self, sentence: str, tree: grammar.Parse, cue: clauses.Cue, comps: list[Mention],
             users: list[Mention], passage: Passage, line: int) -> int:
        """The facts of one word of use: the component and the users among its arguments in the parse, else
        by position; each user checked for a comparison, a beneficiary or a provider."""
        spans = {id(m): {t.i for t in tree.toks if m.start < t.end and t.start < m.end} for m in comps + users}
        args = clauses.arguments(tree, cue)
        comp, comp_arg, how = None, None, ""
        for a in sorted(args, key=lambda a: abs(a.head - cue.tok.i)):
            named = [c for c in comps if spans[id(c)] & a.tokens]
            if named:
                comp, comp_arg = min(named, key=lambda c: abs(c.start - cue.start)), a
                break
        if comp_arg is not None and cue.tok.lemma in grammar.lexicon()["hosting_verbs"] \
                and not comp_arg.role.startswith("obl"):
            self._hosted = True
            return 0  # "Smals héberge Greenshift": the host is a provider; the hosted thing uses the host
        clitics = grammar.lexicon()["component_clitics"]
        if comp is None and any(c.lemma in clitics and c.pos == "PRON" and c.i < cue.tok.i
                                for c in tree.children(cue.tok.i)):
            sid = next((c.id for c in reversed(comps) if c.end <= cue.start), None) or self._context_component(passage)
            if sid:  # "Le SPF Finances y recourt", "l'utilisent": the component named before, or the section's
                comp, how = Mention(cue.start, cue.start, "anaphora", sid, ""), "+context"
        if comp is None and _AMONG_ITS_RE.search(sentence[: cue.start]):
            # "C compte X et Y parmi ses utilisateurs" (a parse that often fails on names): C before the users
            group = _group_back(sentence, [u for u in users if u.end <= cue.start])
            owner = [c for c in comps if group and c.end <= group[0].start]
            if owner:
                produced = 0
                for u in group:
                    if not clauses.excluded_user(tree, min(spans[id(u)] or {0}), cue):
                        produced += self._add(owner[-1], u, line, sentence, "object", passage)
                return produced
        if comp is None:
            comp, how = self._component_of(sentence, cue, comps, cue.kind, passage, users)
            if comp is None:
                return 0
        elif comp.kind == "anaphora" and not how:
            how = "+anaphora"
        chosen: list[tuple[Mention, str]] = []
        for a in args:
            if a is comp_arg:
                continue
            named = [u for u in users if spans[id(u)] & a.tokens and _direct(tree, spans[id(u)], a)]
            suffix = ""
            if not named and clauses.user_anaphor(tree, a):
                named, suffix = self._earlier_users(passage), "+coreference"
            chosen.extend((u, _rule(cue, a) + suffix) for u in named)
        if not chosen:  # "De nombreuses institutions y ont recours, dont l'ONSS et l'INAMI": the examples are users
            chosen.extend((u, "subject") for u in _examples_after(sentence, cue, users))
        # by position too: a coordination the parse split ("Après l'ONEM et l'ONSS, l'INASTI est ...")
        slot_users, rule = self._slot(sentence, cue, cue.kind, users)
        chosen.extend((u, rule) for u in slot_users if all(u is not c for c, _r in chosen))
        produced = 0
        for u, rule in sorted(chosen, key=lambda pair: pair[0].start):  # in the order the sentence names them
            first = min(spans.get(id(u)) or {0})
            if u.start == u.end == 0 and u.kind == "project":
                first = 0
            elif clauses.excluded_user(tree, first, cue):
                continue
            produced += self._add(comp, u, line, sentence, rule + how, passage)
        if not produced and passage.project and comp.kind == "component" and _cue_before(sentence, cue, comp) \
                and not chosen and (cue.verb or cue.tok.pos == "ADP"):
            pu = Mention(0, 0, "project", passage.project.id, passage.project.name)
            produced += self._add(comp, pu, line, sentence, "project-text", passage)
        return produced

    def _add(self, comp: Mention, user: Mention, line: int, sentence: str, rule: str, passage: Passage) -> int:
        if user.kind == "project" and comp.id in self.delivered_by.get(user.id, set()):
            return 0  # a project does not use what it delivers
        kind = user.kind
        rel = "REUSES" if kind == "project" else "USES"
        key = (comp.id, kind, user.id, rel)
        if key in self._seen:
            return 1
        self._seen.add(key)
        if kind == "application":
            self._application(user, line)
        self.facts.append(Fact(comp.id, kind, user.id, line, sentence.strip(), comp.raw or "", rule, rel, user.raw,
                               passage.project.id if passage.project else None))
        return 1

    def _application(self, user: Mention, line: int) -> None:
        entry = self.applications.get(user.id)
        if entry is None:
            cat = self.catalogue_apps.get(user.id, {"name": user.raw, "aliases": []})
            entry = self.applications[user.id] = Application(id=user.id, name=cat["name"], aliases=[], line=line)
        if user.raw != entry.name and user.raw not in entry.aliases:
            entry.aliases.append(user.raw)

    def deliver(self, project: Project, sid: str, raw: str) -> None:
        key = (sid, "project", project.id, "DELIVERS")
        if key not in self._seen:
            self._seen.add(key)
            self.facts.append(Fact(sid, "project", project.id, project.line, project.name, raw,
                                   "project-name", "DELIVERS", project.name, project.id))


# -- helpers ----------------------------------------------------------------------------------------
_FIRST_WORD = re.compile(r"[^\W_][\w-]*")
_WORD = re.compile(r"(?<![\w-])[^\W_][\w-]*")
_WORD_START = _WORD


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str  # as written in the text
    value: str  # what the name stands for


class Names:
    """Whole-word search of many names at once, longest name first at each word start, case-sensitive below
    `insensitive_from` characters (acronyms), case-insensitive from there: what one regex alternation of every
    name would find, without its cost (it is the loader's hottest loop)."""

    def __init__(self, keys: dict[str, str], insensitive_from: int = 8) -> None:
        self.keys = keys
        self._index: dict[str, list[tuple[str, bool]]] = {}  # lower-case first word -> (name, fold case)
        for k in keys:
            first = _FIRST_WORD.match(k)
            if first:
                self._index.setdefault(first.group(0).lower(), []).append((k, len(k) >= insensitive_from))
        for bucket in self._index.values():
            bucket.sort(key=lambda item: len(item[0]), reverse=True)
        self._lower = {k.lower(): v for k, v in keys.items()}

    def finditer(self, text: str) -> list[Hit]:
        out: list[Hit] = []
        low = text.lower()
        if len(low) != len(text):  # a character whose lower case is longer: compare word by word
            low = None
        words = _WORD_START.finditer(low if low is not None else text)
        if low is not None and self._index.keys().isdisjoint(_WORD.findall(low)):
            return out  # no first word of any name: the common case, decided in C
        last_end = 0
        for w in words:
            if w.start() < last_end:
                continue
            for k, fold in self._index.get(w.group(0).lower(), ()):
                end = w.start() + len(k)
                if fold:
                    ok = (low if low is not None else text.lower()).startswith(k.lower(), w.start())
                else:
                    ok = text.startswith(k, w.start())
                if ok and not (end < len(text) and (text[end].isalnum() or text[end] in "_-")):
                    out.append(Hit(w.start(), end, text[w.start():end], self.keys.get(k) or self._lower[k.lower()]))
                    last_end = end
                    break
        return out

    def search(self, text: str) -> bool:
        return bool(self.finditer(text))


_PRIORITY = {"component": 0, "anaphora": 1, "member": 2, "application": 3, "project": 4, "organization": 5}


_AMONG_ITS_RE = re.compile(r"\bparmi\s+(?:ses|leurs)\s+$", re.I)
_EXAMPLES_RE = re.compile(r",\s*dont\s+(?:l['’]|la |le |les )?\s*$", re.I)


def _examples_after(sentence: str, cue: clauses.Cue, users: list[Mention]) -> list[Mention]:
    """The group after ", dont" when it follows the word of use: the named examples of a plural subject."""
    later = [u for u in users if u.start >= cue.end]
    for n, u in enumerate(later):
        if _EXAMPLES_RE.search(sentence[cue.end: u.start]):
            return _group_forward(sentence, later[n:])
    return []


def _stand_ins(sentence: str, comps: list[Mention], users: list[Mention]) -> standins.Rewrite:
    """The sentence as parsed: each name in place of a stand-in the model parses well (loader/standins.py)."""
    return standins.rewrite(sentence, [(m.start, m.end) for m in comps + users if m.kind != "anaphora"])


def _without_overlaps(found: list[Mention]) -> list[Mention]:
    """Longest mention wins; on a tie, components before members before applications before projects."""
    found.sort(key=lambda m: (-(m.end - m.start), _PRIORITY[m.kind], m.start))
    kept: list[Mention] = []
    for m in found:
        if not any(k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _group_back(sentence: str, prior: list[Mention]) -> list[Mention]:
    group = [prior[-1]]
    for m in reversed(prior[:-1]):
        if len(group) == 1 and _BOTH_RE.search(sentence[: m.start]) and _BOTH_THEN_RE.match(
                sentence[m.end: group[0].start]):
            group.insert(0, m)  # "Tant l'INAMI que Fedris recourent à"
        elif CONNECTOR_RE.match(sentence[m.end: group[0].start]) and sentence[m.end: group[0].start].strip(" ,") != "de":
            group.insert(0, m)
        else:
            break
    # "Après l'ONEM et l'ONSS, l'INASTI ...": the enumeration before the subject belongs to it
    return group


_BOTH_RE = re.compile(r"\btant\s+(?:par\s+|à\s+|chez\s+)?(?:l['’]|la |le |les )?\s*$", re.I)
_BOTH_THEN_RE = re.compile(r"^\s*qu(?:e\s+|['’])(?:(?:par|à|au|aux|chez)\s+)?(?:l['’]|la |le |les )?\s*$", re.I)


def _group_forward(sentence: str, later: list[Mention]) -> list[Mention]:
    group = [later[0]]
    for m in later[1:]:
        gap = sentence[group[-1].end: m.start]
        if len(group) == 1 and _BOTH_RE.search(sentence[: group[0].start]) and _BOTH_THEN_RE.match(gap):
            group.append(m)  # "tant par l'ONEM que par la CAAMI"
        elif CONNECTOR_RE.match(gap):
            group.append(m)
        else:
            break
    return group


_UP = frozenset({"conj", "appos", "flat", "flat:name", "flat:foreign", "dep", "amod", "fixed", "punct", "cc"})


def _direct(tree: grammar.Parse, span: set[int], arg: clauses.Argument) -> bool:
    """A name that is the argument itself or one of its coordinated / apposed members (a deeper noun of an
    oblique is not: "pour l'envoi de documents à l'ONSS")."""
    if arg.head in span or arg.role in ("subject", "antecedent", "apposition", "modified"):
        return True
    top = next((i for i in sorted(span) if tree.toks[i].head not in span), min(span))
    seen = 0
    while top != arg.head and seen < 12:
        tok = tree.toks[top]
        if tok.dep not in _UP or tok.head == top:
            return False
        top, seen = tok.head, seen + 1
    return top == arg.head


def _rule(cue: clauses.Cue, arg: clauses.Argument) -> str:
    if cue.kind == "joint":
        return "joint"
    if arg.role in ("subject", "antecedent", "antecedent-object", "apposition", "modified"):
        return {"subject": "subject", "apposition": "apposition", "modified": "passive"}.get(arg.role, "relative")
    if cue.kind == "locative":
        return "installed-at"
    if arg.role in ("agent", "patient") or arg.role.split(":")[-1] in ("par", "via", "dans", "sur"):
        return "passive"
    return "object"


_USER_ANAPHORS: list[re.Pattern[str]] = []


def _user_anaphor_re() -> re.Pattern[str]:
    """A word that may stand for a user named earlier ("elle", "l'institution"): such a sentence is parsed."""
    if not _USER_ANAPHORS:
        lx = grammar.lexicon()
        words = sorted(lx["anaphor_pronouns"] | lx["anaphor_nouns"], key=len, reverse=True)
        _USER_ANAPHORS.append(re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.I))
    return _USER_ANAPHORS[0]


def _cue_before(sentence: str, cue, comp: Mention) -> bool:
    return cue.end <= comp.start and comp.start - cue.end <= 60


def passages_outside(lines: list[str], taken: set[int], first: int, last: int) -> list[Passage]:
    """Prose paragraphs of lines first..last not in `taken`; a paragraph ending mid-sentence is joined with
    the next one (within 12 lines) that starts lower-case: a sentence wrapped across lines or columns."""
    from .norm import ends_sentence

    paras = [(ln, lines[ln - 1].strip()) for ln in range(first, last + 1)
             if ln not in taken and len(lines[ln - 1].split()) >= 3 and "\t" not in lines[ln - 1]]
    used: set[int] = set()
    out: list[Passage] = []
    for i, (ln, text) in enumerate(paras):
        if ln in used:
            continue
        pieces = [(ln, text)]
        j = i
        while not ends_sentence(pieces[-1][1]):
            nxt = next(((k, p) for k, p in enumerate(paras[j + 1: j + 13], start=j + 1)
                        if p[0] - pieces[-1][0] <= 12 and p[0] not in used and first_alpha_is_lower(p[1])), None)
            if nxt is None:
                break
            j = nxt[0]
            used.add(nxt[1][0])
            pieces.append(nxt[1])
        out.append(Passage(pieces))
    return out


def component_keys(builder: ServicesBuilder, resolver: Resolver) -> dict[str, str]:
    """Names of reusable components (not competence-centre technologies), minus names of members ("eHealth")."""
    return {k: v for k, v in builder.service_keys().items()
            if builder.services[v].reusable and v not in builder.competence_centre
            and (len(k) >= 4 or k.isupper()) and not resolver.resolvable(k) and norm_key(k) not in {"g-cloud"}}


def read_report(lines: list[str], builder: ServicesBuilder, projects: list[Project], paras_of: dict[str, list[tuple[int, str]]],
                resolver: Resolver, applications: list[dict], outside: tuple[int, int],
                skip: list[tuple[int, int]]) -> ReuseExtractor:
    """Every statement of use of the report. `paras_of`: each project's description paragraphs (line, text);
    `outside`: the lines read as free prose (title to members list); `skip`: line ranges read only through
    their own passages (project pages and summary table, Services chapter)."""
    comps = component_keys(builder, resolver)
    names = Names(comps)
    delivered: dict[str, set[str]] = {}
    raw_of: dict[tuple[str, str], str] = {}
    for p in projects:  # a project named after a component builds or runs it ("Wave SaaS", "FoLeEn")
        for h in names.finditer(p.name):
            delivered.setdefault(p.id, set()).add(h.value)
            raw_of[(p.id, h.value)] = h.text
    ex = ReuseExtractor(comps, resolver, projects, applications, delivered)
    for p in projects:
        for sid in sorted(delivered.get(p.id, ())):
            ex.deliver(p, sid, raw_of[(p.id, sid)])
    taken: set[int] = {ln for first, last in skip for ln in range(first, last + 1)}
    passages = [Passage(list(paras_of[p.id]), project=p) for p in projects if paras_of.get(p.id)]
    for sid in builder.services:
        for chain in builder.chains.get(sid, []):
            taken.update(ln for ln, _t in chain)
            passages.append(Passage([(ln, t.replace("\n", " ")) for ln, t in chain], service=sid))
    passages.extend(Passage([(para.line, para.text.replace("\n", " "))]) for para in builder.paras if para.owner is None)
    passages.extend(passages_outside(lines, taken, *outside))
    # one batch through the parser (nlp.pipe) for every sentence that may state a use; then read
    grammar.parse_many([s for passage in passages for s in ex.sentences_to_parse(passage)])
    for passage in passages:
        ex.read(passage)
    return ex
