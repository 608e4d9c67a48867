"""The task that empties the xAPI outbox into the LRS (api.outbox_task): backoff up to
30 s between attempts at a statement the LRS did not take."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlmodel import Session

from api.db import Database
from api.errors import log
from api.outbox_task import OutboxTask
from portal.lrs import Delivery, LrsClient
from store import outbox


def _settle(row_id: str, delivery: Delivery, session: Session) -> None:
    """Record what the LRS answered: gone when it has the statement, parked when it
    refused it for good, else due again after a backoff."""
    if delivery.outcome == "delivered":
        outbox.delivered(session, row_id)
    elif delivery.outcome == "rejected":
        outbox.reject(session, row_id, delivery.detail)
    else:
        outbox.retry_later(session, row_id, delivery.detail)


class XapiSender(OutboxTask):
    name = "xapi-sender"

    def __init__(
        self, db: Database, make_client: Callable[[], LrsClient], *, poll_seconds: float = 2.0
    ) -> None:
        super().__init__(db, poll_seconds=poll_seconds)
        # made in start(): an HTTP client's connections belong to the event loop that runs it
        self._make_client = make_client
        self.client: LrsClient | None = None

    def start(self) -> None:
        self.client = self._make_client()
        super().start()

    async def stop(self) -> None:
        await super().stop()
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    async def send_due(self) -> int:
        assert self.client is not None, "start() makes the client"
        rows = await self.db.write(lambda s: outbox.claim_due(s, self.batch))
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
