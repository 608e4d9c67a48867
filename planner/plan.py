"""build_plan: selection, order, schedule, explanations and readings in one Plan."""

from __future__ import annotations

from graph.citations import resolve_citation
from graph.curriculum import Curriculum
from planner.explain import goals_served, nearest_goal_chains
from planner.models import Plan, PlanRequest, Step
from planner.order import order_selection
from planner.reading import reading_list
from planner.schedule import schedule
from planner.select import select


def check_ids(curriculum: Curriculum, request: PlanRequest) -> None:
    """Raise one UnknownIdError naming every unknown goal, known id or owned book."""
    curriculum.require_known([*request.goals, *request.known], kind="concept")
    if request.owned_books:
        curriculum.require_known(request.owned_books, kind="book")


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
    check_ids(curriculum, request)
    known = set(request.known)
    sel = select(
        curriculum,
        goals=request.goals,
        known=known,
        include_recommended=request.include_recommended,
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
    concepts = curriculum.concepts
    spans, weeks, finish = schedule(
        [(sid, concepts[sid].hours) for sid in order],
        hours_per_week=request.hours_per_week,
        start_date=request.start_date,
    )
    chosen, readings = reading_list(
        curriculum,
        order,
        language=request.language,
        owned_books=request.owned_books,
        prefer_free=request.prefer_free,
    )
    week_start = {w.week: w.start_date for w in weeks}
    goal_set = set(request.goals)
    steps = []
    for index, (sid, (w0, w1)) in enumerate(zip(order, spans, strict=True), start=1):
        c = concepts[sid]
        resource = chosen[sid]
        steps.append(
            Step(
                index=index,
                id=sid,
                name=c.name.get(request.language),
                discipline=c.discipline,
                kind=c.kind,
                level=c.level,
                hours=c.hours,
                week=w0,
                end_week=w1,
                start_date=week_start.get(w0),
                is_goal=sid in goal_set,
                serves=served[sid],
                why=whys[sid],
                resources=[resolve_citation(curriculum, resource)] if resource is not None else [],
                run=f"studypath run {sid}" if c.implementation else None,
            )
        )
    total = round(sum(s.hours for s in steps), 4)
    plan = Plan(
        curriculum_version=curriculum.version,
        goals=request.goals,
        known_goals=sel.known_goals,
        known=request.known,
        language=request.language,
        hours_per_week=request.hours_per_week,
        include_recommended=request.include_recommended,
        steps=steps,
        weeks=weeks,
        total_hours=total,
        total_weeks=len(weeks),
        start_date=request.start_date,
        finish_date=finish,
        any_of_choices=sel.choices,
    )
    plan._reading = readings
    return plan
