"""A self-contained interactive HTML page of a GraphView: vis-network 9.1.2 inlined from the copy the package
ships (app/ui/components/graph_assets/vendor), positions fixed, physics off, arrowheads, the screen's shapes,
title, legend and source line; it opens from a file with no network at all."""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from smals_graph.app.figures.render import source_line
from smals_graph.app.view_model import style

VIS_JS = ("graph_assets", "vendor", "vis-network.min.js")
VIS_CSS = ("graph_assets", "vendor", "vis-network.css")


def _asset(parts: tuple[str, ...]) -> str:
    return resources.files("smals_graph.app.ui.components").joinpath(*parts).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """JavaScript that cannot end the <script> element it sits in (only `</script` needs breaking)."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def _json_safe(text: str) -> str:
    """JSON whose strings cannot end a <script> element: every '</' in it is inside a string, where '<\\/'
    means the same."""
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False},
    "edges": {"smooth": False, "width": 1, "font": {"size": 9, "color": "#777777", "strokeWidth": 0},
              "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
              "color": {"opacity": 0.6}},
    "nodes": {"font": {"face": style.FONT_FAMILY + ", sans-serif", "size": 14, "color": style.FIGURE_TEXT_COLOR},
              "borderWidth": 1},
    "layout": {"improvedLayout": False, "randomSeed": 0},
}

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}
html, body {{ margin: 0; height: 100%; font-family: {font}, sans-serif; color: #222; background: #fff; }}
body {{ display: flex; flex-direction: column; }}
header {{ padding: 10px 16px 0; }}
h1 {{ font-size: 20px; margin: 0 0 4px; }}
#graph {{ flex: 1; min-height: 400px; }}
.legend {{ display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; padding: 4px 16px; }}
.legend svg.sw {{ width: 14px; height: 14px; margin-right: 5px; vertical-align: -2px; }}
.legend span.ln {{ display: inline-block; width: 20px; height: 3px; margin-right: 5px; vertical-align: 3px; }}
footer {{ font-size: 12px; color: #555; padding: 4px 16px 10px; }}
</style>
</head>
<body>
<header><h1>{title}</h1></header>
<div id="graph" data-nodes="{node_count}" data-edges="{edge_count}"></div>
<div class="legend">{legend}</div>
<footer>{footnote}</footer>
<script>{vis_js}</script>
<script>
(function () {{
  var data = {data};
  var options = {options};
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {{
    nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}}, options);
  network.once("afterDrawing", function () {{
    network.fit({{animation: false}});
    container.setAttribute("data-drawn", "true");
  }});
  window.smalsNetwork = network;
}})();
</script>
</body>
</html>
"""


# vis-network's shapes as 14 px SVG swatches, so the legend shows the shape the graph draws
SHAPES = {
    "dot": '<circle cx="7" cy="7" r="6"/>',
    "square": '<rect x="1.5" y="1.5" width="11" height="11"/>',
    "diamond": '<polygon points="7,0.5 13.5,7 7,13.5 0.5,7"/>',
    "triangle": '<polygon points="7,1 13.5,13 0.5,13"/>',
    "triangleDown": '<polygon points="0.5,1 13.5,1 7,13"/>',
    "star": '<polygon points="7,0.5 8.8,5.2 13.5,5.2 9.7,8.2 11.1,13 7,10.1 2.9,13 4.3,8.2 0.5,5.2 5.2,5.2"/>',
    "hexagon": '<polygon points="3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7"/>',
}


def _swatch(shape: str, fill: str, border: str) -> str:
    return (f'<svg class="sw" data-shape="{shape}" viewBox="0 0 14 14"><g fill="{fill}" stroke="{border}">'
            f'{SHAPES.get(shape, SHAPES["dot"])}</g></svg>')


def _legend(view: Any) -> str:
    items = []
    labels = sorted({n.label for n in view.nodes.values()},
                    key=lambda lab: list(style.STYLES).index(lab) if lab in style.STYLES else 99)
    for label in labels:
        st = style.STYLES.get(label, style.DEFAULT_STYLE)
        items.append(f'<span>{_swatch(st.shape, st.color, st.border)}{html.escape(st.description)}</span>')
    for rel_type in sorted({r.type for r in view.relationships.values()}):
        color = style.EDGE_COLORS.get(rel_type, style.DEFAULT_EDGE_COLOR)
        items.append(f'<span><span class="ln" style="background:{color}"></span>{html.escape(rel_type)}</span>')
    return "".join(items)


def html_document(view: Any, title: str | None = None, *, edge_labels: bool = False,
                  size_by_degree: bool = True) -> str:
    """The page as text."""
    title = title if title is not None else (view.title or "Smals graph")
    data = view.vis_data(size_by_degree=size_by_degree)
    for node in data["nodes"]:
        node["fixed"] = True
        node["physics"] = False
    if not edge_labels:
        for edge in data["edges"]:
            edge["title"] = edge.pop("label", "")
    return PAGE.format(
        title=html.escape(title), css=_asset(VIS_CSS), font=style.FONT_FAMILY.join("''"),
        node_count=len(data["nodes"]), edge_count=len(data["edges"]), legend=_legend(view),
        footnote=html.escape(source_line(view)), vis_js=_script_safe(_asset(VIS_JS)),
        data=_json_safe(json.dumps(data, ensure_ascii=False, sort_keys=True)),
        options=json.dumps(OPTIONS, sort_keys=True),
    )


def write_html(view: Any, path: str | Path, title: str | None = None, **kwargs: Any) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_document(view, title, **kwargs), encoding="utf-8")
    return path

__all__ = ["OPTIONS", "PAGE", "VIS_CSS", "VIS_JS", "html_document", "write_html"]
