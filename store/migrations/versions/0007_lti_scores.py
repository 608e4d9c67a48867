"""LTI Assignment and Grade Services: resource links with a line item, and each learner's
latest score on them (the AGS outbox).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lti_link",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "platform_id",
            sa.String(32),
            sa.ForeignKey("lti_platform.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("deployment_id", sa.String(255), nullable=False),
        sa.Column("resource_link_id", sa.String(255), nullable=False),
        sa.Column("goals", sa.String(8000), nullable=False),
        sa.Column("lineitem_url", sa.String(2000), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.UniqueConstraint("platform_id", "resource_link_id", name="uq_lti_link_platform_link"),
    )
    op.create_table(
        "lti_score",
        sa.Column(
            "link_id",
            sa.String(32),
            sa.ForeignKey("lti_link.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "learner_id",
            sa.String(32),
            sa.ForeignKey("learner.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("sub", sa.String(255), nullable=False),
        sa.Column("score", sa.JSON(), nullable=False),
        sa.Column("queued_at", UTC_TIME, nullable=False),
        sa.Column("next_attempt_at", UTC_TIME, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("rejected", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("sent", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_lti_score_learner_id", "lti_score", ["learner_id"])
    op.create_index("ix_lti_score_next_attempt_at", "lti_score", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_lti_score_next_attempt_at", table_name="lti_score")
    op.drop_index("ix_lti_score_learner_id", table_name="lti_score")
    op.drop_table("lti_score")
    op.drop_table("lti_link")
