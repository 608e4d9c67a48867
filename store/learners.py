"""Data access for learners, progress and saved plans. Every write is one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store import outbox, reviews
from store.auth import hash_token, new_token, token_matches
from store.models import (
    KNOWN_STATUSES,
    AnswerRecord,
    EmbedToken,
    Learner,
    LearnerCreate,
    LearnerUpdate,
    LtiScore,
    LtiUser,
    Placement,
    Progress,
    ReviewCard,
    ReviewEvent,
    SavedPlan,
    utcnow,
)


def new_id() -> str:
    return uuid.uuid4().hex


def create_learner(session: Session, data: LearnerCreate) -> tuple[Learner, str]:
    """Store a new learner; return it and its bearer token (the only time it is seen)."""
    token = new_token()
    learner = Learner.model_validate(data, update={"id": new_id(), "token_hash": hash_token(token)})
    session.add(learner)
    session.commit()
    session.refresh(learner)
    return learner, token


def learner_for_token(session: Session, token: str) -> Learner | None:
    """The learner this token belongs to, or None."""
    learner = session.exec(select(Learner).where(Learner.token_hash == hash_token(token))).first()
    if learner is None or not token_matches(token, learner.token_hash):
        return None
    return learner


def update_learner(session: Session, learner: Learner, data: LearnerUpdate) -> Learner:
    learner.sqlmodel_update(data.model_dump(exclude_unset=True))
    learner.updated_at = utcnow()
    session.add(learner)
    session.commit()
    session.refresh(learner)
    return learner


def delete_learner(session: Session, learner: Learner) -> None:
    """Remove the learner and, through ON DELETE CASCADE, all its progress and plans."""
    # explicit deletes too: a SQLite connection made without foreign_keys=ON would not cascade
    session.exec(delete(Progress).where(Progress.learner_id == learner.id))  # type: ignore[call-overload]
    session.exec(delete(SavedPlan).where(SavedPlan.learner_id == learner.id))  # type: ignore[call-overload]
    for table in (ReviewCard, ReviewEvent, AnswerRecord, EmbedToken, LtiUser, LtiScore):
        session.exec(delete(table).where(table.learner_id == learner.id))  # type: ignore[call-overload, attr-defined]
    outbox.delete_for_learner(session, learner.id)  # statements not yet sent go too
    session.exec(delete(Placement).where(col(Placement.learner_id) == learner.id))  # type: ignore[call-overload]
    session.delete(learner)
    session.commit()


def set_progress(
    session: Session,
    learner_id: str,
    concept_id: str,
    status: str,
    evidence: dict[str, Any] | None = None,
    statement: dict[str, Any] | None = None,
    also: Callable[[Session], None] | None = None,
) -> Progress:
    """Insert or update one progress row in a single statement (safe under concurrency).

    A mastered or verified concept is enrolled for review in the same transaction (a card
    reviewed ``good`` now); another status removes its card. ``statement`` (xAPI) is queued
    in the same transaction when the mark is new: marking it again the same way is no event;
    ``also`` adds what else must change with it (the learner's LTI scores)."""
    now = utcnow()
    if statement is not None:
        before = session.get(Progress, (learner_id, concept_id))
        if before is None or (before.status, before.evidence) != (status, evidence):
            outbox.add(session, learner_id, [statement])
    values = {
        "learner_id": learner_id,
        "concept_id": concept_id,
        "status": status,
        "evidence": evidence,
        "created_at": now,
        "updated_at": now,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(Progress).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["learner_id", "concept_id"],
        set_={
            "status": stmt.excluded.status,
            "evidence": stmt.excluded.evidence,
            "updated_at": stmt.excluded.updated_at,
        },
    )
    session.exec(stmt)  # type: ignore[call-overload]
    if status in KNOWN_STATUSES:
        reviews.enroll(session, learner_id, concept_id, now)
    else:
        reviews.unenroll(session, learner_id, concept_id)
    if also is not None:
        also(session)
    session.commit()
    row = session.get(Progress, (learner_id, concept_id))
    assert row is not None
    return row


def delete_progress(
    session: Session,
    learner_id: str,
    concept_id: str,
    also: Callable[[Session], None] | None = None,
) -> bool:
    result = session.exec(  # type: ignore[call-overload]
        delete(Progress).where(Progress.learner_id == learner_id, Progress.concept_id == concept_id)
    )
    reviews.unenroll(session, learner_id, concept_id)
    if also is not None:
        also(session)
    session.commit()
    return bool(result.rowcount)


def list_progress(session: Session, learner_id: str) -> Sequence[Progress]:
    return session.exec(
        select(Progress).where(Progress.learner_id == learner_id).order_by(Progress.concept_id)  # type: ignore[arg-type]
    ).all()


def mastered(session: Session, learner_id: str) -> list[str]:
    """Concepts the learner knows: mastered, or verified by a passed exercise check."""
    return [p.concept_id for p in list_progress(session, learner_id) if p.status in KNOWN_STATUSES]


def save_plan(
    session: Session,
    learner_id: str,
    *,
    request: dict[str, Any],
    version: str,
    result: dict[str, Any],
) -> SavedPlan:
    plan = SavedPlan(
        id=new_id(),
        learner_id=learner_id,
        request=request,
        curriculum_version=version,
        result=result,
    )
    session.add(plan)
    session.commit()
    session.refresh(plan)
    return plan


def get_saved_plan(session: Session, learner_id: str, plan_id: str) -> SavedPlan | None:
    plan = session.get(SavedPlan, plan_id)
    return plan if plan is not None and plan.learner_id == learner_id else None


def list_saved_plans(session: Session, learner_id: str) -> Sequence[SavedPlan]:
    return session.exec(
        select(SavedPlan).where(SavedPlan.learner_id == learner_id).order_by(SavedPlan.created_at)  # type: ignore[arg-type]
    ).all()


def record_answer(
    session: Session,
    learner_id: str,
    question_id: str,
    concept_id: str,
    answer: float,
    correct: bool,
    statement: dict[str, Any] | None = None,
) -> None:
    outbox.add(session, learner_id, [statement])
    session.add(
        AnswerRecord(
            learner_id=learner_id,
            question_id=question_id,
            concept_id=concept_id,
            answer=answer,
            correct=correct,
        )
    )
    session.commit()


def list_answers(session: Session, learner_id: str) -> Sequence[AnswerRecord]:
    return session.exec(
        select(AnswerRecord).where(AnswerRecord.learner_id == learner_id).order_by(AnswerRecord.id)  # type: ignore[arg-type]
    ).all()
