"""Embed tokens (DESIGN.md section 11): a portal asks for one with the learner's own token
and puts it in an iframe's URL fragment. It is random like a learner token, stored only as
a hash, lives at most a day, and lets its holder read that learner and mark progress.

A distinct prefix tells the two kinds of token apart before any lookup, so a route that
needs the learner's own token can refuse an embed token by name rather than by a miss.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from store.auth import hash_token, token_matches
from store.models import EmbedToken, Learner, utcnow

PREFIX = "spe_"
DEFAULT_TTL_SECONDS = 3600
MAX_TTL_SECONDS = 86_400
# Live tokens per learner: a portal mints one per page view, and they expire within a day.
MAX_LIVE_PER_LEARNER = 1000


def is_embed_token(token: str) -> bool:
    return token.startswith(PREFIX)


def issue_embed_token(
    session: Session, learner_id: str, ttl_seconds: int
) -> tuple[str, datetime] | None:
    """A new token for the learner and when it expires; None when the learner already has
    ``MAX_LIVE_PER_LEARNER`` live ones."""
    now = utcnow()
    # expired tokens of every learner go as new ones come (the expiry column is indexed)
    session.exec(delete(EmbedToken).where(col(EmbedToken.expires_at) <= now))  # type: ignore[call-overload]
    live = session.exec(
        select(func.count()).select_from(EmbedToken).where(EmbedToken.learner_id == learner_id)
    ).one()
    if live >= MAX_LIVE_PER_LEARNER:
        session.commit()
        return None
    token = PREFIX + secrets.token_urlsafe(32)
    expires_at = now + timedelta(seconds=ttl_seconds)
    session.add(
        EmbedToken(
            token_hash=hash_token(token),
            learner_id=learner_id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.commit()
    return token, expires_at


def learner_for_embed_token(session: Session, token: str) -> tuple[Learner, datetime] | None:
    """The learner an unexpired embed token belongs to, and its expiry; None otherwise."""
    row = session.get(EmbedToken, hash_token(token))
    if row is None or not token_matches(token, row.token_hash) or row.expires_at <= utcnow():
        return None
    learner = session.get(Learner, row.learner_id)
    return (learner, row.expires_at) if learner is not None else None


def revoke_embed_tokens(session: Session, learner_id: str) -> int:
    """Delete every embed token of the learner; how many there were."""
    result = session.exec(  # type: ignore[call-overload]
        delete(EmbedToken).where(col(EmbedToken.learner_id) == learner_id)
    )
    session.commit()
    return int(result.rowcount or 0)
