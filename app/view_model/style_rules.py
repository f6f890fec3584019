"""Styling rules (as in Bloom): colour, size or caption of nodes by label, by a property's value, or by a range of a
number, with a legend. Rules travel as compact JSON: in the URL (`?rules=…`), in saved scenes and in figure specs.
The first rule that matches a node wins for what it sets; a node no rule matches keeps the label's style.

    {"set": "colour", "value": "#d62728", "label": "Project", "property": "status_norm", "equals": "done"}
    {"set": "size", "value": 30, "property": "_degree", "min": 10}
    {"set": "caption", "value": "acronym", "label": "Member"}   # a caption rule's value is a property name
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from smals_graph.graph_model.errors import ConfigError
from smals_graph.graph_model.results import Node

__all__ = ["NodeLook", "StyleRule", "apply_rules", "legend", "rules_from_json", "rules_from_url", "rules_to_url"]

SETS = ("colour", "size", "caption")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_RULES = 20  # a URL carries them: a bound on what a link can make the page do


@dataclass(frozen=True)
class StyleRule:
    set: str  # colour | size | caption
    value: str | float  # a #rrggbb colour, a size in pixels, or the property shown as caption
    label: str = ""  # only nodes with this label ("" = any)
    property: str = ""  # "" = by label alone
    equals: str | None = None  # by value: the property's value, as text
    min: float | None = None  # by range: min <= value < max (either end open)
    max: float | None = None

    def matches(self, node: Node) -> bool:
        if self.label and self.label not in node.labels:
            return False
        if not self.property:
            return True
        value = node.properties.get(self.property)
        if value is None:
            return False
        if self.equals is not None:
            return str(value) == self.equals
        if self.min is not None or self.max is not None:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return False
            return (self.min is None or value >= self.min) and (self.max is None or value < self.max)
        return True  # the property is there

    def describe(self) -> str:
        """The legend's words for what the rule picks."""
        who = self.label or "any node"
        if not self.property:
            return who
        if self.equals is not None:
            return f"{who} with {self.property} = {self.equals}"
        if self.min is not None and self.max is not None:
            return f"{who} with {self.min:g} ≤ {self.property} < {self.max:g}"
        if self.min is not None:
            return f"{who} with {self.property} ≥ {self.min:g}"
        if self.max is not None:
            return f"{who} with {self.property} < {self.max:g}"
        return f"{who} with a {self.property}"

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


@dataclass
class NodeLook:
    """What the rules change for one node; None = the label's own style."""

    colour: str | None = None
    size: float | None = None
    caption: str | None = None


def _rule(raw: Any, at: int) -> StyleRule:
    if not isinstance(raw, dict):
        raise ConfigError(f"Style rule {at}: expected an object, got {type(raw).__name__}.")
    unknown = set(raw) - {"set", "value", "label", "property", "equals", "min", "max"}
    if unknown:
        raise ConfigError(f"Style rule {at}: unknown key(s) {', '.join(sorted(unknown))}.")
    what = raw.get("set")
    if what not in SETS:
        raise ConfigError(f"Style rule {at}: 'set' must be one of colour, size, caption (got {what!r}).")
    value = raw.get("value")
    if what == "colour" and not (isinstance(value, str) and _COLOUR.match(value)):
        raise ConfigError(f"Style rule {at}: a colour is #rrggbb (got {value!r}).")
    if what == "size" and (isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 200):
        raise ConfigError(f"Style rule {at}: a size is a number from 1 to 200 (got {value!r}).")
    if what == "caption" and not (isinstance(value, str) and value):
        raise ConfigError(f"Style rule {at}: a caption rule names a property (got {value!r}).")
    bounds = {}
    for end in ("min", "max"):
        bound = raw.get(end)
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
            raise ConfigError(f"Style rule {at}: '{end}' must be a number (got {bound!r}).")
        bounds[end] = None if bound is None else float(bound)
    equals = raw.get("equals")
    kept: str | float = float(value) if isinstance(value, int | float) else str(value)  # checked above
    return StyleRule(what, kept, str(raw.get("label") or ""),
                     str(raw.get("property") or ""), None if equals is None else str(equals), **bounds)


def rules_from_json(raw: Any) -> list[StyleRule]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ConfigError("Style rules: expected a list of rules.")
    if len(raw) > MAX_RULES:
        raise ConfigError(f"Style rules: at most {MAX_RULES} rules (got {len(raw)}).")
    return [_rule(item, i + 1) for i, item in enumerate(raw)]


def rules_to_url(rules: Iterable[StyleRule]) -> str:
    return json.dumps([r.to_json() for r in rules], ensure_ascii=False, separators=(",", ":"))


def rules_from_url(text: str | None) -> list[StyleRule]:
    if not text:
        return []
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"Style rules: not JSON ({exc.msg}).") from exc
    return rules_from_json(raw)


def apply_rules(rules: list[StyleRule], nodes: Iterable[Node]) -> dict[str, NodeLook]:
    """Node id -> what the rules set for it (only nodes some rule matched)."""
    looks: dict[str, NodeLook] = {}
    for node in nodes:
        look = NodeLook()
        for rule in rules:
            if getattr(look, rule.set) is not None or not rule.matches(node):
                continue  # the first matching rule wins for what it sets
            if rule.set == "caption":
                shown = node.properties.get(str(rule.value))
                if shown is not None and shown != "":
                    look.caption = str(shown)
            elif rule.set == "colour":
                look.colour = str(rule.value)
            else:
                look.size = float(rule.value)
        if look != NodeLook():
            looks[node.id] = look
    return looks


def legend(rules: list[StyleRule], nodes: Iterable[Node] | None = None) -> list[tuple[str, str, str]]:
    """(what, value, description) per rule, in order; with nodes, only the rules that matched one."""
    used = None if nodes is None else list(nodes)
    out = []
    for rule in rules:
        if used is not None and not any(rule.matches(n) for n in used):
            continue
        shown = f"{rule.value:g} px" if rule.set == "size" else str(rule.value)
        out.append((rule.set, shown, rule.describe()))
    return out
