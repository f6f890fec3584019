"""Presentation output of graph views: matplotlib figures (PNG, SVG, PDF) and self-contained HTML."""

from smals_graph.app.figures.presets import PRESETS, SizePreset, preset
from smals_graph.app.figures.render import (
    FORMATS,
    FigureOptions,
    figure_bytes,
    render,
    render_bytes,
    render_file,
    source_line,
)

__all__ = ["FORMATS", "PRESETS", "FigureOptions", "SizePreset", "figure_bytes", "preset", "render",
           "render_bytes", "render_file", "source_line"]
