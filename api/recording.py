"""Recording a passed exercise check as verified progress, through the service's API.

`studypath check` runs on the learner's machine; the mark goes to whatever studypath
service the learner uses (STUDYPATH_API), with their token, as
PUT /learners/{id}/progress/{concept_id} {status: verified, evidence}. Only the standard
library: the CLI must not need the test extras to talk HTTP.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class RecordingRefused(Exception):
    """The service did not record the mark (bad token, unknown learner, unreachable)."""


def evidence(path: Path, *, curriculum_version: str, passed: int, total: int) -> dict[str, Any]:
    return {
        "curriculum_version": curriculum_version,
        "checks_passed": passed,
        "checks_total": total,
        "file_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "checked_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def record_verified(
    api: str, learner_id: str, token: str, concept_id: str, proof: dict[str, Any]
) -> dict[str, Any]:
    """PUT the verified mark; the stored progress row, or RecordingRefused saying why."""
    if not api.startswith(("http://", "https://")):
        raise RecordingRefused(f"--api must be an http(s) URL, not '{api}'")
    url = (
        api.rstrip("/")
        + f"/learners/{urllib.parse.quote(learner_id, safe='')}"
        + f"/progress/{urllib.parse.quote(concept_id, safe='')}"
    )
    body = json.dumps({"status": "verified", "evidence": proof}).encode()
    req = urllib.request.Request(
        url,
        data=body,
        method="PUT",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:  # noqa: S310 (http(s) checked)
            return json.loads(answer.read())  # type: ignore[no-any-return]
    except urllib.error.HTTPError as err:
        try:
            message = json.loads(err.read())["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = err.reason
        raise RecordingRefused(f"the service answered {err.code}: {message}") from None
    except (urllib.error.URLError, OSError) as err:
        raise RecordingRefused(f"cannot reach {api}: {getattr(err, 'reason', err)}") from None
