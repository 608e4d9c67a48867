"""One error shape for every failure: {"error": {"code", "message", "details"}}.

Domain errors are mapped to HTTP here, in one place: an unknown id named in the path is
404 (routes raise NotFound), an unknown id in a query or body is 422, invalid parameters
are 422 naming the parameter. Anything unexpected is logged and answered 500 in the same
shape, never with a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.html import error_page
from graph.errors import DataValidationError, UnknownIdError
from planner.errors import PlanInputError
from store.db import NulInText

log = logging.getLogger("studypath")


class ApiError(Exception):
    """An error with its HTTP status, machine code, details and headers.

    Each kind of error is a subclass that owns its status and code (as class attributes);
    one handler below answers them all in the one error shape.
    """

    status = 500
    code = "internal_error"
    headers: dict[str, str] | None = None

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"
    headers = {"WWW-Authenticate": "Bearer"}


class Forbidden(ApiError):
    """A valid token whose scope does not cover the route (an embed token on a write)."""

    status, code = 403, "forbidden"


class NoSuchItem(ApiError):
    """A learner's item (a learner, a saved plan) that does not exist or is not theirs."""

    status, code = 404, "not_found"


class NoImplementation(ApiError):
    status, code = 404, "no_implementation"


class NoExercise(ApiError):
    status, code = 404, "no_exercise"


class Busy(ApiError):
    """A bounded store is full for now (placements in progress)."""

    status, code = 503, "busy"
    headers = {"Retry-After": "60"}


class Conflict(ApiError):
    """The request does not fit the resource's current state (a finished placement)."""

    status, code = 409, "conflict"


class InvalidRequest(ApiError):
    status, code = 422, "invalid_request"


class TooMany(ApiError):
    """A list parameter over its limit."""

    status, code = 422, "too_many"


class GraphTooLarge(ApiError):
    status, code = 422, "graph_too_large"


class NoGoals(ApiError):
    status, code = 422, "no_goals"


class DatabaseUnavailable(ApiError):
    """The learner database did not answer in time; curriculum routes keep serving."""

    status, code = 503, "database_unavailable"
    headers = {"Retry-After": "5"}

    def __init__(self, message: str) -> None:
        super().__init__(message + "; try again shortly")


class NotFound(ApiError):
    """An unknown id named in the path, with close matches."""

    status, code = 404, "not_found"

    def __init__(self, err: UnknownIdError):
        super().__init__(
            str(err), {"kind": err.kind, "ids": err.ids, "suggestions": err.suggestions}
        )


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _json(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status)


def _respond(
    request: Request, status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> Response:
    """JSON errors everywhere, except the pages a browser shows (the embed pages and the
    LTI pages), which get a readable HTML page."""
    path = request.url.path
    if (path.startswith("/embed/") and not path.startswith("/embed/static")) or (
        path.startswith("/lti/") and path != "/lti/jwks"
    ):
        lang = request.query_params.get("lang", "en")
        suggestions = [s for v in (details or {}).get("suggestions", {}).values() for s in v]
        return error_page(request, status, message, lang, suggestions)
    return _json(status, code, message, details)


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "body", "header"):
        source, rest = parts[0], parts[1:]
        return (
            f"{source} parameter '{'.'.join(rest)}'"
            if source != "body"
            else f"body field '{'.'.join(rest) or '(whole body)'}'"
        )
    return ".".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        response = _respond(request, exc.status, exc.code, exc.message, exc.details)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(IntegrityError)
    async def _conflict(request: Request, exc: IntegrityError) -> Response:
        # A constraint refused the write (validation should have caught it first): the
        # request conflicts with stored data; nothing was written (the transaction rolled back).
        log.warning("integrity error on %s %s: %s", request.method, request.url.path, exc.orig)
        return _respond(
            request, 409, "conflict", "the request conflicts with stored data; nothing was changed"
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _database_down(request: Request, exc: DBAPIError) -> Response:
        # The database is unreachable; curriculum routes do not touch it and keep working.
        # The pool reconnects by itself (pool_pre_ping) once it is back.
        log.warning(
            "database unavailable on %s %s: %s",
            request.method,
            request.url.path,
            exc.__class__.__name__,
        )
        response = _respond(
            request,
            503,
            "database_unavailable",
            "the learner database is unavailable; try again shortly",
        )
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(PlanInputError)
    async def _plan_input(request: Request, exc: PlanInputError) -> Response:
        return _respond(
            request,
            422,
            "invalid_request",
            str(exc),
            {"problems": [{"where": f"parameter '{exc.parameter}'", "message": exc.message}]},
        )

    @app.exception_handler(NulInText)
    async def _nul(request: Request, exc: NulInText) -> Response:
        return _respond(request, 422, "invalid_text", str(exc))

    @app.exception_handler(UnknownIdError)
    async def _unknown(request: Request, exc: UnknownIdError) -> Response:
        return _respond(
            request,
            422,
            "unknown_id",
            str(exc),
            {"kind": exc.kind, "ids": exc.ids, "suggestions": exc.suggestions},
        )

    @app.exception_handler(DataValidationError)
    async def _invalid_data(_: Request, exc: DataValidationError) -> JSONResponse:
        return _json(
            422, "invalid_curriculum", str(exc), {"problems": [p.to_dict() for p in exc.problems]}
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            problems.append(
                {
                    "where": _where(tuple(e.get("loc", ()))),
                    "message": e.get("msg", ""),
                    "type": e.get("type"),
                }
            )
        message = "; ".join(f"{p['where']}: {p['message']}" for p in problems[:5])
        return _respond(
            request, 422, "invalid_request", message or "invalid request", {"problems": problems}
        )

    @app.exception_handler(ValidationError)
    async def _model_validation(request: Request, exc: ValidationError) -> Response:
        # a model built inside a route from query parameters (e.g. GET /plans)
        problems = [
            {
                # a check across fields (e.g. depth with include_recommended) has no location
                "where": "parameter '" + ".".join(str(p) for p in e["loc"]) + "'"
                if e.get("loc")
                else "parameters",
                "message": e.get("msg", ""),
                "type": e.get("type"),
            }
            for e in exc.errors()
        ]
        message = "; ".join(f"{p['where']}: {p['message']}" for p in problems[:5])
        return _respond(request, 422, "invalid_request", message, {"problems": problems})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {
            400: "bad_request",
            404: "not_found",
            405: "method_not_allowed",
            401: "unauthorized",
            403: "forbidden",
            413: "too_large",
        }.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        response = _respond(request, exc.status_code, code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _json(500, "internal_error", "an unexpected error occurred; it has been logged")


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: dict[str, Any]


class ErrorResponse(BaseModel):
    """The one error shape of every route."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (400, "Malformed request body (not JSON, not UTF-8)"),
        (401, "Missing or invalid bearer token"),
        (403, "The token's scope does not cover this route (an embed token)"),
        (404, "Unknown id in the path"),
        (413, "Request body over the limit"),
        (409, "The write conflicts with stored data"),
        (422, "Invalid parameters or unknown ids in the query or body"),
        (503, "The learner database is unavailable"),
    )
}
