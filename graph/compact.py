"""Array-backed structures that let one process serve a million-concept curriculum.

A networkx DiGraph plus one pydantic model per concept costs about 9 KB per concept
(docs/benchmarks.md): 9 GB at 10^6 concepts. Here the edges are compressed sparse rows
(an int32 index per edge in each direction, plus one byte of strength and an int32 any-of
group), the columns that filters need are numpy arrays, and concepts are kept as their
JSON text, turned into models only when asked for, with a bounded cache of the recent
ones. When the arrays and the JSON come from a memory-mapped cache file (graph.storage.cache), the
operating system pages them in on demand and shares them between worker processes.

Ids map to dense indices 0..n-1 in the order of the file.
"""

from __future__ import annotations

import functools
import mmap
from collections.abc import Iterable, Iterator, Mapping, Sequence, ValuesView
from typing import Any

import numpy as np

from graph.schema import Concept

STRENGTHS = ("required", "recommended")
KINDS = ("foundation", "concept", "technique")
NO_GROUP = -1


class PrerequisiteGraph:
    """Prerequisite edges (prerequisite -> dependent) as CSR arrays over concept indices.

    ``pred_ptr[i]:pred_ptr[i+1]`` slices ``pred_idx`` (the prerequisites of concept ``i``,
    in the order its ``prerequisites`` list names them), ``pred_strength`` (index into
    STRENGTHS) and ``pred_group`` (the any-of group's position in that list, or -1).
    ``succ_ptr``/``succ_idx`` are the same edges seen from the prerequisite's side.

    Examples
    --------
    >>> from graph.build import make_curriculum
    >>> g = make_curriculum([("a", "b"), ("a", "c"), ("b", "c")]).graph
    >>> g.predecessors("c"), g.successors("a"), g.number_of_edges()
    (['a', 'b'], ['b', 'c'], 3)
    >>> g.edge_data("b", "c")
    {'strength': 'required', 'group': None}
    """

    ARRAYS = ("pred_ptr", "pred_idx", "pred_strength", "pred_group", "succ_ptr", "succ_idx")

    def __init__(
        self,
        ids: Sequence[str],
        index: Mapping[str, int],
        arrays: Mapping[str, np.ndarray],
    ) -> None:
        self.ids = ids
        self.index = index
        self.pred_ptr = arrays["pred_ptr"]
        self.pred_idx = arrays["pred_idx"]
        self.pred_strength = arrays["pred_strength"]
        self.pred_group = arrays["pred_group"]
        self.succ_ptr = arrays["succ_ptr"]
        self.succ_idx = arrays["succ_idx"]

    @classmethod
    def from_concepts(
        cls, ids: Sequence[str], index: Mapping[str, int], concepts: Iterable[Concept]
    ) -> PrerequisiteGraph:
        """Edges of ``concepts`` (in index order); members that are not concepts are skipped
        (the loader has reported them already)."""
        ptr = [0]
        idx: list[int] = []
        strength: list[int] = []
        group: list[int] = []
        for c in concepts:
            seen: set[int] = set()
            for position, pre in enumerate(c.prerequisites):
                g = position if pre.any_of is not None else NO_GROUP
                s = STRENGTHS.index(pre.strength)
                for member in pre.members:
                    j = index.get(member)
                    if j is None or j in seen:
                        continue
                    seen.add(j)
                    idx.append(j)
                    strength.append(s)
                    group.append(g)
            ptr.append(len(idx))
        pred_ptr = np.asarray(ptr, np.int64)
        pred_idx = np.asarray(idx, np.int32)
        succ_ptr, succ_idx = _reverse(pred_ptr, pred_idx, len(ids))
        return cls(
            ids,
            index,
            {
                "pred_ptr": pred_ptr,
                "pred_idx": pred_idx,
                "pred_strength": np.asarray(strength, np.int8),
                "pred_group": np.asarray(group, np.int32),
                "succ_ptr": succ_ptr,
                "succ_idx": succ_idx,
            },
        )

    def arrays(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in self.ARRAYS}

    # -- nodes ----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __contains__(self, node: object) -> bool:
        return node in self.index

    def _span(self, ptr: np.ndarray, node: str) -> tuple[int, int]:
        i = self.index[node]
        return int(ptr[i]), int(ptr[i + 1])

    def predecessors(self, node: str) -> list[str]:
        """Direct prerequisites of ``node``, in the order its file lists them."""
        s, e = self._span(self.pred_ptr, node)
        ids = self.ids
        return [ids[j] for j in self.pred_idx[s:e].tolist()]

    def successors(self, node: str) -> list[str]:
        """Concepts that list ``node`` as a prerequisite, in file order."""
        s, e = self._span(self.succ_ptr, node)
        ids = self.ids
        return [ids[j] for j in self.succ_idx[s:e].tolist()]

    def in_degree(self, node: str) -> int:
        s, e = self._span(self.pred_ptr, node)
        return e - s

    def out_degree(self, node: str) -> int:
        s, e = self._span(self.succ_ptr, node)
        return e - s

    def in_degrees(self) -> np.ndarray:
        return np.diff(self.pred_ptr)

    def out_degrees(self) -> np.ndarray:
        return np.diff(self.succ_ptr)

    # -- edges ----------------------------------------------------------------------

    def number_of_edges(self) -> int:
        return int(self.pred_idx.shape[0])

    def _edge_position(self, prerequisite: str, dependent: str) -> int | None:
        s, e = self._span(self.pred_ptr, dependent)
        j = self.index.get(prerequisite)
        if j is None:
            return None
        row = self.pred_idx[s:e].tolist()  # a handful of ints: faster than a numpy search
        return s + row.index(j) if j in row else None

    def edge_data(self, prerequisite: str, dependent: str) -> dict[str, Any]:
        """``{"strength", "group"}`` of one edge; KeyError when there is no such edge."""
        k = self._edge_position(prerequisite, dependent) if dependent in self.index else None
        if k is None:
            raise KeyError((prerequisite, dependent))
        group = int(self.pred_group[k])
        return {
            "strength": STRENGTHS[int(self.pred_strength[k])],
            "group": None if group == NO_GROUP else group,
        }

    def edges(self, *, data: bool = False) -> Iterator[Any]:
        """Every edge as ``(prerequisite, dependent)`` (or with its data), by dependent."""
        ids = self.ids
        ptr = self.pred_ptr.tolist()
        idx = self.pred_idx.tolist()
        strength = self.pred_strength.tolist()
        group = self.pred_group.tolist()
        for v in range(len(ids)):
            for k in range(ptr[v], ptr[v + 1]):
                if data:
                    yield (
                        ids[idx[k]],
                        ids[v],
                        {
                            "strength": STRENGTHS[strength[k]],
                            "group": None if group[k] == NO_GROUP else group[k],
                        },
                    )
                else:
                    yield ids[idx[k]], ids[v]

    def roots(self) -> list[str]:
        """Concepts with no prerequisites, sorted."""
        return sorted(self.ids[i] for i in np.flatnonzero(self.in_degrees() == 0).tolist())

    def levels(self) -> np.ndarray:
        """Each concept's level: the number of edges of the longest chain ending at it.

        Kahn's algorithm one level at a time, each level a few numpy operations, so the
        cost is linear in the graph. Sorting by level gives a topological order.
        """
        n = len(self.ids)
        remaining = self.in_degrees().copy()
        depth = np.zeros(n, dtype=np.int64)
        frontier = np.flatnonzero(remaining == 0)
        level = 0
        while frontier.size:
            depth[frontier] = level
            starts, counts = self.succ_ptr[frontier], np.diff(self.succ_ptr)[frontier]
            # positions of every successor of the frontier in succ_idx
            offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
            reached = self.succ_idx[offsets + np.arange(int(counts.sum()))]
            remaining -= np.bincount(reached, minlength=n)
            frontier = np.unique(reached[remaining[reached] == 0])
            level += 1
        return depth

    def longest_chain(self) -> list[str]:
        """One longest chain of prerequisites, first to last: from the concept with the
        highest level back through predecessors one level lower (the first in file order)."""
        if not self.ids:
            return []
        depth = self.levels()
        node = int(np.argmax(depth))
        chain = [node]
        while depth[node] > 0:
            preds = self.pred_idx[self.pred_ptr[node] : self.pred_ptr[node + 1]]
            node = int(preds[np.flatnonzero(depth[preds] == depth[node] - 1)[0]])
            chain.append(node)
        return [self.ids[i] for i in reversed(chain)]

    def to_networkx(self) -> Any:
        """The same graph as a networkx DiGraph, for library users' whole-graph algorithms."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(self.ids)
        g.add_edges_from(self.edges(data=True))
        return g


def _reverse(pred_ptr: np.ndarray, pred_idx: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The successor CSR of a predecessor CSR; each row keeps dependents in index order."""
    owner = np.repeat(np.arange(n, dtype=np.int32), np.diff(pred_ptr))
    order = np.argsort(pred_idx, kind="stable")
    succ_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pred_idx, minlength=n), out=succ_ptr[1:])
    return succ_ptr, owner[order].astype(np.int32)


def concept_columns(
    concepts: Iterable[Concept], disciplines: Sequence[str]
) -> dict[str, np.ndarray]:
    """Per-concept columns that filters and totals read without building any model:
    hours, discipline (index into ``disciplines``), kind (index into KINDS, -1 none),
    level (0 none), implementation (1 when it has one)."""
    position = {d: i for i, d in enumerate(disciplines)}
    hours, discipline, kind, level, implementation = [], [], [], [], []
    for c in concepts:
        hours.append(c.hours)
        discipline.append(position.get(c.discipline, -1))
        kind.append(KINDS.index(c.kind) if c.kind else -1)
        level.append(c.level or 0)
        implementation.append(c.implementation is not None)
    return {
        "hours": np.asarray(hours, np.float64),
        "discipline": np.asarray(discipline, np.int32),
        "kind": np.asarray(kind, np.int8),
        "level": np.asarray(level, np.int8),
        "implementation": np.asarray(implementation, np.int8),
    }


FIELD_SEP, RECORD_SEP = "\x1f", "\x1e"


def search_text(concepts: Iterable[Concept]) -> tuple[bytes, np.ndarray]:
    """The casefolded id, names and summaries of every concept, as one UTF-8 text with an
    offsets array: a substring search over it finds the concepts ``graph.views.matches``
    would, without building a model per concept."""
    parts: list[bytes] = []
    offsets = [0]
    for c in concepts:
        texts = [c.id, c.name.en, c.name.zh]
        if c.summary:
            texts += [c.summary.en, c.summary.zh]
        part = (FIELD_SEP.join(t.casefold() for t in texts if t) + RECORD_SEP).encode()
        parts.append(part)
        offsets.append(offsets[-1] + len(part))
    return b"".join(parts), np.asarray(offsets, np.int64)


def find_text(text: Any, offsets: np.ndarray, query: str) -> list[int] | None:
    """Indices, ascending, of the concepts whose search text contains ``query``
    (casefolded); None when the query holds a separator and cannot be answered here.
    ``text`` is bytes or a memory map holding the text at ``offsets[0]:offsets[-1]``.

    Examples
    --------
    >>> from graph.build import make_concept
    >>> text, offsets = search_text([make_concept("entropy"), make_concept("kl-divergence")])
    >>> find_text(text, offsets, "DIVERGENCE"), find_text(text, offsets, "e")
    ([1], [0, 1])
    """
    q = query.casefold()
    if FIELD_SEP in q or RECORD_SEP in q:
        return None
    needle = q.encode()
    hits: list[int] = []
    end = int(offsets[-1])
    pos = text.find(needle, int(offsets[0]), end)
    while pos != -1:
        i = int(np.searchsorted(offsets, pos, side="right")) - 1
        hits.append(i)
        pos = text.find(needle, int(offsets[i + 1]), end)  # one hit per concept is enough
    return hits


class StoredConcepts(Mapping[str, Concept]):
    """Concepts kept as JSON text (``blob[offsets[i]:offsets[i+1]]``), parsed on demand.

    The models are frozen, so the cache of recently used ones can be shared by threads. A
    model costs 5-10 KB, so the cache holds a few plans' worth (4096: 20-40 MB), not the
    curriculum.
    Iterating over all values parses each without filling that cache.
    """

    def __init__(
        self,
        ids: Sequence[str],
        index: Mapping[str, int],
        offsets: np.ndarray,
        blob: Any,
        *,
        cache_size: int = 4096,
    ) -> None:
        self._ids = ids
        self._index = index
        self._offsets = offsets
        self._blob = blob
        self._cached = functools.lru_cache(maxsize=cache_size)(self._parse)

    def _parse(self, i: int) -> Concept:
        s, e = int(self._offsets[i]), int(self._offsets[i + 1])
        return Concept.model_validate_json(self._blob[s:e])

    def __getitem__(self, key: str) -> Concept:
        return self._cached(self._index[key])

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def release(self, start: int, end: int) -> int:
        """Let the kernel drop the mapped pages of ``blob[start:end]`` from this process
        (they are read again if needed): a pass over every concept would otherwise leave
        the whole file resident (550 MB at 10^6 concepts). Returns where the next
        release should start."""
        if not isinstance(self._blob, mmap.mmap):
            return end
        page = mmap.PAGESIZE
        first, last = start - start % page, end - end % page
        if last > first:
            self._blob.madvise(mmap.MADV_DONTNEED, first, last - first)
        return last

    def values(self) -> _StoredValues:
        return _StoredValues(self)

    def items(self) -> Iterator[tuple[str, Concept]]:  # type: ignore[override]
        return zip(self._ids, self.values(), strict=True)


class _StoredValues(ValuesView[Concept]):
    _mapping: StoredConcepts

    def __iter__(self) -> Iterator[Concept]:
        stored = self._mapping
        parse, offsets = stored._parse, stored._offsets
        released = int(offsets[0]) if len(offsets) else 0
        for i in range(len(stored)):
            yield parse(i)
            if i % 4096 == 4095:
                released = stored.release(released, int(offsets[i + 1]))
        if len(offsets):
            stored.release(released, int(offsets[-1]))
