"""Planning time versus curriculum size: the cost should follow the goal's closure.

Builds synthetic curricula of 1,000 to 1,000,000 concepts (3 prerequisites each on
average, in clusters of 250 so that a goal's closure has about 200 concepts whatever the
size), plans toward the last concept of one cluster, and prints the median planning time
at each size and the ratio of the largest to the smallest. Each size is measured twice:
built in memory from models, and as the service holds it, written to the cache file and
mapped back (graph.storage.cache), where concepts are parsed on first use; "cold" is the median
over goals in clusters not planned before, whose concepts are all parsed afresh.

    python benchmarks/plan_scaling.py [--sizes 1000,10000,100000,1000000] [--repeat 21]
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.curriculum import Curriculum  # noqa: E402
from graph.schema import Concept, Discipline, Localized, Prerequisite  # noqa: E402
from graph.storage.cache import read_cache, write_cache  # noqa: E402
from planner import PlanRequest, build_plan  # noqa: E402

CLUSTER = 250


def synthetic(n: int, seed: int = 0) -> Curriculum:
    rng = random.Random(seed)
    concepts = {}
    name = Localized.model_construct(en="x", zh=None)
    for i in range(n):
        base = (i // CLUSTER) * CLUSTER
        local = i - base
        k = min(local, 4 if 8 <= local < 14 else 3)  # exactly 3 per concept on average
        window = range(max(base, i - 8), i)  # recent concepts: the closure spans the cluster
        picks = rng.sample(window, min(k, len(window))) if k else []
        pres = [
            Prerequisite.model_construct(
                id=f"c{j}", any_of=None, reason=None, strength="required", evidence=[]
            )
            for j in picks
        ]
        concepts[f"c{i}"] = Concept.model_construct(
            id=f"c{i}",
            name=name,
            summary=None,
            discipline="d",
            kind="concept",
            level=1,
            hours=1.0 + (i % 4),
            prerequisites=pres,
            resources=[],
            implementation=None,
            evidence=[],
        )
    disciplines = {"d": Discipline.model_construct(id="d", name=name, summary=None)}
    return Curriculum(disciplines=disciplines, concepts=concepts, books={}, papers={})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=21)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"python {platform.python_version()} on {platform.machine()}, {platform.processor() or 'cpu'}"
    )
    medians: dict[str, dict[int, float]] = {"memory": {}, "mapped": {}, "cold": {}}
    for n in sizes:
        t0 = time.perf_counter()
        c = synthetic(n)
        built = time.perf_counter() - t0
        goal = f"c{CLUSTER - 1}"
        request = PlanRequest(goals=[goal], hours_per_week=6)
        steps = len(build_plan(curriculum=c, request=request).steps)
        medians["memory"][n] = timed(c, request, args.repeat)
        with tempfile.TemporaryDirectory() as tmp:
            write_cache(Path(tmp) / "c", "0" * 64, c)
            edges = c.graph.number_of_edges()
            del c
            gc.collect()
            mapped = read_cache(Path(tmp) / "c", "0" * 64, Path(tmp))
            assert mapped is not None
            cold = []
            for k in range(1, min(args.repeat, n // CLUSTER - 1) + 1):
                fresh = PlanRequest(goals=[f"c{k * CLUSTER + CLUSTER - 1}"], hours_per_week=6)
                cold.append(timed(mapped, fresh, 1))
            medians["cold"][n] = statistics.median(cold) if cold else float("nan")
            medians["mapped"][n] = timed(mapped, request, args.repeat)
            del mapped
        print(
            f"{n:>9} concepts  {edges:>9} edges  closure {steps:>4} steps  median plan: "
            f"in memory {medians['memory'][n] * 1000:6.2f} ms, mapped {medians['mapped'][n] * 1000:6.2f} ms, "
            f"mapped cold {medians['cold'][n] * 1000:6.2f} ms  (built in {built:.1f} s)",
            flush=True,
        )
    for kind, m in medians.items():
        ratio = m[sizes[-1]] / m[sizes[0]]
        print(f"ratio largest/smallest, {kind}: {ratio:.2f} (target <= 2)")


def timed(c: Curriculum, request: PlanRequest, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        build_plan(curriculum=c, request=request)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


if __name__ == "__main__":
    main()
