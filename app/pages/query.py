"""query page (logic in app/ui/query_page.py)."""

from app.ui.query_page import render

render()
