"""Entity resolution: client strings -> members/organizations, technology items -> technologies/services.

Every resolution says which rule matched (key ``rule``); nothing is guessed fuzzily. Client rules, tried in order:

* ``exact-name``            the full name exactly as in the members list
* ``acronym``               the acronym given in final parentheses, e.g. "ONSS"
* ``name-without-acronym``  the full name minus its "(ACRONYM)", e.g. "SPF Sécurité sociale"
* ``name-without-parenthetical``  the full name minus a final note ("… (avant Jongerenwelzijn)")
* ``alternate-name``        another name the list gives in parentheses ("(avant Jongerenwelzijn)", "(Office de …)")
* ``alias:<alias>``         an alias from loader/data/aliases.json ("members")
* ``normalised``            any of the above after case/accent/dash/spacing normalisation ("SPF Économie" = "SPF Economie")
* ``organization``          a non-member body from aliases.json ("organizations"), e.g. Smals
* ``None``                  unresolved: member_id and organization_id are null and a problem is reported

Technology rules: ``technology`` (technologies.json name/variant, normalised), ``service`` (services.json
name/alias or a name derived from a Services-chapter heading, normalised), ``new`` (unknown: a new
technology with no category).
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import knowledge
from .members import ListedMember
from .model import Client, Organization, Technology, TechnologyItem
from .norm import norm_key, slug


class Resolver:
    def __init__(self, members: list[ListedMember]) -> None:
        self._exact: dict[str, str] = {}
        self._acronym: dict[str, str] = {}
        self._short: dict[str, str] = {}
        self._alternate: dict[str, str] = {}
        self._base: dict[str, str] = {}
        self._alias: dict[str, tuple[str, str]] = {}
        self._norm: dict[str, set[str]] = {}
        self.organizations: dict[str, Organization] = {}
        self.seen_raw: dict[str, set[str]] = {}
        for m in members:
            mid = m.duplicate_of or m.id
            self._exact.setdefault(m.name, mid)
            if m.acronym:
                self._acronym.setdefault(m.acronym, mid)
            if m.short:
                self._short.setdefault(m.short, mid)
            if m.base:
                self._base.setdefault(m.base, mid)
            for alt in m.alternate:
                self._alternate.setdefault(alt, mid)
        by_name = {m.name: (m.duplicate_of or m.id) for m in members}
        for alias, spec in knowledge.aliases()["members"].items():
            if alias.startswith("_"):
                continue
            target = by_name.get(spec["member"])
            if target:
                self._alias[alias] = (target, spec.get("why", ""))
        for table in (self._exact, self._acronym, self._short, self._base, self._alternate):
            for key, mid in table.items():
                self._norm.setdefault(norm_key(key), set()).add(mid)
        for key, (mid, _why) in self._alias.items():
            self._norm.setdefault(norm_key(key), set()).add(mid)
        self._orgs = {
            norm_key(alias): spec["name"]
            for alias, spec in knowledge.aliases()["organizations"].items()
            if not alias.startswith("_")
        }
        self._scan_index: dict[str, list[str]] | None = None
        self._scan_keys: dict[str, str] = {}

    # -- members -----------------------------------------------------------------
    def alias_names_for(self, member_id: str) -> list[str]:
        return sorted(a for a, (mid, _w) in self._alias.items() if mid == member_id)

    def _lookup(self, raw: str) -> tuple[str | None, str | None]:
        if raw in self._exact:
            return self._exact[raw], "exact-name"
        if raw in self._acronym:
            return self._acronym[raw], "acronym"
        if raw in self._short:
            return self._short[raw], "name-without-acronym"
        if raw in self._base:
            return self._base[raw], "name-without-parenthetical"
        if raw in self._alternate:
            return self._alternate[raw], "alternate-name"
        if raw in self._alias:
            return self._alias[raw][0], f"alias:{raw}"
        hits = self._norm.get(norm_key(raw))
        if hits and len(hits) == 1:
            return next(iter(hits)), "normalised"
        return None, None

    def resolve_client(self, raw: str, line: int) -> Client:
        mid, rule = self._lookup(raw)
        if mid:
            self.seen_raw.setdefault(mid, set()).add(raw)
            return Client(raw=raw, member_id=mid, organization_id=None, rule=rule)
        org = self._orgs.get(norm_key(raw))
        if org:
            oid = "o:" + slug(org)
            self.organizations.setdefault(oid, Organization(id=oid, name=org, line=line))
            return Client(raw=raw, member_id=None, organization_id=oid, rule="organization")
        return Client(raw=raw, member_id=None, organization_id=None, rule=None)

    def resolvable(self, raw: str) -> bool:
        return self._lookup(raw)[0] is not None or norm_key(raw) in self._orgs

    def split_clients(self, text: str) -> list[str]:
        """Split a client line on commas, re-joining pieces whose join is one listed name
        ("SPF Emploi, Travail et Concertation sociale (SPF ETCS)")."""
        parts = [p.strip() for p in text.split(",")]
        parts = [p for p in parts if p]
        out: list[str] = []
        i = 0
        while i < len(parts):
            for j in range(len(parts), i + 1, -1):
                joined = ", ".join(parts[i:j])
                if self.resolvable(joined):
                    out.append(joined)
                    i = j
                    break
            else:
                out.append(parts[i])
                i += 1
        return out

    def member_spans(self, text: str) -> list[tuple[int, int, str, str]]:
        """Every member mention in free text: (start, end, member_id, matched text), in order: names,
        acronyms (upper-case, 3+ letters), alternate names and file aliases, whole words, case-sensitive below
        FOLD_FROM characters; plus all-capital spellings of a listed name ("FAMIWAL" for "Famiwal")."""
        out = self._spans(text)
        taken = [(s, e) for s, e, _m, _r in out]
        for m in re.finditer(r"(?<![\w'-])([A-Z][A-Z-]{3,})(?![\w-])", text):
            if any(s < m.end() and m.start() < e for s, e in taken) or m.group(1) in self._scan_keys:
                continue
            hits = self._norm.get(norm_key(m.group(1)))
            if hits and len(hits) == 1:
                out.append((m.start(1), m.end(1), next(iter(hits)), m.group(1)))
        return sorted(out)

    def _spans(self, text: str) -> list[tuple[int, int, str, str]]:
        """Longest key at each word start, left to right, whole words, case-sensitive: what one regex
        alternation of every key would find, without compiling one (a thousand names take a second)."""
        if self._scan_index is None:
            keys: dict[str, str] = {}
            for table in (self._exact, self._short, self._base, self._alternate):
                for k, mid in table.items():
                    if len(k) >= 4:
                        keys.setdefault(k, mid)
            for k, mid in self._acronym.items():
                if len(k) >= 3 and any(c.isupper() for c in k):
                    keys.setdefault(k, mid)
            for k, (mid, _w) in self._alias.items():
                if len(k) >= 4:
                    keys.setdefault(k, mid)
            self._scan_keys = keys
            index: dict[str, list[str]] = {}
            for k in keys:
                first = _WORD.match(k)
                if first:  # long names are matched whatever their case ("Régie des Bâtiments")
                    index.setdefault(first.group(0).lower() if len(k) >= FOLD_FROM else first.group(0), []).append(k)
            for bucket in index.values():
                bucket.sort(key=len, reverse=True)
            self._scan_index = index
        out: list[tuple[int, int, str, str]] = []
        last_end = 0
        low = None
        for w in _WORD_START.finditer(text):
            if w.start() < last_end:
                continue
            word = w.group(0)
            cands = self._scan_index.get(word, [])
            if word.lower() != word:
                cands = cands + self._scan_index.get(word.lower(), [])
            for k in sorted(cands, key=len, reverse=True) if len(cands) > 1 else cands:
                end = w.start() + len(k)
                if len(k) >= FOLD_FROM:
                    low = low if low is not None else text.lower()
                    ok = low.startswith(k.lower(), w.start())
                else:
                    ok = text.startswith(k, w.start())
                if ok and not (end < len(text) and (text[end].isalnum() or text[end] in "_-")):
                    out.append((w.start(), end, self._scan_keys[k], text[w.start():end]))
                    last_end = end
                    break
        return out


FOLD_FROM = 12  # names this long are matched in free text whatever their case
_WORD = re.compile(r"[^\W_][\w-]*")
_WORD_START = re.compile(r"(?<![\w-])[^\W_][\w-]*")


class TechResolver:
    def __init__(self, service_keys: dict[str, str]) -> None:
        self._tech: dict[str, dict] = {}
        for t in knowledge.technologies():
            for v in [t["name"], *t.get("variants", [])]:
                self._tech.setdefault(norm_key(v), t)
        self._services = service_keys  # norm_key -> service id
        self.used: dict[str, Technology] = {}  # id -> the technology, its aliases filled in by technologies()
        self._aliases: dict[str, set[str]] = {}  # id -> the spellings it was named by, and its variants
        self._new: list[str] = []  # ids not in technologies.json, in the order met

    def resolve(self, raw: str) -> TechnologyItem:
        key = norm_key(raw)
        t = self._tech.get(key)
        if t:
            tid = "t:" + slug(t["name"])
            self._use(Technology(id=tid, name=t["name"], category=t.get("category")), raw, t.get("variants", []))
            return TechnologyItem(raw=raw, technology_id=tid, service_id=None, rule="technology")
        sid = self._services.get(key)
        if sid:
            return TechnologyItem(raw=raw, technology_id=None, service_id=sid, rule="service")
        tid = "t:" + slug(raw)
        if tid not in self.used:
            self._new.append(tid)
        self._use(Technology(id=tid, name=raw, category=None), raw, [])
        return TechnologyItem(raw=raw, technology_id=tid, service_id=None, rule="new")

    def _use(self, technology: Technology, raw: str, variants: list[str]) -> None:
        tech = self.used.setdefault(technology.id, technology)
        aliases = self._aliases.setdefault(technology.id, set(variants))
        if raw != tech.name:
            aliases.add(raw)

    def technologies(self) -> list[Technology]:
        return [replace(t, aliases=sorted(a for a in self._aliases[tid] if a != t.name))
                for tid, t in sorted(self.used.items())]

    def new_names(self) -> list[str]:
        return [self.used[tid].name for tid in self._new]

__all__ = ["FOLD_FROM", "Resolver", "TechResolver"]
