"""Explore's incremental actions on the real report: expanding keeps every drawn node where it was, dismiss and
dismiss others take nodes off the view (and out of the URL's picture), re-layout lays the view out afresh."""

from __future__ import annotations

from smals_graph.app.view_model.explore_view import ExploreState, build


def _positions(store, state):
    view = build(store, state).view
    return {n.key: view.positions[i] for i, n in view.nodes.items()}


def test_expanding_keeps_positions_and_relayout_redraws(loaded_store):
    state = ExploreState(node="m:onss")
    before = _positions(loaded_store, state)
    project = "p:wave-saas"
    assert project in before
    state.expand(project)
    after = _positions(loaded_store, state)
    assert len(after) > len(before)
    assert {k: after[k] for k in before} == before  # every node where it was
    state.relayout()
    relaid = _positions(loaded_store, state)
    assert set(relaid) == set(after)
    assert relaid != after  # laid out afresh
    state.expand("s:wave")
    again = _positions(loaded_store, state)
    assert {k: again[k] for k in relaid} == relaid  # and later expansions keep the new picture
    assert ExploreState.from_params(state.to_params()).relaid_at == 1


def test_dismiss_and_dismiss_others(loaded_store):
    state = ExploreState(node="m:onss")
    keys = list(_positions(loaded_store, state))
    victim = next(k for k in keys if k.startswith("p:"))
    state.dismiss(victim)
    left = _positions(loaded_store, state)
    assert victim not in left and "m:onss" in left and len(left) == len(keys) - 1
    state.dismiss("m:onss")  # never the centre
    assert "m:onss" in _positions(loaded_store, state)
    keep = next(k for k in left if k != "m:onss")
    state.dismiss_others(keep, list(left))
    assert set(_positions(loaded_store, state)) == {"m:onss", keep}
    assert set(ExploreState.from_params(state.to_params()).hidden) == set(keys) - {"m:onss", keep}
