"""Integrity under concurrency, failure and restart, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing as mp
import threading
import time

import pytest
from sqlmodel import Session, select

from store import learners as repo
from store.db import make_engine
from store.migrate import upgrade
from store.models import Learner, LearnerCreate, Progress
from tests.dbs import clear, database_url, postgres_database  # noqa: F401  (fixture)

WRITERS, WRITES = 16, 40


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path):
    url = database_url(request, tmp_path)
    eng = make_engine(url)
    upgrade(eng)
    yield eng
    clear(eng)
    eng.dispose()


def test_concurrent_progress_writers_lose_nothing(engine):
    with Session(engine) as s:
        learner, _ = repo.create_learner(s, LearnerCreate(display_name="c"))
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            for i in range(WRITES):
                with Session(engine) as s:
                    # every writer also rewrites one shared row: the upserts must not collide
                    repo.set_progress(s, learner.id, f"c{k}-{i}", "learning")
                    repo.set_progress(s, learner.id, "shared", "mastered" if i % 2 else "learning")
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    started = time.perf_counter()
    threads = [threading.Thread(target=writer, args=(k,)) for k in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    assert errors == []
    with Session(engine) as s:
        rows = repo.list_progress(s, learner.id)
    ids = {r.concept_id for r in rows}
    assert len(rows) == WRITERS * WRITES + 1
    assert ids == {f"c{k}-{i}" for k in range(WRITERS) for i in range(WRITES)} | {"shared"}
    print(
        f"\n{engine.dialect.name}: {2 * WRITERS * WRITES} upserts from {WRITERS} threads in {seconds:.2f} s"
    )


def _process_writer(url: str, learner_id: str, k: int, n: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    eng = make_engine(url)
    try:
        for i in range(n):
            with Session(eng) as s:
                repo.set_progress(s, learner_id, f"p{k}-{i}", "mastered")
        out.put(None)
    except BaseException as err:  # noqa: BLE001
        out.put(repr(err))
    finally:
        eng.dispose()


def test_several_processes_on_one_database(engine):
    """Like several uvicorn workers on one SQLite file: no 'database is locked', nothing lost."""
    with Session(engine) as s:
        learner, _ = repo.create_learner(s, LearnerCreate(display_name="p"))
    url = engine.url.render_as_string(hide_password=False)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_process_writer, args=(url, learner.id, k, 60, out)) for k in range(4)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    assert results == [None] * 4
    with Session(engine) as s:
        assert len(repo.list_progress(s, learner.id)) == 4 * 60


def test_a_failed_write_leaves_no_partial_rows(engine):
    with Session(engine) as s:
        learner, _ = repo.create_learner(s, LearnerCreate(display_name="f"))
    with Session(engine) as s, pytest.raises(Exception):  # noqa: B017, PT011 - any DB error
        # one transaction: a valid row, then a row for a learner that does not exist (FK)
        s.add(Progress(learner_id=learner.id, concept_id="ok", status="learning"))
        s.add(Progress(learner_id="no-such-learner", concept_id="x", status="learning"))
        s.commit()
    with Session(engine) as s:
        assert repo.list_progress(s, learner.id) == []


def test_restart_keeps_everything(engine):
    url = engine.url.render_as_string(hide_password=False)
    with Session(engine) as s:
        learner, token = repo.create_learner(s, LearnerCreate(display_name="r", goals=["kl"]))
        repo.set_progress(s, learner.id, "kl", "mastered")
        repo.save_plan(s, learner.id, request={"goals": ["kl"]}, version="v1", result={"steps": []})
    engine.dispose()
    again = make_engine(url)
    upgrade(again)  # a second start finds the schema current and changes nothing
    with Session(again) as s:
        found = repo.learner_for_token(s, token)
        assert found is not None and found.goals == ["kl"]
        assert [p.concept_id for p in repo.list_progress(s, found.id)] == ["kl"]
        assert len(repo.list_saved_plans(s, found.id)) == 1
    again.dispose()


def test_delete_learner_removes_everything(engine):
    with Session(engine) as s:
        learner, _ = repo.create_learner(s, LearnerCreate(display_name="d"))
        repo.set_progress(s, learner.id, "a", "mastered")
        repo.save_plan(s, learner.id, request={}, version="v", result={})
        repo.delete_learner(s, learner)
    with Session(engine) as s:
        assert s.exec(select(Learner)).all() == []
        assert s.exec(select(Progress)).all() == []


def test_concurrent_reviews_of_one_card_lose_none(engine):
    from store import reviews

    with Session(engine) as s:
        learner, _ = repo.create_learner(s, LearnerCreate(display_name="r"))
        lid = learner.id
        repo.set_progress(s, lid, "base", "mastered")
        repo.set_progress(s, lid, "top", "mastered")
    errors: list[BaseException] = []
    reviewers, each = 8, 10

    def reviewer() -> None:
        try:
            for _ in range(each):
                with Session(engine) as s:
                    card, credited = reviews.review(s, lid, "top", "good", credit=["base"])
                    assert card is not None and credited == ["base"]
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=reviewer) for _ in range(reviewers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(engine) as s:
        events = reviews.events(s, lid)
        cards = {c.concept_id: c for c in reviews.due(s, lid)}
    explicit = [e for e in events if e.concept_id == "top" and not e.implicit]
    implicit = [e for e in events if e.concept_id == "base" and e.implicit]
    # one enrolment each, then every review and every credit, none lost
    assert len(explicit) == 1 + reviewers * each and len(implicit) == reviewers * each
    assert cards["top"].last_review == max(e.reviewed_at for e in explicit)
