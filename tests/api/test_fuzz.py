"""Property-based tests generated from the OpenAPI schema (schemathesis), every route,
learner routes with a valid token, a wrong token and none.

Bounded for the test suite; benchmarks/fuzz.py runs the same with many more examples and
prints the figures recorded in docs/reliability.md. The HTML pages under /embed are not
JSON and are covered by tests/api/test_embed*.py; the LTI browser steps (login, launch,
the deep-linking picker) by tests/api/test_lti*.py.
"""

from __future__ import annotations

import atexit
import json
import os
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')"
)

from api.main import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from graph import load_curriculum  # noqa: E402

MAX_EXAMPLES = int(os.environ.get("STUDYPATH_FUZZ_EXAMPLES", "12"))
BAD_TOKEN_EXAMPLES = max(4, MAX_EXAMPLES // 3)
REPORT = os.environ.get("STUDYPATH_FUZZ_REPORT")  # benchmarks/fuzz.py reads the tallies
TALLY: dict[str, dict[str, int]] = {}
_DB = Path(tempfile.mkdtemp(prefix="studypath-fuzz-")) / "fuzz.db"
APP = create_app(
    settings=Settings(database_url=f"sqlite:///{_DB}"), curriculum=load_curriculum(None)
)
with TestClient(APP) as _client:
    _made = _client.post(
        "/learners", json={"display_name": "fuzz", "goals": ["knowledge-distillation"]}
    ).json()
    OTHER = _client.post("/learners", json={"display_name": "other"}).json()
LEARNER, TOKEN = _made["id"], _made["token"]

schema = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(
    path_regex="^/(embed|lti/(login|launch|deep-link))"
)


def error_shape(response, case) -> None:  # type: ignore[no-untyped-def]
    """Every JSON error has the one shape {"error": {code, message, details}}."""
    if response.status_code >= 400 and response.headers.get("content-type", [""])[0].startswith(
        "application/json"
    ):
        body = response.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "details"}, body


CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


def tally(case, response) -> None:  # type: ignore[no-untyped-def]
    key = f"{case.operation.method.upper()} {case.operation.path}"
    counts = TALLY.setdefault(key, {})
    counts[str(response.status_code)] = counts.get(str(response.status_code), 0) + 1


if REPORT:
    atexit.register(lambda: Path(REPORT).write_text(json.dumps(TALLY, indent=1, sort_keys=True)))


CONCEPTS = sorted(APP.state.curriculum.concepts)


def prepare(case, token: str | None) -> None:  # type: ignore[no-untyped-def]
    params = case.path_parameters or {}
    if "concept_id" in params and hash(params["concept_id"]) % 2 == 0:
        params["concept_id"] = CONCEPTS[
            hash(params["concept_id"]) % len(CONCEPTS)
        ]  # half real ids, half noise
    if "learner_id" in params:
        params["learner_id"] = LEARNER
        if (
            token == TOKEN
            and case.operation.method.upper() == "DELETE"
            and case.operation.path == "/learners/{learner_id}"
        ):
            # deleting the shared learner would turn every later case into a 401: use a fresh one
            with TestClient(APP) as client:
                fresh = client.post("/learners", json={"display_name": "doomed"}).json()
            params["learner_id"], token = fresh["id"], fresh["token"]
    case.headers = dict(case.headers or {})
    case.headers.pop("Authorization", None)
    if token is not None:
        case.headers["Authorization"] = f"Bearer {token}"


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_with_the_learners_token(case):
    prepare(case, TOKEN)
    response = case.call()
    tally(case, response)
    case.validate_response(response, checks=CHECKS)
    error_shape(response, case)


def _refused(case, token: str | None, allowed: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    # 400 and 422 come before authentication when the request itself is malformed: they
    # reveal nothing about any learner. Anything else must be the auth refusal.
    prepare(case, token)
    response = case.call()
    tally(case, response)
    case.validate_response(response, checks=CHECKS)
    error_shape(response, case)
    if case.method.upper() != case.operation.method.upper():
        assert response.status_code == 405  # schemathesis also tries methods a route lacks
        return
    assert response.status_code in allowed, (
        case.method,
        case.path,
        response.status_code,
        response.text,
    )


LEARNER_ROUTES = schema.include(path_regex="^/learners/")


@LEARNER_ROUTES.parametrize()
@settings(max_examples=BAD_TOKEN_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_learner_routes_without_a_token_are_401(case):
    _refused(case, None, (400, 401, 422))


@LEARNER_ROUTES.parametrize()
@settings(max_examples=BAD_TOKEN_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_learner_routes_with_a_wrong_token_are_401(case):
    _refused(case, "sp_not-a-real-token", (400, 401, 422))


@LEARNER_ROUTES.parametrize()
@settings(max_examples=BAD_TOKEN_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_learner_routes_with_another_learners_token_are_404(case):
    _refused(case, OTHER["token"], (400, 404, 422))
