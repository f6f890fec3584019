"""Rendered figures: sizes, texts, unclipped labels, byte-identical SVG. Real matplotlib output, read back."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from smals_graph.app.figures import FigureOptions, figure_bytes, render, render_bytes
from smals_graph.app.figures.presets import PRESETS, preset
from smals_graph.app.figures.render import page_ranges, source_line
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.results import Node, Relationship

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(data: bytes) -> str:
    root = ET.fromstring(data)
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def test_svg_parses_and_holds_title_legend_and_footnote(small_view):
    data = render_bytes(small_view, "svg", FigureOptions(size="slide-16x9"))
    texts = svg_texts(data)
    assert "Small ecosystem: members, projects and components" in texts
    for legend in ("Member institution", "Project", "Technology", "Service / reusable component", "FOR", "USES",
                   "REUSES"):
        assert legend in texts
    # the small dataset's projects sit on pages 39..43 (one per project)
    assert "Source: Smals, Rapport d'activités 2025, pp. 39–43" in texts
    assert "ONSS" in texts and "Wave" in texts


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_png_size_is_preset_size(small_view, name):
    image = Image.open(io.BytesIO(render_bytes(small_view, "png", FigureOptions(size=name))))
    assert image.size == (PRESETS[name].width, PRESETS[name].height)


@pytest.mark.parametrize("scale", [2, 3])
def test_png_size_is_preset_times_scale(small_view, scale):
    options = FigureOptions(size="slide-16x9", scale=scale)
    image = Image.open(io.BytesIO(render_bytes(small_view, "png", options)))
    assert image.size == (1920 * scale, 1080 * scale)
    custom = FigureOptions(size="1234x567@120", scale=scale)
    assert Image.open(io.BytesIO(render_bytes(small_view, "png", custom))).size == (1234 * scale, 567 * scale)


def test_transparent_and_white_backgrounds(small_view):
    clear = Image.open(io.BytesIO(render_bytes(small_view, "png", FigureOptions(size="square",
                                                                                  background="transparent"))))
    assert clear.mode == "RGBA" and clear.getpixel((2, 2))[3] == 0
    white = Image.open(io.BytesIO(render_bytes(small_view, "png", FigureOptions(size="square")))).convert("RGBA")
    assert white.getpixel((2, 2)) == (255, 255, 255, 255)


def test_dark_and_transparent_presets_read_on_any_template(small_view):
    """Dark: a dark page with light text. Transparent on a black slide: the title still shows light pixels (its
    white halo) around dark glyphs, where plain dark text would vanish."""
    dark = Image.open(io.BytesIO(render_bytes(small_view, "png", FigureOptions(size="square", background="dark"))))
    assert dark.convert("RGB").getpixel((2, 2)) == (0x1B, 0x1F, 0x24)
    clear = Image.open(io.BytesIO(render_bytes(small_view, "png", FigureOptions(size="square",
                                                                                  background="transparent"))))
    slide = Image.new("RGBA", clear.size, (0, 0, 0, 255))
    slide.alpha_composite(clear.convert("RGBA"))
    band = slide.convert("L").crop((0, 0, clear.size[0], int(clear.size[1] * 0.08)))
    levels = list(band.tobytes())  # one byte per pixel in mode L
    assert sum(1 for v in levels if v > 200) > 200  # the halo
    assert sum(1 for v in levels if 0 < v < 60) > 50  # the glyphs inside it


def test_pdf_is_a_pdf(small_view):
    data = render_bytes(small_view, "pdf", FigureOptions(size="a4-landscape"))
    assert data.startswith(b"%PDF") and b"/CreationDate" not in data


def _inside(inner, outer, slack=0.5):
    return (inner.x0 >= outer.x0 - slack and inner.y0 >= outer.y0 - slack and inner.x1 <= outer.x1 + slack
            and inner.y1 <= outer.y1 + slack)


def _text_boxes(fig):
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    boxes = []
    for ax in fig.axes:
        for text in ax.texts:
            box = text.get_bbox_patch().get_window_extent(renderer) if text.get_bbox_patch() else \
                text.get_window_extent(renderer)
            boxes.append((text.get_text(), box, ax.bbox))
    return renderer, boxes


def synthetic_view(n: int, long_captions: bool) -> GraphView:
    """A ring of n members whose captions are long at the extreme left and right of the layout."""
    import math

    nodes, rels, positions = {}, {}, {}
    for i in range(n):
        name = ("Institut national d'assurance maladie-invalidité " + str(i)) if long_captions else f"M{i}"
        nodes[str(i)] = Node(str(i), ("Member",), {"id": f"m:{i}", "name": name, "page": 10 + i % 3})
        positions[str(i)] = (1000 * math.cos(2 * math.pi * i / n), 600 * math.sin(2 * math.pi * i / n))
        if i:
            rels[f"r{i}"] = Relationship(f"r{i}", "FOR", str(i), str(i - 1), {"page": 12})
    return GraphView(nodes=nodes, relationships=rels, positions=positions,
                     title="A very long title that must wrap rather than run off the edge of a square figure " * 2)


@pytest.mark.parametrize("size", ["square", "slide-16x9", "400x300@100"])
@pytest.mark.parametrize("n,long_captions", [(8, True), (150, True), (3, False)])
def test_labels_never_clipped(size, n, long_captions):
    fig = render(synthetic_view(n, long_captions), FigureOptions(size=size))
    renderer, boxes = _text_boxes(fig)
    assert len(boxes) == n - fig.smals_unlabelled
    for text, box, area in boxes:
        assert _inside(box, area), f"{text!r} {box} outside {area}"
    for text in fig.texts:  # title, footnote
        assert _inside(text.get_window_extent(renderer), fig.bbox), text.get_text()
    for legend in fig.legends:
        assert _inside(legend.get_window_extent(renderer), fig.bbox)
    if size == "400x300@100" and long_captions:
        assert fig.smals_numbered > 0  # long captions do not fit at 10 pt: numbers and a key instead


def test_source_line_and_page_ranges():
    assert page_ranges([9, 3, 4, 5, 5]) == "3–5, 9"
    view = synthetic_view(2, False)
    assert source_line(view) == "Source: Smals, Rapport d'activités 2025, pp. 10–12"
    one = GraphView(nodes={"1": Node("1", ("Project",), {"page": 39, "edition": 2025})})
    assert source_line(one) == "Source: Smals, Rapport d'activités 2025, p. 39"


def test_group_colours_and_metric_sizes_reach_the_legend(small_view):
    from smals_graph.app.figures.snapshot import apply_metrics

    options = FigureOptions(size="square")
    apply_metrics(small_view, options, size_by="degree", colour_by="category", colour_title="Category")
    texts = svg_texts(figure_bytes(render(small_view, options), "svg", options))
    assert "Category A" in texts and "Category B" in texts and "size: degree" in texts


def test_unknown_size_is_a_config_error():
    from smals_graph.graph_model.errors import ConfigError

    with pytest.raises(ConfigError):
        preset("huge")
    assert preset("800x600").dpi == 150
