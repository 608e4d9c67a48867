"""Placement measured with simulated learners (issue 20): precision and recall of the known
set a placement returns, and the questions it asks, for goals of several sizes.

A simulated learner's knowledge is a set closed under required prerequisites (random
seed concepts and everything they require). They answer a question on a concept they know
correctly except for a slip (probability ``--slip``); on a concept they do not know they
guess: a multiple-choice question with k choices is right with probability 1/k, a numeric
one with probability ``--numeric-guess`` (default 0). The placement sees only right or wrong.

    python benchmarks/placement_sim.py [--learners 200] [--slip 0.05] [--numeric-guess 0] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.curriculum import Curriculum  # noqa: E402
from graph.loader import load_curriculum  # noqa: E402
from graph.parse import bundled_data_dir  # noqa: E402
from graph.questions import QuestionBank, load_questions  # noqa: E402
from planner import placement  # noqa: E402

GOALS: list[list[str]] = [
    ["knowledge-distillation"],
    ["kalman-filter"],
    ["transformer-block"],
    ["rlhf-ppo"],
    ["rlhf-ppo", "dpo", "lora"],
]


@dataclass(frozen=True)
class Outcome:
    precision: float
    recall: float
    asked: int


def simulated_knowledge(
    curriculum: Curriculum, concepts: list[str], rng: random.Random
) -> set[str]:
    """A random set of the covered concepts, closed under required prerequisites."""
    order = placement.required_order(curriculum, concepts)
    seeds = rng.sample(concepts, k=rng.randint(0, min(6, len(concepts))))
    knows: set[str] = set()
    for s in seeds:
        knows |= {s, *order.ancestors[s]}
    return knows


def run_one(
    curriculum: Curriculum,
    bank: QuestionBank,
    goals: list[str],
    knows: set[str],
    rng: random.Random,
    slip: float,
    numeric_guess: float = 0.0,
) -> Outcome:
    state = placement.new_state(curriculum, bank, goals)
    while state["current"] is not None:
        q = bank.question(state["current"])
        if q.concept in knows:
            correct = rng.random() >= slip
        elif q.kind == "choice":
            assert q.choices is not None
            correct = rng.randrange(len(q.choices)) == 0
        else:
            correct = rng.random() < numeric_guess
        state = placement.answer(state, curriculum, bank, q.id, correct)
    found = set(placement.known(state))
    hit = len(found & knows)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(knows) if knows else 1.0
    return Outcome(precision, recall, state["asked"])


def measure(
    curriculum: Curriculum,
    bank: QuestionBank,
    goals: list[str],
    *,
    learners: int,
    slip: float,
    seed: int,
    numeric_guess: float = 0.0,
) -> list[Outcome]:
    rng = random.Random(seed)
    concepts = placement.coverage(curriculum, goals)
    return [
        run_one(
            curriculum,
            bank,
            goals,
            simulated_knowledge(curriculum, concepts, rng),
            rng,
            slip,
            numeric_guess,
        )
        for _ in range(learners)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--slip", type=float, default=0.05)
    parser.add_argument("--numeric-guess", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    data = bundled_data_dir()
    curriculum = load_curriculum(data)
    bank = load_questions(data, curriculum.concepts)
    print(
        f"{args.learners} simulated learners per goal set, slip {args.slip}, "
        f"numeric guess {args.numeric_guess}, seed {args.seed}"
    )
    print("| goals | concepts covered | precision | recall | questions mean | questions max |")
    print("| --- | --- | --- | --- | --- | --- |")
    for goals in GOALS:
        out = measure(
            curriculum,
            bank,
            goals,
            learners=args.learners,
            slip=args.slip,
            seed=args.seed,
            numeric_guess=args.numeric_guess,
        )
        covered = len(placement.coverage(curriculum, goals))
        print(
            f"| {', '.join(goals)} | {covered} | {statistics.mean(o.precision for o in out):.3f} | "
            f"{statistics.mean(o.recall for o in out):.3f} | "
            f"{statistics.mean(o.asked for o in out):.1f} | {max(o.asked for o in out)} |"
        )


if __name__ == "__main__":
    main()
