"""LTI Assignment and Grade Services 2.0: the line item of a launch, the score of a
learner on it, and the client-credentials assertion the tool signs for an access token.
Pure functions; no web code."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from portal.lti import DEPLOYMENT_ID, sign

ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
SCORE_MAXIMUM = 100.0


def lineitem_of(claims: Mapping[str, Any]) -> str | None:
    """The launch's line item when the tool may post scores to it; else None."""
    endpoint = claims.get(ENDPOINT)
    if not isinstance(endpoint, dict):
        return None
    scopes = endpoint.get("scope")
    url = endpoint.get("lineitem")
    if not isinstance(scopes, list) or SCORE_SCOPE not in scopes:
        return None
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None
    return url


def scores_url(lineitem_url: str) -> str:
    """``/scores`` in the line item's path, before any query (Moodle's end in ?type_id=)."""
    path, question, query = lineitem_url.partition("?")
    return path.rstrip("/") + "/scores" + (question + query if question else "")


def score_body(sub: str, mastered: int, total: int, now: datetime | None = None) -> dict[str, Any]:
    """The score of a link: the share of its plan's concepts mastered or verified."""
    given = round(SCORE_MAXIMUM * mastered / total, 2) if total else 0.0
    progress = (
        "Completed"
        if total and mastered == total
        else ("InProgress" if mastered else "Initialized")
    )
    moment = (now or datetime.now(UTC)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {
        "userId": sub,
        "scoreGiven": given,
        "scoreMaximum": SCORE_MAXIMUM,
        "activityProgress": progress,
        "gradingProgress": "FullyGraded",
        "timestamp": moment,
        "comment": f"{mastered} of {total} concepts of the plan mastered or verified",
    }


def client_assertion(
    *,
    client_id: str,
    token_url: str,
    deployment_id: str,
    private_key: Mapping[str, Any],
    now: float | None = None,
) -> str:
    """The JWT with which the tool asks the platform for an access token (Security
    Framework 4.1.1; LTI Core 6.2): from and about its client id, to the token endpoint."""
    moment = int(now if now is not None else time.time())
    return sign(
        {
            "iss": client_id,
            "sub": client_id,
            "aud": token_url,
            "iat": moment,
            "exp": moment + 300,
            "jti": secrets.token_urlsafe(16),
            DEPLOYMENT_ID: deployment_id,
        },
        private_key,
    )
