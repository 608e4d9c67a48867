"""Dependencies: the curriculum loaded at start-up, the database door and the CPU limiter,
as Annotated aliases tests can override."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.ags import AgsSender
from api.compute import Compute
from api.db import Database
from api.errors import Forbidden, NoSuchItem, NotFound, Unauthorized
from api.xapi_events import XapiEvents
from graph.curriculum import Curriculum
from graph.errors import UnknownIdError
from graph.questions import QuestionBank
from graph.schema import Concept
from store.embed_tokens import is_embed_token, learner_for_embed_token
from store.learners import learner_for_token
from store.models import Learner


# Dependencies are coroutines: FastAPI runs a plain function dependency on a worker
# thread, a hop that costs more than the answer of a small route.
async def get_curriculum(request: Request) -> Curriculum:
    return request.app.state.curriculum  # type: ignore[no-any-return]


async def get_database(request: Request) -> Database:
    return request.app.state.database  # type: ignore[no-any-return]


async def get_compute(request: Request) -> Compute:
    return request.app.state.compute  # type: ignore[no-any-return]


async def get_questions(request: Request) -> QuestionBank:
    return request.app.state.questions  # type: ignore[no-any-return]


async def get_xapi(request: Request) -> XapiEvents:
    return request.app.state.xapi  # type: ignore[no-any-return]


async def get_ags(request: Request) -> AgsSender:
    return request.app.state.ags  # type: ignore[no-any-return]


CurriculumDep = Annotated[Curriculum, Depends(get_curriculum)]
QuestionsDep = Annotated[QuestionBank, Depends(get_questions)]
DatabaseDep = Annotated[Database, Depends(get_database)]
ComputeDep = Annotated[Compute, Depends(get_compute)]
XapiDep = Annotated[XapiEvents, Depends(get_xapi)]
AgsDep = Annotated[AgsSender, Depends(get_ags)]


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


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("this route needs 'Authorization: Bearer <token>' of the learner")
    return token.strip()


async def _token_holder(learner_id: str, request: Request, db: Database) -> tuple[Learner, bool]:
    """The learner named in the path if the bearer token is theirs, and whether the token
    is an embed token (read and progress only).

    A missing, unknown or expired token is 401. A valid token of another learner is 404,
    the same answer as for a learner that does not exist, so ids cannot be probed.
    """
    token = bearer_token(request)
    embed = is_embed_token(token)
    if embed:
        found = await db.read(lambda session: learner_for_embed_token(session, token))
        learner = found[0] if found else None
    else:
        learner = await db.read(lambda session: learner_for_token(session, token))
    if learner is None:
        raise Unauthorized(
            "the embed token is not valid or has expired"
            if embed
            else "the bearer token is not valid"
        )
    if learner.id != learner_id:
        raise NoSuchItem(f"no learner '{learner_id}'")
    return learner, embed


async def authorized_learner(learner_id: str, request: Request, db: DatabaseDep) -> Learner:
    """The learner named in the path, with the learner's own token (any route)."""
    learner, embed = await _token_holder(learner_id, request, db)
    if embed:
        raise Forbidden(
            "an embed token may only read this learner and mark progress; "
            "this route needs the learner's own token"
        )
    return learner


async def reading_learner(learner_id: str, request: Request, db: DatabaseDep) -> Learner:
    """The learner named in the path, with their own token or an embed token: for the
    read routes and for marking progress (DESIGN.md section 11)."""
    learner, _ = await _token_holder(learner_id, request, db)
    return learner


LearnerDep = Annotated[Learner, Depends(authorized_learner)]
# also an embed token: GET routes of the learner and PUT/DELETE of their progress
ReadingLearnerDep = Annotated[Learner, Depends(reading_learner)]
