"""Dependencies: the curriculum loaded at start-up, the database door and the CPU limiter,
as Annotated aliases tests can override."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.compute import Compute
from api.db import Database
from api.errors import NoSuchItem, NotFound, Unauthorized
from graph.curriculum import Curriculum
from graph.errors import UnknownIdError
from graph.questions import QuestionBank
from graph.schema import Concept
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


CurriculumDep = Annotated[Curriculum, Depends(get_curriculum)]
QuestionsDep = Annotated[QuestionBank, Depends(get_questions)]
DatabaseDep = Annotated[Database, Depends(get_database)]
ComputeDep = Annotated[Compute, Depends(get_compute)]


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


async def authorized_learner(learner_id: str, request: Request, db: DatabaseDep) -> Learner:
    """The learner named in the path, if the bearer token is theirs.

    A missing or unknown token is 401. A valid token of another learner is 404, the same
    answer as for a learner that does not exist, so ids cannot be probed.
    """
    token = bearer_token(request)
    learner = await db.read(lambda session: learner_for_token(session, token))
    if learner is None:
        raise Unauthorized("the bearer token is not valid")
    if learner.id != learner_id:
        raise NoSuchItem(f"no learner '{learner_id}'")
    return learner


LearnerDep = Annotated[Learner, Depends(authorized_learner)]
