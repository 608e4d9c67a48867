from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings


@pytest.fixture
def client(mini) -> TestClient:
    return TestClient(create_app(settings=Settings(), curriculum=mini))
