"""First (uncached) and cached load time and resident memory at growing curriculum sizes.

Each measurement runs in a fresh process: the first with an empty cache folder (parse,
validate, build, write the cache), the second reading the cache, as a restarted service
or a second worker would.

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
import json, resource, sys, time
t = time.perf_counter()
from graph import load_curriculum
c = load_curriculum(sys.argv[1], cache=True)
seconds = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": rss, "concepts": len(c), "edges": c.graph.number_of_edges()}))
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
        f"{'concepts':>9} {'edges':>9} {'file MB':>8} {'first s':>8} {'first RSS MB':>13} "
        f"{'cached s':>9} {'cached RSS MB':>14}"
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
                f"{n:>9} {first['edges']:>9} {size:>8.1f} {first['seconds']:>8.2f} {first['peak_rss_mb']:>13.0f} "
                f"{cached['seconds']:>9.2f} {cached['peak_rss_mb']:>14.0f}   "
                f"(generated in {time.perf_counter() - t:.0f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
