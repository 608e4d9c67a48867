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


def call_service(
    api: str, method: str, path: str, *, token: str | None = None, body: Any = None
) -> Any:
    """One JSON request to the studypath service; its answer, or RecordingRefused saying why."""
    if not api.startswith(("http://", "https://")):
        raise RecordingRefused(f"--api must be an http(s) URL, not '{api}'")
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(api.rstrip("/") + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:  # noqa: S310 (http(s) checked)
            raw = answer.read()
            return json.loads(raw) if raw else None
    except urllib.error.HTTPError as err:
        try:
            message = json.loads(err.read())["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = err.reason
        raise RecordingRefused(f"the service answered {err.code}: {message}") from None
    except (urllib.error.URLError, OSError) as err:
        raise RecordingRefused(f"cannot reach {api}: {getattr(err, 'reason', err)}") from None


def quoted(*parts: str) -> str:
    return "".join("/" + urllib.parse.quote(p, safe="") for p in parts)


def record_verified(
    api: str, learner_id: str, token: str, concept_id: str, proof: dict[str, Any]
) -> dict[str, Any]:
    """PUT the verified mark; the stored progress row, or RecordingRefused saying why."""
    path = quoted("learners", learner_id, "progress", concept_id)
    answer: dict[str, Any] = call_service(
        api, "PUT", path, token=token, body={"status": "verified", "evidence": proof}
    )
    return answer


def record_failed_check(
    api: str, learner_id: str, token: str, concept_id: str, proof: dict[str, Any]
) -> dict[str, Any]:
    """POST a run whose checks did not all pass (it becomes an xAPI statement when the
    service sends to an LRS); the answer, or RecordingRefused saying why."""
    path = quoted("learners", learner_id, "checks", concept_id)
    answer: dict[str, Any] = call_service(api, "POST", path, token=token, body=proof)
    return answer
