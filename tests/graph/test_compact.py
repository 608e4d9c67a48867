"""The array-backed graph, columns and search text answer as networkx and plain Python do."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings

from graph.compact import find_text, search_text
from graph.schema import concept_matches as matches
from tests.strategies import random_dags


def _reference(c):  # type: ignore[no-untyped-def]
    """The same graph built independently from the models, as the old code did."""
    g = nx.DiGraph()
    g.add_nodes_from(c.concepts)
    for concept in c.concepts.values():
        for index, pre in enumerate(concept.prerequisites):
            group = index if pre.any_of is not None else None
            for member in pre.members:
                g.add_edge(member, concept.id, strength=pre.strength, group=group)
    return g


@settings(max_examples=150, deadline=None)
@given(random_dags())
def test_graph_answers_as_networkx(c):
    g, ref = c.graph, _reference(c)
    assert len(g) == len(ref) and list(g) == list(ref.nodes)
    assert g.number_of_edges() == ref.number_of_edges()
    assert sorted(g.edges(data=True)) == sorted(ref.edges(data=True))
    assert sorted(g.to_networkx().edges(data=True)) == sorted(ref.edges(data=True))
    for n in ref:
        assert g.predecessors(n) == list(ref.predecessors(n))  # file order, as networkx keeps it
        assert sorted(g.successors(n)) == sorted(ref.successors(n))
        assert (g.in_degree(n), g.out_degree(n)) == (ref.in_degree(n), ref.out_degree(n))
        for p in ref.predecessors(n):
            assert g.edge_data(p, n) == ref.edges[p, n]
    assert g.roots() == sorted(n for n in ref if ref.in_degree(n) == 0)
    missing = [(u, v) for u in ref for v in ref if u != v and not ref.has_edge(u, v)][:20]
    for u, v in missing:
        with pytest.raises(KeyError):
            g.edge_data(u, v)


def test_columns_filter_as_a_loop_over_models_would(bundled):
    for discipline in [*bundled.disciplines, None]:
        for kind in ("foundation", "concept", "technique", None):
            for level in (1, 3, None):
                expected = [
                    c.id
                    for c in bundled.concepts.values()
                    if (discipline is None or c.discipline == discipline)
                    and (kind is None or c.kind == kind)
                    and (level is None or c.level == level)
                ]
                got = bundled.ids_where(discipline=discipline, kind=kind, level=level)
                assert got == expected, (discipline, kind, level)


@pytest.mark.parametrize(
    "query", ["entropy", "ENTROPY", "熵", "kl-div", "Attention", "e", "梯度", "zzz-nothing", "ß"]
)
def test_text_search_finds_what_matches_finds(bundled, bundled_in_memory, query):
    expected = [c.id for c in bundled_in_memory.concepts.values() if matches(c, query)]
    assert bundled.ids_where(text=query) == expected  # mapped from the cache
    assert bundled_in_memory.ids_where(text=query) == expected  # built in memory


def test_a_query_with_a_separator_falls_back_to_checking_each_concept(bundled):
    text, offsets = search_text(bundled.concepts.values())
    assert find_text(text, offsets, "a\x1fb") is None
    assert bundled.ids_where(text="entropy\x1e") == []


@settings(max_examples=150, deadline=None)
@given(random_dags())
def test_longest_chain_is_a_chain_as_long_as_networkx_finds(c):
    chain, ref = c.graph.longest_chain(), _reference(c)
    assert len(chain) == len(nx.dag_longest_path(ref))
    assert all(ref.has_edge(u, v) for u, v in zip(chain, chain[1:], strict=False))
