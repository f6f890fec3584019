"""Analytics page (logic in app/ui/analytics_page.py)."""

from app.ui.analytics_page import render

render()
