"""Embed tokens: short-lived, read-and-progress tokens for a learner in a portal's iframe.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "embed_token",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "learner_id",
            sa.String(32),
            sa.ForeignKey("learner.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_embed_token_learner_id", "embed_token", ["learner_id"])
    op.create_index("ix_embed_token_expires_at", "embed_token", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_embed_token_expires_at", table_name="embed_token")
    op.drop_index("ix_embed_token_learner_id", table_name="embed_token")
    op.drop_table("embed_token")
