"""Start-up time and memory of real uvicorn workers serving a large curriculum.

Starts `uvicorn api.asgi:app --workers N` on a synthetic curriculum twice: with an empty
cache (one worker builds it, in a child process; the others wait and map it) and again
from the cache. After a few plan requests it prints, per worker, the resident memory
(RSS), the part of it that is mapped cache pages, and the proportional share (PSS: shared
pages divided among the processes that map them), which is what the workers really cost
the machine together.

    python benchmarks/serve_memory.py [--size 1000000] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_curriculum import write  # noqa: E402
from tests.live import live_server  # noqa: E402


def _kb(path: str, key: str) -> float:
    for line in Path(path).read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def workers_of(pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True
    )
    # uvicorn's workers; multiprocessing's resource tracker is a child too
    return [
        int(line.split()[0]) for line in out.stdout.splitlines() if "resource_tracker" not in line
    ]


def run(folder: Path, cache: Path, workers: int, label: str) -> None:
    env = {
        "STUDYPATH_DATA_DIR": str(folder),
        "STUDYPATH_CACHE_DIR": str(cache),
        "STUDYPATH_DATABASE_URL": f"sqlite:///{cache}/learners.db",
    }
    t = time.perf_counter()
    with live_server(env, workers=workers, ready_timeout=1800) as (base, proc):
        ready = time.perf_counter() - t
        port = int(base.rsplit(":", 1)[1])
        for k in range(40):  # plans spread over the curriculum, on every worker in turn
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", f"/plans?goals=c{k * 250 + 249}")
            assert conn.getresponse().status == 200
            conn.close()
        time.sleep(1)  # let every worker finish its start-up
        print(f"{label}: ready in {ready:.1f} s")
        total_pss = 0.0
        for pid in workers_of(proc.pid):
            rss = _kb(f"/proc/{pid}/status", "VmRSS")
            file = _kb(f"/proc/{pid}/status", "RssFile")
            pss = _kb(f"/proc/{pid}/smaps_rollup", "Pss")
            total_pss += pss
            print(
                f"  worker {pid}: RSS {rss:7.0f} MB (mapped files {file:5.0f} MB), PSS {pss:7.0f} MB"
            )
        print(f"  all workers together (PSS): {total_pss:.0f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "curriculum", Path(tmp) / "cache"
        cache.mkdir()
        write(args.size, folder)
        print(f"{args.size:,} concepts, {args.workers} workers")
        run(folder, cache, args.workers, "first start (empty cache)")
        run(folder, cache, args.workers, "restart (from the cache)")


if __name__ == "__main__":
    main()
