"""The app's pages, named once: the entry point navigates over them and links and switches point at them."""

from __future__ import annotations

import importlib

import streamlit as st

# (module in smals_graph.app.ui with a `render()`, title, icon, url path); the first one is the default page.
PAGES = [
    ("explore_page", "Explore", ":material/travel_explore:", "explore"),
    ("shared_page", "Shared components", ":material/extension:", "shared-components"),
    ("query_page", "Query", ":material/terminal:", "query"),
    ("text_search_page", "Search the text", ":material/manage_search:", "search-text"),
    ("scenes_page", "Scenes", ":material/collections_bookmark:", "scenes"),
    ("analytics_page", "Analytics", ":material/monitoring:", "analytics"),
    ("figures_page", "Figures", ":material/image:", "figures"),
    ("changes_page", "What changed", ":material/difference:", "what-changed"),
    ("quality_page", "Data quality", ":material/rule:", "data-quality"),
    ("status_page", "Status", ":material/info:", "status"),
]
EXPLORE = "explore"


def page(url_path: str) -> st.Page:
    """The page served at /url_path, for st.navigation, st.page_link and st.switch_page alike."""
    for index, (module, title, icon, url) in enumerate(PAGES):
        if url == url_path:
            render = importlib.import_module(f"smals_graph.app.ui.{module}").render  # late: pages import this
            return st.Page(render, title=title, icon=icon, url_path=url, default=index == 0)
    raise KeyError(url_path)


def all_pages() -> list[st.Page]:
    return [page(url) for *_, url in PAGES]
