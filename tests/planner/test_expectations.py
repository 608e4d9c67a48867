"""The bundled curriculum against a teacher's expectations (tests/planner/expectations.yaml):
for each goal and depth, what the plan must hold, what it must not, and orders a textbook
teaches in. Depths nest, so a concept required at essentials is required at every depth,
and one ruled out at standard is ruled out at essentials too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planner import PlanRequest, build_plan

EXPECTATIONS: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).with_name("expectations.yaml")).read_text(encoding="utf-8")
)
DEPTHS = ("essentials", "standard", "thorough")
RULES = {"must", "must_not", "one_of"}


def _plan_ids(curriculum, goal: str, depth: str) -> list[str]:
    plan = build_plan(curriculum=curriculum, request=PlanRequest(goals=[goal], depth=depth))
    return [s.id for s in plan.steps]


def test_expectations_are_well_formed(bundled):
    # a misspelt key or id would silently hold nothing
    for goal, spec in EXPECTATIONS.items():
        assert set(spec) <= {*DEPTHS, "before"}, f"{goal}: unknown keys {set(spec) - {*DEPTHS}}"
        named = {goal}
        for depth in DEPTHS:
            rules = spec.get(depth) or {}
            assert set(rules) <= RULES, f"{goal}.{depth}: unknown rules {set(rules) - RULES}"
            named |= set(rules.get("must", [])) | set(rules.get("must_not", []))
            named |= {c for group in rules.get("one_of", []) for c in group}
        named |= {c for pair in spec.get("before", []) for c in pair}
        missing = sorted(named - set(bundled.concepts))
        assert not missing, f"{goal}: expectations name unknown concepts {missing}"


@pytest.mark.parametrize("goal", sorted(EXPECTATIONS))
def test_plan_meets_expectations(bundled, goal):
    spec = EXPECTATIONS[goal]
    plans = {d: _plan_ids(bundled, goal, d) for d in DEPTHS}
    problems = []
    must: set[str] = set()
    groups: list[list[str]] = []
    for depth in DEPTHS:  # what a shallower depth must hold, every deeper one must too
        rules = spec.get(depth) or {}
        must |= set(rules.get("must", []))
        groups += rules.get("one_of", [])
        held = set(plans[depth])
        problems += [f"{depth}: lacks {cid}" for cid in sorted(must - held)]
        problems += [f"{depth}: lacks any of {g}" for g in groups if not held & set(g)]
    must_not: set[str] = set()
    for depth in reversed(DEPTHS):  # what a deeper depth must not hold, no shallower one may
        must_not |= set((spec.get(depth) or {}).get("must_not", []))
        problems += [f"{depth}: holds {cid}" for cid in sorted(must_not & set(plans[depth]))]
    for a, b in spec.get("before", []):
        compared = False
        for depth in DEPTHS:
            position = {cid: i for i, cid in enumerate(plans[depth])}
            if a in position and b in position:
                compared = True
                if position[a] > position[b]:
                    problems.append(f"{depth}: {b} comes before {a}")
        if not compared:
            problems.append(f"order {a} before {b}: no plan holds both, so it says nothing")
    assert not problems, f"plan toward {goal}: " + "; ".join(problems)
