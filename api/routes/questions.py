"""Questions and placement (DESIGN.md section 10). Answers are graded here, never sent."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from api.db import Database
from api.deps import (
    ComputeDep,
    CurriculumDep,
    DatabaseDep,
    QuestionsDep,
    XapiDep,
    bearer_token,
    concept_or_404,
)
from api.errors import Busy, Conflict, Forbidden, InvalidRequest, NoSuchItem, NotFound, Unauthorized
from api.responses import AnswerResult, PlacementStep, QuestionList, QuestionView
from graph.curriculum import Curriculum
from graph.errors import UnknownIdError
from graph.questions import QuestionBank
from graph.schema import DEFAULT_TOLERANCE, Question
from planner import placement
from planner.models import PlanRequest
from planner.plan import goals_by_id
from store import learners as repo
from store import placements as stored
from store.embed_tokens import is_embed_token
from store.learners import learner_for_token
from store.models import Learner

router = APIRouter(tags=["questions"])
Lang = Literal["en", "zh"]


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: float | int = Field(description="choice: the 0-based index; numeric: the number")


class PlacementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    goals: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=50, description="concept ids or exact names (en or zh)"
    )
    language: Lang = "en"


class PlacementAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question_id: str = Field(min_length=1, max_length=120)
    answer: float | int


def question_view(q: Question, language: str) -> QuestionView:
    return QuestionView(
        id=q.id,
        concept_id=q.concept,
        kind=q.kind,
        prompt=q.prompt.get(language),
        choices=[c.get(language) for c in q.choices] if q.choices is not None else None,
    )


def _question(bank: QuestionBank, question_id: str) -> Question:
    try:
        return bank.question(question_id)
    except UnknownIdError as err:
        raise NotFound(err) from None


def _graded(q: Question, answer: float | int) -> bool:
    problem = q.answer_problem(answer)
    if problem is not None:
        raise InvalidRequest(f"question '{q.id}': {problem}", {"field": "answer"})
    return q.grade(int(answer) if q.kind == "choice" else answer)


@router.get("/concepts/{concept_id}/questions", response_model=QuestionList)
async def concept_questions(
    concept_id: str, curriculum: CurriculumDep, bank: QuestionsDep, lang: Lang = "en"
) -> dict[str, Any]:
    """The concept's questions in one language, without answers."""
    concept_or_404(curriculum, concept_id)
    rows = [question_view(q, lang) for q in bank.for_concept(concept_id)]
    return {"data": rows, "count": len(rows)}


@router.post("/questions/{question_id}/answer", response_model=AnswerResult)
async def answer_question(
    question_id: str,
    data: AnswerIn,
    request: Request,
    bank: QuestionsDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    xapi: XapiDep,
    lang: Lang = "en",
) -> dict[str, Any]:
    """Grade an answer. With a learner's bearer token the answer is also stored with their
    progress (an invalid token is 401, so an answer is never silently not recorded)."""
    q = _question(bank, question_id)
    correct = _graded(q, data.answer)
    learner = await _optional_learner(request, db, "record answers")
    if learner is not None:
        statement = xapi.answer(
            curriculum, learner.id, learner.language, q, float(data.answer), correct
        )
        await db.write(
            lambda s: repo.record_answer(
                s, learner.id, q.id, q.concept, float(data.answer), correct, statement
            )
        )
        if statement is not None:
            xapi.queued()
    return {
        "correct": correct,
        "expected": q.answer,
        "tolerance": (q.tolerance if q.tolerance is not None else DEFAULT_TOLERANCE)
        if q.kind == "numeric"
        else None,
        "explanation": q.explanation.get(lang),
    }


async def _optional_learner(request: Request, db: Database, what: str) -> Learner | None:
    """The learner whose own bearer token came with the request, None without a token; a
    malformed or unknown token is 401 (so nothing is silently not recorded), an embed
    token 403."""
    if request.headers.get("authorization") is None:
        return None
    token = bearer_token(request)
    if is_embed_token(token):
        raise Forbidden(f"an embed token cannot {what}; use the learner's own token")
    learner = await db.read(lambda s: learner_for_token(s, token))
    if learner is None:
        raise Unauthorized("the bearer token is not valid")
    return learner


def _step(row_id: str, state: dict[str, Any], bank: QuestionBank, language: str) -> dict[str, Any]:
    current = state.get("current")
    if current is None:
        return {
            "id": row_id,
            "asked": state["asked"],
            "done": True,
            "known": placement.known(state),
        }
    return {
        "id": row_id,
        "asked": state["asked"],
        "done": False,
        "question": question_view(bank.question(current), language),
    }


def _start(curriculum: Curriculum, bank: QuestionBank, goals: list[str]) -> dict[str, Any]:
    request, _ = goals_by_id(curriculum, PlanRequest(goals=goals))
    curriculum.require_known(request.goals, kind="concept")
    return placement.new_state(curriculum, bank, request.goals)


@router.post(
    "/placements", status_code=201, response_model=PlacementStep, response_model_exclude_unset=True
)
async def create_placement(
    data: PlacementCreate,
    request: Request,
    curriculum: CurriculumDep,
    bank: QuestionsDep,
    compute: ComputeDep,
    db: DatabaseDep,
) -> dict[str, Any]:
    """Start a placement for goals: at most 30 questions over the goals' default-depth plan;
    the known set it ends with is what /plans takes as ``known``. With the learner's own
    bearer token the placement is theirs (its answers become xAPI statements)."""
    if not bank.questions:
        raise InvalidRequest("this curriculum has no questions (questions.yaml)")
    learner = await _optional_learner(request, db, "start a placement")
    state = await compute(_start, curriculum, bank, data.goals)
    limit = request.app.state.settings.max_placements
    row = await db.write(
        lambda s: stored.create_placement(
            s, data.language, state, limit=limit, learner_id=learner.id if learner else None
        )
    )
    if row is None:
        raise Busy(f"{limit} placements are in progress, the most this service keeps; try later")
    return _step(row.id, state, bank, data.language)


@router.post(
    "/placements/{placement_id}/answers",
    response_model=PlacementStep,
    response_model_exclude_unset=True,
)
async def answer_placement(
    placement_id: Annotated[str, Path(max_length=32)],
    data: PlacementAnswer,
    curriculum: CurriculumDep,
    bank: QuestionsDep,
    compute: ComputeDep,
    db: DatabaseDep,
    xapi: XapiDep,
) -> dict[str, Any]:
    """Answer the current question; the answer is the next question or the result. An
    answer to a question that is not the current one is 409."""
    row = await db.read(lambda s: stored.get_placement(s, placement_id))
    if row is None:
        raise NoSuchItem(f"no placement '{placement_id}' (placements expire after 24 hours)")
    state = row.state
    if state.get("current") is None:
        raise Conflict(f"placement '{placement_id}' is finished; its known set is final")
    if data.question_id != state["current"]:
        raise Conflict(
            f"question '{data.question_id}' is not the current question of this placement "
            f"(it is '{state['current']}')"
        )
    q = _question(bank, data.question_id)
    correct = _graded(q, data.answer)
    new = await compute(placement.answer, state, curriculum, bank, q.id, correct)
    statements = (
        xapi.placement(curriculum, row, q, float(data.answer), correct, new)
        if row.learner_id
        else []
    )
    if not await db.write(
        lambda s: stored.advance_placement(s, placement_id, q.id, new, statements)
    ):
        raise Conflict(f"question '{q.id}' was answered by another request at the same time")
    if any(statements):
        xapi.queued()
    return _step(placement_id, new, bank, row.language)
