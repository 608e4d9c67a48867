"""Limits answer with the one error shape and name the limit; security headers everywhere."""

from __future__ import annotations


def test_body_over_the_limit_is_413(client):
    big = {"goals": ["kl"], "known": ["x" * 100] * 20000}
    r = client.post("/plans", json=big)
    assert r.status_code == 413
    body = r.json()["error"]
    assert (
        body["code"] == "too_large"
        and body["details"]["limit"] == 1024 * 1024
        and "limit" in body["message"]
    )


def test_chunked_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(300):
            yield b"x" * 8192

    r = client.post("/plans", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_query_over_the_limit_is_422(client):
    r = client.get("/plans", params={"goals": "kl", "known": ",".join(["probability"] * 2000)})
    assert r.status_code == 422 and r.json()["error"]["details"]["limit"] == 16 * 1024


def test_list_and_page_limits_are_named(client):
    r = client.get("/concepts", params={"limit": 501})
    assert r.status_code == 422 and "'limit'" in r.json()["error"]["message"]
    r = client.post("/plans", json={"goals": ["kl"], "known": ["probability"] * 10001})
    assert r.status_code == 422 and "'known'" in r.json()["error"]["message"]


def test_security_headers(client):
    r = client.get("/concepts/kl")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert r.headers["referrer-policy"] == "no-referrer"
    html = client.get("/embed/plan", params={"goals": "kl"})
    assert html.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'self'" in html.headers["content-security-policy"]
    created = client.post("/learners", json={"display_name": "h"}).json()
    me = client.get(
        f"/learners/{created['id']}", headers={"Authorization": f"Bearer {created['token']}"}
    )
    assert me.headers["cache-control"] == "no-store"
    cached = client.get("/concepts/kl", headers={"If-None-Match": r.headers["etag"]})
    assert cached.status_code == 304 and cached.headers["x-content-type-options"] == "nosniff"
