"""The FastAPI application factory. The curriculum is loaded and validated once, at start-up."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.cache import ResponseCache
from api.errors import install_error_handlers
from api.routes import concepts, disciplines, graph, meta, plans, textbooks
from api.settings import Settings, get_settings
from graph.curriculum import Curriculum
from graph.loader import load_curriculum

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


def create_app(settings: Settings | None = None, curriculum: Curriculum | None = None) -> FastAPI:
    """Build the app; loading a broken curriculum raises DataValidationError (no start)."""
    settings = settings or get_settings()
    loaded = curriculum if curriculum is not None else load_curriculum(settings.data_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield

    app = FastAPI(
        title="studypath",
        summary="Prerequisite graph and study planner for the foundations of large language models",
        version=_app_version(),
        lifespan=lifespan,
    )
    app.state.curriculum = loaded
    app.state.settings = settings
    app.state.plan_cache = ResponseCache(settings.plan_cache_entries)
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match"],
        )

    app.add_middleware(ETagMiddleware, version=loaded.version)

    for router in (
        meta.router,
        disciplines.router,
        concepts.router,
        textbooks.books_router,
        textbooks.papers_router,
        graph.router,
        plans.router,
    ):
        app.include_router(router)
    return app


class ETagMiddleware:
    """ETag and Cache-Control for curriculum and plan reads (a plain ASGI middleware).

    Those answers are pure functions of (curriculum version, URL), so the tag is known
    before any work, and a matching If-None-Match is answered 304 without doing it.
    """

    def __init__(self, app: ASGIApp, *, version: str) -> None:
        self.app = app
        self.version = version

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

        async def send_with_tag(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message = dict(message, headers=[*message.get("headers", []), *extra])
            await send(message)

        await self.app(scope, receive, send_with_tag)


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("studypath")
    except PackageNotFoundError:
        return "0.0.0"
