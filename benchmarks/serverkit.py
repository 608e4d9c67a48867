"""Helpers for benchmarks that start real uvicorn servers on loopback and load them."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.live import live_server

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get(
    "STUDYPATH_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@contextmanager
def server(
    *, workers: int, database_url: str, extra_env: dict[str, str] | None = None
) -> Iterator[int]:
    """A uvicorn server on loopback (tests.live does the starting); yields its port."""
    env = {"STUDYPATH_DATABASE_URL": database_url, **(extra_env or {})}
    with live_server(env, workers=workers) as (base, _):
        yield int(base.rsplit(":", 1)[1])


@contextmanager
def temporary_postgres() -> Iterator[str]:
    from sqlalchemy import create_engine, text

    name = f"studypath_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        PG_ADMIN.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def request(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    conn.request(method, path, body=data, headers=hdrs)
    r = conn.getresponse()
    return r.status, r.read()


def load(
    port: int,
    seconds: float,
    connections: int,
    make_request: Callable[[int, int], tuple[str, str, Any, dict[str, str]]],
    ok: Callable[[int], bool] = lambda s: s < 300,
) -> dict[str, Any]:
    """Run ``connections`` keep-alive clients for ``seconds``; make_request(worker, i) gives the request."""
    latencies: list[float] = []
    errors = 0
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    done_requests: list[tuple[int, int]] = []

    def worker(w: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad, i, sent = [], 0, 0, []
        local_status: dict[int, int] = {}
        while time.perf_counter() < stop:
            method, path, body, headers = make_request(w, i)
            t = time.perf_counter()
            try:
                status, _ = request(conn, method, path, body, headers)
            except OSError:
                status = 0
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - t)
            local_status[status] = local_status.get(status, 0) + 1
            if ok(status):
                sent.append((w, i))
            else:
                bad += 1
            i += 1
        with lock:
            latencies.extend(mine)
            errors += bad
            done_requests.extend(sent)
            for k, v in local_status.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "rps": n / seconds,
        "p50_ms": statistics.median(latencies) * 1000 if n else float("nan"),
        "p99_ms": latencies[int(0.99 * (n - 1))] * 1000 if n else float("nan"),
        "errors": errors,
        "statuses": statuses,
        "acknowledged": done_requests,
    }


def create_learners(
    port: int, count: int, *, prefix: str, goals: list[str] | None = None
) -> list[tuple[str, dict[str, str]]]:
    """``count`` learners: (id, Authorization header) each."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    learners = []
    for k in range(count):
        status, body = request(
            conn, "POST", "/learners", {"display_name": f"{prefix}{k}", "goals": goals or []}
        )
        assert status == 201, body
        data = json.loads(body)
        learners.append((data["id"], {"Authorization": f"Bearer {data['token']}"}))
    return learners


def lost_writes(
    port: int, learners: list[tuple[str, dict[str, str]]], expected: dict[tuple[int, str], str]
) -> int:
    """Acknowledged progress writes that are not stored: expected[(learner index, concept)] = status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    lost = 0
    for w, (lid, auth) in enumerate(learners):
        _, body = request(conn, "GET", f"/learners/{lid}/progress", None, auth)
        rows = {r["concept_id"]: r["status"] for r in json.loads(body)["data"]}
        lost += sum(1 for (ww, c), st in expected.items() if ww == w and rows.get(c) != st)
    return lost


def each_database(skip_postgres: bool, run: Callable[[str, str, int], object], name: str) -> None:
    """run(label, url, workers) for 1 and 2 workers on a fresh SQLite file and PostgreSQL database."""
    import tempfile

    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            run("sqlite", f"sqlite:///{tmp}/{name}.db", workers)
        if not skip_postgres:
            with temporary_postgres() as url:
                run("postgresql", url, workers)
