"""The one task per process that empties the xAPI outbox into the LRS.

It wakes when a route of this process queued a statement, and at least every
``poll_seconds`` (for statements other processes queued, and for retries), claims a batch
of due rows, and sends them one at a time: one request in flight, a bounded batch, and
backoff up to 30 s between attempts at a statement the LRS did not take. While the LRS is
down the statements wait in the database, so a restart loses none.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from functools import partial

from sqlmodel import Session

from api.db import Database
from api.errors import DatabaseUnavailable, log
from portal.lrs import Delivery, LrsClient
from store import outbox

BATCH = 50


def _settle(row_id: str, delivery: Delivery, session: Session) -> None:
    """Record what the LRS answered: gone when it has the statement, parked when it
    refused it for good, else due again after a backoff."""
    if delivery.outcome == "delivered":
        outbox.delivered(session, row_id)
    elif delivery.outcome == "rejected":
        outbox.reject(session, row_id, delivery.detail)
    else:
        outbox.retry_later(session, row_id, delivery.detail)


class XapiSender:
    def __init__(
        self, db: Database, make_client: Callable[[], LrsClient], *, poll_seconds: float = 2.0
    ) -> None:
        self.db = db
        # made in start(): an HTTP client's connections belong to the event loop that runs it
        self._make_client = make_client
        self.client: LrsClient | None = None
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.sent = 0  # delivered by this process, for /health and the tests' patience

    def notify(self) -> None:
        """A statement was queued: send it soon rather than at the next poll."""
        self._wake.set()

    def start(self) -> None:
        self.client = self._make_client()
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="xapi-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    async def send_due(self) -> int:
        """Send one batch of due statements; how many were handled (any outcome)."""
        assert self.client is not None, "start() makes the client"
        rows = await self.db.write(lambda s: outbox.claim_due(s, BATCH))
        for row in rows:
            delivery = await self.client.put(row.statement)
            await self.db.write(partial(_settle, row.id, delivery))
            if delivery.outcome == "delivered":
                self.sent += 1
            elif delivery.outcome == "rejected":
                log.warning(
                    "the LRS refused xAPI statement %s for good: %s", row.id, delivery.detail
                )
        return len(rows)

    async def _run(self) -> None:
        while True:
            handled = 0
            try:
                handled = await self.send_due()
            except DatabaseUnavailable:
                pass  # the database will be back; the rows are still there
            except Exception as err:  # never let one bad row or answer end the sender
                log.warning("xAPI sender: %s: %s", type(err).__name__, err)
            if handled >= BATCH:
                continue  # more may be due at once
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
