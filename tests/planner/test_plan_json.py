"""The JSON answer of a plan, serialised from plain data (plan_json), is byte for byte the
validated Plan's own serialisation, for every goal of the bundled curriculum."""

from __future__ import annotations

from datetime import date

import pytest

from planner.models import PlanRequest
from planner.plan import build_plan, plan_json


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_goal_gives_the_models_bytes(bundled, language):
    ids = sorted(bundled.concepts)
    for i, goal in enumerate(ids):
        request = PlanRequest(
            goals=[goal, ids[(i * 7) % len(ids)]],
            known=[ids[(i * 13) % len(ids)]],
            language=language,
            include_recommended=i % 2 == 0,
            hours_per_week=3 + i % 9,
            start_date=date(2027, 1, 4) if i % 3 == 0 else None,
            prefer_free=i % 5 == 0,
        )
        expected = build_plan(curriculum=bundled, request=request).model_dump_json().encode()
        assert plan_json(curriculum=bundled, request=request) == expected, goal


def test_any_of_choices_and_owned_books_give_the_models_bytes(mini):
    for goal in sorted(mini.concepts):
        request = PlanRequest(goals=[goal], owned_books=sorted(mini.books)[:1])
        expected = build_plan(curriculum=mini, request=request).model_dump_json().encode()
        assert plan_json(curriculum=mini, request=request) == expected, goal
