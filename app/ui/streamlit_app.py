"""smals-graph explorer: `smals-graph app` (it runs `streamlit run` on this file).

Thin entry point: page config, navigation over the pages' render functions, and the banner shown when the
database is unreachable (the app retries and recovers by itself)."""

from __future__ import annotations

import streamlit as st

from smals_graph.app.ui import gc_policy
from smals_graph.app.ui.connection import forget_store, get_store, unavailable_banner
from smals_graph.app.ui.escape import md_text
from smals_graph.app.ui.login import logged_in
from smals_graph.app.ui.navigation import all_pages
from smals_graph.graph_model.errors import ConfigError, EngineUnavailable, QueryTimeout, SmalsGraphError


@st.cache_resource(max_entries=1)
def favicon():
    """A small hub drawn with Pillow (served by Streamlit itself)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(32, 32), (12, 14), (52, 12), (54, 50), (10, 50)]
    for p in points[1:]:
        draw.line([points[0], p], fill=(120, 120, 120, 255), width=4)
    for (x, y), colour in zip(points, ("#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#1f77b4"), strict=True):
        draw.ellipse([x - 8, y - 8, x + 8, y + 8], fill=colour)
    return image


# A local image as the favicon: with a material or emoji icon the browser fetches an SVG from a CDN.
st.set_page_config(page_title="smals-graph", page_icon=favicon(), layout="wide")

try:
    allowed = logged_in()
except ConfigError as exc:
    st.error(f"**Configuration error:** {exc}", icon=":material/settings:")
    st.stop()
if not allowed:  # nothing of the graph, the pages, the downloads or the history before the login
    st.navigation(all_pages(), position="hidden")  # the address asked for is kept for after the login
    st.stop()

page = st.navigation(all_pages())

try:
    get_store()
except EngineUnavailable as exc:
    unavailable_banner(exc)
    st.stop()
except ConfigError as exc:
    st.error(f"**Configuration error:** {exc}", icon=":material/settings:")
    st.stop()

try:
    page.run()
except EngineUnavailable as exc:
    forget_store()
    unavailable_banner(exc)
except QueryTimeout as exc:
    st.error(f"The database did not answer in time: {exc}", icon=":material/timer:")
except SmalsGraphError as exc:  # a refusal of ours (a size too large in the URL...): its message, no traceback
    st.error(md_text(str(exc)), icon=":material/error:")
finally:
    gc_policy.end_of_run()  # freezes what this run built to last (caches), instead of a full collection per run
