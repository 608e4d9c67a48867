"""xAPI statements delivered to a real LRS (Ralph, tests/lrs.py), on SQLite and PostgreSQL:
one statement per event, none lost while the LRS is down, none sent twice.

Ralph accepts statements that break xAPI's rules (it lets a verb id that is no IRI
through, say), so each statement is also checked here against the rules of xAPI 1.0.3
(Data, section 2) that apply to what studypath sends.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.main import create_app
from api.settings import Settings
from graph.parse import bundled_data_dir
from graph.questions import load_questions
from store import outbox
from store.models import XapiOutbox
from tests.dbs import clear, database_url, postgres_database  # noqa: F401  (fixture)
from tests.live import run_cli
from tests.lrs import PASSWORD, USER, Ralph  # skips this module without Ralph

HOME = "https://studypath.test"
ADL_VERB = re.compile(
    r"^http://adlnet\.gov/expapi/verbs/(completed|passed|failed|answered|experienced)$"
)
LANGUAGE_TAG = re.compile(
    r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
)  # RFC 5646 subset


@pytest.fixture(scope="module")
def ralph(tmp_path_factory) -> Iterator[Ralph]:
    lrs = Ralph(tmp_path_factory.mktemp("ralph"))
    lrs.start()
    yield lrs
    lrs.stop()


@pytest.fixture(scope="module")
def bank(bundled):
    return load_questions(bundled_data_dir(), bundled.concepts)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path) -> Iterator[str]:
    yield database_url(request, tmp_path, "xapi.db")


def make_app(url, bundled, bank, ralph, **overrides):
    settings = Settings(
        database_url=url,
        public_url=HOME,
        xapi_endpoint=ralph.endpoint,
        xapi_username=USER,
        xapi_password=PASSWORD,
        xapi_poll_seconds=0.2,
        **overrides,
    )
    return create_app(settings=settings, curriculum=bundled, questions=bank)


@pytest.fixture
def client(database, bundled, bank, ralph) -> Iterator[TestClient]:
    app = make_app(database, bundled, bank, ralph)
    with TestClient(app) as c:
        yield c
    _empty(app.state.engine)
    app.state.engine.dispose()


def _empty(engine) -> None:
    clear(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM xapi_outbox")


def learner(client, language="en"):
    r = client.post("/learners", json={"display_name": "x", "language": language}).json()
    return r["id"], {"Authorization": f"Bearer {r['token']}"}


def agent(lid):
    return {"objectType": "Agent", "account": {"homePage": HOME, "name": lid}}


def outbox_rows(client) -> list[XapiOutbox]:
    with Session(client.app.state.engine) as s:
        return list(s.exec(select(XapiOutbox)).all())


def wait_until_sent(client, timeout=30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not outbox_rows(client):
            return
        time.sleep(0.1)
    raise AssertionError(f"still in the outbox after {timeout} s: {outbox_rows(client)}")


def assert_follows_xapi(st: dict, lid: str) -> None:
    """The rules of xAPI 1.0.3 (Data 2.2-2.4) for the parts studypath fills in."""
    assert uuid.UUID(st["id"]).version == 4
    assert st["actor"] == agent(lid)  # one inverse functional identifier: the account
    assert urlparse(st["actor"]["account"]["homePage"]).scheme in ("http", "https")  # an IRL
    assert ADL_VERB.match(st["verb"]["id"])
    for tag in st["verb"]["display"]:
        assert LANGUAGE_TAG.match(tag), tag
    obj = st["object"]
    assert obj["objectType"] == "Activity" and urlparse(obj["id"]).scheme == "https"
    definition = obj["definition"]
    assert urlparse(definition["type"]).netloc == "adlnet.gov"
    for field in ("name", "description"):
        for tag, text in definition.get(field, {}).items():
            assert LANGUAGE_TAG.match(tag) and text.strip(), (field, tag)
    assert set(definition["name"]) == {"en-US", "zh-CN"}  # the curriculum has both
    if definition["type"].endswith("cmi.interaction"):
        assert definition["interactionType"] in ("choice", "numeric")
        assert definition["correctResponsesPattern"]
    stamp = datetime.fromisoformat(st["timestamp"].replace("Z", "+00:00"))
    assert stamp.tzinfo is not None
    score = st.get("result", {}).get("score")
    if score:
        assert score["min"] <= score["raw"] <= score["max"]
        if "scaled" in score:
            assert -1 <= score["scaled"] <= 1
    for key in st["context"].get("extensions", {}):
        assert urlparse(key).scheme == "https"
    assert LANGUAGE_TAG.match(st["context"]["language"])


def evidence(client, passed=3):
    return {
        "curriculum_version": client.app.state.curriculum.version,
        "checks_passed": passed,
        "checks_total": 3,
        "file_sha256": "0" * 64,
        "checked_at": "2026-12-03T10:00:00+00:00",
    }


def test_each_event_reaches_the_lrs_once(client, ralph, bank):
    lid, auth = learner(client, language="zh")
    put = lambda c, body: client.put(f"/learners/{lid}/progress/{c}", headers=auth, json=body)  # noqa: E731
    assert put("shannon-entropy", {"status": "mastered"}).status_code == 200
    assert put("shannon-entropy", {"status": "mastered"}).status_code == 200  # the same mark
    assert put("softmax", {"status": "verified", "evidence": evidence(client)}).status_code == 200
    assert put("cross-entropy", {"status": "learning"}).status_code == 200  # no outcome
    # a check run that failed (what `studypath check --learner` reports): no progress change
    failed = client.post(
        f"/learners/{lid}/checks/kl-divergence", headers=auth, json=evidence(client, passed=1)
    )
    assert failed.status_code == 202 and failed.json()["sent_to_lrs"] is True
    all_passed = client.post(
        f"/learners/{lid}/checks/kl-divergence", headers=auth, json=evidence(client, passed=3)
    )
    assert all_passed.status_code == 422 and "verified" in all_passed.text
    q = next(q for q in bank.questions.values() if q.kind == "choice")
    r = client.post(f"/questions/{q.id}/answer", json={"answer": q.answer}, headers=auth)
    assert r.status_code == 200
    assert (
        client.post(
            f"/learners/{lid}/reviews/shannon-entropy", json={"rating": "good"}, headers=auth
        ).status_code
        == 200
    )
    # a placement the learner started with their token: every answer, then its end
    step = client.post(
        "/placements", json={"goals": ["shannon-entropy"], "language": "zh"}, headers=auth
    ).json()
    asked = 0
    while not step["done"]:
        question = bank.question(step["question"]["id"])
        step = client.post(
            f"/placements/{step['id']}/answers",
            json={"question_id": question.id, "answer": question.answer},
        ).json()
        asked += 1
    wait_until_sent(client)

    held = ralph.statements(agent(lid))
    verbs = Counter(s["verb"]["id"].rsplit("/", 1)[1] for s in held)
    assert verbs == {
        "completed": 2,
        "passed": 1,
        "failed": 1,
        "answered": 1 + asked,
        "experienced": 1,
    }
    assert len({s["id"] for s in held}) == len(held)
    for st in held:
        assert_follows_xapi(st, lid)
        assert st["context"]["language"] == "zh-CN"
    by_verb = {s["verb"]["id"].rsplit("/", 1)[1]: s for s in held}
    passed = by_verb["passed"]
    assert passed["object"]["id"] == f"{HOME}/concepts/softmax"
    assert passed["result"]["success"] is True and passed["result"]["score"]["raw"] == 3
    assert by_verb["experienced"]["result"]["response"] == "good"
    failed_st = by_verb["failed"]
    assert failed_st["object"]["id"] == f"{HOME}/concepts/kl-divergence"
    assert failed_st["result"]["success"] is False
    assert failed_st["result"]["score"] == {"raw": 1, "min": 0, "max": 3, "scaled": 0.3333}
    answers = [s for s in held if s["verb"]["id"].endswith("answered")]
    assert any(
        s["object"]["id"] == f"{HOME}/questions/{q.id}" and s["result"]["success"] for s in answers
    )
    ended = [
        s
        for s in held
        if s["object"]["id"].startswith(f"{HOME}/placements/")
        and s["verb"]["id"].endswith("completed")
    ]
    assert len(ended) == 1 and ended[0]["result"]["completion"] is True
    zh = by_verb["experienced"]["object"]["definition"]["name"]["zh-CN"]
    assert zh == client.app.state.curriculum.concepts["shannon-entropy"].name.zh


def test_statements_made_while_the_lrs_is_down_arrive_once_it_is_back(client, ralph):
    lid, auth = learner(client)
    ralph.stop()
    try:
        for c in ("shannon-entropy", "kl-divergence", "softmax"):
            r = client.put(
                f"/learners/{lid}/progress/{c}", headers=auth, json={"status": "mastered"}
            )
            assert r.status_code == 200  # the learner is never kept waiting for the LRS
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            rows = outbox_rows(client)
            if len(rows) == 3 and all(r.attempts >= 2 and r.last_error for r in rows):
                break
            time.sleep(0.1)
        rows = outbox_rows(client)
        assert len(rows) == 3 and all(r.attempts >= 2 for r in rows), rows  # retried
        assert all("Connect" in r.last_error for r in rows), [r.last_error for r in rows]
        queued = {r.id for r in rows}
    finally:
        ralph.start()
    wait_until_sent(client)
    held = ralph.statements(agent(lid))
    assert {s["id"] for s in held} == queued and len(held) == 3


def test_two_senders_on_one_database_send_each_statement_once(database, bundled, bank, ralph):
    first = make_app(database, bundled, bank, ralph)
    second = make_app(database, bundled, bank, ralph)
    with TestClient(first) as a, TestClient(second) as b:
        lid, auth = learner(a)
        concepts = list(bundled.concepts)[:20]
        for k, c in enumerate(concepts):  # marks through both: each wakes its own sender
            via = a if k % 2 else b
            assert (
                via.put(
                    f"/learners/{lid}/progress/{c}", headers=auth, json={"status": "mastered"}
                ).status_code
                == 200
            )
        wait_until_sent(a)
        sent = first.state.xapi.sender.sent + second.state.xapi.sender.sent
        held = ralph.statements(agent(lid))
        assert sent == len(held) == len(concepts)
    _empty(first.state.engine)
    first.state.engine.dispose()
    second.state.engine.dispose()


def test_a_statement_the_lrs_refuses_is_kept_and_shown(client, ralph, database):
    lid, auth = learner(client)
    bad = {
        "id": str(uuid.uuid4()),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": f"{HOME}/concepts/softmax"},
    }  # no actor: the LRS says 4xx
    with Session(client.app.state.engine) as s:
        outbox.add(s, lid, [bad])
        s.commit()
    client.app.state.xapi.queued()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(r.rejected for r in outbox_rows(client)):
        time.sleep(0.1)
    (row,) = outbox_rows(client)
    assert row.rejected and row.last_error.startswith("422"), row.last_error
    # the operator sees it, and can queue it again
    shown = run_cli("xapi", "status", "--url", database)
    assert shown.returncode == 0 and "rejected 1" in shown.stdout and bad["id"] in shown.stdout
    again = run_cli("xapi", "retry", "--url", database)
    assert again.returncode == 0 and "1 statements queued again" in again.stdout
    assert ralph.statements(agent(lid)) == []


def test_without_an_lrs_nothing_is_queued(tmp_path, bundled, bank):
    app = create_app(
        settings=Settings(database_url=f"sqlite:///{tmp_path / 'off.db'}"),
        curriculum=bundled,
        questions=bank,
    )
    with TestClient(app) as c:
        lid, auth = learner(c)
        c.put(f"/learners/{lid}/progress/softmax", headers=auth, json={"status": "mastered"})
        r = c.post(f"/learners/{lid}/checks/softmax", headers=auth, json=evidence(c, passed=0))
        assert r.status_code == 202 and r.json()["sent_to_lrs"] is False
        assert outbox_rows(c) == []
