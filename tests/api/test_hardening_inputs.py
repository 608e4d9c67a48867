"""Hardening II, in process: hostile input values (dates, NUL, links, braces, markup),
cached CORS, huge curricula against the memory budget, small HTTP defects."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import bibtexparser
import pytest
import yaml
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from graph import load_curriculum
from graph.errors import DataValidationError
from tests.conftest import FIXTURES
from tests.dbs import clear


@pytest.mark.parametrize("start", ["9999-12-31", "9999-12-26", "9999-12-20"])
def test_start_dates_near_the_end_of_the_calendar_are_422(client, start):
    """Defect 4: start_date near 9999-12-31 was a 500 on every planning route."""
    for method, path, kwargs in (
        ("get", "/plans", {"params": {"goals": "kl", "start_date": start}}),
        ("get", "/plans", {"params": {"goals": "kl", "start_date": start, "format": "ics"}}),
        ("post", "/plans", {"json": {"goals": ["kl"], "start_date": start}}),
        ("post", "/reading-lists", {"json": {"goals": ["kl"], "start_date": start}}),
    ):
        r = getattr(client, method)(path, **kwargs)
        assert r.status_code == 422, (path, r.text)
        assert r.json()["error"]["details"]["problems"][0]["where"] == "parameter 'start_date'"


def test_the_latest_start_date_offered_works(client):
    r = client.get("/plans", params={"goals": "kl", "start_date": "9999-12-31"})
    latest = r.json()["error"]["message"].split("start on ")[1].split(" ")[0]
    ok = client.get("/plans", params={"goals": "kl", "start_date": latest, "format": "ics"})
    assert ok.status_code == 200 and b"DTSTART" in ok.content


def test_saving_a_learner_plan_with_a_late_start_date_is_422(learner_client):
    made = learner_client.post("/learners", json={"display_name": "d", "goals": ["kl"]}).json()
    auth = {"Authorization": f"Bearer {made['token']}"}
    r = learner_client.post(
        f"/learners/{made['id']}/plans", json={"start_date": "9999-12-30"}, headers=auth
    )
    assert r.status_code == 422 and "start_date" in r.json()["error"]["message"]


def test_nul_characters_are_refused_without_leaking_parameters(learner_client, caplog):
    """Defect 5: a NUL in any string was a 500 on PostgreSQL, whose traceback logged the
    SQL parameters, token hash included."""
    caplog.set_level(logging.DEBUG)
    r = learner_client.post("/learners", json={"display_name": "a\u0000b"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_text"
    assert "display_name" in r.json()["error"]["message"]
    made = learner_client.post("/learners", json={"display_name": "fine"}).json()
    auth = {"Authorization": f"Bearer {made['token']}"}
    r = learner_client.patch(
        f"/learners/{made['id']}", json={"display_name": "x\u0000"}, headers=auth
    )
    assert r.status_code == 422
    assert (
        learner_client.get(f"/learners/{made['id']}", headers=auth).json()["display_name"] == "fine"
    )
    assert "sp_" not in caplog.text and "token_hash" not in caplog.text
    assert "Traceback" not in caplog.text


def test_sql_parameters_never_reach_error_text(learner_client):
    from sqlalchemy import text

    engine = learner_client.app.state.engine
    with pytest.raises(Exception) as err, engine.connect() as conn:
        conn.execute(
            text("SELECT CAST(:secret AS INTEGER) + no_such_column"), {"secret": "sp_SECRET"}
        )
    assert "sp_SECRET" not in str(err.value)


def test_cors_headers_are_per_caller_on_cached_routes(mini, tmp_path):
    """Defect 7: the first caller's Access-Control-Allow-Origin was replayed to later ones."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'c.db'}",
        cors_origins=["https://a.example", "https://b.example"],
    )
    client = TestClient(create_app(settings=settings, curriculum=mini))
    first = client.get("/concepts/kl", headers={"Origin": "https://a.example"})
    again = client.get("/concepts/kl", headers={"Origin": "https://b.example"})
    stranger = client.get("/concepts/kl", headers={"Origin": "https://evil.example"})
    bare = client.get("/concepts/kl")
    assert first.headers["access-control-allow-origin"] == "https://a.example"
    assert again.headers["access-control-allow-origin"] == "https://b.example"
    assert "access-control-allow-origin" not in stranger.headers
    assert "access-control-allow-origin" not in bare.headers
    assert client.app.state.response_cache.hits >= 3  # all served from the cache
    assert "origin" in again.headers.get("vary", "").lower()


def _mini_with(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "curriculum"
    shutil.copytree(FIXTURES / "mini", folder)
    books = yaml.safe_load((folder / "textbooks.yaml").read_text(encoding="utf-8"))
    edit(books)
    (folder / "textbooks.yaml").write_text(yaml.safe_dump(books, allow_unicode=True))
    return folder


@pytest.mark.parametrize(
    "field,value",
    [
        ("free_url", "javascript:alert(document.cookie)"),
        ("free_url", "data:text/html,<script>alert(1)</script>"),
        ("url", 'https://x.example/"><script>alert(1)</script>'),
    ],
)
def test_links_must_be_http(tmp_path, field, value):
    """Defect 10: javascript: URLs were accepted and rendered as links."""

    def edit(books):  # type: ignore[no-untyped-def]
        books["books"][0][field] = value

    with pytest.raises(DataValidationError) as err:
        load_curriculum(_mini_with(tmp_path, edit))
    problem = err.value.problems[0]
    assert problem.file == "textbooks.yaml" and field in (problem.field or problem.message)
    assert "http" in problem.message


def test_a_doi_cannot_add_a_bibtex_field(tmp_path):
    def edit(books):  # type: ignore[no-untyped-def]
        books["papers"][0]["doi"] = "10.1234/x},note={INJ"

    with pytest.raises(DataValidationError) as err:
        load_curriculum(_mini_with(tmp_path, edit))
    assert "doi" in (err.value.problems[0].field or err.value.problems[0].message)


def test_bibtex_stays_readable_with_braces_and_specials(tmp_path):
    """Defect 10: a '}' in a title made the whole BibTeX file unreadable to bibtexparser."""
    nasty = "Unbalanced } brace {, 100% & $x_1^2$ ~ #1 \\end"

    def edit(books):  # type: ignore[no-untyped-def]
        books["books"][0]["title"] = nasty
        books["papers"][0]["title"] = "}" + nasty

    from planner.export import to_bibtex
    from planner.models import PlanRequest
    from planner.plan import build_plan

    curriculum = load_curriculum(_mini_with(tmp_path, edit))
    goal = max(curriculum.concepts, key=lambda c: len(curriculum.concepts[c].prerequisites))
    plan = build_plan(curriculum=curriculum, request=PlanRequest(goals=[goal]))
    text = to_bibtex(curriculum, plan)
    entries = bibtexparser.loads(text).entries
    expected = {"book-a", "paper-a"} & {
        r.get("book") or r.get("paper") for s in plan.steps for r in s.resources
    }
    assert len(entries) == len(expected) >= 1, text
    for e in entries:
        assert set(e) - {"ENTRYTYPE", "ID"} <= {
            "title",
            "author",
            "publisher",
            "year",
            "edition",
            "isbn",
            "url",
            "note",
            "journal",
            "howpublished",
            "doi",
            "eprint",
            "archiveprefix",
        }
        assert "textbraceright" in e["title"]


def test_markdown_shows_curriculum_markup_as_text(tmp_path):
    """Defect 11: Markdown carried curriculum HTML raw."""
    folder = tmp_path / "curriculum"
    shutil.copytree(FIXTURES / "mini", folder)
    doc = yaml.safe_load((folder / "concepts.yaml").read_text(encoding="utf-8"))
    doc["concepts"][0]["name"]["en"] = "<img src=x onerror=alert(1)> [x](javascript:alert(1))"
    (folder / "concepts.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    curriculum = load_curriculum(folder)
    from planner.export import to_markdown
    from planner.models import PlanRequest
    from planner.plan import build_plan

    first = doc["concepts"][0]["id"]
    md = to_markdown(
        curriculum, build_plan(curriculum=curriculum, request=PlanRequest(goals=[first]))
    )
    assert "<img" not in md and "&lt;img" in md
    assert "\\[x\\](javascript:" in md  # brackets escaped: text, not a link


def test_huge_curricula_meet_the_memory_budget_with_a_named_problem(tmp_path, monkeypatch):
    """Defect 9: a 200 MB invalid curriculum ran validate to 9.3 GB and a MemoryError
    traceback. The budget is the mechanism; here it is made small instead of the file big."""
    folder = tmp_path / "curriculum"
    shutil.copytree(FIXTURES / "mini", folder)
    text = (folder / "concepts.yaml").read_text(encoding="utf-8")
    (folder / "concepts.yaml").write_text(text.replace("id: entropy", "id: entropy2", 1))
    size = (folder / "concepts.yaml").stat().st_size
    from graph.memory import CAREFUL_BYTES_PER_BYTE, FAST_BYTES_PER_BYTE

    # room for the fast read, not for the careful one: problems come without lines
    monkeypatch.setenv(
        "STUDYPATH_VALIDATE_MEMORY_BYTES",
        str(size * (FAST_BYTES_PER_BYTE + CAREFUL_BYTES_PER_BYTE) // 2),
    )
    with pytest.raises(DataValidationError) as err:
        load_curriculum(folder)
    codes = [p.code for p in err.value.problems]
    assert codes[-1] == "too-large-for-memory" and len(codes) >= 2, codes
    assert "STUDYPATH_VALIDATE_MEMORY_BYTES" in err.value.problems[-1].message
    # no room even for the fast read: refused before reading
    monkeypatch.setenv("STUDYPATH_VALIDATE_MEMORY_BYTES", str(size))
    with pytest.raises(DataValidationError) as err:
        load_curriculum(folder)
    assert [p.code for p in err.value.problems] == ["too-large-for-memory"]


def test_a_memory_error_while_loading_is_a_named_problem(tmp_path, monkeypatch):
    import graph.loader

    def exhausted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise MemoryError

    monkeypatch.setattr(graph.loader, "parse_folder", exhausted)
    with pytest.raises(DataValidationError) as err:
        load_curriculum(FIXTURES / "mini")
    assert [p.code for p in err.value.problems] == ["out-of-memory"]


def test_small_http_defects(client):
    """Defect 11: HEAD /health was 405; SVG had no CSP; the Host header went into pages."""
    assert client.head("/health").status_code == 200
    svg = client.get("/plans", params={"goals": "kl", "format": "svg"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'none'" in svg.headers["content-security-policy"]
    page = client.get("/embed/plan", params={"goals": "kl"}, headers={"Host": "evil.example"})
    assert page.status_code == 200 and "evil.example" not in page.text
    assert 'href="/embed/static/embed.css"' in page.text


def test_learner_routes_answer_503_when_every_database_thread_is_stuck(mini, tmp_path):
    """The thread budget of the database door: slots held by calls that never returned
    refuse new calls at once instead of piling up threads."""
    app = create_app(
        settings=Settings(database_url=f"sqlite:///{tmp_path / 'd.db'}"), curriculum=mini
    )
    db = app.state.database
    taken = 0
    while db._slots.acquire(blocking=False):  # as abandoned threads would hold them
        taken += 1
    try:
        with TestClient(app) as c:
            r = c.post("/learners", json={"display_name": "x"})
            assert r.status_code == 503 and r.headers["retry-after"] == "5"
            assert c.get("/concepts/kl").status_code == 200
    finally:
        for _ in range(taken):
            db._slots.release()
        clear(app.state.engine)
