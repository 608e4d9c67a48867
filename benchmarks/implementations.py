"""How long each reference implementation takes, in a fresh interpreter as a learner runs
it (`python -m implementations.<module>`), against the 2 s budget of DESIGN.md section 8.

    python benchmarks/implementations.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import load_curriculum  # noqa: E402


def main() -> None:
    modules = sorted(
        {c.implementation for c in load_curriculum(None).concepts.values() if c.implementation}
    )
    times: dict[str, float] = {}
    failed = []
    for module in modules:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", f"implementations.{module}"], cwd=ROOT, capture_output=True
        )
        times[module] = time.perf_counter() - start
        if done.returncode != 0:
            failed.append(module)
    ordered = sorted(times.items(), key=lambda kv: -kv[1])
    print(
        f"{len(modules)} implementations; wall time per run including interpreter start and imports"
    )
    print(
        f"median {statistics.median(times.values()):.2f} s, max {ordered[0][1]:.2f} s ({ordered[0][0]}), "
        f"over 2 s: {sum(t > 2 for t in times.values())}, failed: {len(failed)} {failed}"
    )
    for module, t in ordered[:5]:
        print(f"  {t:5.2f} s  {module}")


if __name__ == "__main__":
    main()
