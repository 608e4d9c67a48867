"""SQLModel tables and API models for learners, progress and saved plans.

Each entity follows the Base / table / Create / Public / Update pattern; only data models
are subclassed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import Field as PydanticField
from pydantic import field_validator, model_validator
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

Status = Literal["learning", "mastered", "verified"]
# Statuses that count as known in plans, next and reviews: verified is mastered with the
# evidence of a passed exercise check attached.
KNOWN_STATUSES = ("mastered", "verified")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware.

    SQLite has no time zones and hands back naive datetimes; answers must be RFC 3339
    date-times with an offset, whichever database is behind.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def _language(value: str | None) -> str | None:
    if value is not None and value not in ("en", "zh"):
        raise ValueError("language must be 'en' or 'zh'")
    return value


def _ids(values: list[str]) -> list[str]:
    cleaned = [v.strip() for v in values]
    if any(not v or len(v) > 120 for v in cleaned):
        raise ValueError("ids must be 1-120 characters")
    return list(dict.fromkeys(cleaned))


class LearnerBase(SQLModel):
    display_name: str = Field(min_length=1, max_length=100)
    language: str = Field(default="en", max_length=2)
    hours_per_week: float = Field(default=6.0, ge=0.5, le=80)
    goals: list[str] = Field(
        default_factory=list, max_length=50, sa_column=Column(JSON, nullable=False)
    )
    owned_books: list[str] = Field(
        default_factory=list, max_length=1000, sa_column=Column(JSON, nullable=False)
    )


class Learner(LearnerBase, table=True):
    __tablename__ = "learner"

    id: str = Field(primary_key=True, max_length=32)
    token_hash: str = Field(sa_column=Column(String(64), unique=True, index=True, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class LearnerCreate(LearnerBase):
    _check_ids = field_validator("goals", "owned_books")(_ids)
    _check_language = field_validator("language")(_language)


class LearnerPublic(LearnerBase):
    id: str
    created_at: datetime
    updated_at: datetime


class LearnerCreated(SQLModel):
    """The answer to POST /learners: the token is shown once and never again."""

    id: str
    token: str


class LearnerUpdate(SQLModel):
    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    language: str | None = Field(default=None, max_length=2)
    hours_per_week: float | None = Field(default=None, ge=0.5, le=80)
    goals: list[str] | None = Field(default=None, max_length=50)
    owned_books: list[str] | None = Field(default=None, max_length=1000)

    _check_ids = field_validator("goals", "owned_books")(lambda v: None if v is None else _ids(v))

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        # Leaving a field out keeps it; null would erase a value that must exist.
        if isinstance(data, dict):
            nulls = sorted(k for k, v in data.items() if v is None)
            if nulls:
                raise ValueError(
                    f"fields cannot be null: {', '.join(nulls)} (leave a field out to keep it)"
                )
        return data

    _check_language = field_validator("language")(_language)


class Progress(SQLModel, table=True):
    __tablename__ = "progress"

    learner_id: str = Field(
        sa_column=Column(String(32), ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True)
    )
    concept_id: str = Field(sa_column=Column(String(120), primary_key=True))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    evidence: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Evidence(SQLModel):
    """What `studypath check` attaches to a verified mark: the learner's own record."""

    curriculum_version: str = PydanticField(max_length=64)
    checks_passed: int = PydanticField(ge=0, le=10_000)
    checks_total: int = PydanticField(ge=1, le=10_000)
    file_sha256: str = PydanticField(pattern=r"^[0-9a-f]{64}$")
    checked_at: datetime


class ProgressUpdate(SQLModel):
    status: Status
    evidence: Evidence | None = None

    @model_validator(mode="after")
    def _evidence_with_verified(self) -> ProgressUpdate:
        if (self.status == "verified") != (self.evidence is not None):
            raise ValueError(
                "status 'verified' needs evidence {curriculum_version, checks_passed, "
                "checks_total, file_sha256, checked_at}, and only it takes evidence"
            )
        if self.evidence is not None and self.evidence.checks_passed != self.evidence.checks_total:
            raise ValueError("verified evidence must show every check passed")
        return self


class ProgressPublic(SQLModel):
    concept_id: str
    status: Status
    evidence: Evidence | None = None
    updated_at: datetime


class SavedPlan(SQLModel, table=True):
    __tablename__ = "saved_plan"

    id: str = Field(primary_key=True, max_length=32)
    learner_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("learner.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    request: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    curriculum_version: str = Field(max_length=64)
    result: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class ReviewCard(SQLModel, table=True):
    """A concept the learner keeps fresh: its FSRS card (DESIGN.md section 10)."""

    __tablename__ = "review_card"

    learner_id: str = Field(
        sa_column=Column(String(32), ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True)
    )
    concept_id: str = Field(sa_column=Column(String(120), primary_key=True))
    card: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # fsrs Card.to_dict()
    due: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    stability: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    last_review: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


class ReviewEvent(SQLModel, table=True):
    """One review, explicit or credited by a review of a dependent (``implicit``)."""

    __tablename__ = "review_event"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("learner.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    concept_id: str = Field(sa_column=Column(String(120), nullable=False))
    rating: str = Field(sa_column=Column(String(8), nullable=False))
    implicit: bool = Field(sa_column=Column(Boolean, nullable=False))
    reviewed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class AnswerRecord(SQLModel, table=True):
    """A learner's answer to a question, kept with their progress."""

    __tablename__ = "answer_record"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("learner.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    question_id: str = Field(sa_column=Column(String(120), nullable=False))
    concept_id: str = Field(sa_column=Column(String(120), nullable=False))
    answer: float = Field(sa_column=Column(Float, nullable=False))
    correct: bool = Field(sa_column=Column(Boolean, nullable=False))
    answered_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Placement(SQLModel, table=True):
    """A placement in progress, anonymous or a learner's; several workers continue it
    (expires in 24 h)."""

    __tablename__ = "placement"

    id: str = Field(primary_key=True, max_length=32)
    language: str = Field(max_length=2)
    # the learner who started it with their token (its answers then become xAPI statements)
    learner_id: str | None = Field(
        default=None, sa_column=Column(String(32), nullable=True, index=True)
    )
    state: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    # the question the placement waits for (None: done); an answer swaps it atomically
    current: str | None = Field(default=None, sa_column=Column(String(120), nullable=True))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class EmbedToken(SQLModel, table=True):
    """A short-lived token a portal puts in an iframe: it reads one learner and marks
    their progress, nothing else (DESIGN.md section 11). Stored as a hash, like tokens."""

    __tablename__ = "embed_token"

    token_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    learner_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("learner.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class XapiOutbox(SQLModel, table=True):
    """An xAPI statement waiting for the LRS, queued in the transaction of the change it
    reports (store.outbox). ``next_attempt_at`` is also the sender's lease on the row."""

    __tablename__ = "xapi_outbox"

    id: str = Field(sa_column=Column(String(36), primary_key=True))  # the statement's id
    learner_id: str = Field(sa_column=Column(String(32), nullable=False, index=True))
    statement: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    next_attempt_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    rejected: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    last_error: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))


class LtiPlatform(SQLModel, table=True):
    """A learning platform registered with `studypath lti add-platform` (DESIGN.md 12)."""

    __tablename__ = "lti_platform"
    __table_args__ = (
        UniqueConstraint("issuer", "client_id", name="uq_lti_platform_issuer_client"),
    )

    id: str = Field(sa_column=Column(String(32), primary_key=True))
    issuer: str = Field(sa_column=Column(String(255), nullable=False))
    client_id: str = Field(sa_column=Column(String(255), nullable=False))
    auth_url: str = Field(sa_column=Column(String(1000), nullable=False))
    token_url: str = Field(sa_column=Column(String(1000), nullable=False))
    jwks_url: str = Field(sa_column=Column(String(1000), nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class LtiDeployment(SQLModel, table=True):
    """A deployment id of a platform: launches naming another are refused."""

    __tablename__ = "lti_deployment"

    platform_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("lti_platform.id", ondelete="CASCADE"), primary_key=True
        )
    )
    deployment_id: str = Field(sa_column=Column(String(255), primary_key=True))


class LtiKey(SQLModel, table=True):
    """A signing key of the tool; the newest unretired one signs, retired ones stay in the
    JWKS for a while so that what they signed can still be checked."""

    __tablename__ = "lti_key"

    kid: str = Field(sa_column=Column(String(64), primary_key=True))
    private_jwk: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    retired_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


class LtiLogin(SQLModel, table=True):
    """A login started at /lti/login: its state (also in the browser's cookie) and the
    nonce the id_token must carry; used once, by the launch."""

    __tablename__ = "lti_login"

    state: str = Field(sa_column=Column(String(64), primary_key=True))
    nonce: str = Field(sa_column=Column(String(64), nullable=False))
    platform_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("lti_platform.id", ondelete="CASCADE"), nullable=False
        )
    )
    target_link_uri: str = Field(sa_column=Column(String(2000), nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class LtiUser(SQLModel, table=True):
    """A platform's user (issuer, sub) and the studypath learner it is."""

    __tablename__ = "lti_user"

    issuer: str = Field(sa_column=Column(String(255), primary_key=True))
    sub: str = Field(sa_column=Column(String(255), primary_key=True))
    learner_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("learner.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class LtiLink(SQLModel, table=True):
    """A platform's resource link that launched studypath with a line item for its score."""

    __tablename__ = "lti_link"
    __table_args__ = (
        UniqueConstraint("platform_id", "resource_link_id", name="uq_lti_link_platform_link"),
    )

    id: str = Field(sa_column=Column(String(32), primary_key=True))
    platform_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("lti_platform.id", ondelete="CASCADE"), nullable=False
        )
    )
    deployment_id: str = Field(sa_column=Column(String(255), nullable=False))
    resource_link_id: str = Field(sa_column=Column(String(255), nullable=False))
    goals: str = Field(sa_column=Column(String(8000), nullable=False))
    lineitem_url: str = Field(sa_column=Column(String(2000), nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class LtiScore(SQLModel, table=True):
    """The AGS outbox: a learner's latest score on a link, until the platform has it. A newer
    score replaces one not yet sent (the platform only needs the latest)."""

    __tablename__ = "lti_score"

    link_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("lti_link.id", ondelete="CASCADE"), primary_key=True
        )
    )
    learner_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
    sub: str = Field(sa_column=Column(String(255), nullable=False))
    score: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # the AGS body
    queued_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    next_attempt_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    rejected: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    last_error: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))
    # the link's members: a row stays (sent) so that later changes know the learner's links
    sent: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
