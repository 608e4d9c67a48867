"""Hardening figures: the service under attacks and outages, beside its idle floor.

    python benchmarks/hardening.py                   # this checkout, SQLite and PostgreSQL
    python benchmarks/hardening.py --root ../old     # another checkout (before figures)
    python benchmarks/hardening.py --skip-postgres

Each figure is measured on a real uvicorn worker on loopback, every request loop bounded
in count and time (a wedged server shows as timeouts, not as a hung script):

- /health p50 idle (the floor) and the slowest /health and curriculum answer during a
  flood of 200 concurrent writes without a token (POST /learners) and with one (PUT
  progress), with the count of writes that failed or timed out;
- SIGTERM to exit while 50 writers keep writing;
- a POST /plans with 10,000 unknown ids: its time, and the slowest /health meanwhile;
- RSS before and after 20,000 requests with distinct 16 KB query strings;
- with the database paused (accepting, never answering; PostgreSQL through a proxy): the
  time of a learner request and of a curriculum request.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.serverkit import temporary_postgres  # noqa: E402
from tests import attacks  # noqa: E402
from tests.live import live_server  # noqa: E402
from tests.tcp_proxy import TcpProxy  # noqa: E402

TIMEOUT = 15.0


def call(base: str, method: str, path: str, body: object = None, token: str | None = None):  # type: ignore[no-untyped-def]
    status, _, data, took = attacks.call(base, method, path, body, token, timeout=TIMEOUT)
    return status, data, took


def probe_latencies(base: str, busy: threading.Event) -> list[float]:
    return [took for _, took in attacks.probe_while(base, busy, timeout=TIMEOUT)]


def flood(base: str, work, n: int = 200) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    busy = threading.Event()
    busy.set()
    with ThreadPoolExecutor(max_workers=1) as p:
        probe = p.submit(probe_latencies, base, busy)
        with ThreadPoolExecutor(max_workers=n) as pool:
            statuses = list(pool.map(work, range(n)))
        busy.clear()
        seen = probe.result()
    failed = sum(s not in (200, 201) for s in statuses)
    return max(seen) if seen else float("nan"), failed


def _serve(url: str, root: Path):  # type: ignore[no-untyped-def]
    return live_server({"STUDYPATH_DATABASE_URL": url}, root=root)


def _owner(base: str) -> dict[str, str]:
    status, body, _ = call(base, "POST", "/learners", {"display_name": "owner"})
    return json.loads(body) if status == 201 else {}


def measure(url: str, label: str, root: Path) -> None:
    """Each phase on a fresh server, so a wedged one cannot hide the next figure."""
    print(f"\n== {label} ({root}) ==")
    with _serve(url, root) as (base, _):
        idle = [call(base, "GET", "/health")[2] for _ in range(200)]
        floor = statistics.median(idle)
        print(f"  /health p50 idle (floor)                   {floor * 1000:8.2f} ms")
        slowest, failed = flood(
            base, lambda i: call(base, "POST", "/learners", {"display_name": f"f{i}"})[0]
        )
        print(
            f"  200 writes without token: slowest probe    {slowest * 1000:8.1f} ms   "
            f"(floor x{slowest / floor:,.0f}); writes failed or timed out: {failed}"
        )
    with _serve(url, root) as (base, _):
        made = _owner(base)
        concepts = ["shannon-entropy", "kl-divergence", "softmax", "adamw"]
        slowest, failed = flood(
            base,
            lambda i: call(
                base,
                "PUT",
                f"/learners/{made['id']}/progress/{concepts[i % 4]}",
                {"status": "mastered"},
                token=made["token"],
            )[0],
        )
        print(
            f"  200 writes with token: slowest probe       {slowest * 1000:8.1f} ms   "
            f"(floor x{slowest / floor:,.0f}); writes failed or timed out: {failed}"
        )
    with _serve(url, root) as (base, _):
        busy = threading.Event()
        busy.set()
        big = {"goals": ["adamw"], "known": [f"no-such-{i}" for i in range(10_000)]}
        with ThreadPoolExecutor(max_workers=1) as p:
            probe = p.submit(probe_latencies, base, busy)
            status, _, took = call(base, "POST", "/plans", big)
            busy.clear()
            seen = probe.result()
        print(
            f"  POST /plans, 10,000 unknown ids: {status}      {took * 1000:8.0f} ms; slowest "
            f"probe meanwhile {max(seen) * 1000:.0f} ms"
        )
    with _serve(url, root) as (base, proc):
        attacks.send_junk(base, 0, 500, timeout=TIMEOUT)
        before = attacks.rss_mib(proc.pid)
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda w: attacks.send_junk(base, w + 1, 5_000, TIMEOUT), range(4)))
        after = attacks.rss_mib(proc.pid)
        print(
            f"  RSS over 20,000 distinct junk URLs         {before:6.0f} -> {after:.0f} MiB "
            f"(+{after - before:.0f}; bound 64)"
        )
    with _serve(url, root) as (base, proc):
        stopped = attacks.sigterm_under_writers(base, proc, wait=30)
        if stopped is None:
            print("  SIGTERM under 50 writers: still running after 30 s (killed)")
            proc.kill()
        else:
            print(f"  SIGTERM under 50 writers: exited in        {stopped:8.2f} s")


def paused_database(pg_url: str, root: Path) -> None:
    print(f"\n== PostgreSQL paused (accepts, never answers) ({root}) ==")
    proxy = TcpProxy(5432)
    proxy.start()
    url = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    try:
        with live_server({"STUDYPATH_DATABASE_URL": url}, root=root) as (base, proc):
            _, body, _ = call(base, "POST", "/learners", {"display_name": "p"})
            made = json.loads(body)
            proxy.pause()
            with ThreadPoolExecutor(max_workers=60) as pool:
                results = list(
                    pool.map(
                        lambda i: call(base, "GET", f"/learners/{made['id']}", token=made["token"]),
                        range(60),
                    )
                )
                curriculum = call(base, "GET", "/concepts/kl-divergence?paused=1")
            statuses = sorted({str(r[0]) for r in results})
            print(
                f"  60 learner reads: statuses {statuses}, slowest {max(r[2] for r in results):.1f} s "
                f"(client gives up at {TIMEOUT:g} s)"
            )
            print(
                f"  a curriculum read meanwhile: {curriculum[0]} in {curriculum[2] * 1000:.0f} ms"
            )
            proxy.resume()
            proc.kill()
    finally:
        proxy.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        measure(f"sqlite:///{tmp}/bench.db", "SQLite", args.root)
    if not args.skip_postgres:
        with temporary_postgres() as url:
            measure(url, "PostgreSQL", args.root)
        with temporary_postgres() as url:
            paused_database(url, args.root)


if __name__ == "__main__":
    main()
