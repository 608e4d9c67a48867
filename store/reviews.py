"""Spaced review (DESIGN.md section 10): one FSRS card per mastered or verified concept.

Scheduling is the ``fsrs`` package with its default parameters. A ``good`` or ``easy``
review of a concept also counts as a ``good`` repetition of the enrolled cards the caller
names as its required prerequisites (the API passes their transitive closure), so
advanced work keeps the basics from coming due; ``again`` and ``hard`` credit nothing and
no card is ever created by credit. Every write is one transaction; the cards it changes
are locked first (SELECT ... FOR UPDATE on PostgreSQL; SQLite's writer runs BEGIN
IMMEDIATE), so concurrent reviews of one card are applied one after the other, not lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Literal

from fsrs import Card, Rating, Scheduler
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store import outbox
from store.models import ReviewCard, ReviewEvent, utcnow

RatingName = Literal["again", "hard", "good", "easy"]
RATINGS: dict[str, Rating] = {
    "again": Rating.Again,
    "hard": Rating.Hard,
    "good": Rating.Good,
    "easy": Rating.Easy,
}
CREDITING = ("good", "easy")
_SCHEDULER = Scheduler()  # the package's defaults (DESIGN.md section 10)


def _apply(row: ReviewCard, rating: RatingName, when: datetime) -> None:
    card, _ = _SCHEDULER.review_card(Card.from_dict(row.card), RATINGS[rating], when)  # type: ignore[arg-type]
    row.card = dict(card.to_dict())
    row.due = card.due
    row.stability = card.stability
    row.last_review = card.last_review


def _locked(session: Session, learner_id: str, concepts: Iterable[str]) -> list[ReviewCard]:
    wanted = sorted(set(concepts))
    if not wanted:
        return []
    query = select(ReviewCard).where(
        ReviewCard.learner_id == learner_id, col(ReviewCard.concept_id).in_(wanted)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return list(session.exec(query.order_by(col(ReviewCard.concept_id))).all())


def enroll(
    session: Session, learner_id: str, concept_id: str, when: datetime | None = None
) -> None:
    """A concept just marked mastered or verified: a card reviewed ``good`` now (kept as it is
    if the concept already has one). Does not commit: it joins the caller's transaction."""
    when = when or utcnow()
    row = ReviewCard(
        learner_id=learner_id, concept_id=concept_id, card=dict(Card().to_dict()), due=when
    )
    _apply(row, "good", when)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    # two marks at once must not both create the card (nor fail on its primary key)
    stmt = insert(ReviewCard).values(**row.model_dump()).on_conflict_do_nothing()
    if not session.exec(stmt).rowcount:  # type: ignore[call-overload]
        return  # already enrolled: the card keeps its schedule
    session.add(
        ReviewEvent(
            learner_id=learner_id,
            concept_id=concept_id,
            rating="good",
            implicit=False,
            reviewed_at=when,
        )
    )


def unenroll(session: Session, learner_id: str, concept_id: str) -> None:
    """The mark was removed: the card goes (its events stay in the learner's export)."""
    session.exec(  # type: ignore[call-overload]
        delete(ReviewCard).where(
            col(ReviewCard.learner_id) == learner_id, col(ReviewCard.concept_id) == concept_id
        )
    )


def review(
    session: Session,
    learner_id: str,
    concept_id: str,
    rating: RatingName,
    *,
    credit: Iterable[str] = (),
    when: datetime | None = None,
    statement: dict[str, Any] | None = None,
) -> tuple[ReviewCard | None, list[str]]:
    """Apply one review: the card (None when the concept is not enrolled) and the
    prerequisites credited. ``credit``: the concept's required prerequisites, whose
    enrolled cards get an implicit ``good``."""
    when = when or utcnow()
    credited = set(credit) - {concept_id} if rating in CREDITING else set()
    rows = {r.concept_id: r for r in _locked(session, learner_id, {concept_id, *credited})}
    target = rows.get(concept_id)
    if target is None:
        session.rollback()
        return None, []
    _apply(target, rating, when)
    outbox.add(session, learner_id, [statement])  # the explicit review only
    session.add(
        ReviewEvent(
            learner_id=learner_id,
            concept_id=concept_id,
            rating=rating,
            implicit=False,
            reviewed_at=when,
        )
    )
    granted = sorted(credited & rows.keys())
    for cid in granted:
        _apply(rows[cid], "good", when)
        session.add(
            ReviewEvent(
                learner_id=learner_id,
                concept_id=cid,
                rating="good",
                implicit=True,
                reviewed_at=when,
            )
        )
    session.commit()
    session.refresh(target)
    return target, granted


def due(session: Session, learner_id: str, before: datetime | None = None) -> Sequence[ReviewCard]:
    """The learner's cards, soonest due first; only those due at or before ``before`` if given."""
    query = select(ReviewCard).where(ReviewCard.learner_id == learner_id)
    if before is not None:
        query = query.where(col(ReviewCard.due) <= before)
    return session.exec(query.order_by(col(ReviewCard.due), col(ReviewCard.concept_id))).all()


def events(session: Session, learner_id: str) -> Sequence[ReviewEvent]:
    return session.exec(
        select(ReviewEvent)
        .where(ReviewEvent.learner_id == learner_id)
        .order_by(col(ReviewEvent.id))
    ).all()
