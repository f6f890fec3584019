"""A name of thousands of characters used to crash the engine during a load (its range index dies on a string of
about 5,000 characters): now it is cut, the cut is a data-quality problem, and the load succeeds."""

from __future__ import annotations

import copy

from smals_graph.graph_model.errors import ConfigError
from smals_graph.loader.write import MAX_INDEXED_CHARS, load_dataset


def test_a_5000_character_member_name_and_key_are_a_problem_not_a_crash(store, small_dataset):
    dataset = copy.deepcopy(small_dataset)
    member = dataset.members[0]
    long_id = "m:" + "x" * 6000
    old_id = member.id
    member.name = "N" * 5000
    member.id = long_id
    for project in dataset.projects:
        for client in project.clients:
            if client.member_id == old_id:
                client.member_id = long_id
    for use in dataset.uses:
        if use.user_id == old_id:
            use.user_id = long_id
    load_dataset(store, dataset)
    names = store.read("MATCH (m:Member) WHERE m.name STARTS WITH 'NNN' RETURN m.name, m.id").rows
    assert len(names) == 1
    name, key = names[0]
    assert len(name) == MAX_INDEXED_CHARS and name.endswith("…")
    assert len(key) <= MAX_INDEXED_CHARS and key.startswith("m:xxx")
    problems = store.read("MATCH (q:Problem)-[:CONCERNS]->(m:Member {id: $id}) RETURN q.message",
                          {"id": key}).rows
    assert any("longer than 1000 characters" in row[0] for row in problems)
    # its projects still point at it
    assert store.read("MATCH (:Project)-[:FOR]->(m:Member {id: $id}) RETURN count(*)", {"id": key}).scalar() == 2


def test_a_figure_of_20000_by_20000_pixels_at_scale_2_is_refused_before_drawing():
    import pytest

    from smals_graph.app.figures.presets import check_pixels, preset
    from smals_graph.app.figures.render import FigureOptions

    with pytest.raises(ConfigError, match="Mpx"):
        FigureOptions(size="20000x20000", scale=2).validate()
    with pytest.raises(ConfigError, match="Mpx"):
        check_pixels(preset("20000x20000"), 1)
    FigureOptions(size="a4-landscape", scale=3).validate()  # the largest shipped preset still draws
