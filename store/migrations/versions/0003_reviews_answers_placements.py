"""Reviews (FSRS cards and their events), answers to questions, and placements.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _learner() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "learner_id", sa.String(32), sa.ForeignKey("learner.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "review_card",
        sa.Column(
            "learner_id",
            sa.String(32),
            sa.ForeignKey("learner.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("concept_id", sa.String(120), primary_key=True),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("last_review", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_review_card_due", "review_card", ["due"])
    op.create_table(
        "review_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _learner(),
        sa.Column("concept_id", sa.String(120), nullable=False),
        sa.Column("rating", sa.String(8), nullable=False),
        sa.Column("implicit", sa.Boolean(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_review_event_learner_id", "review_event", ["learner_id"])
    op.create_table(
        "answer_record",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _learner(),
        sa.Column("question_id", sa.String(120), nullable=False),
        sa.Column("concept_id", sa.String(120), nullable=False),
        sa.Column("answer", sa.Float(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_answer_record_learner_id", "answer_record", ["learner_id"])
    op.create_table(
        "placement",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("current", sa.String(120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_placement_expires_at", "placement", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_placement_expires_at", table_name="placement")
    op.drop_table("placement")
    op.drop_index("ix_answer_record_learner_id", table_name="answer_record")
    op.drop_table("answer_record")
    op.drop_index("ix_review_event_learner_id", table_name="review_event")
    op.drop_table("review_event")
    op.drop_index("ix_review_card_due", table_name="review_card")
    op.drop_table("review_card")
