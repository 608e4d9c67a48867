"""The bundled curriculum against a teacher's expectations (tests/planner/expectations.yaml):
for each goal and depth, what the plan must hold, what it must not, and orders a textbook
teaches in. Depths nest, so a concept required at essentials is required at every depth,
and one ruled out at standard is ruled out at essentials too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.storage import open_curriculum
from planner import PlanRequest, build_plan

EXPECTATIONS: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).with_name("expectations.yaml")).read_text(encoding="utf-8")
)
DEPTHS = ("essentials", "standard", "thorough")


@pytest.fixture(scope="module")
def curriculum():
    return open_curriculum(None)


def _plan_ids(curriculum, goal: str, depth: str) -> list[str]:
    plan = build_plan(curriculum=curriculum, request=PlanRequest(goals=[goal], depth=depth))
    return [s.id for s in plan.steps]


def test_expectations_name_real_concepts(curriculum):
    for goal, spec in EXPECTATIONS.items():
        named = {goal}
        for depth in DEPTHS:
            named |= set(spec.get(depth, {}).get("must", []))
            named |= set(spec.get(depth, {}).get("must_not", []))
            named |= {c for group in spec.get(depth, {}).get("one_of", []) for c in group}
        named |= {c for pair in spec.get("before", []) for c in pair}
        missing = sorted(named - set(curriculum.concepts))
        assert not missing, f"{goal}: expectations name unknown concepts {missing}"


@pytest.mark.parametrize("goal", sorted(EXPECTATIONS))
def test_plan_meets_expectations(curriculum, goal):
    spec = EXPECTATIONS[goal]
    must: set[str] = set()
    groups: list[list[str]] = []
    problems = []
    plans = {d: _plan_ids(curriculum, goal, d) for d in DEPTHS}
    for depth in DEPTHS:
        must |= set(spec.get(depth, {}).get("must", []))  # what essentials needs, all need
        groups += spec.get(depth, {}).get("one_of", [])
        held = set(plans[depth])
        for cid in sorted(must - held):
            problems.append(f"{depth}: lacks {cid}")
        for group in groups:
            if not held & set(group):
                problems.append(f"{depth}: lacks any of {group}")
    must_not = set(spec.get("standard", {}).get("must_not", []))
    for depth in ("essentials", "standard"):
        for cid in sorted(must_not & set(plans[depth])):
            problems.append(f"{depth}: holds {cid}")
    for depth in DEPTHS:
        position = {cid: i for i, cid in enumerate(plans[depth])}
        for a, b in spec.get("before", []):
            if a in position and b in position and position[a] > position[b]:
                problems.append(f"{depth}: {b} comes before {a}")
    assert not problems, f"plan toward {goal}: " + "; ".join(problems)
