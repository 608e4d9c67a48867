"""Learners, their progress and saved plans. Every route but POST /learners needs the
learner's bearer token; the GET routes and marking progress also take an embed token."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.ags import Rescore, wake
from api.deps import (
    AgsDep,
    ComputeDep,
    CurriculumDep,
    DatabaseDep,
    LearnerDep,
    ReadingLearnerDep,
    XapiDep,
)
from api.errors import Conflict, InvalidRequest, NoGoals, NoSuchItem
from api.responses import (
    CheckRecorded,
    EmbedTokenIssued,
    EmbedTokensRevoked,
    LearnerExport,
    NextList,
    ProgressList,
    ReviewCardView,
    ReviewList,
    ReviewResult,
    SavedPlanList,
    SavedPlanView,
)
from api.routes.plans import PLAN_FORMATS, DepthQuery, Format, plan_response
from graph.curriculum import Curriculum
from graph.queries import prerequisite_closure
from planner.diff import diff_plan_steps
from planner.export import reviews_ics
from planner.fringe import next_concepts
from planner.models import Depth, PlanRequest
from planner.plan import build_plan
from store import embed_tokens, outbox, reviews
from store import learners as repo
from store.models import (
    Learner,
    LearnerCreate,
    LearnerCreated,
    LearnerPublic,
    LearnerUpdate,
    ProgressPublic,
    ProgressUpdate,
    ReviewCard,
    SavedPlan,
)

router = APIRouter(prefix="/learners", tags=["learners"])


def check_learner_ids(
    curriculum: Curriculum, goals: list[str] | None, owned_books: list[str] | None
) -> None:
    if goals:
        curriculum.require_known(goals, kind="concept")
    if owned_books:
        curriculum.require_known(owned_books, kind="book")


def stored_ids(
    curriculum: Curriculum, learner: Learner, mastered: list[str]
) -> tuple[dict[str, list[str]], list[str]]:
    """The learner's goals, mastered concepts and books that the curriculum still has, and
    a note for each stored id it no longer has (a newer curriculum may drop concepts)."""
    kept: dict[str, list[str]] = {
        "goals": [g for g in learner.goals if g in curriculum.concepts],
        "known": [m for m in mastered if m in curriculum.concepts],
        "owned_books": [b for b in learner.owned_books if b in curriculum.books],
    }
    stored = {"goals": learner.goals, "known": mastered, "owned_books": learner.owned_books}
    notes = [
        f"{field} '{i}' is not in curriculum {curriculum.version}; it was left out"
        for field, ids in stored.items()
        for i in ids
        if i not in kept[field]
    ]
    return kept, notes


def learner_request(
    curriculum: Curriculum, learner: Learner, mastered: list[str], **overrides: Any
) -> tuple[PlanRequest, list[str]]:
    """The plan request for a learner: their goals and settings, mastered concepts as known,
    with notes naming stored ids the curriculum no longer has."""
    kept, notes = stored_ids(curriculum, learner, mastered)
    data: dict[str, Any] = {
        **kept,
        "hours_per_week": learner.hours_per_week,
        "language": learner.language,
    }
    data.update({k: v for k, v in overrides.items() if v is not None})
    if not data["goals"]:
        raise NoGoals("the learner has no goals; set them with PATCH /learners/{id} or in the body")
    return PlanRequest.model_validate(data), notes


def saved_view(curriculum: Curriculum, saved: SavedPlan) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": saved.id,
        "created_at": saved.created_at,
        "curriculum_version": saved.curriculum_version,
        "current_curriculum_version": curriculum.version,
        "request": saved.request,
        "plan": saved.result,
    }
    if saved.curriculum_version != curriculum.version:
        old = [s["id"] for s in saved.result.get("steps", [])]
        request = PlanRequest.model_validate(saved.request)
        gone = [i for i in [*request.goals, *request.known] if i not in curriculum.concepts]
        request = request.model_copy(
            update={
                "goals": [g for g in request.goals if g in curriculum.concepts] or request.goals,
                "known": [k for k in request.known if k in curriculum.concepts],
            }
        )
        if all(g in curriculum.concepts for g in request.goals):
            fresh = build_plan(curriculum=curriculum, request=request).model_dump(mode="json")[
                "steps"
            ]
            view["changes"] = dict(
                diff_plan_steps(saved.result.get("steps", []), fresh),
                ids_no_longer_in_curriculum=gone,
            )
        else:
            view["changes"] = {
                "added": [],
                "removed": old,
                "reordered": [],
                "changed": {},
                "unchanged": False,
                "ids_no_longer_in_curriculum": gone,
            }
    else:
        view["changes"] = None
    return view


@router.post("", status_code=201, response_model=LearnerCreated)
async def create_learner(
    data: LearnerCreate, db: DatabaseDep, curriculum: CurriculumDep, compute: ComputeDep
) -> LearnerCreated:
    """Create a learner; the answer holds the bearer token, shown this once only."""
    await compute(check_learner_ids, curriculum, data.goals, data.owned_books)
    learner, token = await db.write(lambda s: repo.create_learner(s, data))
    return LearnerCreated(id=learner.id, token=token)


@router.get("/{learner_id}", response_model=LearnerPublic)
async def get_learner(learner: ReadingLearnerDep) -> Learner:
    """The learner's profile."""
    return learner


@router.patch("/{learner_id}", response_model=LearnerPublic)
async def update_learner(
    data: LearnerUpdate,
    learner: LearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    compute: ComputeDep,
) -> Learner:
    """Change any of display name, language, hours per week, goals, owned books."""
    await compute(check_learner_ids, curriculum, data.goals, data.owned_books)
    return await db.write(lambda s: repo.update_learner(s, learner, data))


@router.delete("/{learner_id}", status_code=204)
async def delete_learner(learner: LearnerDep, db: DatabaseDep) -> Response:
    """Delete the learner and everything stored about them."""
    await db.write(lambda s: repo.delete_learner(s, learner))
    return Response(status_code=204)


@router.put("/{learner_id}/progress/{concept_id}", response_model=ProgressPublic)
async def set_progress(
    concept_id: str,
    data: ProgressUpdate,
    learner: ReadingLearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    xapi: XapiDep,
    ags: AgsDep,
) -> Any:
    """Mark a concept as being learnt, mastered, or verified (mastered, with the evidence
    of a passed `studypath check`); idempotent."""
    # 422 with suggestions, nothing stored
    await compute(curriculum.require_known, [concept_id], kind="concept")
    evidence = data.evidence.model_dump(mode="json") if data.evidence else None
    statement = xapi.progress(
        curriculum, learner.id, learner.language, concept_id, data.status, evidence
    )
    scores = Rescore(curriculum, learner.id)  # LTI links' scores, in the same transaction
    row = await db.write(
        lambda s: repo.set_progress(
            s, learner.id, concept_id, data.status, evidence, statement, also=scores
        )
    )
    if statement is not None:
        xapi.queued()
    if scores.queued:
        wake(ags)
    return row


@router.delete("/{learner_id}/progress/{concept_id}", status_code=204)
async def delete_progress(
    concept_id: str,
    learner: ReadingLearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    ags: AgsDep,
) -> Response:
    """Forget the progress on one concept (idempotent)."""
    scores = Rescore(curriculum, learner.id)
    await db.write(lambda s: repo.delete_progress(s, learner.id, concept_id, also=scores))
    if scores.queued:
        wake(ags)
    return Response(status_code=204)


class CheckAttempt(BaseModel):
    """What `studypath check --learner` reports after a run whose checks did not all pass."""

    model_config = ConfigDict(extra="forbid")
    curriculum_version: str = Field(max_length=64)
    checks_passed: int = Field(ge=0, le=10_000)
    checks_total: int = Field(ge=1, le=10_000)
    file_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    checked_at: datetime


@router.post("/{learner_id}/checks/{concept_id}", status_code=202, response_model=CheckRecorded)
async def record_failed_check(
    concept_id: str,
    data: CheckAttempt,
    learner: ReadingLearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    xapi: XapiDep,
) -> dict[str, Any]:
    """A check run that did not pass: it changes no progress (a pass is
    PUT .../progress/{id} verified) and, with an LRS configured, becomes an xAPI
    ``failed`` statement; ``sent_to_lrs`` says whether it was queued."""
    await compute(curriculum.require_known, [concept_id], kind="concept")
    if data.checks_passed >= data.checks_total:
        raise InvalidRequest(
            "every check passed: record it as PUT /learners/{id}/progress/{concept_id} "
            "with status verified",
            {"field": "checks_passed"},
        )
    if not xapi.enabled:
        return {"concept_id": concept_id, "sent_to_lrs": False}
    statement = xapi.check(
        curriculum, learner.id, learner.language, concept_id, data.model_dump(mode="json")
    )

    def queue(session: Any) -> None:
        outbox.add(session, learner.id, [statement])
        session.commit()

    await db.write(queue)
    xapi.queued()
    return {"concept_id": concept_id, "sent_to_lrs": True}


class EmbedTokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ttl_seconds: int = Field(
        default=embed_tokens.DEFAULT_TTL_SECONDS, ge=60, le=embed_tokens.MAX_TTL_SECONDS
    )


@router.post("/{learner_id}/embed-tokens", status_code=201, response_model=EmbedTokenIssued)
async def issue_embed_token(
    learner: LearnerDep, db: DatabaseDep, data: Annotated[EmbedTokenRequest | None, Body()] = None
) -> dict[str, Any]:
    """A short-lived token for an embedded page: it reads this learner and marks progress,
    nothing else. Needs the learner's own token; put it in the iframe's URL fragment."""
    ttl = (data or EmbedTokenRequest()).ttl_seconds
    issued = await db.write(lambda s: embed_tokens.issue_embed_token(s, learner.id, ttl))
    if issued is None:
        raise Conflict(
            f"learner '{learner.id}' has {embed_tokens.MAX_LIVE_PER_LEARNER} live embed tokens; "
            "revoke them with DELETE /learners/{id}/embed-tokens or wait until they expire"
        )
    token, expires_at = issued
    return {"token": token, "expires_at": expires_at, "scope": ["read", "progress"]}


@router.delete("/{learner_id}/embed-tokens", response_model=EmbedTokensRevoked)
async def revoke_embed_tokens(learner: LearnerDep, db: DatabaseDep) -> dict[str, Any]:
    """Revoke every embed token of the learner at once (a portal signing the learner out)."""
    count = await db.write(lambda s: embed_tokens.revoke_embed_tokens(s, learner.id))
    return {"revoked": count}


@router.get("/{learner_id}/progress", response_model=ProgressList)
async def list_progress(learner: ReadingLearnerDep, db: DatabaseDep) -> dict[str, Any]:
    """The learner's progress, one row per concept."""
    rows = await db.read(
        lambda s: [
            ProgressPublic.model_validate(p, from_attributes=True)
            for p in repo.list_progress(s, learner.id)
        ]
    )
    return {"data": rows, "count": len(rows)}


def _learner_plan(
    curriculum: Curriculum, learner: Learner, mastered: list[str], format: str, depth: Depth | None
) -> Response:
    request, notes = learner_request(curriculum, learner, mastered, depth=depth)
    plan = build_plan(curriculum=curriculum, request=request).model_copy(update={"notes": notes})
    return plan_response(curriculum, plan, request, format)


@router.get("/{learner_id}/plan", response_model=None, responses=PLAN_FORMATS)
async def learner_plan(
    learner: ReadingLearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    format: Format = "json",
    depth: DepthQuery = None,
) -> Response:
    """A plan toward the learner's goals; mastered concepts count as known."""
    mastered = await db.read(lambda s: repo.mastered(s, learner.id))
    return await compute(_learner_plan, curriculum, learner, mastered, format, depth)


def _learner_next(
    curriculum: Curriculum, learner: Learner, mastered: list[str], limit: int
) -> dict[str, Any]:
    kept, notes = stored_ids(curriculum, learner, mastered)
    data = next_concepts(curriculum, known=kept["known"], goals=kept["goals"] or None, limit=limit)
    for item in data:
        c = curriculum.concepts[item["id"]]
        item.update(name=c.name.model_dump(), discipline=c.discipline, hours=c.hours)
    return {"data": data, "count": len(data), "notes": notes}


@router.get("/{learner_id}/next", response_model=NextList, response_model_exclude_unset=True)
async def learner_next(
    learner: ReadingLearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> dict[str, Any]:
    """What the learner can study next toward their goals (or anywhere, without goals)."""
    mastered = await db.read(lambda s: repo.mastered(s, learner.id))
    return await compute(_learner_next, curriculum, learner, mastered, limit)


def _plan_to_save(
    curriculum: Curriculum, learner: Learner, mastered: list[str], overrides: dict[str, Any]
) -> tuple[PlanRequest, dict[str, Any]]:
    allowed = set(PlanRequest.model_fields) - {"known"}
    unknown = set(overrides) - allowed
    if unknown:
        raise InvalidRequest(f"unknown fields {sorted(unknown)}; allowed: {sorted(allowed)}")
    request, notes = learner_request(curriculum, learner, mastered, **overrides)
    plan = build_plan(curriculum=curriculum, request=request).model_copy(update={"notes": notes})
    return request, plan.model_dump(mode="json")


@router.post(
    "/{learner_id}/plans",
    status_code=201,
    response_model=SavedPlanView,
    response_model_exclude_unset=True,
)
async def save_plan(
    learner: LearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    overrides: Annotated[
        dict[str, Any] | None,
        Body(description="optional planner input fields overriding the learner's"),
    ] = None,
) -> dict[str, Any]:
    """Plan toward the learner's goals (or the body's) and save it with the curriculum version."""
    mastered = await db.read(lambda s: repo.mastered(s, learner.id))
    request, result = await compute(_plan_to_save, curriculum, learner, mastered, overrides or {})
    saved = await db.write(
        lambda s: repo.save_plan(
            s,
            learner.id,
            request=request.model_dump(mode="json"),
            version=curriculum.version,
            result=result,
        )
    )
    return await compute(saved_view, curriculum, saved)


@router.get("/{learner_id}/plans", response_model=SavedPlanList)
async def list_plans(learner: ReadingLearnerDep, db: DatabaseDep) -> dict[str, Any]:
    """The learner's saved plans (without their steps)."""
    saved = await db.read(lambda s: repo.list_saved_plans(s, learner.id))
    data = [
        {
            "id": p.id,
            "created_at": p.created_at,
            "curriculum_version": p.curriculum_version,
            "goals": p.request.get("goals", []),
        }
        for p in saved
    ]
    return {"data": data, "count": len(data)}


@router.get(
    "/{learner_id}/plans/{plan_id}", response_model=SavedPlanView, response_model_exclude_unset=True
)
async def get_plan(
    plan_id: str,
    learner: ReadingLearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    compute: ComputeDep,
) -> dict[str, Any]:
    """A saved plan; if the curriculum changed since, what changed (steps added, removed, reordered)."""
    saved = await db.read(lambda s: repo.get_saved_plan(s, learner.id, plan_id))
    if saved is None:
        raise NoSuchItem(f"no saved plan '{plan_id}' for this learner")
    return await compute(saved_view, curriculum, saved)


def _card_view(card: ReviewCard) -> ReviewCardView:
    return ReviewCardView(
        concept_id=card.concept_id,
        due=card.due,
        stability=card.stability,
        last_review=card.last_review,
    )


@router.get(
    "/{learner_id}/reviews",
    response_model=ReviewList,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def list_reviews(
    learner: ReadingLearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    due_before: Annotated[
        datetime | None,
        Query(description="ISO 8601 date-time (with offset; UTC if none), inclusive"),
    ] = None,
    format: Literal["json", "ics"] = "json",
) -> Any:
    """The learner's review cards, soonest due first (only those due by ``due_before`` if
    given); ``format=ics``: one all-day event per concept due."""
    if due_before is not None and due_before.tzinfo is None:
        due_before = due_before.replace(tzinfo=UTC)
    cards = await db.read(lambda s: list(reviews.due(s, learner.id, due_before)))
    cards = [c for c in cards if c.concept_id in curriculum.concepts]  # curriculum changed
    if format == "ics":
        body = reviews_ics(
            curriculum, [(c.concept_id, c.due) for c in cards], language=learner.language
        )
        return Response(body, media_type="text/calendar; charset=utf-8")
    rows = [_card_view(c) for c in cards]
    return {"data": rows, "count": len(rows)}


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: reviews.RatingName


@router.post("/{learner_id}/reviews/{concept_id}", response_model=ReviewResult)
async def review_concept(
    concept_id: str,
    data: ReviewIn,
    learner: LearnerDep,
    db: DatabaseDep,
    curriculum: CurriculumDep,
    compute: ComputeDep,
    xapi: XapiDep,
) -> dict[str, Any]:
    """Rate a review (FSRS). ``good`` or ``easy`` also credits the concept's enrolled
    required prerequisites (direct and transitive) with an implicit ``good``; a concept
    that is not enrolled (not mastered or verified) is 409."""
    await compute(curriculum.require_known, [concept_id], kind="concept")
    below = await compute(prerequisite_closure, curriculum, concept_id, include_recommended=False)
    credit = list(below)

    statement = xapi.review(curriculum, learner.id, learner.language, concept_id, data.rating)
    card, credited = await db.write(
        lambda s: reviews.review(
            s, learner.id, concept_id, data.rating, credit=credit, statement=statement
        )
    )
    if card is not None and statement is not None:
        xapi.queued()
    if card is None:
        raise Conflict(
            f"concept '{concept_id}' is not enrolled for review: mark it mastered or verified first"
        )
    return {"concept_id": concept_id, "due": card.due, "credited": credited}


@router.get("/{learner_id}/export", response_model=LearnerExport)
async def export_learner(learner: ReadingLearnerDep, db: DatabaseDep) -> dict[str, Any]:
    """Everything stored about the learner (the token hash excepted)."""

    def gather(s: Any) -> dict[str, Any]:
        return {
            "learner": LearnerPublic.model_validate(learner, from_attributes=True),
            "progress": [
                ProgressPublic.model_validate(p, from_attributes=True)
                for p in repo.list_progress(s, learner.id)
            ],
            "plans": [
                p.model_dump(mode="json", exclude={"learner_id"})
                for p in repo.list_saved_plans(s, learner.id)
            ],
            "reviews": [_card_view(c) for c in reviews.due(s, learner.id)],
            "review_events": [
                e.model_dump(mode="json", exclude={"learner_id", "id"})
                for e in reviews.events(s, learner.id)
            ],
            "answers": [
                a.model_dump(mode="json", exclude={"learner_id", "id"})
                for a in repo.list_answers(s, learner.id)
            ],
        }

    return await db.read(gather)
