"""One background task per process that empties an outbox table (xAPI statements, AGS
scores) into its peer.

It wakes when a route of this process queued something, and at least every
``poll_seconds`` (for rows other processes queued, and for retries), and calls
``send_due`` for one bounded batch, again at once while batches come full. One request is
in flight at a time. Rows wait in the database while the peer is down, so a restart loses
none.
"""

from __future__ import annotations

import asyncio
import contextlib

from api.db import Database
from api.errors import DatabaseUnavailable, log


class OutboxTask:
    name = "outbox"
    batch = 50

    def __init__(self, db: Database, *, poll_seconds: float = 2.0) -> None:
        self.db = db
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.sent = 0  # delivered by this process (the tests count it)

    def notify(self) -> None:
        """Something was queued: send it soon rather than at the next poll."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def send_due(self) -> int:
        """Send one batch of due rows; how many were handled (any outcome)."""
        raise NotImplementedError

    async def _run(self) -> None:
        while True:
            handled = 0
            try:
                handled = await self.send_due()
            except DatabaseUnavailable:
                pass  # the database will be back; the rows are still there
            except Exception as err:  # never let one bad row or answer end the task
                log.warning("%s: %s: %s", self.name, type(err).__name__, err)
            if handled >= self.batch:
                continue  # more may be due at once
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
