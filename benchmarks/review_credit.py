"""How much implicit credit saves (issue 20): a learner who has mastered a goal and its
required prerequisites reviews whatever comes due, always rating it ``good``, for a year.
With credit, a review of a concept counts as a repetition of its enrolled required
prerequisites (store.reviews, as the API calls it); without, every card is reviewed on its own.
Prints the explicit reviews each concept needed, side by side.

    python benchmarks/review_credit.py [--goal transformer-block] [--days 365]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.loader import load_curriculum  # noqa: E402
from graph.parse import bundled_data_dir  # noqa: E402
from graph.queries import prerequisite_closure  # noqa: E402
from store import learners as repo  # noqa: E402
from store import reviews  # noqa: E402
from store.db import make_engine  # noqa: E402
from store.migrate import upgrade  # noqa: E402
from store.models import LearnerCreate  # noqa: E402


def simulate(goal: str, days: int, *, credit: bool) -> Counter[str]:
    curriculum = load_curriculum(bundled_data_dir())
    below = {
        c: list(prerequisite_closure(curriculum, c, include_recommended=False))
        for c in curriculum.concepts
    }
    concepts = [goal, *below[goal]]
    start = datetime(2027, 1, 4, 9, tzinfo=UTC)
    explicit: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/r.db")
        upgrade(engine)
        with Session(engine) as s:
            learner, _ = repo.create_learner(s, LearnerCreate(display_name="sim"))
            lid = learner.id
            for c in concepts:
                reviews.enroll(s, lid, c, start)
            s.commit()
        now, end = start, start + timedelta(days=days)
        while now < end:
            with Session(engine) as s:
                due = list(reviews.due(s, lid, now))
            # the most advanced due concept first: its credit may settle the others
            due.sort(key=lambda card: -len(below[card.concept_id]))
            for card in due:
                with Session(engine) as s:
                    fresh = [x for x in reviews.due(s, lid, now) if x.concept_id == card.concept_id]
                    if not fresh:
                        continue  # credited by a review earlier today
                    reviews.review(
                        s,
                        lid,
                        card.concept_id,
                        "good",
                        credit=below[card.concept_id] if credit else [],
                        when=now,
                    )
                    explicit[card.concept_id] += 1
            now += timedelta(hours=6)
        engine.dispose()
    return explicit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goal", default="transformer-block")
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    on = simulate(args.goal, args.days, credit=True)
    off = simulate(args.goal, args.days, credit=False)
    print(f"goal {args.goal}, {args.days} days, every due card reviewed 'good' (checked every 6 h)")
    print("| concept | explicit reviews without credit | with credit |")
    print("| --- | --- | --- |")
    for c in sorted(off, key=lambda c: (-off[c], c)):
        print(f"| {c} | {off[c]} | {on[c]} |")
    print(f"| total | {sum(off.values())} | {sum(on.values())} |")


if __name__ == "__main__":
    main()
