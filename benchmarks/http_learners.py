"""Progress writes and learner-plan reads per second, with 1 and 2 uvicorn workers, on
SQLite and PostgreSQL; then checks that every acknowledged write is stored.

    python benchmarks/http_learners.py [--seconds 10] [--connections 8] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.serverkit import create_learners, each_database, load, lost_writes, server  # noqa: E402

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
        learners = create_learners(
            port, connections, prefix="bench", goals=["knowledge-distillation"]
        )

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
        expected: dict[tuple[int, str], str] = {}
        for w, i in sorted(writes["acknowledged"]):
            expected[(w, CONCEPTS[i % len(CONCEPTS)])] = "mastered" if i % 2 else "learning"
        lost = lost_writes(port, learners, expected)
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
    each_database(
        args.skip_postgres,
        lambda label, url, workers: run(label, url, workers, args.seconds, args.connections),
        "bench",
    )


if __name__ == "__main__":
    main()
