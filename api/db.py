"""The routes' one door to the learner database: deadlines, bounded threads, a write queue.

Every database call of a route is one function of a Session, run by ``Database.read`` or
``Database.write`` on a thread of its own pool, so:

- SQLite's in-process write queue is an ``anyio.Lock`` held by the waiting *task*; a writer
  waiting its turn holds no thread, so the writer that holds the lock always gets one
  (holding a threading lock across the thread pool wedged a worker for good at 41
  concurrent writes);
- a call that has not finished within ``timeout`` seconds (a database that accepts
  connections but never answers) is answered 503 with Retry-After; its thread is left to
  finish or fail on its own;
- at most ``max_threads`` calls run at once (more wait their turn as tasks), and at most
  ``max_threads`` database threads exist, abandoned ones included; when every one is
  held by a database that does not answer, a call is refused 503 at once, so a hung
  database cannot pile up threads, and the
  default thread pool (and the CPU limiter of api.compute) that curriculum routes use is
  never touched by learner routes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import anyio
from sqlalchemy import Engine
from sqlmodel import Session

from api.errors import DatabaseUnavailable, log
from store.migrate import upgrade

T = TypeVar("T")


class Database:
    def __init__(
        self,
        engine: Engine,
        read_engine: Engine,
        *,
        timeout: float,
        max_threads: int,
    ) -> None:
        self.engine = engine
        self.read_engine = read_engine
        self.timeout = timeout
        self.max_threads = max_threads
        self.sqlite = engine.dialect.name == "sqlite"
        self._slots = threading.BoundedSemaphore(max_threads)
        self._schema_lock = threading.Lock()
        self.schema_ready = False
        self._write_lock: anyio.Lock | None = None
        self._limiter: anyio.CapacityLimiter | None = None
        self._thread_limiter: anyio.CapacityLimiter | None = None

    def ensure_schema(self) -> None:
        """Migrate once per process; retried on the next call if the database was down."""
        if self.schema_ready:
            return
        with self._schema_lock:
            if not self.schema_ready:
                upgrade(self.engine)
                self.schema_ready = True

    async def read(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn(session)`` on a read session (on SQLite a deferred transaction)."""
        return await self._call(fn, self.read_engine, write=False)

    async def write(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn(session)`` on a write session; ``fn`` commits what it changes."""
        return await self._call(fn, self.engine, write=True)

    async def _call(self, fn: Callable[[Session], T], engine: Engine, *, write: bool) -> T:
        if self._limiter is None:  # anyio primitives belong to the running event loop
            self._limiter = anyio.CapacityLimiter(self.max_threads)
            self._thread_limiter = anyio.CapacityLimiter(self.max_threads)
            self._write_lock = anyio.Lock()
        try:
            with anyio.fail_after(self.timeout):
                if write and self.sqlite:
                    assert self._write_lock is not None
                    async with self._write_lock:
                        return await self._in_thread(fn, engine)
                return await self._in_thread(fn, engine)
        except TimeoutError:
            log.warning("database call exceeded %.1f s; answered 503", self.timeout)
            raise DatabaseUnavailable(
                f"the learner database did not answer within {self.timeout:g} s"
            ) from None

    async def _in_thread(self, fn: Callable[[Session], T], engine: Engine) -> T:
        assert self._limiter is not None
        async with self._limiter:  # a turn among max_threads calls, waited for as a task
            return await self._on_a_thread(fn, engine)

    async def _on_a_thread(self, fn: Callable[[Session], T], engine: Engine) -> T:
        # Threads of calls abandoned at their deadline still hold a slot until the
        # database lets them go; with every slot so held, refuse at once.
        if not self._slots.acquire(blocking=False):
            raise DatabaseUnavailable(
                f"all {self.max_threads} database threads are waiting on a database that "
                "does not answer"
            )
        state = {"started": False, "abandoned": False}
        guard = threading.Lock()

        def work() -> T:
            with guard:
                if state["abandoned"]:
                    return None  # type: ignore[return-value]  # nobody waits for it
                state["started"] = True
            try:
                self.ensure_schema()
                with Session(engine, expire_on_commit=False) as session:
                    return fn(session)
            finally:
                self._slots.release()

        try:
            return await anyio.to_thread.run_sync(
                work, limiter=self._thread_limiter, abandon_on_cancel=True
            )
        except BaseException:
            with guard:
                if not state["started"]:  # cancelled before a thread took it
                    state["abandoned"] = True
                    self._slots.release()
            raise
