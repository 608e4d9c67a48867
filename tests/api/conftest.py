from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.dbs import clear, postgres_database  # noqa: F401  (fixture)


@pytest.fixture
def client(mini, tmp_path) -> TestClient:
    return TestClient(
        create_app(
            settings=Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}"), curriculum=mini
        )
    )


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'learners.db'}"
    return request.getfixturevalue("postgres_database")


@pytest.fixture
def learner_client(mini, db_url) -> Iterator[TestClient]:
    app = create_app(settings=Settings(database_url=db_url), curriculum=mini)
    with TestClient(app) as c:
        yield c
    clear(app.state.engine)
    app.state.engine.dispose()
