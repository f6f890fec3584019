"""What changed between two editions of the report, read from the per-edition facts of the graph.

A graph loaded from several reports keeps every fact once, with the editions that state it (`editions`, sorted
years) and each edition's own values as lists aligned with it (`line_by_edition`, `name_by_edition`,
`status_by_edition`, `status_norm_by_edition`; loader/write.py). A change is a difference between two of those
editions:

* projects that are new (in the later edition only) or ended (in the earlier one only);
* a project's status or name that moved;
* a project's clients, technologies and components gained or lost (the project in both editions);
* a component's users gained or lost — members (and organisations) directly and through their projects, and
  applications, by the one definition of a user (app/view_model/usage.py);
* a member's reuse profile: the components it uses, gained and lost.

Every change names the report line of each side it has: `line_before` in the earlier report, `line_after` in the
later one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from smals_graph.graph_model import schema
from smals_graph.graph_model.canned import load_canned
from smals_graph.graph_model.store import Store

__all__ = ["KINDS", "Change", "changes", "edition_years", "users_by_edition"]

NEW, ENDED, STATUS, RENAMED = "new project", "ended project", "status", "renamed"
CLIENT_GAINED, CLIENT_LOST = "client gained", "client lost"
TECH_GAINED, TECH_LOST = "technology gained", "technology lost"
COMPONENT_GAINED, COMPONENT_LOST = "component gained", "component lost"
USER_GAINED, USER_LOST = "user gained", "user lost"
KINDS = (NEW, ENDED, STATUS, RENAMED, CLIENT_GAINED, CLIENT_LOST, TECH_GAINED, TECH_LOST, COMPONENT_GAINED,
         COMPONENT_LOST, USER_GAINED, USER_LOST)

PROJECT_LINKS = ("MATCH (p:Project)-[r:FOR|USES|REUSES|DELIVERS]->(x) "
                 "RETURN p.id, type(r), x.id, coalesce(x.acronym, x.name), r.editions, r.line_by_edition, "
                 "labels(x) ORDER BY p.id, x.id")
DIRECT_USES = ("MATCH (u)-[r:USES]->(s:Service) WHERE u:Member OR u:Application OR u:Organization "
               "RETURN u.id, coalesce(u.acronym, u.name), s.id, s.name, r.editions, r.line_by_edition, labels(u) "
               "ORDER BY s.id, u.id")


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    subject_key: str  # the project, or the component whose users changed
    subject: str
    other_key: str | None  # the client, technology or user the change is about
    other: str | None
    before: str | None  # a value in the earlier edition (status, name), or None
    after: str | None
    line_before: int | None
    line_after: int | None
    via: str = ""  # for users: how (directly, through a project, as a project, as an application)


def edition_years(store: Store) -> list[int]:
    return [int(row[0]) for row in store.read("MATCH (e:Edition) RETURN e.year ORDER BY e.year").rows]


def _at(editions: list[int] | None, values: list[Any] | None, year: int) -> Any:
    """The value an edition has in a per-edition list (None when the fact is not in that edition)."""
    editions, values = editions or [], values or []
    if year in editions and editions.index(year) < len(values):
        value = values[editions.index(year)]
        return None if value in ("", 0) else value
    return None


def _label(labels: Iterable[str]) -> str:
    return next((x for x in labels if x != schema.ENTITY), "")


def _canned(store: Store, name: str, before: int, after: int) -> list[list[Any]]:
    query = load_canned()[name]
    return store.read(query.text_for(store.engine), {"before": before, "after": after}).rows


def _project_changes(store: Store, before: int, after: int) -> list[Change]:
    """New, ended, renamed projects and status moves (the canned query changes_projects)."""
    return [Change(kind, key, name, None, None, was, is_, line_b, line_a)
            for kind, key, name, was, is_, line_b, line_a in _canned(store, "changes_projects", before, after)]


def _link_changes(store: Store, before: int, after: int) -> list[Change]:
    """Clients, technologies and components a project in both editions gained or lost (changes_project_links)."""
    return [Change(kind, key, name, other_key, other, None, None, line_b, line_a)
            for kind, key, name, other_key, other, line_b, line_a
            in _canned(store, "changes_project_links", before, after)]


@dataclass(frozen=True, slots=True)
class _Fact:
    component_key: str
    component: str
    user_key: str
    user: str
    via: str
    line: int | None
    label: str  # the user's label: Member, Organization, Application


def users_by_edition(store: Store, year: int) -> dict[str, dict[str, list[_Fact]]]:
    """component key -> user key -> the facts that make it a user in that edition (one definition of a user:
    app/view_model/usage.py, each link read in that edition only)."""
    out: dict[str, dict[str, list[_Fact]]] = defaultdict(lambda: defaultdict(list))
    for user_key, user, service_key, service, editions, lines, labels in store.read(DIRECT_USES).rows:
        if year in (editions or []):
            kind = _label(labels)
            via = "directly" if kind != schema.APPLICATION else "as an application"
            out[service_key][user_key].append(_Fact(service_key, service, user_key, user, via,
                                                    _at(editions, lines, year), kind))
    project_links: dict[str, list[tuple[str, str, str, list[int], list[int], str]]] = defaultdict(list)
    for key, rel_type, other_key, other, editions, lines, labels in store.read(PROJECT_LINKS).rows:
        project_links[key].append((rel_type, other_key, other, editions or [], lines or [], _label(labels)))
    for rows in project_links.values():
        clients = [(k, n, label) for t, k, n, eds, _, label in rows if t == schema.FOR and year in eds]
        for rel_type, service_key, service, editions, lines, _ in rows:
            if rel_type not in schema.PROJECT_COMPONENT_TYPES or year not in editions:
                continue
            line = _at(editions, lines, year)
            for client_key, client, label in clients:
                out[service_key][client_key].append(_Fact(service_key, service, client_key, client,
                                                          "through a project", line, label))
    return out


def _user_changes(store: Store, before: int, after: int) -> list[Change]:
    old, new = users_by_edition(store, before), users_by_edition(store, after)
    out: list[Change] = []
    for service_key in sorted(set(old) | set(new)):
        was, is_ = old.get(service_key, {}), new.get(service_key, {})
        for user_key in sorted(set(was) ^ set(is_)):
            facts = is_.get(user_key) or was.get(user_key) or []
            fact = facts[0]
            kind = USER_GAINED if user_key in is_ else USER_LOST
            out.append(Change(kind, service_key, fact.component, user_key, fact.user, None, None,
                              was[user_key][0].line if user_key in was else None,
                              is_[user_key][0].line if user_key in is_ else None,
                              via=", ".join(sorted({f.via for f in facts}))))
    return out


def changes(store: Store, before: int, after: int) -> list[Change]:
    """Every change from edition `before` to edition `after`, by kind then subject."""
    found = (_project_changes(store, before, after) + _link_changes(store, before, after)
             + _user_changes(store, before, after))
    return sorted(found, key=lambda c: (KINDS.index(c.kind), c.subject_key, c.other_key or ""))
