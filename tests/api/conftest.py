from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.dbs import clear, database_url, postgres_database  # noqa: F401  (fixture)


@pytest.fixture
def client(mini, tmp_path) -> TestClient:
    return TestClient(
        create_app(
            settings=Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}"), curriculum=mini
        )
    )


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path) -> str:
    return database_url(request, tmp_path, "learners.db")


@pytest.fixture
def learner_client(mini, db_url) -> Iterator[TestClient]:
    app = create_app(settings=Settings(database_url=db_url), curriculum=mini)
    with TestClient(app) as c:
        yield c
    clear(app.state.engine)
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A live server on a fresh SQLite database, for the browser tests of one module."""
    from tests.live import live_server

    db = tmp_path_factory.mktemp("browser") / "b.db"
    with live_server({"STUDYPATH_DATABASE_URL": f"sqlite:///{db}"}) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium (tests/browser.py: the module using it has checked it exists)."""
    from tests.browser import ARGS, CHROMIUM, playwright

    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
