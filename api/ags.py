"""LTI Assignment and Grade Services (DESIGN.md section 12): a learner's score on a link is
the share of its plan's concepts they mastered or verified, queued with every change of
their progress and posted to the link's line item by one task per process, with an access
token from the platform's token endpoint (client credentials, a JWT signed by the tool).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import httpx
from sqlmodel import Session

from api.db import Database
from api.errors import log
from api.outbox_task import OutboxTask
from graph.curriculum import Curriculum
from graph.errors import CurriculumError
from planner.models import PlanRequest
from planner.plan import build_plan, goals_by_id
from portal import lti, lti_ags
from store import ags as stored
from store import lti as stored_lti
from store.learners import mastered
from store.models import LtiLink, LtiPlatform, LtiScore

PERMANENT = {400, 403, 404, 405, 413, 415, 422}


@lru_cache(maxsize=256)
def _plan_concepts(curriculum: Curriculum, goals: str) -> tuple[str, ...] | None:
    """The concepts of the default plan toward a link's goals; None when the goals are not
    the curriculum's (the link then has no score)."""
    try:
        request, _ = goals_by_id(
            curriculum, PlanRequest(goals=[g.strip() for g in goals.split(",") if g.strip()])
        )
        plan = build_plan(curriculum=curriculum, request=request)
    except (CurriculumError, ValueError):  # an unknown goal, or none: no plan, no score
        return None
    return tuple(s.id for s in plan.steps)


def scores_for(
    curriculum: Curriculum,
    learner_id: str,
    links: Iterable[tuple[LtiLink, str]],
    known: Iterable[str],
) -> list[dict[str, Any]]:
    """The rows to queue: the learner's score on each of their links, given ``known``."""
    known_set = set(known)
    rows = []
    for link, sub in links:
        concepts = _plan_concepts(curriculum, link.goals)
        if not concepts:
            continue
        mastered = sum(1 for c in concepts if c in known_set)
        rows.append(
            {
                "link_id": link.id,
                "learner_id": learner_id,
                "sub": sub,
                "score": lti_ags.score_body(sub, mastered, len(concepts)),
            }
        )
    return rows


class AgsSender(OutboxTask):
    name = "ags-sender"
    batch = 20

    def __init__(
        self,
        db: Database,
        *,
        poll_seconds: float = 2.0,
        timeout: float = 10.0,
    ) -> None:
        super().__init__(db, poll_seconds=poll_seconds)
        self.timeout = timeout
        self._tokens: dict[str, tuple[str, float]] = {}  # platform id -> (token, good until)

    async def send_due(self) -> int:
        rows = await self.db.write(lambda s: stored.claim_due(s, self.batch))
        if not rows:
            return 0
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            for score, link, platform in rows:
                outcome, detail = await self._post(client, score, link, platform)
                key, queued = (score.link_id, score.learner_id), score.queued_at
                if outcome == "delivered":
                    await self.db.write(lambda s, k=key, q=queued: stored.delivered(s, *k, q))
                    self.sent += 1
                elif outcome == "rejected":
                    log.warning("the platform refused a score for link %s: %s", link.id, detail)
                    await self.db.write(lambda s, k=key, d=detail: stored.reject(s, *k, d))
                else:
                    await self.db.write(lambda s, k=key, d=detail: stored.retry_later(s, *k, d))
        return len(rows)

    async def _post(
        self, client: httpx.AsyncClient, score: LtiScore, link: LtiLink, platform: LtiPlatform
    ) -> tuple[str, str]:
        try:
            token = await self._token(client, platform, link.deployment_id)
            answer = await client.post(
                lti_ags.scores_url(link.lineitem_url),
                json=score.score,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": lti_ags.SCORE_MEDIA_TYPE,
                },
            )
        except _Refused as err:
            return err.outcome, err.detail
        except httpx.HTTPError as err:
            return "retry", f"{type(err).__name__}: {err}"[:500]
        detail = f"{answer.status_code} {answer.text[:300]}".strip()
        if answer.status_code in (200, 201, 202, 204):
            return "delivered", detail
        if answer.status_code == 401:
            self._tokens.pop(platform.id, None)  # expired or revoked early: ask again
            return "retry", detail
        return ("rejected" if answer.status_code in PERMANENT else "retry"), detail

    async def _token(
        self, client: httpx.AsyncClient, platform: LtiPlatform, deployment_id: str
    ) -> str:
        kept = self._tokens.get(platform.id)
        if kept is not None and kept[1] > time.monotonic():
            return kept[0]

        def key(session: Session) -> dict[str, Any]:
            return stored_lti.signing_key(session, lti.new_key).private_jwk

        private = await self.db.write(key)
        assertion = lti_ags.client_assertion(
            client_id=platform.client_id,
            token_url=platform.token_url,
            deployment_id=deployment_id,
            private_key=private,
        )
        answer = await client.post(
            platform.token_url,
            data={
                "grant_type": "client_credentials",
                "client_assertion_type": lti_ags.ASSERTION_TYPE,
                "client_assertion": assertion,
                "scope": lti_ags.SCORE_SCOPE,
            },
        )
        if answer.status_code != 200:
            outcome = "rejected" if answer.status_code in (400, 403) else "retry"
            raise _Refused(outcome, f"token endpoint: {answer.status_code} {answer.text[:300]}")
        try:
            body = answer.json()
            token = str(body["access_token"])
            lifetime = float(body.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError):
            raise _Refused("retry", "token endpoint: no access_token in its answer") from None
        # a minute's margin: a token about to expire is not used
        self._tokens[platform.id] = (token, time.monotonic() + max(0.0, lifetime - 60))
        return token


class _Refused(Exception):
    def __init__(self, outcome: str, detail: str) -> None:
        super().__init__(detail)
        self.outcome, self.detail = outcome, detail


class Rescore:
    """What a progress change also writes, in its transaction: the learner's score on each
    of their links, from the progress as it stands with the change (``queued`` says how
    many were queued, for the caller to wake the sender)."""

    def __init__(self, curriculum: Curriculum, learner_id: str) -> None:
        self.curriculum = curriculum
        self.learner_id = learner_id
        self.queued = 0

    def __call__(self, session: Session) -> None:
        links = stored.links_of(session, self.learner_id)
        if not links:
            return
        session.flush()
        known = mastered(session, self.learner_id)
        rows = scores_for(self.curriculum, self.learner_id, links, known)
        stored.queue(session, rows)
        self.queued = len(rows)


def wake(sender: AgsSender) -> None:
    """Start the sender if this process has not yet (it starts on the first score), and
    have it send now."""
    if not sender.running:
        sender.start()
    sender.notify()
