"""Figure sizes. A preset is a size in pixels at scale 1 and the DPI that text is set at (so 11 pt text is the
same share of a slide at every scale); scale 2 or 3 multiplies the pixels, not the layout.

    slide-16x9    1920 x 1080 px at 150 dpi  (12.8 x 7.2 in)   PowerPoint/Keynote/Google Slides 16:9
    slide-4x3     1600 x 1200 px at 150 dpi  (10.67 x 8 in)    4:3 slides
    a4-landscape  3508 x 2480 px at 300 dpi  (297 x 210 mm)    print; PDF is exactly A4
    square        1080 x 1080 px at 150 dpi  (7.2 x 7.2 in)    social posts, thumbnails
    WxH or WxH@DPI custom, e.g. 1280x720 or 2000x1000@200
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smals_graph.graph_model.errors import ConfigError


@dataclass(frozen=True)
class SizePreset:
    name: str
    width: int  # px at scale 1
    height: int
    dpi: int
    description: str = ""

    @property
    def inches(self) -> tuple[float, float]:
        return self.width / self.dpi, self.height / self.dpi

    def pixels(self, scale: int = 1) -> tuple[int, int]:
        return self.width * scale, self.height * scale


PRESETS: dict[str, SizePreset] = {
    "slide-16x9": SizePreset("slide-16x9", 1920, 1080, 150, "16:9 slide"),
    "slide-4x3": SizePreset("slide-4x3", 1600, 1200, 150, "4:3 slide"),
    "a4-landscape": SizePreset("a4-landscape", 3508, 2480, 300, "A4 landscape, 300 dpi"),
    "square": SizePreset("square", 1080, 1080, 150, "square"),
}
SCALES = (1, 2, 3)
# the largest picture drawn: A4 landscape at 3x (78 Mpx, ~310 MB of RGBA) fits; 20000x20000 at 2x (1.6 Gpx) not
MAX_PIXELS = 80_000_000
BACKGROUNDS = ("white", "dark", "transparent")


@dataclass(frozen=True)
class Theme:
    """Colours of a background preset. `halo`: the colour of an outline around every text, so that text laid
    on whatever slide template (light or dark) keeps its contrast; caption boxes carry their own backing."""

    face: str  # the figure's background ("none": transparent)
    text: str
    muted: str  # subtitle, footnote
    backing: str  # behind captions
    halo: str | None = None


THEMES: dict[str, Theme] = {
    "white": Theme("white", "#222222", "#555555", "white"),
    "dark": Theme("#1b1f24", "#f2f2f2", "#c8c8c8", "#1b1f24"),
    "transparent": Theme("none", "#1a1a1a", "#333333", "white", halo="white"),
}


def theme(background: str) -> Theme:
    return THEMES.get(background, THEMES["white"])
DEFAULT_PRESET = "slide-16x9"
_CUSTOM = re.compile(r"^\s*(\d{2,5})\s*[x×]\s*(\d{2,5})\s*(?:@\s*(\d{2,4}))?\s*$")


def preset(name: str | SizePreset | None) -> SizePreset:
    """A named preset, or a custom 'WxH' / 'WxH@DPI' size (DPI defaults to 150)."""
    if isinstance(name, SizePreset):
        return name
    name = name or DEFAULT_PRESET
    if name in PRESETS:
        return PRESETS[name]
    match = _CUSTOM.match(name)
    if match:
        width, height = int(match.group(1)), int(match.group(2))
        dpi = int(match.group(3) or 150)
        if not (100 <= width <= 20000 and 100 <= height <= 20000 and 50 <= dpi <= 1200):
            raise ConfigError(f"size {name!r} out of range (100..20000 px, 50..1200 dpi)")
        return SizePreset(f"{width}x{height}@{dpi}", width, height, dpi, "custom")
    raise ConfigError(f"unknown size {name!r}: use one of {', '.join(PRESETS)} or WxH[@DPI]")


def check_pixels(size: SizePreset, scale: int = 1) -> None:
    """A ConfigError for a picture too large to draw in memory (width x height x scale², in pixels)."""
    width, height = size.pixels(scale)
    if width * height > MAX_PIXELS:
        raise ConfigError(f"{size.name} at scale {scale} is {width}x{height} = {width * height / 1e6:.0f} Mpx, "
                          f"more than the {MAX_PIXELS / 1e6:.0f} Mpx a figure may have; use a smaller size or scale")

__all__ = ["BACKGROUNDS", "DEFAULT_PRESET", "MAX_PIXELS", "PRESETS", "SCALES", "SizePreset", "check_pixels",
    "preset"]
