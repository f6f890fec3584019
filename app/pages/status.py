"""status page (logic in app/ui/status_page.py)."""

from app.ui.status_page import render

render()
