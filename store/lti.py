"""LTI 1.3 in the database: platforms and deployments, the tool's keys, logins in progress
(state and nonce, each used once) and platform users mapped to learners."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from store.learners import create_learner, new_id
from store.models import (
    Learner,
    LearnerCreate,
    LtiDeployment,
    LtiKey,
    LtiLogin,
    LtiPlatform,
    LtiUser,
    utcnow,
)

LOGIN_LIFETIME = timedelta(minutes=10)
# a retired key stays in the JWKS this long: platforms cache JWKS, and what it signed
# (deep-linking answers, token requests) lives minutes
KEY_OVERLAP = timedelta(days=2)


class PlatformConflict(Exception):
    """The registration is ambiguous or already there."""


def add_platform(
    session: Session,
    *,
    issuer: str,
    client_id: str,
    auth_url: str,
    token_url: str,
    jwks_url: str,
    deployments: Sequence[str],
) -> LtiPlatform:
    """Register a platform, or add deployments to one registered with the same issuer,
    client id and URLs; other URLs for a registered pair are a conflict."""
    found = session.exec(
        select(LtiPlatform).where(LtiPlatform.issuer == issuer, LtiPlatform.client_id == client_id)
    ).first()
    if found is not None and (found.auth_url, found.token_url, found.jwks_url) != (
        auth_url,
        token_url,
        jwks_url,
    ):
        raise PlatformConflict(
            f"issuer {issuer} with client id {client_id} is registered with other URLs; "
            "remove it first (studypath lti remove)"
        )
    platform = found or LtiPlatform(
        id=new_id(),
        issuer=issuer,
        client_id=client_id,
        auth_url=auth_url,
        token_url=token_url,
        jwks_url=jwks_url,
    )
    session.add(platform)
    session.flush()
    known = set(deployment_ids(session, platform.id))
    for d in dict.fromkeys(deployments):
        if d not in known:
            session.add(LtiDeployment(platform_id=platform.id, deployment_id=d))
    session.commit()
    session.refresh(platform)
    return platform


def deployment_ids(session: Session, platform_id: str) -> list[str]:
    return list(
        session.exec(
            select(LtiDeployment.deployment_id)
            .where(LtiDeployment.platform_id == platform_id)
            .order_by(col(LtiDeployment.deployment_id))
        ).all()
    )


def list_platforms(session: Session) -> list[tuple[LtiPlatform, list[str]]]:
    rows = session.exec(
        select(LtiPlatform).order_by(col(LtiPlatform.issuer), col(LtiPlatform.client_id))
    ).all()
    return [(p, deployment_ids(session, p.id)) for p in rows]


def remove_platform(session: Session, issuer: str, client_id: str) -> bool:
    found = session.exec(
        select(LtiPlatform).where(LtiPlatform.issuer == issuer, LtiPlatform.client_id == client_id)
    ).first()
    if found is None:
        return False
    for table in (LtiDeployment, LtiLogin):
        session.exec(delete(table).where(col(table.platform_id) == found.id))  # type: ignore[call-overload]
    session.delete(found)
    session.commit()
    return True


def find_platform(session: Session, issuer: str, client_id: str | None) -> LtiPlatform | None:
    """The platform of a login: by issuer, and client id when the platform sent one. An
    issuer registered with several client ids and no client id given is a conflict."""
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        query = query.where(LtiPlatform.client_id == client_id)
    found = session.exec(query.limit(2)).all()
    if len(found) > 1:
        raise PlatformConflict(
            f"issuer {issuer} is registered with several client ids and the login named none"
        )
    return found[0] if found else None


def listed_keys(session: Session) -> list[LtiKey]:
    """The keys the JWKS lists: the current one and those retired less than KEY_OVERLAP ago."""
    since = utcnow() - KEY_OVERLAP
    return list(
        session.exec(
            select(LtiKey)
            .where((col(LtiKey.retired_at).is_(None)) | (col(LtiKey.retired_at) > since))
            .order_by(col(LtiKey.created_at))
        ).all()
    )


def signing_key(session: Session, make_key: Callable[[str], dict[str, Any]]) -> LtiKey:
    """The current key; made (``make_key(kid)``) and stored on first use."""
    current = session.exec(
        select(LtiKey)
        .where(col(LtiKey.retired_at).is_(None))
        .order_by(col(LtiKey.created_at).desc())
    ).first()
    if current is not None:
        return current
    return _store_key(session, make_key)


def rotate_key(session: Session, make_key: Callable[[str], dict[str, Any]]) -> tuple[LtiKey, int]:
    """A new current key; the old ones retire now (listed for KEY_OVERLAP more), and keys
    retired longer ago are deleted. The new key and how many were deleted."""
    now = utcnow()
    for old in session.exec(select(LtiKey).where(col(LtiKey.retired_at).is_(None))).all():
        old.retired_at = now
        session.add(old)
    gone = session.exec(  # type: ignore[call-overload]
        delete(LtiKey).where(col(LtiKey.retired_at) <= now - KEY_OVERLAP)
    )
    return _store_key(session, make_key), int(gone.rowcount or 0)


def _store_key(session: Session, make_key: Callable[[str], dict[str, Any]]) -> LtiKey:
    kid = f"{utcnow():%Y%m%d}-{secrets.token_hex(4)}"
    key = LtiKey(kid=kid, private_jwk=make_key(kid))
    session.add(key)
    session.commit()
    session.refresh(key)
    return key


def start_login(
    session: Session, platform_id: str, target_link_uri: str, *, limit: int
) -> LtiLogin | None:
    """A new login's state and nonce; None when ``limit`` logins are in progress."""
    now = utcnow()
    session.exec(delete(LtiLogin).where(col(LtiLogin.expires_at) < now))  # type: ignore[call-overload]
    if session.exec(select(func.count()).select_from(LtiLogin)).one() >= limit:
        session.commit()
        return None
    login = LtiLogin(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        platform_id=platform_id,
        target_link_uri=target_link_uri,
        created_at=now,
        expires_at=now + LOGIN_LIFETIME,
    )
    session.add(login)
    session.commit()
    session.refresh(login)
    return login


def consume_login(session: Session, state: str) -> LtiLogin | None:
    """The login of ``state``, removed so that it serves one launch only; None when unknown,
    expired or already used."""
    login = session.get(LtiLogin, state)
    if login is None:
        return None
    done = session.exec(  # type: ignore[call-overload]
        delete(LtiLogin).where(col(LtiLogin.state) == state)
    )
    session.commit()
    if done.rowcount != 1 or login.expires_at < utcnow():
        return None  # another request used it first, or it is too old
    return login


def learner_for_user(
    session: Session, issuer: str, sub: str, *, display_name: str, language: str
) -> tuple[Learner, bool]:
    """The learner a platform user is, made on their first launch; whether it was made."""
    found = session.get(LtiUser, (issuer, sub))
    if found is not None:
        learner = session.get(Learner, found.learner_id)
        if learner is not None:
            return learner, False
    learner, _ = create_learner(
        session, LearnerCreate(display_name=display_name[:100] or "LTI learner", language=language)
    )
    session.merge(LtiUser(issuer=issuer, sub=sub, learner_id=learner.id))
    session.commit()
    return learner, True
