"""The migrations build the schema the models describe, on SQLite and PostgreSQL, and an
older database upgrades without losing its learners."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel, select

import store.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from store import learners as repo
from store.db import make_engine
from store.embed_tokens import issue_embed_token, learner_for_embed_token
from store.migrate import MIGRATIONS, current_revision, upgrade
from store.models import Learner, LearnerCreate
from tests.dbs import clear, database_url, postgres_database  # noqa: F401  (fixture)


@pytest.fixture(params=["sqlite", "postgres"])
def empty_engine(request, tmp_path):
    url = database_url(request, tmp_path)
    eng = make_engine(url)
    if eng.dialect.name == "postgresql":  # the session's database is shared: start it empty
        with eng.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    yield eng
    eng.dispose()


def test_the_migrated_schema_is_the_models_schema(empty_engine):
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_a_database_at_0003_upgrades_and_keeps_its_learners(empty_engine):
    assert upgrade(empty_engine, "0003") == "0003"
    assert "embed_token" not in inspect(empty_engine).get_table_names()
    with Session(empty_engine) as s:
        learner, _ = repo.create_learner(s, LearnerCreate(display_name="older"))
        lid = learner.id
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None and head > "0003"
    assert upgrade(empty_engine) == current_revision(empty_engine) == head
    with Session(empty_engine) as s:
        assert s.exec(select(Learner.display_name).where(Learner.id == lid)).one() == "older"
        token, _ = issue_embed_token(s, lid, 60)
        found = learner_for_embed_token(s, token)
        assert found is not None and found[0].id == lid
    clear(empty_engine)
