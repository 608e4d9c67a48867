"""The one breadth-first walk every query and every planning stage uses.

A walk is a dict from each node reached to the node it was reached from (``None`` for a
start), in the order the nodes were reached: its keys are the visit order, following the
values back gives a shortest path, and ``distances`` counts the edges. Callers choose the
direction and the edges to follow through ``neighbours`` (which may also record what it
saw), so the walk itself knows nothing of prerequisites or selections.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

Walk = dict[str, str | None]


def walk(
    starts: Iterable[str], neighbours: Callable[[str], Iterable[str]], *, until: str | None = None
) -> Walk:
    """Breadth-first from ``starts`` (in their order) over ``neighbours``; with ``until``,
    stop as soon as that node is reached.

    Examples
    --------
    >>> edges = {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}
    >>> walk(["a"], edges.__getitem__)
    {'a': None, 'b': 'a', 'c': 'a', 'd': 'b'}
    >>> walk(["a"], edges.__getitem__, until="c")
    {'a': None, 'b': 'a', 'c': 'a'}
    """
    parent: Walk = {}
    queue: deque[str] = deque()
    for s in starts:
        if s not in parent:
            parent[s] = None
            queue.append(s)
    if until is not None and until in parent:
        return parent
    while queue:
        node = queue.popleft()
        for nxt in neighbours(node):
            if nxt not in parent:
                parent[nxt] = node
                if nxt == until:
                    return parent
                queue.append(nxt)
    return parent


def distances(parents: Walk) -> dict[str, int]:
    """Edges from the nearest start to each node of a walk (starts are 0).

    >>> distances({"a": None, "b": "a", "d": "b"})
    {'a': 0, 'b': 1, 'd': 2}
    """
    out: dict[str, int] = {}
    for node, before in parents.items():  # visit order: a node's parent comes first
        out[node] = 0 if before is None else out[before] + 1
    return out


def roots(parents: Walk) -> dict[str, str]:
    """The start each node of a walk was reached from.

    >>> roots({"g": None, "h": None, "a": "g", "b": "h", "c": "a"})
    {'g': 'g', 'h': 'h', 'a': 'g', 'b': 'h', 'c': 'g'}
    """
    out: dict[str, str] = {}
    for node, before in parents.items():
        out[node] = node if before is None else out[before]
    return out


def path_back(parents: Walk, node: str) -> list[str]:
    """``node``, the node it was reached from, and so on back to a start.

    >>> path_back({"a": None, "b": "a", "d": "b"}, "d")
    ['d', 'b', 'a']
    """
    path = [node]
    while (before := parents[path[-1]]) is not None:
        path.append(before)
    return path
