"""One meaning of "user" of a component, for every page, figure and analytics that counts users.

Who uses a component `s`:

* **members directly** — `(m:Member)-[:USES]->(s)`: the report states it (a sentence with its line and quote);
* **members through their projects** — `(p:Project)-[:REUSES|DELIVERS]->(s)` and `(p)-[:FOR]->(m:Member)`:
  the member is a client of a project that reuses the component or builds/runs it (Wave SaaS delivers Wave,
  so its clients ONSS and ONEM use Wave);
* **projects** — `(p:Project)-[:REUSES|DELIVERS]->(s)`;
* **applications** — `(a:Application)-[:USES]->(s)` (Vitalink, Limosa...: named users that are not projects);
* organisations (Smals) the same way as members, when asked for.

"Members using it" is the number of distinct members of the first two kinds (a member counted once however
many ways it uses the component). Every count shown (component picker, matrix, one-component page, the
"Who shares a component" figure, the "Components by number of members" query, member profiles of the
analytics) comes from these facts or from Cypher that follows the same patterns (`PROJECT_TYPES` below);
tests/app/test_usage.py checks that the numbers agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from smals_graph.graph_model import schema
from smals_graph.graph_model.store import Store

PROJECT_TYPES = schema.PROJECT_COMPONENT_TYPES  # (REUSES, DELIVERS): a project's link to a component it uses
_PROJECT_REL = "|".join(PROJECT_TYPES)

# kinds of fact
DIRECT = "direct"  # Member/Organization -[:USES]-> Service
VIA_PROJECT = "project"  # Member/Organization <-[:FOR]- Project -[:REUSES|DELIVERS]-> Service
PROJECT = "by project"  # Project -[:REUSES|DELIVERS]-> Service
APPLICATION = "application"  # Application -[:USES]-> Service


@dataclass(frozen=True)
class UsageFact:
    """One fact "this user uses this component", with the report line that says so."""

    kind: str  # DIRECT, VIA_PROJECT, PROJECT or APPLICATION
    user_key: str
    user_caption: str
    user_name: str
    user_label: str  # Member, Organization, Project or Application
    category: str | None
    service_key: str
    service_name: str
    reusable: bool
    relationship: str  # USES, REUSES or DELIVERS
    project_key: str | None
    project_name: str | None
    line: int | None
    page: int | None
    quote: str | None
    rule: str | None

    @property
    def via(self) -> str:
        """How a member's fact is known: "project" (through one of its projects) or "statement"."""
        return "project" if self.kind == VIA_PROJECT else "statement"


@dataclass
class UserCounts:
    """The split of one component's users."""

    members: set[str] = field(default_factory=set)  # directly or through a project
    members_direct: set[str] = field(default_factory=set)
    members_via_projects: set[str] = field(default_factory=set)
    projects: set[str] = field(default_factory=set)
    applications: set[str] = field(default_factory=set)
    organizations: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        """Distinct users of every kind: members, organisations, projects and applications."""
        return len(self.members) + len(self.organizations) + len(self.projects) + len(self.applications)

    def summary(self) -> str:
        """The counts a button or a caption shows, each with its unit: "9 members · 1 project" (kinds with
        none left out; "no user" when nothing uses it)."""
        parts = [counted(len(self.members), "member"), counted(len(self.organizations), "organisation"),
                 counted(len(self.projects), "project"), counted(len(self.applications), "application")]
        return " · ".join(p for p in parts if not p.startswith("0 ")) or "no user"

    def rank(self) -> tuple[int, int, int, int]:
        """What lists of components sort by, most first: the numbers `summary` shows, in its order."""
        return (-len(self.members), -len(self.organizations), -len(self.projects), -len(self.applications))

    def describe(self) -> str:
        parts = [f"{len(self.members)} member(s) ({len(self.members_direct)} directly, "
                 f"{len(self.members_via_projects)} through projects)", f"{len(self.projects)} project(s)",
                 f"{len(self.applications)} application(s)"]
        if self.organizations:
            parts.insert(1, f"{len(self.organizations)} organisation(s)")
        return " · ".join(parts)


def counted(n: int, noun: str) -> str:
    """ "1 member", "9 members": every number said with its unit."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_REUSABLE = "($reusable = false OR s.reusable = true)"
_USER = ("u.id AS uk, coalesce(u.acronym, u.name) AS uc, u.name AS un, " + schema.label_of("u") + " AS ul, "
         "u.category AS cat, "
         "s.id AS sk, s.name AS sn, s.reusable AS reusable, type(r) AS rel, ")
_DIRECT_TAIL = "null AS pk, null AS pn, r.line AS line, r.page AS page, r.quote AS quote, r.rule AS rule"
_VIA_TAIL = ("p.id AS pk, p.name AS pn, r.line AS line, r.page AS page, r.quote AS quote, "
             "coalesce(r.rule, r.via) AS rule ORDER BY uk, sk, pk, rel, line, quote")
_PROJECT_TAIL = ("u.id AS pk, u.name AS pn, r.line AS line, r.page AS page, r.quote AS quote, "
                 "coalesce(r.rule, r.via) AS rule ORDER BY uk, sk, rel, line, quote")
_IS_USER = "any(l IN labels(u) WHERE l IN $labels)"
_ONE = "MATCH (s:Entity {id: $service}) WHERE s:Service AND " + _REUSABLE + " "  # one component: an index seek
# some users: an index seek. `WITH DISTINCT u` (a no-op: keys are unique) ends the query part, so that Neo4j starts
# from the users rather than from a label scan of the other end, which its cost model prefers when that label has
# few nodes (a small graph); a plain `WITH u` is folded away by its planner
_SOME = "MATCH (u:Entity) WHERE u.id IN $users AND " + _IS_USER + " WITH DISTINCT u "

# Three forms of each query: every fact; one component's; some users' (the pair view).
DIRECT_ALL_CYPHER = ("MATCH (u)-[r:USES]->(s:Service) WHERE " + _IS_USER + " AND " + _REUSABLE + " RETURN "
                     + _USER + _DIRECT_TAIL + " ORDER BY uk, sk, rel, line, quote")
DIRECT_ONE_CYPHER = (_ONE + "MATCH (u)-[r:USES]->(s) WHERE " + _IS_USER + " RETURN " + _USER + _DIRECT_TAIL
                     + " ORDER BY uk, sk, rel, line, quote")
DIRECT_SOME_CYPHER = (_SOME + "MATCH (u)-[r:USES]->(s:Service) WHERE " + _REUSABLE + " RETURN " + _USER
                      + _DIRECT_TAIL + " ORDER BY uk, sk, rel, line, quote")
VIA_ALL_CYPHER = ("MATCH (p:Project)-[r:" + _PROJECT_REL + "]->(s:Service) WHERE " + _REUSABLE + " "
                  "MATCH (p)-[:FOR]->(u) WHERE " + _IS_USER + " RETURN " + _USER + _VIA_TAIL)
VIA_ONE_CYPHER = (_ONE + "MATCH (p:Project)-[r:" + _PROJECT_REL + "]->(s) MATCH (p)-[:FOR]->(u) WHERE "
                  + _IS_USER + " RETURN " + _USER + _VIA_TAIL)
VIA_SOME_CYPHER = (_SOME + "MATCH (u)<-[:FOR]-(p:Project)-[r:" + _PROJECT_REL + "]->(s:Service) WHERE "
                   + _REUSABLE + " RETURN " + _USER + _VIA_TAIL)
PROJECTS_ALL_CYPHER = ("MATCH (u:Project)-[r:" + _PROJECT_REL + "]->(s:Service) WHERE " + _REUSABLE + " RETURN "
                       + _USER + _PROJECT_TAIL)
PROJECTS_ONE_CYPHER = (_ONE + "MATCH (u:Project)-[r:" + _PROJECT_REL + "]->(s) RETURN " + _USER + _PROJECT_TAIL)
APPS_ALL_CYPHER = ("MATCH (u:Application)-[r:USES]->(s:Service) WHERE " + _REUSABLE + " RETURN " + _USER
                   + _DIRECT_TAIL + " ORDER BY uk, sk, rel, line, quote")
APPS_ONE_CYPHER = (_ONE + "MATCH (u:Application)-[r:USES]->(s) RETURN " + _USER + _DIRECT_TAIL
                   + " ORDER BY uk, sk, rel, line, quote")


def usage_facts(store: Store, *, service_key: str | None = None, reusable_only: bool = False,
                include_organizations: bool = False, user_keys: list[str] | None = None) -> list[UsageFact]:
    """Every usage fact of the graph; of one component when `service_key` is given; of some members or
    organisations (their DIRECT and VIA_PROJECT facts only) when `user_keys` is given."""
    labels = ["Member", "Organization"] if include_organizations else ["Member"]
    users = list(user_keys or [])
    params = {"labels": labels, "reusable": reusable_only, "service": service_key, "users": users}
    one, some = service_key is not None, user_keys is not None
    results = [
        (DIRECT, store.read(DIRECT_ONE_CYPHER if one else DIRECT_SOME_CYPHER if some else DIRECT_ALL_CYPHER,
                            params, max_rows=100_000)),
        (VIA_PROJECT, store.read(VIA_ONE_CYPHER if one else VIA_SOME_CYPHER if some else VIA_ALL_CYPHER,
                                 params, max_rows=100_000)),
    ]
    if not some:
        results += [
            (PROJECT, store.read(PROJECTS_ONE_CYPHER if one else PROJECTS_ALL_CYPHER, params, max_rows=100_000)),
            (APPLICATION, store.read(APPS_ONE_CYPHER if one else APPS_ALL_CYPHER, params, max_rows=100_000)),
        ]
    out: list[UsageFact] = []
    for kind, result in results:
        for row in result.rows:
            key, cap, name, label = row[0], row[1], row[2], row[3]
            if one and some and key not in users:
                continue
            out.append(UsageFact(kind, key, cap or name or key, name or cap or key, label, row[4], row[5],
                                 row[6] or row[5], bool(row[7]), row[8], row[9], row[10], row[11], row[12],
                                 row[13], row[14]))
    return out


def counts(facts: list[UsageFact]) -> dict[str, UserCounts]:
    """service key -> the split of its users."""
    out: dict[str, UserCounts] = defaultdict(UserCounts)
    for f in facts:
        c = out[f.service_key]
        if f.kind == PROJECT:
            c.projects.add(f.user_key)
        elif f.kind == APPLICATION:
            c.applications.add(f.user_key)
        elif f.user_label == "Organization":
            c.organizations.add(f.user_key)
        else:
            c.members.add(f.user_key)
            (c.members_direct if f.kind == DIRECT else c.members_via_projects).add(f.user_key)
    return dict(out)


def component_counts(store: Store, *, reusable_only: bool = False,
                     include_organizations: bool = False) -> dict[str, UserCounts]:
    return counts(usage_facts(store, reusable_only=reusable_only, include_organizations=include_organizations))


def member_facts(facts: list[UsageFact]) -> list[UsageFact]:
    """The facts whose user is an institution (member or organisation): the rows of the member x component
    matrix."""
    return [f for f in facts if f.kind in (DIRECT, VIA_PROJECT)]

__all__ = ["APPLICATION", "APPS_ALL_CYPHER", "APPS_ONE_CYPHER", "DIRECT", "DIRECT_ALL_CYPHER",
    "DIRECT_ONE_CYPHER", "DIRECT_SOME_CYPHER", "PROJECT", "PROJECTS_ALL_CYPHER", "PROJECTS_ONE_CYPHER",
    "PROJECT_TYPES", "UsageFact", "UserCounts", "VIA_ALL_CYPHER", "VIA_ONE_CYPHER", "VIA_PROJECT",
    "VIA_SOME_CYPHER", "component_counts", "counts", "member_facts", "usage_facts"]
