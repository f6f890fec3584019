"""shared_components page (logic in app/ui/shared_page.py)."""

from app.ui.shared_page import render

render()
