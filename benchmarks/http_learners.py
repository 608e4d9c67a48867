"""Progress writes and learner-plan reads per second, with 1 and 2 uvicorn workers, on
SQLite and PostgreSQL; then checks that every acknowledged write is stored.

    python benchmarks/http_learners.py [--seconds 10] [--connections 8] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.serverkit import load, request, server, temporary_postgres  # noqa: E402

CONCEPTS = [
    "probability-distributions",
    "shannon-entropy",
    "kl-divergence",
    "cross-entropy",
    "softmax",
    "gradient-descent",
    "adam",
    "huffman-coding",
    "pid-control",
    "scaled-dot-product-attention",
]


def run(label: str, url: str, workers: int, seconds: float, connections: int) -> None:
    with server(workers=workers, database_url=url) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        learners = []
        for k in range(connections):
            status, body = request(
                conn,
                "POST",
                "/learners",
                {"display_name": f"bench{k}", "goals": ["knowledge-distillation"]},
            )
            assert status == 201, body
            data = json.loads(body)
            learners.append((data["id"], {"Authorization": f"Bearer {data['token']}"}))

        def write(w: int, i: int):  # type: ignore[no-untyped-def]
            lid, auth = learners[w]
            concept = CONCEPTS[i % len(CONCEPTS)]
            return (
                "PUT",
                f"/learners/{lid}/progress/{concept}",
                {"status": "mastered" if i % 2 else "learning"},
                auth,
            )

        def read(w: int, i: int):  # type: ignore[no-untyped-def]
            lid, auth = learners[w]
            return "GET", f"/learners/{lid}/plan", None, auth

        writes = load(port, seconds, connections, write)
        reads = load(port, seconds, connections, read)
        # every acknowledged write is visible: the last status each learner got for each concept
        lost = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # the first one idled out
        expected: dict[tuple[int, str], str] = {}
        for w, i in sorted(writes["acknowledged"]):
            expected[(w, CONCEPTS[i % len(CONCEPTS)])] = "mastered" if i % 2 else "learning"
        for w, (lid, auth) in enumerate(learners):
            status, body = request(conn, "GET", f"/learners/{lid}/progress", None, auth)
            rows = {r["concept_id"]: r["status"] for r in json.loads(body)["data"]}
            for (ww, concept), st in expected.items():
                if ww == w and rows.get(concept) != st:
                    lost += 1
    for name, r in (("progress writes", writes), ("learner plan reads", reads)):
        print(
            f"{label:<11} {workers} worker(s)  {name:<19} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.2f} ms  "
            f"p99 {r['p99_ms']:7.2f} ms  errors {r['errors']}"
        )
    print(
        f"{label:<11} {workers} worker(s)  acknowledged writes checked: {len(writes['acknowledged'])}, lost {lost}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, "
        f"{args.connections} connections, {args.seconds:g} s per measurement"
    )
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            run("sqlite", f"sqlite:///{tmp}/bench.db", workers, args.seconds, args.connections)
        if not args.skip_postgres:
            with temporary_postgres() as url:
                run("postgresql", url, workers, args.seconds, args.connections)


if __name__ == "__main__":
    main()
