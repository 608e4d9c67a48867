"""The xAPI outbox: statements waiting for the LRS (DESIGN.md section 12).

A statement is added in the same transaction as the change it reports (the caller commits),
so a change is never stored without its statement nor a statement without its change. A
sender claims due rows with a lease, so two senders (two workers, two hosts on one
PostgreSQL) never send the same row at once; a sender that dies leaves its lease to expire
and the row is sent again later. A delivered row is deleted; one the LRS refused for good
(a 4xx other than 409) is kept, marked rejected, for an operator to see and retry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from store.models import XapiOutbox, utcnow

LEASE = timedelta(seconds=60)
MAX_BACKOFF_SECONDS = 30.0


def add(session: Session, learner_id: str, statements: Iterable[dict[str, Any] | None]) -> int:
    """Queue statements (None entries are skipped) in the caller's transaction; how many."""
    now = utcnow()
    count = 0
    for statement in statements:
        if statement is None:
            continue
        session.add(
            XapiOutbox(
                id=statement["id"],
                learner_id=learner_id,
                statement=statement,
                created_at=now,
                next_attempt_at=now,
            )
        )
        count += 1
    return count


def claim_due(session: Session, limit: int, now: datetime | None = None) -> list[XapiOutbox]:
    """Up to ``limit`` due rows, oldest first, each leased to the caller for ``LEASE``."""
    now = now or utcnow()
    candidates = session.exec(
        select(XapiOutbox.id)
        .where(
            col(XapiOutbox.rejected).is_(False),
            col(XapiOutbox.next_attempt_at) <= now,
        )
        .order_by(col(XapiOutbox.created_at), col(XapiOutbox.id))
        .limit(limit)
    ).all()
    claimed: list[str] = []
    for row_id in candidates:
        # the lease is taken only if no other sender holds a live one: one UPDATE decides
        result = session.exec(  # type: ignore[call-overload]
            update(XapiOutbox)
            .where(
                col(XapiOutbox.id) == row_id,
                col(XapiOutbox.next_attempt_at) <= now,
            )
            .values(next_attempt_at=now + LEASE, attempts=XapiOutbox.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(row_id)
    session.commit()
    if not claimed:
        return []
    rows = session.exec(select(XapiOutbox).where(col(XapiOutbox.id).in_(claimed))).all()
    order = {row_id: k for k, row_id in enumerate(claimed)}
    return sorted(rows, key=lambda r: order[r.id])


def delivered(session: Session, row_id: str) -> None:
    session.exec(delete(XapiOutbox).where(col(XapiOutbox.id) == row_id))  # type: ignore[call-overload]
    session.commit()


def backoff_seconds(attempts: int) -> float:
    """1, 2, 4, 8, 16, then 30 s between attempts."""
    return min(MAX_BACKOFF_SECONDS, float(2 ** max(0, attempts - 1)))


def retry_later(session: Session, row_id: str, error: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    row = session.get(XapiOutbox, row_id)
    if row is None:
        return
    row.next_attempt_at = now + timedelta(seconds=backoff_seconds(row.attempts))
    row.last_error = error[:500]
    session.add(row)
    session.commit()


def reject(session: Session, row_id: str, error: str) -> None:
    row = session.get(XapiOutbox, row_id)
    if row is None:
        return
    row.rejected = True
    row.last_error = error[:500]
    session.add(row)
    session.commit()


def retry_rejected(session: Session) -> int:
    """Put every rejected row back in the queue (after the cause was fixed); how many."""
    result = session.exec(  # type: ignore[call-overload]
        update(XapiOutbox)
        .where(col(XapiOutbox.rejected).is_(True))
        .values(rejected=False, next_attempt_at=utcnow(), attempts=0)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return int(result.rowcount or 0)


def counts(session: Session) -> dict[str, int]:
    """Rows waiting and rows rejected."""
    rows = session.exec(
        select(XapiOutbox.rejected, func.count()).group_by(XapiOutbox.rejected)
    ).all()
    found = {bool(rejected): int(n) for rejected, n in rows}
    return {"pending": found.get(False, 0), "rejected": found.get(True, 0)}


def rejected_rows(session: Session, limit: int = 20) -> Sequence[XapiOutbox]:
    return session.exec(
        select(XapiOutbox)
        .where(col(XapiOutbox.rejected).is_(True))
        .order_by(col(XapiOutbox.created_at))
        .limit(limit)
    ).all()


def delete_for_learner(session: Session, learner_id: str) -> None:
    """A deleted learner's statements not yet sent go with them (in the caller's transaction)."""
    session.exec(delete(XapiOutbox).where(col(XapiOutbox.learner_id) == learner_id))  # type: ignore[call-overload]
