"""Questions, placement and review over HTTP (DESIGN.md section 10), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from graph.parse import bundled_data_dir
from graph.queries import prerequisite_closure
from graph.questions import load_questions
from tests.dbs import clear, postgres_database  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def bank(bundled):
    return load_questions(bundled_data_dir(), bundled.concepts)


@pytest.fixture
def app_client(bundled, bank, db_url) -> Iterator[TestClient]:
    app = create_app(settings=Settings(database_url=db_url), curriculum=bundled, questions=bank)
    with TestClient(app) as c:
        yield c
    clear(app.state.engine)
    app.state.engine.dispose()


def _first_with_questions(bank, kind):
    return next(q for q in bank.questions.values() if q.kind == kind)


def test_questions_are_served_without_answers(app_client, bank):
    q = _first_with_questions(bank, "choice")
    r = app_client.get(f"/concepts/{q.concept}/questions", params={"lang": "zh"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(bank.for_concept(q.concept)) >= 1
    shown = next(x for x in body["data"] if x["id"] == q.id)
    assert set(shown) == {"id", "concept_id", "kind", "prompt", "choices"}
    assert shown["prompt"] == q.prompt.zh and shown["choices"] == [c.zh for c in q.choices]
    assert "answer" not in r.text and "explanation" not in r.text


def test_answers_are_graded_and_bad_answers_are_422(app_client, bank):
    choice = _first_with_questions(bank, "choice")
    right = app_client.post(f"/questions/{choice.id}/answer", json={"answer": choice.answer})
    assert right.status_code == 200 and right.json()["correct"] is True
    wrong = (choice.answer + 1) % len(choice.choices)
    r = app_client.post(f"/questions/{choice.id}/answer?lang=zh", json={"answer": wrong})
    assert r.json()["correct"] is False and r.json()["expected"] == choice.answer
    assert r.json()["explanation"] == choice.explanation.zh
    out = app_client.post(f"/questions/{choice.id}/answer", json={"answer": len(choice.choices)})
    assert out.status_code == 422 and "out of range" in out.json()["error"]["message"]
    assert (
        app_client.post(f"/questions/{choice.id}/answer", json={"answer": "b"}).status_code == 422
    )
    assert app_client.post(f"/questions/{choice.id}/answer", json={}).status_code == 422
    numeric = next(q for q in bank.questions.values() if q.kind == "numeric" and q.tolerance)
    tol = numeric.tolerance
    near = app_client.post(
        f"/questions/{numeric.id}/answer", json={"answer": numeric.answer + tol / 2}
    )
    assert near.json()["correct"] is True
    far = app_client.post(
        f"/questions/{numeric.id}/answer", json={"answer": numeric.answer + 2 * tol + 1}
    )
    assert far.json()["correct"] is False
    missing = app_client.post("/questions/no-such-question/answer", json={"answer": 1})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def _answer_as(bank, knows, question_id):
    q = bank.question(question_id)
    if q.concept in knows:
        return q.answer
    return (q.answer + 1) % len(q.choices) if q.kind == "choice" else q.answer + 1e6


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_placement_for_distillation_leaves_out_what_the_learner_knows(
    app_client, bundled, bank, language
):
    # a learner who knows probability, entropy and cross-entropy (closed under prerequisites)
    knows = {
        "cross-entropy",
        *prerequisite_closure(bundled, "cross-entropy", include_recommended=False),
    }
    goal = (
        "knowledge-distillation"
        if language == "en"
        else bundled.concepts["knowledge-distillation"].name.zh
    )
    r = app_client.post("/placements", json={"goals": [goal], "language": language})
    assert r.status_code == 201, r.text
    step = r.json()
    assert step["asked"] == 0 and step["done"] is False
    pid = step["id"]
    if language == "zh":
        assert any("\u4e00" <= ch <= "\u9fff" for ch in step["question"]["prompt"])
    while not step["done"]:
        qid = step["question"]["id"]
        r = app_client.post(
            f"/placements/{pid}/answers",
            json={"question_id": qid, "answer": _answer_as(bank, knows, qid)},
        )
        assert r.status_code == 200, r.text
        step = r.json()
        assert step["asked"] <= 30
    assert set(step["known"]) == knows & set(step["known"]) and set(step["known"]) >= knows - {
        c for c in knows if not bank.for_concept(c)
    }
    plan = app_client.get(
        "/plans", params={"goals": "knowledge-distillation", "known": ",".join(step["known"])}
    ).json()
    planned = {s["id"] for s in plan["steps"]}
    assert planned.isdisjoint(knows) and "knowledge-distillation" in planned
    # finished: further answers are 409; unknown placement 404
    again = app_client.post(f"/placements/{pid}/answers", json={"question_id": qid, "answer": 0})
    assert again.status_code == 409
    assert (
        app_client.post(
            "/placements/nope/answers", json={"question_id": qid, "answer": 0}
        ).status_code
        == 404
    )


def test_an_answer_to_another_question_is_409(app_client, bank):
    step = app_client.post("/placements", json={"goals": ["kl-divergence"]}).json()
    other = next(q for q in bank.questions if q != step["question"]["id"])
    r = app_client.post(
        f"/placements/{step['id']}/answers", json={"question_id": other, "answer": 0}
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    bad = app_client.post("/placements", json={"goals": ["no-such-goal"]})
    assert bad.status_code == 422


def _learner(client):
    r = client.post("/learners", json={"display_name": "r"}).json()
    return r["id"], {"Authorization": f"Bearer {r['token']}"}


def test_reviews_enroll_on_mastery_and_credit_required_prerequisites(app_client, bundled):
    lid, auth = _learner(app_client)
    base = "shannon-entropy"
    advanced = "kl-divergence"
    assert base in prerequisite_closure(bundled, advanced, include_recommended=False)
    # not enrolled yet
    r = app_client.post(
        f"/learners/{lid}/reviews/{advanced}", json={"rating": "good"}, headers=auth
    )
    assert r.status_code == 409
    for c in (base, advanced):
        assert (
            app_client.put(
                f"/learners/{lid}/progress/{c}", json={"status": "mastered"}, headers=auth
            ).status_code
            == 200
        )
    cards = app_client.get(f"/learners/{lid}/reviews", headers=auth).json()
    assert {c["concept_id"] for c in cards["data"]} == {base, advanced}
    before = {c["concept_id"]: c for c in cards["data"]}
    r = app_client.post(
        f"/learners/{lid}/reviews/{advanced}", json={"rating": "good"}, headers=auth
    )
    assert r.status_code == 200 and r.json()["credited"] == [base]
    after = {
        c["concept_id"]: c
        for c in app_client.get(f"/learners/{lid}/reviews", headers=auth).json()["data"]
    }
    # the basic concept was pushed back by the implicit repetition
    assert after[base]["due"] > before[base]["due"]
    # "hard" credits nothing
    r = app_client.post(
        f"/learners/{lid}/reviews/{advanced}", json={"rating": "hard"}, headers=auth
    )
    assert r.json()["credited"] == []
    bad = app_client.post(
        f"/learners/{lid}/reviews/{advanced}", json={"rating": "great"}, headers=auth
    )
    assert bad.status_code == 422
    # due_before filters, inclusive; ics lists one all-day event per due concept
    far = (datetime.now(UTC) + timedelta(days=3650)).isoformat()
    assert (
        app_client.get(f"/learners/{lid}/reviews", params={"due_before": far}, headers=auth).json()[
            "count"
        ]
        == 2
    )
    past = "2000-01-01T00:00:00Z"
    assert (
        app_client.get(
            f"/learners/{lid}/reviews", params={"due_before": past}, headers=auth
        ).json()["count"]
        == 0
    )
    ics = app_client.get(f"/learners/{lid}/reviews", params={"format": "ics"}, headers=auth)
    assert (
        ics.headers["content-type"].startswith("text/calendar")
        and ics.text.count("BEGIN:VEVENT") == 2
    )
    # export holds cards, events and answers; removing the mark removes the card
    export = app_client.get(f"/learners/{lid}/export", headers=auth).json()
    assert len(export["reviews"]) == 2 and len(export["review_events"]) == 5
    app_client.delete(f"/learners/{lid}/progress/{base}", headers=auth)
    left = app_client.get(f"/learners/{lid}/reviews", headers=auth).json()
    assert [c["concept_id"] for c in left["data"]] == [advanced]
    # no token 401, another learner's token 404
    assert app_client.get(f"/learners/{lid}/reviews").status_code == 401
    _, other = _learner(app_client)
    assert app_client.get(f"/learners/{lid}/reviews", headers=other).status_code == 404


def test_answers_with_a_token_are_stored_with_the_learner(app_client, bank):
    lid, auth = _learner(app_client)
    q = _first_with_questions(bank, "choice")
    app_client.post(f"/questions/{q.id}/answer", json={"answer": q.answer}, headers=auth)
    export = app_client.get(f"/learners/{lid}/export", headers=auth).json()
    assert [(a["question_id"], a["correct"]) for a in export["answers"]] == [(q.id, True)]
    bad = app_client.post(
        f"/questions/{q.id}/answer", json={"answer": 0}, headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401
    assert app_client.delete(f"/learners/{lid}", headers=auth).status_code == 204


def test_placements_are_bounded_and_bad_input_gets_the_error_shape(bundled, bank, tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", max_placements=2)
    with TestClient(create_app(settings=settings, curriculum=bundled, questions=bank)) as c:
        for _ in range(2):
            assert c.post("/placements", json={"goals": ["softmax"]}).status_code == 201
        full = c.post("/placements", json={"goals": ["softmax"]})
        assert full.status_code == 503 and full.headers["retry-after"] == "60"
        assert full.json()["error"]["code"] == "busy"
        for body in (
            {"goals": []},
            {"goals": ["softmax"], "language": "fr"},
            {"goal": ["softmax"]},
        ):
            r = c.post("/placements", json=body)
            assert r.status_code == 422 and "error" in r.json(), body
        r = c.post("/placements/" + "x" * 40 + "/answers", json={"question_id": "q", "answer": 1})
        assert r.status_code == 422
    with TestClient(create_app(settings=settings, curriculum=bundled)) as bare:
        r = bare.post("/placements", json={"goals": ["softmax"]})
        assert r.status_code == 422 and "no questions" in r.json()["error"]["message"]
        assert bare.get("/concepts/softmax/questions").json() == {"data": [], "count": 0}


def test_an_embed_token_cannot_record_answers(app_client, bank):
    q = _first_with_questions(bank, "choice")
    r = app_client.post("/learners", json={"display_name": "e"}).json()
    auth = {"Authorization": f"Bearer {r['token']}"}
    embed = app_client.post(f"/learners/{r['id']}/embed-tokens", headers=auth).json()["token"]
    refused = app_client.post(
        f"/questions/{q.id}/answer", json={"answer": q.answer}, headers={"Authorization": f"Bearer {embed}"}
    )
    assert refused.status_code == 403 and "embed token" in refused.json()["error"]["message"]
    exported = app_client.get(f"/learners/{r['id']}/export", headers=auth)
    assert exported.status_code == 200 and exported.json()["answers"] == []  # nothing recorded
