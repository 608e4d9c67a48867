from __future__ import annotations

import pytest


def error_shape(body: dict) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}


def test_health_and_version(client, mini):
    assert client.get("/health").json() == {"status": "ok"}
    v = client.get("/version").json()
    assert v["curriculum_version"] == mini.version and v["counts"]["concepts"] == 5


def test_concept_detail_resolves_chapters(client):
    body = client.get("/concepts/entropy").json()
    assert body["name"] == {"en": "Shannon entropy", "zh": "香农熵"}
    core = body["resources"][0]
    assert (core["book"], core["chapter"], core["chapter_title"], core["section_title"]) == (
        "book-a",
        2,
        "Entropy",
        "Definition",
    )
    assert [p["id"] for p in body["prerequisites"]] == ["probability", "logarithms", "calculus"]
    assert body["prerequisites"][2]["strength"] == "recommended"
    assert [d["id"] for d in body["dependents"]] == ["kl"]
    assert body["implementation"]["cli"] == "studypath run entropy"


def test_any_of_group_in_detail(client):
    body = client.get("/concepts/kl").json()
    group = body["prerequisites"][1]
    assert [m["id"] for m in group["any_of"]] == ["calculus", "logarithms"]


def test_unknown_concept_in_path_is_404_with_suggestion(client):
    r = client.get("/concepts/entrpy")
    assert r.status_code == 404
    error_shape(r.json())
    assert r.json()["error"]["details"]["suggestions"] == {"entrpy": ["entropy"]}


def test_unknown_discipline_in_query_is_422(client):
    r = client.get("/concepts", params={"discipline": "foundation"})
    assert r.status_code == 422
    assert r.json()["error"]["details"]["suggestions"]["foundation"] == ["foundations"]


@pytest.mark.parametrize(
    "params,count",
    [
        ({}, 5),
        ({"discipline": "foundations"}, 3),
        ({"kind": "concept"}, 2),
        ({"level": 2}, 2),
        ({"q": "香农"}, 1),
        ({"q": "ENTROPY"}, 1),
        ({"q": "bits"}, 1),
    ],
)
def test_list_filters(client, params, count):
    body = client.get("/concepts", params=params).json()
    assert body["count"] == count and len(body["data"]) == count


def test_pagination(client):
    page = client.get("/concepts", params={"limit": 2, "offset": 2}).json()
    assert page["count"] == 5 and [c["id"] for c in page["data"]] == ["calculus", "entropy"]


@pytest.mark.parametrize(
    "url,param",
    [
        ("/concepts?limit=0", "limit"),
        ("/concepts?limit=abc", "limit"),
        ("/concepts?level=7", "level"),
        ("/concepts?kind=thing", "kind"),
        ("/graph?format=png", "format"),
    ],
)
def test_bad_parameters_name_the_parameter(client, url, param):
    r = client.get(url)
    assert r.status_code == 422
    error_shape(r.json())
    assert f"'{param}'" in r.json()["error"]["message"]


def test_closures(client):
    up = client.get("/concepts/kl/prerequisites", params={"closure": "true"}).json()
    assert {c["id"]: c["distance"] for c in up["data"]} == {
        "entropy": 1,
        "calculus": 1,
        "logarithms": 1,
        "probability": 2,
    }
    down = client.get("/concepts/probability/dependents", params={"closure": "true"}).json()
    assert [c["id"] for c in down["data"]] == ["entropy", "kl"]


def test_implementation_route_returns_source(client):
    body = client.get("/concepts/kl/implementation").json()
    assert "def run(" in body["source"] and body["command"].startswith(
        "python -m implementations."
    )


def test_textbooks_and_papers(client):
    assert client.get("/textbooks").json()["count"] == 1
    assert client.get("/papers/paper-a").json()["link"] == "https://doi.org/10.1000/xyz123"
    assert client.get("/textbooks/nope").status_code == 404


def test_graph_formats(client):
    j = client.get("/graph").json()
    assert len(j["nodes"]) == 5 and len(j["links"]) == 6
    assert client.get("/graph?format=mermaid").text.startswith("flowchart TD")
    dot = client.get("/graph?format=dot&discipline=information-theory").text
    assert '"entropy" -> "kl"' in dot and "probability" not in dot


def test_a_graph_too_large_to_draw_is_refused_with_the_way_out(mini, tmp_path):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}", graph_max_concepts=4)
    client = TestClient(create_app(settings=settings, curriculum=mini))
    r = client.get("/graph")  # the mini curriculum has 5 concepts
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "graph_too_large" and "'discipline'" in error["message"]
    assert error["details"] == {"parameter": "discipline", "concepts": 5, "limit": 4}
    assert client.get("/graph?discipline=information-theory").status_code == 200


def test_etag_and_not_modified(client):
    r = client.get("/concepts/kl")
    tag = r.headers["etag"]
    assert "max-age" in r.headers["cache-control"]
    again = client.get("/concepts/kl", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert client.get("/concepts/entropy").headers["etag"] != tag


def test_response_cache_replays_200s_only(client):
    cache = client.app.state.response_cache
    first = client.get("/plans", params={"goals": "kl", "format": "md"})
    hits = cache.hits
    second = client.get("/plans", params={"goals": "kl", "format": "md"})
    assert second.content == first.content and cache.hits == hits + 1
    assert second.headers["etag"] == first.headers["etag"]
    for _ in range(2):
        bad = client.get("/plans", params={"goals": "nope"})
        assert bad.status_code == 422
    assert not any("nope" in k for k in cache._items)


def test_response_cache_is_bounded_by_bytes():
    from api.cache import ENTRY_OVERHEAD, CachedResponse, ResponseCache

    one = 1 + 40 + ENTRY_OVERHEAD  # key, body, overhead
    cache = ResponseCache(max_bytes=2 * one + 10, max_item_bytes=one + 20)
    for i in range(5):
        cache.put(str(i), CachedResponse(200, (), b"x" * 40))
    assert cache.size_bytes <= 2 * one + 10 and len(cache) == 2
    assert cache.get("0") is None and cache.get("4") is not None
    cache.put("big", CachedResponse(200, (), b"x" * 61))
    assert cache.get("big") is None
    # keys count: an entry whose key alone is over the item limit is not kept
    cache.put("k" * (one + 21), CachedResponse(200, (), b""))
    assert len(cache) == 2


def test_cors_none_by_default_and_configurable(mini, tmp_path):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import Settings

    url = f"sqlite:///{tmp_path / 'c.db'}"
    closed = TestClient(create_app(settings=Settings(database_url=url), curriculum=mini))
    r = closed.get("/health", headers={"Origin": "https://portal.example"})
    assert "access-control-allow-origin" not in r.headers
    opened = TestClient(
        create_app(
            settings=Settings(database_url=url, cors_origins=["https://portal.example"]),
            curriculum=mini,
        )
    )
    r = opened.get("/health", headers={"Origin": "https://portal.example"})
    assert r.headers["access-control-allow-origin"] == "https://portal.example"
    r = opened.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_report_route(client):
    body = client.get("/graph/report", params={"max_closure": 2}).json()
    assert body["counts"]["concepts"] == 5 and "redundant_edges" in body
    short = client.get("/graph/report", params={"max_closure": 1, "limit": 1}).json()
    assert short["limit"] == 1 and short["totals"]["concepts_with_large_closure"] >= 2
    assert len(short["concepts_with_large_closure"]) == 1
