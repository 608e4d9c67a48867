"""The xAPI outbox on SQLite and PostgreSQL: queued with the change, leased to one sender,
retried with backoff, parked when refused, gone with its learner."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from store import learners as repo
from store import outbox
from store.db import make_engine
from store.migrate import upgrade
from store.models import Learner, LearnerCreate, Progress, XapiOutbox, utcnow
from tests.dbs import clear, database_url, postgres_database  # noqa: F401  (fixture)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path):
    url = database_url(request, tmp_path)
    eng = make_engine(url)
    upgrade(eng)
    with eng.begin() as conn:
        conn.exec_driver_sql("DELETE FROM xapi_outbox")
    yield eng
    clear(eng)
    with eng.begin() as conn:
        conn.exec_driver_sql("DELETE FROM xapi_outbox")
    eng.dispose()


def statement(n: int = 0) -> dict:
    return {"id": str(uuid.uuid4()), "verb": {"id": f"http://example.org/verbs/{n}"}}


def learner(engine) -> str:
    with Session(engine) as s:
        row, _ = repo.create_learner(s, LearnerCreate(display_name="x"))
        return row.id


def test_a_statement_is_stored_with_its_change_or_not_at_all(engine):
    lid = learner(engine)
    with Session(engine) as s:
        repo.set_progress(s, lid, "entropy", "mastered", statement=statement())
        # the same mark again is no new event
        repo.set_progress(s, lid, "entropy", "mastered", statement=statement())
        assert outbox.counts(s) == {"pending": 1, "rejected": 0}
        repo.set_progress(s, lid, "entropy", "learning", statement=None)
        repo.set_progress(s, lid, "entropy", "mastered", statement=statement())
        assert outbox.counts(s)["pending"] == 2
    # a change that fails takes its statement with it: the same statement id twice is a
    # primary-key violation, so the second progress row is rolled back too
    dup = statement()
    with Session(engine) as s:
        repo.set_progress(s, lid, "kl", "mastered", statement=dup)
    with Session(engine) as s, pytest.raises(Exception):  # noqa: B017 (either driver's error)
        repo.set_progress(s, lid, "calculus", "mastered", statement=dup)
    with Session(engine) as s:
        assert s.get(Progress, (lid, "calculus")) is None
        assert outbox.counts(s)["pending"] == 3


def test_claims_lease_rows_oldest_first_and_retries_back_off(engine):
    lid = learner(engine)
    queued = [statement(k) for k in range(3)]
    with Session(engine) as s:
        for st in queued:
            outbox.add(s, lid, [st])
            s.commit()
    with Session(engine) as s:
        first = outbox.claim_due(s, 2)
        assert [r.id for r in first] == [queued[0]["id"], queued[1]["id"]]
        assert all(r.attempts == 1 for r in first)
        # leased rows are not due for another sender
        assert [r.id for r in outbox.claim_due(s, 10)] == [queued[2]["id"]]
        assert outbox.claim_due(s, 10) == []
        outbox.delivered(s, queued[0]["id"])
        outbox.retry_later(s, queued[1]["id"], "ConnectError: refused")
        outbox.reject(s, queued[2]["id"], "400 bad statement")
        assert outbox.counts(s) == {"pending": 1, "rejected": 1}
        # due again only after its backoff (1 s after the first attempt)
        assert outbox.claim_due(s, 10) == []
        later = utcnow() + timedelta(seconds=1.5)
        again = outbox.claim_due(s, 10, now=later)
        assert [r.id for r in again] == [queued[1]["id"]] and again[0].attempts == 2
        assert again[0].last_error == "ConnectError: refused"
        # a rejected row waits for an operator, then goes again
        assert outbox.retry_rejected(s) == 1
        assert [r.id for r in outbox.claim_due(s, 10)] == [queued[2]["id"]]
    assert [outbox.backoff_seconds(a) for a in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_concurrent_senders_never_claim_the_same_row(engine):
    lid = learner(engine)
    with Session(engine) as s:
        outbox.add(s, lid, [statement(k) for k in range(60)])
        s.commit()
    got: list[list[str]] = [[], [], [], []]
    barrier = threading.Barrier(4)

    def sender(k: int) -> None:
        barrier.wait()
        while True:
            with Session(engine) as s:
                rows = outbox.claim_due(s, 5)
            if not rows:
                return
            got[k].extend(r.id for r in rows)

    threads = [threading.Thread(target=sender, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    claimed = [i for g in got for i in g]
    assert len(claimed) == 60 and len(set(claimed)) == 60


def test_a_deleted_learner_takes_their_waiting_statements(engine):
    lid, other = learner(engine), learner(engine)
    with Session(engine) as s:
        outbox.add(s, lid, [statement(), statement()])
        outbox.add(s, other, [statement()])
        s.commit()
        repo.delete_learner(s, s.get(Learner, lid))
        assert [r.learner_id for r in s.exec(select(XapiOutbox)).all()] == [other]
