"""Fixtures for the loader tests: the real 2025 report (parsed once) and the hand-written 2031 variant."""

from __future__ import annotations

import json

import pytest
from loader_helpers import REPORT_2025, SCHEMA, VARIANT_2031

from smals_graph.loader.model import Dataset
from smals_graph.loader.parse import parse_report


@pytest.fixture(scope="session")
def report() -> Dataset:
    return parse_report(REPORT_2025)


@pytest.fixture(scope="session")
def variant() -> Dataset:
    return parse_report(VARIANT_2031)


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))
