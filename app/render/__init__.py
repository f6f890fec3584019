"""Presentation output of graph views: matplotlib figures (PNG, SVG, PDF) and self-contained HTML."""

from .figure import FORMATS, FigureOptions, figure_bytes, render, render_bytes, render_file, source_line
from .presets import PRESETS, SizePreset, preset

__all__ = ["FORMATS", "PRESETS", "FigureOptions", "SizePreset", "figure_bytes", "preset", "render",
           "render_bytes", "render_file", "source_line"]
