"""GET /concepts?q= ranks by relevance (graph/search.py), on the bundled curriculum."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings


def test_concept_search_is_ranked(bundled, tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 's.db'}")
    with TestClient(create_app(settings=settings, curriculum=bundled)) as c:
        first = c.get("/concepts", params={"q": "rlhf"}).json()["data"][0]["id"]
        typo = c.get("/concepts", params={"q": "distilation"}).json()["data"][0]["id"]
        zh = c.get("/concepts", params={"q": "熵", "limit": 50}).json()
        assert first == "rlhf-ppo" and typo == "knowledge-distillation"
        assert zh["count"] >= 10 and "shannon-entropy" in [x["id"] for x in zh["data"]]
        only = c.get("/concepts", params={"q": "entropy", "discipline": "llm"}).json()["data"]
        assert all(x["discipline"] == "llm" for x in only)


def test_an_unknown_goal_is_answered_with_close_names(bundled, tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}")
    with TestClient(create_app(settings=settings, curriculum=bundled)) as c:
        r = c.get("/plans", params={"goals": "知识蒸留"})
        assert r.status_code == 422
        assert "knowledge-distillation" in r.json()["error"]["message"]
        by_name = c.get("/plans", params={"goals": "知识蒸馏"})
        assert by_name.status_code == 200 and by_name.json()["goals"] == ["knowledge-distillation"]
