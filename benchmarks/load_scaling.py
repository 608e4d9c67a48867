"""First (uncached) and cached load time and the serving process's memory at growing
curriculum sizes.

Each measurement runs in a fresh process that does what `studypath serve` does: load the
curriculum through the cache (a first load builds it, in a child process for large
curricula, and writes the cache), build the app, then answer plan requests for goals spread
over the whole curriculum through the ASGI app. It prints the load time, the time of one
plan, the serving process's peak and current resident memory (RSS; "file" is the part that
is mapped cache pages, shared between workers and dropped by the kernel under pressure),
and, for the first load, the peak of the child that built the cache.

    python benchmarks/load_scaling.py [--sizes 1000,10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_curriculum import write  # noqa: E402

CHILD = """
import json, resource, statistics, sys, time
t = time.perf_counter()
from graph.storage import open_curriculum
c = open_curriculum(sys.argv[1])
seconds = time.perf_counter() - t
from fastapi.testclient import TestClient
from api.main import create_app
from api.settings import Settings
app = create_app(Settings(data_dir=sys.argv[1], database_url="sqlite://"), curriculum=c)
n = len(c)
goals = [f"c{i}" for i in range(249, n, max(250, n // 200 // 250 * 250))]
times = []
with TestClient(app) as client:
    for goal in goals:
        t = time.perf_counter()
        r = client.get("/plans", params={"goals": goal, "language": "en"})
        times.append(time.perf_counter() - t)
        assert r.status_code == 200, r.text
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
kb = lambda k: int(status[k].split()[0]) / 1024
print(json.dumps({
    "seconds": seconds, "concepts": n, "edges": c.graph.number_of_edges(),
    "plan_ms": statistics.median(times) * 1000, "plans": len(times),
    "peak_mb": kb("VmHWM"), "rss_mb": kb("VmRSS"), "file_mb": kb("RssFile"),
    "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def measure(folder: Path, cache: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"STUDYPATH_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    args = ap.parse_args()
    print(
        f"python {platform.python_version()} on {platform.machine()}; seconds include interpreter start and imports"
    )
    print(
        f"{'concepts':>9} {'edges':>9} {'file MB':>8} | {'first s':>7} {'peak MB':>8} "
        f"{'build MB':>9} | {'cached s':>8} {'peak MB':>8} {'RSS MB':>7} {'of it file':>10} "
        f"| {'plan ms':>7}"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder, cache = Path(tmp) / "curriculum", Path(tmp) / "cache"
            t = time.perf_counter()
            write(n, folder)
            size = (folder / "concepts.yaml").stat().st_size / 1e6
            first = measure(folder, cache)
            cached = measure(folder, cache)
            print(
                f"{n:>9} {first['edges']:>9} {size:>8.1f} | {first['seconds']:>7.2f} "
                f"{first['peak_mb']:>8.0f} {first['child_peak_mb']:>9.0f} | "
                f"{cached['seconds']:>8.2f} {cached['peak_mb']:>8.0f} {cached['rss_mb']:>7.0f} "
                f"{cached['file_mb']:>10.0f} | {cached['plan_ms']:>7.1f}   "
                f"(generated in {time.perf_counter() - t:.0f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
