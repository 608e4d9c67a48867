"""Embed pages without a browser: status codes, security headers, escaping."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from graph import load_curriculum


def test_plan_page_has_one_node_per_step(client):
    r = client.get("/embed/plan", params={"goals": "kl", "lang": "zh"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    plan = client.get("/plans", params={"goals": "kl"}).json()
    assert r.text.count('<g class="step') == len(plan["steps"])
    assert r.text.count('class="step goal"') == 1
    assert "每周安排" in r.text and 'lang="zh-CN"' in r.text


def test_security_headers_and_frame_ancestors(mini, tmp_path):
    url = f"sqlite:///{tmp_path / 'e.db'}"
    closed = TestClient(create_app(settings=Settings(database_url=url), curriculum=mini))
    csp = closed.get("/embed/plan", params={"goals": "kl"}).headers["content-security-policy"]
    assert (
        "frame-ancestors 'self'" in csp
        and "script-src 'self'" in csp
        and "default-src 'none'" in csp
    )
    assert "https://" not in csp
    portal = TestClient(
        create_app(
            settings=Settings(database_url=url, frame_ancestors=["https://portal.example"]),
            curriculum=mini,
        )
    )
    page = portal.get("/embed/plan", params={"goals": "kl"})
    assert (
        "frame-ancestors 'self' https://portal.example" in page.headers["content-security-policy"]
    )
    assert 'data-allowed-origins="https://portal.example"' in page.text


def test_errors_are_readable_pages(client):
    r = client.get("/embed/concept/entrpy")
    assert (
        r.status_code == 404
        and "<h1>" in r.text
        and "entropy" in r.text
        and "Traceback" not in r.text
    )
    r = client.get("/embed/plan", params={"goals": "nope"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    r = client.get("/embed/plan", params={"goals": "kl", "hours_per_week": "lots"})
    assert r.status_code == 422 and "hours_per_week" in r.text


def test_concept_page_highlights_source(client):
    r = client.get("/embed/concept/kl", params={"lang": "en"})
    assert r.status_code == 200
    assert 'class="hl"' in r.text and "def</span>" in r.text  # Pygments markup
    assert "Prerequisites" in r.text and 'data-concept="entropy"' in r.text


def test_text_from_curriculum_and_request_is_inert(mini_copy, tmp_path):
    text = (mini_copy / "concepts.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "name: {en: KL divergence, zh: KL 散度}",
        'name: {en: "<script>alert(1)</script>", zh: "<img src=x onerror=alert(2)>"}',
    )
    (mini_copy / "concepts.yaml").write_text(text, encoding="utf-8")
    hostile = load_curriculum(mini_copy)
    c = TestClient(
        create_app(
            settings=Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}"), curriculum=hostile
        )
    )
    for lang in ("en", "zh"):
        page = c.get("/embed/plan", params={"goals": "kl", "lang": lang}).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or "&lt;img src=x" in page
    concept = c.get("/embed/concept/kl").text
    assert "<script>alert" not in concept
    evil_goal = c.get("/embed/plan", params={"goals": "<script>alert(3)</script>"})
    assert evil_goal.status_code == 422 and "<script>alert(3)" not in evil_goal.text
    svg = c.get("/plans", params={"goals": "kl", "format": "svg"}).text
    assert "<script>" not in svg
