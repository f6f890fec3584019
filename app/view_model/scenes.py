"""Saved scenes: a hand-built view kept by name in the data directory, to reopen after a restart or render with
`smals-graph snapshot`. A scene holds its nodes by key (stable across reloads of the same edition and across
engines), their positions, what was pinned or dismissed, the filters and the styling rules.

One JSON file per scene in `<data dir>/scenes/`, written 0600 (a person's work), read as plain JSON (never
pickle): a file that does not parse or has unknown keys is refused with its name."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smals_graph.app.view_model.style_rules import StyleRule, rules_from_json
from smals_graph.graph_model.errors import ConfigError

__all__ = ["Scene", "SceneStore", "scene_cypher", "scene_spec_toml", "scenes_dir"]

_NAME = re.compile(r"^[\w][\w .,'()+-]{0,79}$", re.UNICODE)
_KEYS = {"name", "version", "saved_at", "edition", "nodes", "positions", "pinned", "dismissed", "filters",
         "rules", "title"}
VERSION = 1
MAX_NODES = 2000


def scenes_dir() -> Path:
    from smals_graph.graph_model.embedded import default_data_dir

    return default_data_dir() / "scenes"


@dataclass
class Scene:
    name: str
    nodes: list[str]  # node keys
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    pinned: list[str] = field(default_factory=list)
    dismissed: list[str] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    rules: list[StyleRule] = field(default_factory=list)
    title: str = ""
    edition: str = ""  # the edition's sha256 the keys were read from
    saved_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "name": self.name, "title": self.title, "edition": self.edition,
                "saved_at": self.saved_at, "nodes": list(self.nodes),
                "positions": {k: [round(x, 2), round(y, 2)] for k, (x, y) in self.positions.items()},
                "pinned": list(self.pinned), "dismissed": list(self.dismissed), "filters": dict(self.filters),
                "rules": [r.to_json() for r in self.rules]}

    @classmethod
    def from_json(cls, data: Any, where: str = "scene") -> Scene:
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: a scene is a JSON object.")
        unknown = set(data) - _KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}.")
        check_name(str(data.get("name", "")))
        nodes = data.get("nodes")
        if not isinstance(nodes, list) or not all(isinstance(k, str) for k in nodes):
            raise ConfigError(f"{where}: 'nodes' must be a list of node keys.")
        if len(nodes) > MAX_NODES:
            raise ConfigError(f"{where}: at most {MAX_NODES} nodes (got {len(nodes)}).")
        positions: dict[str, tuple[float, float]] = {}
        for key, xy in dict(data.get("positions") or {}).items():
            if not (isinstance(xy, list) and len(xy) == 2 and all(isinstance(v, int | float) for v in xy)):
                raise ConfigError(f"{where}: the position of {key!r} must be [x, y].")
            positions[str(key)] = (float(xy[0]), float(xy[1]))
        return cls(name=str(data["name"]), nodes=list(nodes), positions=positions,
                   pinned=[str(k) for k in data.get("pinned") or []],
                   dismissed=[str(k) for k in data.get("dismissed") or []],
                   filters=dict(data.get("filters") or {}), rules=rules_from_json(data.get("rules") or []),
                   title=str(data.get("title") or ""), edition=str(data.get("edition") or ""),
                   saved_at=str(data.get("saved_at") or ""))


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ConfigError(f"Scene name {name!r}: 1 to 80 letters, digits, spaces or . , ' ( ) + - _, "
                          "starting with a letter or digit.")
    return name


def _file_stem(name: str) -> str:
    """A file name for a scene name: safe on every file system, distinct for distinct names."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-").lower()[:60] or "scene"
    return f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"


class SceneStore:
    """The scenes of one data directory."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else scenes_dir()

    def path_of(self, name: str) -> Path:
        return self.directory / f"{_file_stem(check_name(name))}.json"

    def save(self, scene: Scene) -> Path:
        check_name(scene.name)
        scene.saved_at = scene.saved_at or time.strftime("%Y-%m-%dT%H:%M:%S")
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.path_of(scene.name)
        partial = path.with_suffix(".json.partial")
        # 0600 from creation, then an atomic rename: never a half-written scene, never readable by others
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(scene.to_json(), fh, ensure_ascii=False, indent=1)
        os.replace(partial, path)
        return path

    def load(self, name: str) -> Scene:
        path = self.path_of(name)
        if not path.exists():
            raise ConfigError(f"No saved scene named {name!r}.")
        return self._read(path)

    def _read(self, path: Path) -> Scene:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path.name}: not a scene ({exc.msg}).") from exc
        return Scene.from_json(data, path.name)

    def names(self) -> list[str]:
        """The saved scenes' names, sorted; files that are not scenes are left out."""
        if not self.directory.is_dir():
            return []
        found = []
        for path in self.directory.glob("*.json"):
            try:
                found.append(self._read(path).name)
            except ConfigError:
                continue
        return sorted(found, key=str.casefold)

    def delete(self, name: str) -> bool:
        path = self.path_of(name)
        if not path.exists():
            return False
        path.unlink()
        return True


def scene_cypher(scene: Scene) -> tuple[str, dict[str, Any]]:
    """The read query that gives back the scene's nodes (less the dismissed) and the relationships among them."""
    keys = [k for k in scene.nodes if k not in set(scene.dismissed)]
    return ("MATCH (n:Entity) WHERE n.id IN $keys "
            "OPTIONAL MATCH (n)-[r]->(m:Entity) WHERE m.id IN $keys RETURN n, r, m"), {"keys": keys}


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def scene_spec_toml(scene: Scene, *, size: str = "slide-16x9", formats: tuple[str, ...] = ("svg", "png")) -> str:
    """The scene as a figure spec (`cypher/figures/*.toml` format) that `smals-graph snapshot` renders."""
    cypher, params = scene_cypher(scene)
    lines = [f"# Saved scene {scene.name!r}, exported {time.strftime('%Y-%m-%d %H:%M')}",
             f"title = {_toml_string(scene.title or scene.name)}",
             f"name = {_toml_string(_file_stem(scene.name))}",
             f"cypher = {_toml_string(cypher)}",
             f"size = {_toml_string(size)}",
             "formats = [" + ", ".join(_toml_string(f) for f in formats) + "]",
             f"max_rows = {min(100_000, max(100, 4 * len(params['keys']) ** 2))}",
             "", "[params]",
             "keys = [" + ", ".join(_toml_string(k) for k in params["keys"]) + "]",
             "", "[style]"]
    if scene.rules:
        rules = json.dumps([r.to_json() for r in scene.rules], ensure_ascii=False, separators=(",", ":"))
        lines.append(f"rules = {_toml_string(rules)}")
    return "\n".join(lines) + "\n"
