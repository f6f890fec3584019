"""Canned Cypher queries and figure specs, as data files with a header (package data)."""
