"""A small dataset with hand-checked answers, loaded into a real embedded graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SMALL = Path(__file__).resolve().parent / "small_dataset.json"


@pytest.fixture(scope="session")
def small_dataset() -> dict:
    return json.loads(SMALL.read_text(encoding="utf-8"))


@pytest.fixture
def small_store(store, small_dataset):
    from loader.write import load_dataset

    load_dataset(store, small_dataset)
    return store


@pytest.fixture
def small_graph(small_store):
    from graph_model.nx_graph import from_store

    return from_store(small_store)
