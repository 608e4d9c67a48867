"""Faults against real servers: SIGKILL in the middle of writes, a database outage,
two workers on one SQLite file."""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest

from graph import load_curriculum
from tests.dbs import postgres_database  # noqa: F401,F811  (fixture)
from tests.live import live_server
from tests.tcp_proxy import TcpProxy

CONCEPTS = sorted(load_curriculum(None).concepts)


def call(base: str, method: str, path: str, body=None, token: str | None = None):  # type: ignore[no-untyped-def]
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, (
        json.loads(data)
        if data and r.getheader("content-type", "").startswith("application/json")
        else data
    )


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'faults.db'}"
    return request.getfixturevalue("postgres_database")


def test_acknowledged_writes_survive_sigkill(database_url):
    env = {"STUDYPATH_DATABASE_URL": database_url}
    acknowledged: list[str] = []
    with live_server(env) as (base, proc):
        status, made = call(base, "POST", "/learners", {"display_name": "k"})
        assert status == 201
        lid, token = made["id"], made["token"]
        stop = threading.Event()

        def writer() -> None:
            for concept in CONCEPTS:
                if stop.is_set():
                    return
                try:
                    st, _ = call(
                        base,
                        "PUT",
                        f"/learners/{lid}/progress/{concept}",
                        {"status": "mastered"},
                        token,
                    )
                except OSError:
                    return  # the server died mid-request: that write was not acknowledged
                if st == 200:
                    acknowledged.append(concept)

        t = threading.Thread(target=writer)
        t.start()
        deadline = time.time() + 20
        while len(acknowledged) < 30 and time.time() < deadline:
            time.sleep(0.01)
        proc.kill()  # SIGKILL: no shutdown handlers, no flush
        proc.wait(10)
        stop.set()
        t.join(20)
    assert len(acknowledged) >= 30
    with live_server(env) as (base, _):
        status, progress = call(base, "GET", f"/learners/{lid}/progress", token=token)
    assert status == 200
    stored = {row["concept_id"] for row in progress["data"]}
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes lost of {len(acknowledged)}"
    print(
        f"\n{database_url.split(':')[0]}: {len(acknowledged)} acknowledged writes before SIGKILL, "
        f"{len(stored)} rows stored after restart"
    )


def test_database_outage_gives_503_and_recovers_without_restart(postgres_database):  # noqa: F811
    proxy = TcpProxy(5432)
    proxy.start()
    url = postgres_database.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    try:
        with live_server({"STUDYPATH_DATABASE_URL": url}) as (base, _):
            status, made = call(base, "POST", "/learners", {"display_name": "o"})
            assert status == 201
            lid, token = made["id"], made["token"]
            assert (
                call(
                    base, "PUT", f"/learners/{lid}/progress/softmax", {"status": "mastered"}, token
                )[0]
                == 200
            )
            proxy.stop()  # the database goes away
            for method, path, body in (
                ("GET", f"/learners/{lid}/progress", None),
                ("PUT", f"/learners/{lid}/progress/svd", {"status": "learning"}),
                ("POST", "/learners", {"display_name": "p"}),
            ):
                st, err = call(base, method, path, body, token)
                assert st == 503 and err["error"]["code"] == "database_unavailable", (path, st, err)
            assert call(base, "GET", "/concepts/softmax")[0] == 200  # the curriculum keeps serving
            assert call(base, "GET", "/plans?goals=softmax")[0] == 200
            proxy.start()  # it comes back: no restart of studypath
            deadline = time.time() + 15
            while time.time() < deadline:
                st, progress = call(base, "GET", f"/learners/{lid}/progress", token=token)
                if st == 200:
                    break
                time.sleep(0.5)
            assert st == 200 and [r["concept_id"] for r in progress["data"]] == ["softmax"]
            assert (
                call(base, "PUT", f"/learners/{lid}/progress/svd", {"status": "learning"}, token)[0]
                == 200
            )
    finally:
        proxy.stop()


def test_two_workers_on_one_sqlite_file_never_lock(tmp_path):
    env = {"STUDYPATH_DATABASE_URL": f"sqlite:///{tmp_path / 'two.db'}"}
    errors: list[object] = []
    with live_server(env, workers=2) as (base, _):
        learners = [call(base, "POST", "/learners", {"display_name": f"w{i}"})[1] for i in range(8)]

        def writer(k: int) -> None:
            lid, token = learners[k]["id"], learners[k]["token"]
            for concept in CONCEPTS[k * 20 : k * 20 + 20]:
                st, body = call(
                    base,
                    "PUT",
                    f"/learners/{lid}/progress/{concept}",
                    {"status": "learning"},
                    token,
                )
                if st != 200:
                    errors.append((st, body))

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        counts = [
            call(base, "GET", f"/learners/{m['id']}/progress", token=m["token"])[1]["count"]
            for m in learners
        ]
    assert errors == []
    assert counts == [20] * 8
