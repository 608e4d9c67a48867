"""build_plan: selection, order, schedule, explanations and readings in one Plan."""

from __future__ import annotations

from typing import Any

import orjson

from graph.curriculum import Curriculum
from graph.errors import UnknownIdError
from graph.search import search
from planner.explain import goals_served, nearest_goal_chains
from planner.facts import Reading, facts
from planner.models import Plan, PlanRequest
from planner.order import order_selection
from planner.reading import choose_readings, group_readings
from planner.schedule import schedule
from planner.select import select


def goals_by_id(curriculum: Curriculum, request: PlanRequest) -> tuple[PlanRequest, list[str]]:
    """The request with each goal given by its exact English or Chinese name replaced by
    the concept's id, and a note for each (DESIGN.md section 4). Ids win over names."""
    goals, notes = [], []
    for g in request.goals:
        found = None if g in curriculum.concepts else curriculum.id_for_name(g)
        if found is not None:
            notes.append(f"goal '{g}' is the concept '{found}'")
        goals.append(found or g)
    if not notes:
        return request, []
    return request.model_copy(update={"goals": list(dict.fromkeys(goals))}), notes


# Suggesting by name scores every concept per unknown id (at most 10 per request): only
# for curricula small enough that this stays in milliseconds.
NAME_SUGGESTION_LIMIT = 5_000


def check_ids(curriculum: Curriculum, request: PlanRequest) -> None:
    """Raise one UnknownIdError naming every unknown goal, known id or owned book; an
    unknown concept without a close id gets close names instead ("知识蒸留")."""
    try:
        curriculum.require_known([*request.goals, *request.known], kind="concept")
    except UnknownIdError as err:
        if len(curriculum.concepts) > NAME_SUGGESTION_LIMIT or all(err.suggestions.values()):
            raise
        ids = list(curriculum.concepts)
        suggestions = {
            unknown: err.suggestions.get(unknown) or search(curriculum, unknown, ids)[:3]
            for unknown in err.suggestions
        }
        raise type(err)(err.ids, suggestions, kind=err.kind) from None
    if request.owned_books:
        curriculum.require_known(request.owned_books, kind="book")


def plan_data(
    curriculum: Curriculum, request: PlanRequest
) -> tuple[dict[str, Any], dict[str, Reading | None]]:
    """The plan as plain data in the field order of ``planner.models.Plan``, and the
    reading chosen for each step. ``build_plan`` validates it into a Plan; ``plan_json``
    serialises it as it is (the same bytes: tests/planner/test_plan_json.py)."""
    request, notes = goals_by_id(curriculum, request)
    check_ids(curriculum, request)
    known = set(request.known)
    sel = select(
        curriculum,
        goals=request.goals,
        known=known,
        depth=request.depth,
    )
    # Order respects every edge between planned concepts, recommended and any-of ones too:
    # a recommended prerequisite that is in the plan anyway is best studied first.
    induced = {
        (v, u) for v in sel.selected for u in curriculum.graph.predecessors(v) if u in sel.selected
    }
    order = order_selection(
        curriculum, selected=sel.selected, goals=request.goals, edges=sel.edges | induced
    )
    served = goals_served(selected=sel.selected, goals=request.goals, edges=sel.edges)
    whys = nearest_goal_chains(
        curriculum,
        selected=sel.selected,
        goals=request.goals,
        edges=sel.edges,
        language=request.language,
    )
    spans, weeks, finish = schedule(
        [(sid, facts(curriculum, sid).hours) for sid in order],
        hours_per_week=request.hours_per_week,
        start_date=request.start_date,
    )
    chosen = choose_readings(
        curriculum,
        order,
        language=request.language,
        owned_books=request.owned_books,
        prefer_free=request.prefer_free,
    )
    week_start = {w["week"]: w["start_date"] for w in weeks}
    goal_set = set(request.goals)
    language = request.language
    steps = []
    total = 0.0
    for index, (sid, (w0, w1)) in enumerate(zip(order, spans, strict=True), start=1):
        f = facts(curriculum, sid)
        reading = chosen[sid]
        total += f.hours
        steps.append(
            {
                "index": index,
                "id": sid,
                "name": f.name(language),
                "discipline": f.discipline,
                "kind": f.kind,
                "level": f.level,
                "hours": f.hours,
                "week": w0,
                "end_week": w1,
                "start_date": week_start.get(w0),
                "is_goal": sid in goal_set,
                "serves": served[sid],
                "why": whys[sid],
                "resources": [reading.cited] if reading is not None else [],
                "run": f.run,
            }
        )
    data = {
        "curriculum_version": curriculum.version,
        "goals": request.goals,
        "known_goals": sel.known_goals,
        "known": request.known,
        "language": language,
        "hours_per_week": request.hours_per_week,
        "depth": request.depth,
        "include_recommended": request.depth == "thorough",
        "steps": steps,
        "weeks": weeks,
        "total_hours": round(total, 4),
        "total_weeks": len(weeks),
        "start_date": request.start_date,
        "finish_date": finish,
        "any_of_choices": sel.choices,
        "notes": notes,
    }
    return data, chosen


def build_plan(*, curriculum: Curriculum, request: PlanRequest) -> Plan:
    """Plan a path to ``request.goals`` (DESIGN.md section 4).

    Raises
    ------
    UnknownConceptError
        When a goal or known id is not in the curriculum (every unknown id named).

    Examples
    --------
    >>> from graph.build import make_curriculum
    >>> c = make_curriculum([("a", "b"), ("b", "c")])
    >>> plan = build_plan(curriculum=c, request=PlanRequest(goals=["c"], known=["a"]))
    >>> [s.id for s in plan.steps], plan.total_hours
    (['b', 'c'], 2.0)
    """
    data, chosen = plan_data(curriculum, request)
    plan = Plan.model_validate(data)
    owned = list(request.owned_books)
    plan.read_later(lambda: group_readings(curriculum, chosen, owned))
    return plan


def plan_json(*, curriculum: Curriculum, request: PlanRequest) -> bytes:
    """``build_plan(...).model_dump_json()`` as bytes, without building the models: the
    JSON answer of a plan costs its walk, not one model per step (docs/benchmarks.md)."""
    return orjson.dumps(plan_data(curriculum, request)[0])
