"""The view model the UI draws: read queries, search, view building, layout, style, metrics, history. No Streamlit."""
