"""Requests per second and p50/p99 latency of GET /plans against GET /health, on one
server started here on loopback, in the same run.

    python benchmarks/http_plan.py [--seconds 10] [--connections 4] [--goal knowledge-distillation]
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.plan_floor import Floor, best_of_7  # noqa: E402
from benchmarks.serverkit import server  # noqa: E402
from graph.storage import open_curriculum  # noqa: E402


def hammer(
    port: int, path: str, seconds: float, connections: int, distinct: bool = False
) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        count = 0
        while time.perf_counter() < stop:
            count += 1
            # distinct=True: every request differs (hours per week), so none is a cache hit
            url = (
                f"{path}&hours_per_week={1 + (count * connections + id(mine) % 97) % 7000 / 100:.2f}"
                if distinct
                else path
            )
            t = time.perf_counter()
            conn.request("GET", url)
            r = conn.getresponse()
            r.read()
            mine.append(time.perf_counter() - t)
            bad += r.status != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return len(latencies), latencies, errors


def report(name: str, n: int, lat: list[float], errors: int, seconds: float) -> float:
    lat.sort()
    p50 = statistics.median(lat) * 1000
    p99 = lat[int(0.99 * (len(lat) - 1))] * 1000
    print(
        f"{name:<28} {n / seconds:8.1f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   errors {errors}"
    )
    return p50


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--goal", default="knowledge-distillation")
    args = ap.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        server(workers=1, database_url=f"sqlite:///{tmp}/p.db") as port,
    ):
        print(
            f"python {platform.python_version()}, {os.cpu_count()} cores, 1 uvicorn worker, "
            f"{args.connections} connections, {args.seconds:g} s per route"
        )
        # no If-None-Match: every plan request is computed, not answered 304
        plan_path = f"/plans?goals={args.goal}"
        h = hammer(port, "/health", args.seconds, args.connections)
        p = hammer(port, plan_path + "&hours_per_week=5", args.seconds, args.connections)
        d = hammer(port, plan_path, args.seconds, args.connections, distinct=True)
        h50 = report("GET /health", h[0], h[1], h[2], args.seconds)
        p50 = report("GET /plans, same request", p[0], p[1], p[2], args.seconds)
        d50 = report("GET /plans, all distinct", d[0], d[1], d[2], args.seconds)
        print(
            f"plan p50 / health p50 = {p50 / h50:.2f} repeated (cache), {d50 / h50:.2f} computed (target <= 2)"
        )
        # The bound: a server that spent on a computed plan only /health's whole cost per
        # request (server, HTTP, routing) plus the plain-Python floor's time for the plan.
        floor = Floor(open_curriculum(None))
        today = date.today()
        t_floor = best_of_7(lambda: floor.plan([args.goal], [], 5.0, "en", "standard", today), 200)
        per_health = args.seconds / h[0]
        print(
            f"/health's cost per request {per_health * 1e3:.3f} ms, the floor's plan "
            f"{t_floor * 1e3:.3f} ms: an ideal server's ratio would be "
            f"{(per_health + t_floor) / per_health:.2f}"
        )


if __name__ == "__main__":
    main()
