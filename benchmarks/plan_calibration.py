"""Plan sizes and teaching order on the bundled curriculum (issue 19; docs/planner.md).

    python benchmarks/plan_calibration.py

1. For 30 goals across the disciplines, with nothing known: steps and hours of the plan at
   each depth (essentials, standard, thorough), to compare with what a course would take.
2. Ordering agreement: for every pair of concepts in those standard plans that cite the
   same book as a core reading in different chapters, whether the plan puts the earlier
   chapter first. The rate is pairs in agreement over pairs compared, with the pairs in
   disagreement listed (a plan may disagree where the graph says the book's order is not
   a dependency, e.g. a book that teaches an application before its theory).
"""

from __future__ import annotations

import argparse
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.queries import prerequisite_closure  # noqa: E402
from graph.storage import open_curriculum  # noqa: E402
from planner.models import PlanRequest  # noqa: E402
from planner.plan import build_plan  # noqa: E402

GOALS = [
    "maximum-likelihood",
    "kl-divergence",
    "mutual-information",
    "kalman-filter",
    "lqr-riccati",
    "q-learning",
    "ppo-clipped-objective",
    "adam",
    "lagrange-kkt",
    "sharpness-aware-minimization",
    "muon-orthogonalized-momentum",
    "arithmetic-coding",
    "rate-distortion",
    "compressed-sensing",
    "lottery-ticket-hypothesis",
    "convolutional-networks",
    "clip",
    "autoencoders-vae-elbo",
    "backpropagation",
    "lstm",
    "denoising-diffusion",
    "decoder-only-transformer",
    "transformer-block",
    "rlhf-ppo",
    "dpo",
    "lora",
    "knowledge-distillation",
    "flash-attention",
    "speculative-decoding",
    "grpo",
]
DEPTHS = ("essentials", "standard", "thorough")


def core_chapters(curriculum) -> dict[str, dict[str, int]]:
    """concept id -> {book id: the earliest chapter it cites as a core reading}."""
    out: dict[str, dict[str, int]] = {}
    for cid, concept in curriculum.concepts.items():
        for r in concept.resources:
            if r.book and r.chapter is not None and r.role == "core":
                books = out.setdefault(cid, {})
                books[r.book] = min(books.get(r.book, r.chapter), r.chapter)
    return out


def main() -> int:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    c = open_curriculum(None)
    print(f"{c.version}, {len(c)} concepts")
    print("| goal | discipline | essentials | standard | thorough |")
    print("| --- | --- | --- | --- | --- |")
    standard_plans: dict[str, list[str]] = {}
    for goal in GOALS:
        cells = []
        for depth in DEPTHS:
            plan = build_plan(curriculum=c, request=PlanRequest(goals=[goal], depth=depth))
            steps = [s.id for s in plan.steps]
            if depth == "standard":
                standard_plans[goal] = steps
            cells.append(f"{len(steps)} / {sum(s.hours for s in plan.steps):g} h")
        print(f"| {goal} | {c.concepts[goal].discipline} | " + " | ".join(cells) + " |")

    chapters = core_chapters(c)
    seen: set[tuple[str, str, str]] = set()
    agree = 0
    disagree: list[str] = []
    above: dict[str, dict[str, int]] = {}  # concept -> its prerequisites over every edge
    linked = [0, 0]  # pairs joined by a path of edges: in agreement, compared
    for steps in standard_plans.values():
        position = {cid: i for i, cid in enumerate(steps)}
        for a, b in combinations(steps, 2):  # a is planned before b
            for book in chapters.get(a, {}).keys() & chapters.get(b, {}).keys():
                ca, cb = chapters[a][book], chapters[b][book]
                key = (min(a, b), max(a, b), book)
                if ca == cb or key in seen:
                    continue
                seen.add(key)
                ok = (ca < cb) == (position[a] < position[b])
                if b not in above:
                    above[b] = prerequisite_closure(c, b)
                if a in above[b]:
                    linked[0] += ok
                    linked[1] += 1
                if ok:
                    agree += 1
                else:
                    disagree.append(f"{book}: {a} (ch. {ca}) planned before {b} (ch. {cb})")
    total = agree + len(disagree)
    print(
        f"\nordering agreement with the cited books' chapter order: {agree} / {total} pairs"
        f" = {agree / max(total, 1):.1%}"
    )
    print(
        f"  of which joined by a path of prerequisite edges: {linked[0]} / {linked[1]} agree;"
        f" the other {total - linked[1]} pairs are independent (their order is the planner's"
        " tie-break)"
    )
    for line in sorted(disagree):
        print("  disagrees:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
