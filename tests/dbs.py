"""Database fixtures: every store and learner-API test runs on SQLite and on PostgreSQL.

PostgreSQL is the server on 127.0.0.1:5432 (user postgres, database test) unless
STUDYPATH_TEST_POSTGRES_URL names another; tests that need it skip with the reason when
none is reachable. A throwaway database is created for the session and dropped after.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

ADMIN_URL = os.environ.get(
    "STUDYPATH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_reason() -> str | None:
    try:
        engine = create_engine(ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except (OperationalError, ImportError) as err:
        return f"no PostgreSQL reachable at {ADMIN_URL} ({err.__class__.__name__}); CI starts one"
    return None


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    name = f"studypath_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def clear(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        for table in (
            "review_event",
            "review_card",
            "answer_record",
            "placement",
            "saved_plan",
            "progress",
            "embed_token",
            "lti_user",
            "learner",
        ):
            conn.execute(text(f"DELETE FROM {table}"))


def database_url(request: pytest.FixtureRequest, tmp_path: object, name: str = "store.db") -> str:
    """The database of a test parametrized over ["sqlite", "postgres"]: a SQLite file of its
    own, or the session's PostgreSQL database (skipped with the reason where none is)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/{name}"
    url: str = request.getfixturevalue("postgres_database")
    return url
