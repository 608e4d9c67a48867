"""The xAPI outbox: statements queued with the change they report, until the LRS has them;
and the learner (if any) who started a placement.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "xapi_outbox",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("learner_id", sa.String(32), nullable=False),
        sa.Column("statement", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("rejected", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("last_error", sa.String(500), nullable=True),
    )
    op.create_index("ix_xapi_outbox_learner_id", "xapi_outbox", ["learner_id"])
    op.create_index("ix_xapi_outbox_next_attempt_at", "xapi_outbox", ["next_attempt_at"])
    op.add_column("placement", sa.Column("learner_id", sa.String(32), nullable=True))
    op.create_index("ix_placement_learner_id", "placement", ["learner_id"])


def downgrade() -> None:
    op.drop_index("ix_placement_learner_id", table_name="placement")
    with op.batch_alter_table("placement") as batch:  # SQLite drops a column by copying
        batch.drop_column("learner_id")
    op.drop_index("ix_xapi_outbox_next_attempt_at", table_name="xapi_outbox")
    op.drop_index("ix_xapi_outbox_learner_id", table_name="xapi_outbox")
    op.drop_table("xapi_outbox")
