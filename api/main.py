"""The FastAPI application factory. The curriculum is loaded and validated once, at start-up."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError
from sqlmodel import select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.ags import AgsSender
from api.cache import CachedResponse, ResponseCache
from api.compute import Compute, PlanBounds
from api.db import Database
from api.docs_pages import install_docs
from api.errors import ERROR_RESPONSES, DatabaseUnavailable, install_error_handlers
from api.guards import LimitsMiddleware, SecurityHeadersMiddleware
from api.platform_keys import PlatformKeys
from api.routes import app as app_routes
from api.routes import (
    concepts,
    disciplines,
    embed,
    graph,
    learners,
    lti_deep_link,
    meta,
    plans,
    textbooks,
)
from api.routes import lti as lti_routes
from api.routes import questions as questions_routes
from api.settings import Settings, get_settings
from api.xapi_events import XapiEvents
from api.xapi_sender import XapiSender
from graph.curriculum import Curriculum
from graph.parse import resolve_data_dir
from graph.questions import QuestionBank, load_questions
from graph.storage import open_curriculum
from portal.lrs import LrsClient
from store.db import make_engine
from store.models import LtiLink

log = logging.getLogger("studypath")

# Read-only curriculum routes: their answers change only when the curriculum does.
CACHEABLE_PREFIXES = (
    "/disciplines",
    "/concepts",
    "/textbooks",
    "/papers",
    "/graph",
    "/plans",
    "/next",
    "/version",
)


def create_app(
    settings: Settings | None = None,
    curriculum: Curriculum | None = None,
    questions: QuestionBank | None = None,
) -> FastAPI:
    """Build the app; loading a broken curriculum raises DataValidationError (no start).

    The questions come from the curriculum folder's questions.yaml; a curriculum given as
    an object has the questions given with it (none by default)."""
    settings = settings or get_settings()
    loaded = (
        curriculum
        if curriculum is not None
        else open_curriculum(settings.data_dir, cache=settings.cache)
    )
    if questions is None:
        questions = (
            load_questions(
                resolve_data_dir(settings.data_dir), loaded.concepts, check_functions=False
            )
            if curriculum is None
            else QuestionBank()
        )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sender = app.state.xapi.sender
        if sender is not None:
            sender.start()
        if await _has_lti_links(app.state.database):
            app.state.ags.start()
        try:
            yield
        finally:
            if sender is not None:
                await sender.stop()
            await app.state.ags.stop()

    app = FastAPI(
        title="studypath",
        summary="Prerequisite graph and study planner for the foundations of large language models",
        version=_app_version(),
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
        docs_url=None,  # served offline by api.docs_pages
        redoc_url=None,
    )
    app.state.curriculum = loaded
    app.state.questions = questions
    app.state.settings = settings
    app.state.response_cache = ResponseCache(settings.response_cache_bytes)
    engine = make_engine(settings.database_url, timeout=settings.db_timeout_seconds)
    read_engine = (
        make_engine(settings.database_url, read_only=True, timeout=settings.db_timeout_seconds)
        if engine.dialect.name == "sqlite"
        else engine
    )
    app.state.engine = engine
    app.state.database = Database(
        engine,
        read_engine,
        timeout=settings.db_timeout_seconds,
        max_threads=settings.db_threads,
    )
    app.state.compute = Compute(settings.cpu_workers, bounds=PlanBounds(loaded))
    app.state.platform_keys = PlatformKeys()
    # LTI scores: started with the app when links exist, else on the first score queued
    app.state.ags = AgsSender(app.state.database, poll_seconds=settings.xapi_poll_seconds)
    app.state.xapi = XapiEvents(settings.public_url, _xapi_sender(settings, app.state.database))
    try:
        app.state.database.ensure_schema()  # an empty database is created and migrated at start
    except DBAPIError as err:  # the database is down: curriculum routes still serve
        log.warning(
            "database not ready at start (%s); learner routes will retry", err.__class__.__name__
        )
    install_error_handlers(app)
    app.add_middleware(CachingMiddleware, version=loaded.version, cache=app.state.response_cache)
    if settings.cors_origins:
        # Outside the cache: CORS headers are computed for each caller's Origin, never
        # replayed from the first caller's answer (starlette adds Vary: Origin).
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match"],
        )
    app.add_middleware(
        LimitsMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_query_bytes=settings.max_query_bytes,
        body_timeout=settings.request_timeout_seconds,
    )
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: also on cached and 304 answers

    for router in (
        meta.router,
        app_routes.router,
        disciplines.router,
        concepts.router,
        textbooks.books_router,
        textbooks.papers_router,
        graph.router,
        plans.router,
        learners.router,
        questions_routes.router,
        embed.router,
        lti_routes.router,
        lti_deep_link.router,
    ):
        app.include_router(router)
    install_docs(app)
    static = Path(__file__).resolve().parent / "static"
    app.mount("/embed/static", StaticFiles(directory=static), name="embed-static")
    return app


class CachingMiddleware:
    """ETag, Cache-Control and an in-process response cache for curriculum and plan reads.

    Those answers are pure functions of (curriculum version, URL): the ETag is known before
    any work, a matching If-None-Match is answered 304, and a 200 answer's bytes are kept
    (ResponseCache, bounded by bytes) and replayed for the same URL without running the
    route. Errors are never cached.
    """

    def __init__(self, app: ASGIApp, *, version: str, cache: ResponseCache) -> None:
        self.app = app
        self.version = version
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(CACHEABLE_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        key = f"{self.version}|{scope['path']}|{scope.get('query_string', b'').decode('latin-1')}"
        tag = ('"' + hashlib.sha256(key.encode()).hexdigest()[:20] + '"').encode()
        extra = [(b"etag", tag), (b"cache-control", b"public, max-age=300")]
        for name, value in scope["headers"]:
            if name == b"if-none-match" and tag in value:
                await send({"type": "http.response.start", "status": 304, "headers": extra})
                await send({"type": "http.response.body", "body": b""})
                return
        hit = self.cache.get(key)
        if hit is not None:
            await send(
                {"type": "http.response.start", "status": hit.status, "headers": list(hit.headers)}
            )
            await send({"type": "http.response.body", "body": hit.body})
            return
        started: dict[str, object] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    message = dict(message, headers=[*message.get("headers", []), *extra])
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and started.get("status") == 200:
                    headers = tuple(started.get("headers", []))  # type: ignore[arg-type]
                    self.cache.put(key, CachedResponse(200, headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)


async def _has_lti_links(db: Database) -> bool:
    try:
        return await db.read(lambda s: s.exec(select(LtiLink.id).limit(1)).first() is not None)
    except (DBAPIError, DatabaseUnavailable):
        return False  # the database is down: the first score queued starts the sender


def _xapi_sender(settings: Settings, db: Database) -> XapiSender | None:
    """The outbox's sender when an LRS is configured (started with the app)."""
    if not settings.xapi_endpoint:
        return None
    endpoint = settings.xapi_endpoint
    password = settings.xapi_password.get_secret_value() if settings.xapi_password else None

    def client() -> LrsClient:
        return LrsClient(
            endpoint, settings.xapi_username, password, timeout=settings.xapi_timeout_seconds
        )

    return XapiSender(db, client, poll_seconds=settings.xapi_poll_seconds)


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("studypath")
    except PackageNotFoundError:
        return "0.0.0"
