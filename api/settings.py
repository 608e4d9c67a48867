"""Settings, from environment variables prefixed STUDYPATH_ (one class, created once)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STUDYPATH_", extra="ignore")

    data_dir: Path | None = Field(
        default=None, description="Curriculum folder; the bundled one when unset"
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; a SQLite file when unset"
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed by CORS; none by default"
    )
    frame_ancestors: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed to frame /embed pages"
    )
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s<>\"'{}|\\^`]+$",
        description="The service's external base URL (links in pages, LTI, xAPI); "
        "root-relative links when unset",
    )
    cache: bool = Field(
        default=True, description="Reuse validated curricula from the cache (graph.storage)"
    )
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Largest request body accepted (413 above)"
    )
    max_query_bytes: int = Field(
        default=16 * 1024, ge=1024, description="Longest query string accepted (422 above)"
    )
    graph_max_concepts: int = Field(
        default=20_000,
        ge=1,
        description="Most concepts GET /graph draws in one answer (422 above: filter by "
        "discipline, or use `studypath export` for the whole graph)",
    )
    max_placements: int = Field(
        default=100_000,
        ge=1,
        description="Most placements in progress at once (each kept 24 hours); more are "
        "refused 503 with Retry-After, so anonymous placements cannot fill the database",
    )
    db_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        le=300,
        description="A learner request whose database work takes longer is answered 503 "
        "with Retry-After (also the connect, pool and statement timeouts)",
    )
    db_threads: int = Field(
        default=4,
        ge=1,
        le=256,
        description="Most threads doing database work at once, abandoned ones included "
        "(503 at once beyond). Few: each holds the GIL for its ORM work, and more of them "
        "slowed /health under a flood of writes (4: 0.1 s, 16: 0.4 s) for little throughput",
    )
    cpu_workers: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Most CPU-heavy computations (plans, suggestions, exports) at once per "
        "process; more wait their turn off the event loop",
    )
    request_timeout_seconds: float = Field(
        default=15.0,
        gt=0,
        le=600,
        description="A client has this long to send a request's headers, and again its "
        "body (the connection is closed, or 408)",
    )
    max_connections: int = Field(
        default=1000,
        ge=1,
        description="Most connections and requests one worker holds at once (503 beyond)",
    )
    response_cache_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=0,
        description="Bytes of curriculum and plan answers kept per process, keys and "
        "headers included (0: off)",
    )
    xapi_endpoint: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s<>\"'{}|\\^`]+$",
        description="The LRS's xAPI base (e.g. https://lrs.example/xAPI/): progress, checks, "
        "answers and reviews are sent there as xAPI 1.0.3 statements; off when unset",
    )
    xapi_username: str | None = Field(default=None, description="HTTP Basic user at the LRS")
    xapi_password: SecretStr | None = Field(
        default=None, description="HTTP Basic password at the LRS"
    )
    xapi_poll_seconds: float = Field(
        default=2.0,
        gt=0,
        le=60,
        description="How often the sender looks for statements queued by other processes "
        "and for retries (statements of its own process go at once)",
    )
    xapi_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Longest wait for one answer of the LRS"
    )

    @model_validator(mode="after")
    def _xapi_needs_a_home(self) -> Settings:
        if self.xapi_endpoint and not self.public_url:
            raise ValueError(
                "STUDYPATH_XAPI_ENDPOINT needs STUDYPATH_PUBLIC_URL: it is the home page of "
                "the learners' accounts and the base of the activity ids in the statements"
            )
        return self

    @field_validator("cors_origins", "frame_ancestors", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        # STUDYPATH_CORS_ORIGINS may be a JSON list or "https://a.example,https://b.example"
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator("data_dir")
    @classmethod
    def _data_dir_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"STUDYPATH_DATA_DIR={value} is not a folder")
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
