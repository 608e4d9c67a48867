"""Bounded mixed load on loopback: concept reads, plans and progress writes, 32 connections
for 30 s, against 1 and 2 uvicorn workers on SQLite and on PostgreSQL. Prints requests per
second, p50/p99 latency, errors, and lost writes (acknowledged writes missing afterwards).

    python benchmarks/load.py [--seconds 30] [--connections 32] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.serverkit import create_learners, each_database, load, lost_writes, server  # noqa: E402
from graph import load_curriculum  # noqa: E402

CURRICULUM = load_curriculum(None)
CONCEPTS = sorted(CURRICULUM.concepts)
TECHNIQUES = sorted(c.id for c in CURRICULUM.concepts.values() if c.discipline == "llm")


def run(label: str, url: str, workers: int, seconds: float, connections: int) -> dict[str, object]:
    with server(workers=workers, database_url=url) as port:
        learners = create_learners(port, connections, prefix="load")
        rng = random.Random(7)
        plan_goals = [rng.choice(TECHNIQUES) for _ in range(512)]

        def mixed(w: int, i: int):  # type: ignore[no-untyped-def]
            kind = i % 10
            if kind < 5:  # half of the traffic reads concepts
                return "GET", f"/concepts/{CONCEPTS[(w * 31 + i) % len(CONCEPTS)]}", None, {}
            if kind < 7:  # plans: a varied set, so most are computed, some cached
                hours = 2 + (i % 9)
                return (
                    "GET",
                    f"/plans?goals={plan_goals[(w + i) % 512]}&hours_per_week={hours}",
                    None,
                    {},
                )
            lid, auth = learners[w]
            concept = CONCEPTS[i % len(CONCEPTS)]
            return (
                "PUT",
                f"/learners/{lid}/progress/{concept}",
                {"status": "mastered" if (i // 10) % 2 else "learning"},
                auth,
            )

        result = load(port, seconds, connections, mixed)
        # every acknowledged write is there: the last acknowledged status of each row
        expected: dict[tuple[int, str], str] = {}
        for w, i in sorted(result["acknowledged"]):
            if i % 10 >= 7:
                expected[(w, CONCEPTS[i % len(CONCEPTS)])] = (
                    "mastered" if (i // 10) % 2 else "learning"
                )
        lost = lost_writes(port, learners, expected)
    writes = len(expected)
    print(
        f"{label:<11} {workers} worker(s)  {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.2f} ms  "
        f"p99 {result['p99_ms']:8.2f} ms  requests {result['requests']}  errors {result['errors']}  "
        f"statuses {dict(sorted(result['statuses'].items()))}  rows written {writes}  lost writes {lost}",
        flush=True,
    )
    return {
        "label": label,
        "workers": workers,
        **{k: v for k, v in result.items() if k != "acknowledged"},
        "lost": lost,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, {args.connections} connections, "
        f"{args.seconds:g} s per run; mix: 50% concept reads, 20% plans, 30% progress writes"
    )
    each_database(
        args.skip_postgres,
        lambda label, url, w: run(label, url, w, args.seconds, args.connections),
        "load",
    )


if __name__ == "__main__":
    main()
