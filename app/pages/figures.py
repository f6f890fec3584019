"""Figures page (logic in app/ui/figures_page.py)."""

from app.ui.figures_page import render

render()
