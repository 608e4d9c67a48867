"""LTI 1.3: registered platforms and their deployments, the tool's keys, logins in
progress, and platform users mapped to learners.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lti_platform",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("client_id", sa.String(255), nullable=False),
        sa.Column("auth_url", sa.String(1000), nullable=False),
        sa.Column("token_url", sa.String(1000), nullable=False),
        sa.Column("jwks_url", sa.String(1000), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.UniqueConstraint("issuer", "client_id", name="uq_lti_platform_issuer_client"),
    )
    op.create_table(
        "lti_deployment",
        sa.Column(
            "platform_id",
            sa.String(32),
            sa.ForeignKey("lti_platform.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("deployment_id", sa.String(255), primary_key=True),
    )
    op.create_table(
        "lti_key",
        sa.Column("kid", sa.String(64), primary_key=True),
        sa.Column("private_jwk", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("retired_at", UTC_TIME, nullable=True),
    )
    op.create_table(
        "lti_login",
        sa.Column("state", sa.String(64), primary_key=True),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column(
            "platform_id",
            sa.String(32),
            sa.ForeignKey("lti_platform.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("target_link_uri", sa.String(2000), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
    )
    op.create_index("ix_lti_login_expires_at", "lti_login", ["expires_at"])
    op.create_table(
        "lti_user",
        sa.Column("issuer", sa.String(255), primary_key=True),
        sa.Column("sub", sa.String(255), primary_key=True),
        sa.Column(
            "learner_id",
            sa.String(32),
            sa.ForeignKey("learner.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", UTC_TIME, nullable=False),
    )
    op.create_index("ix_lti_user_learner_id", "lti_user", ["learner_id"])


def downgrade() -> None:
    op.drop_index("ix_lti_user_learner_id", table_name="lti_user")
    op.drop_table("lti_user")
    op.drop_index("ix_lti_login_expires_at", table_name="lti_login")
    op.drop_table("lti_login")
    op.drop_table("lti_key")
    op.drop_table("lti_deployment")
    op.drop_table("lti_platform")
