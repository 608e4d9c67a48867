"""Dependencies: the curriculum loaded at start-up, as an Annotated alias tests can override."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from api.errors import ApiError, NotFound, log
from graph.curriculum import Curriculum
from graph.errors import UnknownIdError
from graph.schema import Concept
from store.learners import learner_for_token
from store.migrate import upgrade
from store.models import Learner


def get_curriculum(request: Request) -> Curriculum:
    return request.app.state.curriculum  # type: ignore[no-any-return]


CurriculumDep = Annotated[Curriculum, Depends(get_curriculum)]


def concept_or_404(curriculum: Curriculum, concept_id: str) -> Concept:
    """A concept named in the path: unknown is 404 with suggestions."""
    try:
        return curriculum.concept(concept_id)
    except UnknownIdError as err:
        raise NotFound(err) from None


def require_in_path(curriculum: Curriculum, table: str, item_id: str) -> None:
    try:
        curriculum.require_known([item_id], kind=table)
    except UnknownIdError as err:
        raise NotFound(err) from None


def _closing(session: Session) -> Iterator[Session]:
    try:
        yield session
    finally:
        try:
            session.close()
        except DBAPIError as err:
            # The answer has gone out; a database that vanished meanwhile cannot be
            # rolled back on. The pool discards the connection.
            log.warning("closing a session failed: %s", err.__class__.__name__)


def get_session(request: Request) -> Iterator[Session]:
    """One database session per request; the schema is brought up to date on first use."""
    app = request.app
    ensure_schema(app)
    if request.method in ("GET", "HEAD"):
        # Reads: on SQLite a deferred transaction, so readers never queue behind writers.
        yield from _closing(Session(app.state.read_engine))
        return
    # Writes take SQLite's write lock when they begin (BEGIN IMMEDIATE). Writers of this
    # process queue on a lock first, not in SQLite's busy handler, whose sleeps grow to
    # 100 ms; other processes still meet the busy handler (30 s timeout).
    with app.state.write_lock:
        yield from _closing(Session(app.state.engine))


SessionDep = Annotated[Session, Depends(get_session)]


def ensure_schema(app: FastAPI) -> None:
    """Migrate once per process; retried on the next request if the database was down."""
    if app.state.schema_ready:
        return
    with app.state.schema_lock:
        if not app.state.schema_ready:
            upgrade(app.state.engine)
            app.state.schema_ready = True


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "unauthorized",
            "this route needs 'Authorization: Bearer <token>' of the learner",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return token.strip()


def authorized_learner(learner_id: str, request: Request, session: SessionDep) -> Learner:
    """The learner named in the path, if the bearer token is theirs.

    A missing or unknown token is 401. A valid token of another learner is 404, the same
    answer as for a learner that does not exist, so ids cannot be probed.
    """
    token = bearer_token(request)
    learner = learner_for_token(session, token)
    if learner is None:
        raise ApiError(
            401,
            "unauthorized",
            "the bearer token is not valid",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if learner.id != learner_id:
        raise ApiError(404, "not_found", f"no learner '{learner_id}'")
    return learner


LearnerDep = Annotated[Learner, Depends(authorized_learner)]
