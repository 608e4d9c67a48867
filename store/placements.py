"""Placements in the database, so that any worker can continue one (DESIGN.md section 10).

A placement row holds the planner's JSON state; an answer replaces it only if the state
still expects that answer (the current question id is compared in the UPDATE), so two
requests answering the same question at once cannot both count.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from store import outbox
from store.learners import new_id
from store.models import Placement, utcnow

LIFETIME = timedelta(hours=24)


def create_placement(
    session: Session,
    language: str,
    state: dict[str, Any],
    *,
    limit: int,
    learner_id: str | None = None,
) -> Placement | None:
    """Store a new placement; None when ``limit`` placements are already in progress."""
    now = utcnow()
    # expired placements go as new ones come, and at most ``limit`` live ones are kept
    session.exec(delete(Placement).where(col(Placement.expires_at) < now))  # type: ignore[call-overload]
    live = session.exec(select(func.count()).select_from(Placement)).one()
    if live >= limit:
        session.commit()
        return None
    row = Placement(
        id=new_id(),
        language=language,
        learner_id=learner_id,
        state=state,
        current=state.get("current"),
        created_at=now,
        expires_at=now + LIFETIME,
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def get_placement(session: Session, placement_id: str) -> Placement | None:
    row = session.get(Placement, placement_id)
    if row is None or row.expires_at < utcnow():
        return None
    return row


def advance_placement(
    session: Session,
    placement_id: str,
    answered: str,
    state: dict[str, Any],
    statements: Sequence[dict[str, Any] | None] = (),
) -> bool:
    """Store ``state`` if the placement still waits for the question ``answered``; False if
    another request answered it first. The learner's xAPI ``statements`` are queued with
    it, and only if it counts."""
    result = session.exec(  # type: ignore[call-overload]
        update(Placement)
        .where(col(Placement.id) == placement_id, col(Placement.current) == answered)
        .values(state=state, current=state.get("current"))
        .execution_options(synchronize_session=False)
    )
    counted = result.rowcount == 1
    if counted and any(statements):
        row = session.get(Placement, placement_id)
        if row is not None and row.learner_id is not None:
            outbox.add(session, row.learner_id, statements)
    session.commit()
    return bool(counted)
