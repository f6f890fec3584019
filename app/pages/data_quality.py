"""data_quality page (logic in app/ui/quality_page.py)."""

from app.ui.quality_page import render

render()
