"""CPU work of the routes (planning, suggestions, exports, searches) off the event loop.

``compute(fn, *args)`` runs ``fn`` on a worker thread under a limiter of ``cpu_workers``
tokens, so /health and every other answer keep flowing while a large plan is computed,
and no more than ``cpu_workers`` computations run at once per process (a flood of heavy
requests queues as cheap waiting tasks, not as threads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

import anyio

from graph.closures import closure_sizes
from graph.curriculum import Curriculum

T = TypeVar("T")


# A plan of at most this many concepts takes about a millisecond: less than handing it to
# a worker thread and back, so it runs on the event loop (docs/reliability.md).
INLINE_CONCEPTS = 64
# Curricula up to this size get the closure bounds at start (a bitset scan, ~0.1 s here).
BOUNDS_MAX_CONCEPTS = 20_000


class Compute:
    def __init__(self, workers: int, bounds: PlanBounds | None = None) -> None:
        self.workers = workers
        self.bounds = bounds
        self._limiter: anyio.CapacityLimiter | None = None

    def tiny_plan(self, goals: Iterable[str]) -> bool:
        """A plan toward ``goals`` is certainly small enough to compute inline."""
        return self.bounds is not None and self.bounds.tiny(goals)

    async def __call__(
        self, fn: Callable[..., T], /, *args: Any, inline: bool = False, **kwargs: Any
    ) -> T:
        """``fn(*args, **kwargs)`` on a worker thread, or with ``inline`` (a job known to be
        tiny) on the event loop itself."""
        if inline:
            return fn(*args, **kwargs)
        if self._limiter is None:  # anyio primitives belong to the running event loop
            self._limiter = anyio.CapacityLimiter(self.workers)
        return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs), limiter=self._limiter)


class PlanBounds:
    """How many concepts a plan toward some goals can hold at most: the size of their
    closure over every edge (known concepts and required-only plans only shrink it). Lets
    a route run a plan that is certainly tiny inline. Unknown for large curricula."""

    def __init__(self, curriculum: Curriculum) -> None:
        self._ids: dict[str, int] = {}
        self._sizes: list[int] | None = None
        if len(curriculum) <= BOUNDS_MAX_CONCEPTS:
            self._sizes = closure_sizes(curriculum.graph, required_only=False)
            self._ids = {cid: i for i, cid in enumerate(curriculum.graph.ids)}

    def tiny(self, goals: Iterable[str], limit: int = INLINE_CONCEPTS) -> bool:
        """True when a plan toward ``goals`` certainly has at most ``limit`` concepts."""
        if self._sizes is None:
            return False
        total = 0
        for g in goals:
            index = self._ids.get(g)
            if index is None:  # an unknown id: the planner names it, off the loop
                return False
            total += self._sizes[index] + 1
            if total > limit:
                return False
        return True
