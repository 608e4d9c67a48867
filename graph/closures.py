"""Closure checks for the quality report, at any size: redundant (transitive) edges and
concepts whose required closure is larger than a threshold.

Each concept's set of ancestors is a Python integer used as a bit set over concept
indices, stored with an offset (bit ``i`` of ``bits`` is concept ``offset + i``), so a set
costs the span of its members, not the size of the curriculum. Concepts are visited in a
topological order (the file order when it already is one, which keeps spans short, else
by level), each set is the union of its predecessors' sets, and a set is dropped as soon
as its last dependent has been visited. Work is one big-integer OR per edge.

A curriculum whose live sets would exceed ``budget_bytes`` is not scanned (the caller
says so) rather than exhausting memory: that takes many concepts that each need most of
a very wide graph.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from graph.compact import STRENGTHS, PrerequisiteGraph

BUDGET_BYTES = 512 << 20
REQUIRED = STRENGTHS.index("required")

BitSet = tuple[int, int]  # (offset, bits)
EMPTY: BitSet = (0, 0)


def _union(a: BitSet, b: BitSet) -> BitSet:
    if not a[1]:
        return b
    if not b[1]:
        return a
    low = min(a[0], b[0])
    return low, (a[1] << (a[0] - low)) | (b[1] << (b[0] - low))


def _with(a: BitSet, node: int) -> BitSet:
    return _union(a, (node, 1))


def _cost(a: BitSet) -> int:
    """Bytes a stored set takes: the integer's digits and its object header, roughly."""
    return 64 + a[1].bit_length() // 8


def _has(a: BitSet, node: int) -> bool:
    return node >= a[0] and bool((a[1] >> (node - a[0])) & 1)


def topological_order(graph: PrerequisiteGraph) -> list[int]:
    """The file order if every prerequisite comes before its dependents, else by level."""
    n = len(graph)
    owner = np.repeat(np.arange(n), np.diff(graph.pred_ptr))
    if bool(np.all(graph.pred_idx < owner)):
        return list(range(n))
    order: list[int] = np.argsort(graph.levels(), kind="stable").tolist()
    return order


def _walk(
    graph: PrerequisiteGraph,
    *,
    required_only: bool,
    visit: Callable[[int, list[int], dict[int, BitSet]], BitSet],
    budget_bytes: int,
) -> bool:
    """Visit every concept in topological order with its (filtered) predecessors and the
    live ancestor sets; ``visit`` returns the concept's own set. False when over budget."""
    ptr, idx = graph.pred_ptr.tolist(), graph.pred_idx.tolist()
    used = (
        graph.pred_strength == REQUIRED
        if required_only
        else np.ones(graph.number_of_edges(), dtype=bool)
    )
    keep = used.tolist()
    left = np.bincount(graph.pred_idx[used], minlength=len(graph)).tolist()  # dependents to visit
    live: dict[int, BitSet] = {}
    live_bytes = 0
    for v in topological_order(graph):
        preds = [idx[k] for k in range(ptr[v], ptr[v + 1]) if keep[k]]
        own = visit(v, preds, live)
        for p in preds:
            left[p] -= 1
            if not left[p]:
                live_bytes -= _cost(live.pop(p))
        if left[v]:
            live[v] = own
            live_bytes += _cost(own)
            if live_bytes > budget_bytes:
                return False
    return True


def redundant_edges(
    graph: PrerequisiteGraph,
    *,
    found: Callable[[str], None] | None = None,
    budget_bytes: int = BUDGET_BYTES,
) -> list[str] | None:
    """Edges ``u -> v`` also implied by a longer path (u is an ancestor of another
    prerequisite of v), sorted; None when the scan would exceed the memory budget.

    With ``found``, each edge is passed to it as it is met (unsorted) instead of being
    kept, and the answer is an empty list: a million of them need not be held at once."""
    kept: list[str] = []
    report = found or kept.append
    ids = graph.ids

    def visit(v: int, preds: list[int], live: dict[int, BitSet]) -> BitSet:
        above = EMPTY  # ancestors of v's prerequisites, excluding the prerequisites themselves
        for p in preds:
            above = _union(above, live[p])
        for p in preds:
            if _has(above, p):
                report(f"{ids[p]} -> {ids[v]}")
        for p in preds:
            above = _with(above, p)
        return above

    if not _walk(graph, required_only=False, visit=visit, budget_bytes=budget_bytes):
        return None
    return sorted(kept)


def closure_sizes(
    graph: PrerequisiteGraph, *, budget_bytes: int = BUDGET_BYTES, required_only: bool = True
) -> list[int] | None:
    """The number of concepts in each concept's required closure (with ``required_only``
    false: over every edge), by index; None when the scan would exceed the memory budget."""
    sizes = [0] * len(graph)

    def visit(v: int, preds: list[int], live: dict[int, BitSet]) -> BitSet:
        own = EMPTY
        for p in preds:
            own = _with(_union(own, live[p]), p)
        sizes[v] = own[1].bit_count()
        return own

    if not _walk(graph, required_only=required_only, visit=visit, budget_bytes=budget_bytes):
        return None
    return sizes
