"""The planner: pure functions over a Curriculum (no web or database code).

``build_plan`` turns goals and what a learner knows into an ordered, explained, scheduled
plan with a reading list; ``next_concepts`` gives the outer fringe of what is known.
"""

from planner.fringe import next_concepts
from planner.models import Plan, PlanRequest
from planner.plan import build_plan

__all__ = ["Plan", "PlanRequest", "build_plan", "next_concepts"]
