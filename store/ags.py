"""LTI Assignment and Grade Services in the database: the resource links that carry a line
item, and each learner's latest score on them, waiting for the platform (the AGS outbox).

A score is queued in the transaction of the progress change it follows. A newer score
replaces one not yet sent; a sent row stays (marked sent) as the record that the learner
belongs to the link, so their next change is scored too. Senders lease rows as the xAPI
outbox does (store.outbox): ``next_attempt_at`` moves a minute on at each claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store.learners import new_id
from store.models import Learner, LtiLink, LtiPlatform, LtiScore, utcnow
from store.outbox import LEASE, backoff_seconds


def upsert_link(
    session: Session,
    *,
    platform_id: str,
    deployment_id: str,
    resource_link_id: str,
    goals: str,
    lineitem_url: str,
) -> LtiLink:
    """The link of a launch, with the goals and line item the launch carries now."""
    link = session.exec(
        select(LtiLink).where(
            LtiLink.platform_id == platform_id, LtiLink.resource_link_id == resource_link_id
        )
    ).first()
    if link is None:
        link = LtiLink(
            id=new_id(),
            platform_id=platform_id,
            deployment_id=deployment_id,
            resource_link_id=resource_link_id,
            goals=goals,
            lineitem_url=lineitem_url,
        )
    else:
        link.goals, link.lineitem_url, link.deployment_id = goals, lineitem_url, deployment_id
    session.add(link)
    session.commit()
    session.refresh(link)
    return link


def links_of(session: Session, learner_id: str) -> list[tuple[LtiLink, str]]:
    """The links the learner was launched from, with their user id on each platform."""
    rows = session.exec(
        select(LtiLink, LtiScore.sub)
        .join(LtiScore, col(LtiScore.link_id) == col(LtiLink.id))
        .where(LtiScore.learner_id == learner_id)
    ).all()
    return [(link, sub) for link, sub in rows]


def queue(session: Session, scores: Iterable[dict[str, Any]]) -> None:
    """Queue ``{link_id, learner_id, sub, score}`` rows in the caller's transaction."""
    now = utcnow()
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for row in scores:
        values = {
            **row,
            "queued_at": now,
            "next_attempt_at": now,
            "attempts": 0,
            "rejected": False,
            "sent": False,
            "last_error": None,
        }
        stmt = insert(LtiScore).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["link_id", "learner_id"],
            set_={k: stmt.excluded[k] for k in values if k not in ("link_id", "learner_id")},
        )
        session.exec(stmt)  # type: ignore[call-overload]


def claim_due(
    session: Session, limit: int, now: datetime | None = None
) -> list[tuple[LtiScore, LtiLink, LtiPlatform]]:
    now = now or utcnow()
    due = session.exec(
        select(LtiScore.link_id, LtiScore.learner_id)
        .where(
            col(LtiScore.sent).is_(False),
            col(LtiScore.rejected).is_(False),
            col(LtiScore.next_attempt_at) <= now,
        )
        .order_by(col(LtiScore.queued_at))
        .limit(limit)
    ).all()
    claimed = []
    for link_id, learner_id in due:
        result = session.exec(  # type: ignore[call-overload]
            update(LtiScore)
            .where(
                col(LtiScore.link_id) == link_id,
                col(LtiScore.learner_id) == learner_id,
                col(LtiScore.next_attempt_at) <= now,
            )
            .values(next_attempt_at=now + LEASE, attempts=LtiScore.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append((link_id, learner_id))
    session.commit()
    out = []
    for link_id, learner_id in claimed:
        score = session.get(LtiScore, (link_id, learner_id))
        link = session.get(LtiLink, link_id)
        platform = session.get(LtiPlatform, link.platform_id) if link else None
        if score is not None and link is not None and platform is not None:
            out.append((score, link, platform))
    return out


def delivered(session: Session, link_id: str, learner_id: str, queued_at: datetime) -> None:
    """Sent: unless a newer score was queued meanwhile, which then goes too."""
    session.exec(  # type: ignore[call-overload]
        update(LtiScore)
        .where(
            col(LtiScore.link_id) == link_id,
            col(LtiScore.learner_id) == learner_id,
            col(LtiScore.queued_at) == queued_at,
        )
        .values(sent=True, last_error=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def retry_later(session: Session, link_id: str, learner_id: str, error: str) -> None:
    row = session.get(LtiScore, (link_id, learner_id))
    if row is None:
        return
    row.next_attempt_at = utcnow() + timedelta(seconds=backoff_seconds(row.attempts))
    row.last_error = error[:500]
    session.add(row)
    session.commit()


def reject(session: Session, link_id: str, learner_id: str, error: str) -> None:
    row = session.get(LtiScore, (link_id, learner_id))
    if row is None:
        return
    row.rejected, row.last_error = True, error[:500]
    session.add(row)
    session.commit()


def members(session: Session, link_id: str) -> list[tuple[str, dict[str, Any], bool]]:
    """The learners launched from a link: display name, latest score, whether it was sent."""
    rows = session.exec(
        select(Learner.display_name, LtiScore.score, LtiScore.sent)
        .join(LtiScore, col(LtiScore.learner_id) == col(Learner.id))
        .where(LtiScore.link_id == link_id)
        .order_by(col(Learner.display_name))
    ).all()
    return [(name, score, sent) for name, score, sent in rows]
