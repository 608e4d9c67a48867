"""The FastAPI application factory. The curriculum is loaded and validated once, at start-up."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware

from api.errors import install_error_handlers
from api.routes import concepts, disciplines, graph, meta, plans, textbooks
from api.settings import Settings, get_settings
from graph.curriculum import Curriculum
from graph.loader import load_curriculum

# Read-only curriculum routes: their answers change only when the curriculum does.
CACHEABLE_PREFIXES = ("/disciplines", "/concepts", "/textbooks", "/papers", "/graph", "/plans", "/next", "/version")


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
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match"],
        )

    @app.middleware("http")
    async def etag(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # Curriculum reads are pure functions of (curriculum version, URL): the ETag can be
        # computed before the work, and a matching If-None-Match skips the work entirely.
        if request.method != "GET" or not request.url.path.startswith(CACHEABLE_PREFIXES):
            return await call_next(request)
        key = f"{loaded.version}|{request.url.path}|{request.url.query}"
        tag = '"' + hashlib.sha256(key.encode()).hexdigest()[:20] + '"'
        headers = {"ETag": tag, "Cache-Control": "public, max-age=300"}
        if tag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        response = await call_next(request)
        if response.status_code == 200:
            response.headers.update(headers)
        return response

    for router in (meta.router, disciplines.router, concepts.router, textbooks.books_router,
                   textbooks.papers_router, graph.router, plans.router):
        app.include_router(router)
    return app


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("studypath")
    except PackageNotFoundError:
        return "0.0.0"
