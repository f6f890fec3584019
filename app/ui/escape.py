"""Escape by construction: the one place data-derived text is made safe for Streamlit.

Every string that comes from a report, the graph, a URL or an engine message is untrusted. It reaches the page
in one of two ways, and each has its function:

- `html_text` for HTML given to `st.markdown(..., unsafe_allow_html=True)`: `<`, `>`, `&` and quotes escaped,
  so no element or attribute can be opened;
- `md_text` for every other Streamlit text that renders Markdown (markdown, write, caption, info/warning/error,
  subheader, button/expander/page_link labels, help): every Markdown and Streamlit directive character is
  backslash-escaped, so `![x](http://...)` stays text (no remote image fetched), `[a](javascript:...)` is no
  link, `:red[...]`, `:material/...:` and `$...$` are not interpreted. Newlines become spaces (no block syntax).
"""

from __future__ import annotations

import html
import re
from typing import Any

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=\"'^])")


def html_text(value: Any) -> str:
    """Text for an HTML context (element content or a quoted attribute)."""
    return html.escape("" if value is None else str(value), quote=True)


def md_text(value: Any) -> str:
    """Text that Streamlit's Markdown shows literally, on one line."""
    text = "" if value is None else str(value)
    text = " ".join(text.splitlines())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
