"""Closure checks at any size agree with networkx on random DAGs, in either file order."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings

from graph.closures import closure_sizes, redundant_edges, topological_order
from tests.factories import make_curriculum
from tests.strategies import random_dags


@settings(max_examples=200, deadline=None)
@given(random_dags(max_nodes=22, max_edges=50))
def test_redundant_edges_are_those_the_transitive_reduction_drops(c):
    g = c.graph.to_networkx()
    reduced = nx.transitive_reduction(g)
    expected = sorted(f"{u} -> {v}" for u, v in g.edges if not reduced.has_edge(u, v))
    assert redundant_edges(c.graph) == expected


@settings(max_examples=200, deadline=None)
@given(random_dags(max_nodes=22, max_edges=50))
def test_closure_sizes_count_required_ancestors(c):
    g = c.graph.to_networkx()
    required = nx.DiGraph((u, v) for u, v, d in g.edges(data=True) if d["strength"] == "required")
    required.add_nodes_from(g)
    sizes = closure_sizes(c.graph)
    assert sizes == [len(nx.ancestors(required, n)) for n in c.graph.ids]


@settings(max_examples=100, deadline=None)
@given(random_dags(max_nodes=22, max_edges=50))
def test_the_order_is_topological(c):
    position = {c.graph.ids[i]: k for k, i in enumerate(topological_order(c.graph))}
    assert sorted(position.values()) == list(range(len(c.graph)))
    assert all(position[u] < position[v] for u, v in c.graph.edges())


def test_over_budget_the_scan_gives_up_instead_of_growing():
    c = make_curriculum([("a", "b"), ("b", "c"), ("a", "c")])
    assert redundant_edges(c.graph) == ["a -> c"]
    assert redundant_edges(c.graph, budget_bytes=-1) is None
    assert closure_sizes(c.graph, budget_bytes=-1) is None
