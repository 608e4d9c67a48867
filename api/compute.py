"""CPU work of the routes (planning, suggestions, exports, searches) off the event loop.

``compute(fn, *args)`` runs ``fn`` on a worker thread under a limiter of ``cpu_workers``
tokens, so /health and every other answer keep flowing while a large plan is computed,
and no more than ``cpu_workers`` computations run at once per process (a flood of heavy
requests queues as cheap waiting tasks, not as threads).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio

T = TypeVar("T")


class Compute:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._limiter: anyio.CapacityLimiter | None = None

    async def __call__(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        if self._limiter is None:  # anyio primitives belong to the running event loop
            self._limiter = anyio.CapacityLimiter(self.workers)
        return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs), limiter=self._limiter)
