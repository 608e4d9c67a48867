"""Hypothesis strategies shared by the graph tests."""

from __future__ import annotations

from hypothesis import strategies as st

from graph.curriculum import Curriculum
from tests.factories import make_curriculum


@st.composite
def random_dags(draw, max_nodes: int = 25, max_edges: int = 60) -> Curriculum:  # type: ignore[no-untyped-def]
    """A curriculum over n0..nk with required, recommended and any-of prerequisites, each
    pointing from a lower to a higher number. Half the time the file lists dependents
    first, so that the file order is not a topological order."""
    n = draw(st.integers(1, max_nodes))
    ids = [f"n{i}" for i in range(n)]
    pairs = [(ids[a], ids[b]) for a in range(n) for b in range(a + 1, n)]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=max_edges)) if pairs else []
    split = draw(st.integers(0, len(edges)))
    groups: dict[str, list[list[str]]] = {}
    for v in ids[3:]:
        if draw(st.booleans()) and draw(st.booleans()):
            below = [u for u in ids[: ids.index(v)] if (u, v) not in edges]
            if len(below) >= 2:
                groups[v] = [
                    draw(st.lists(st.sampled_from(below), min_size=2, max_size=3, unique=True))
                ]
    nodes = ids[::-1] if draw(st.booleans()) else ids
    return make_curriculum(edges[:split], nodes=nodes, recommended=edges[split:], any_of=groups)
