"""Examples a reader can check by hand."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from graph.errors import UnknownConceptError
from planner import PlanRequest, build_plan, next_concepts
from planner.export import to_bibtex, to_ics, to_markdown, to_plan_dot, to_plan_mermaid
from planner.schedule import schedule
from tests.factories import make_curriculum


def test_goals_in_priority_order_and_disciplines_grouped():
    # goal g1 needs a; goal g2 needs b; a and b are independent
    c = make_curriculum([("a", "g1"), ("b", "g2")])
    plan = build_plan(curriculum=c, request=PlanRequest(goals=["g2", "g1"]))
    assert [s.id for s in plan.steps] == ["b", "g2", "a", "g1"]


def test_known_covers_what_only_it_leads_to():
    c = make_curriculum([("a", "b"), ("b", "c"), ("x", "c")])
    plan = build_plan(curriculum=c, request=PlanRequest(goals=["c"], known=["b"]))
    assert [s.id for s in plan.steps] == ["x", "c"]


def test_known_goal_is_reported_not_planned():
    c = make_curriculum([("a", "b")])
    plan = build_plan(curriculum=c, request=PlanRequest(goals=["b", "a"], known=["b"]))
    assert plan.known_goals == ["b"] and [s.id for s in plan.steps] == ["a"]


def test_unknown_ids_are_all_named():
    c = make_curriculum([("alpha", "beta")])
    with pytest.raises(UnknownConceptError) as info:
        build_plan(curriculum=c, request=PlanRequest(goals=["betta"], known=["alpah", "alpha"]))
    assert info.value.ids == ["betta", "alpah"]
    assert info.value.suggestions["betta"] == ["beta"]


def test_limits():
    with pytest.raises(ValidationError):
        PlanRequest(goals=[])
    with pytest.raises(ValidationError):
        PlanRequest(goals=[f"g{i}" for i in range(51)])
    with pytest.raises(ValidationError):
        PlanRequest(goals=["a"], hours_per_week=0.4)
    with pytest.raises(ValidationError):
        PlanRequest(goals=["a"], hours_per_week=81)


def test_schedule_spans_weeks_and_dates():
    spans, weeks, finish = schedule(
        [("a", 4), ("b", 4), ("c", 6)], hours_per_week=6, start_date=date(2027, 1, 4)
    )
    assert spans == [(1, 1), (1, 2), (2, 3)]
    assert [w["hours"] for w in weeks] == [6.0, 6.0, 2.0]
    assert weeks[2]["start_date"] == date(2027, 1, 18)
    assert finish == date(2027, 1, 20)  # 14 h at 6 h/week = 16.3 days -> the 17th day


def test_why_chain_has_reasons_in_language():
    c = make_curriculum([("a", "b"), ("b", "c")])
    plan = build_plan(curriculum=c, request=PlanRequest(goals=["c"], language="zh"))
    first = plan.steps[0]
    assert first.id == "a" and first.serves == ["c"]
    assert [(x.prerequisite, x.dependent, x.reason) for x in first.why.chain] == [
        ("a", "b", "b 用到 a"),
        ("b", "c", "c 用到 b"),
    ]


def test_next_is_the_outer_fringe():
    c = make_curriculum([("a", "b"), ("b", "c"), ("a", "d"), ("d", "c"), ("e", "f")])
    assert [x["id"] for x in next_concepts(c, known=["a"])] == ["b", "d", "e"]
    with_goal = next_concepts(c, known=["a"], goals=["c"])
    assert [x["id"] for x in with_goal] == ["b", "d"]
    assert all(x["unlocks"] == 1 for x in with_goal)


def test_exports_parse(mini):
    plan = build_plan(
        curriculum=mini, request=PlanRequest(goals=["kl"], start_date=date(2027, 1, 4))
    )
    md = to_markdown(mini, plan)
    assert md.startswith("# Study plan") and "studypath run kl" in md
    from icalendar import Calendar

    cal = Calendar.from_ical(to_ics(mini, plan))
    events = [e for e in cal.walk("VEVENT")]
    assert len(events) == plan.total_weeks
    assert events[0].decoded("dtstart") == date(2027, 1, 4)
    bib = to_bibtex(mini, plan)
    assert bib.count("@") == 1 and "@book{BookA," in bib and "note = {Chapters: 1, 2}" in bib
    mermaid = to_plan_mermaid(mini, plan)
    assert mermaid.startswith("flowchart TD") and mermaid.count("-->") >= 2
    dot = to_plan_dot(mini, plan)
    assert dot.startswith("digraph") and dot.count("->") >= 2


def test_bibtex_parses_with_a_bibtex_parser(bundled):
    import bibtexparser

    plan = build_plan(
        curriculum=bundled, request=PlanRequest(goals=["knowledge-distillation", "adamw"])
    )
    db = bibtexparser.loads(to_bibtex(bundled, plan))
    ids = [e["ID"] for e in db.entries]
    assert len(ids) == len(set(ids)) >= 3
    assert all(e.get("title") and e.get("author") and e.get("year") for e in db.entries)
    arxiv = [e for e in db.entries if e.get("eprint")]
    assert arxiv and all(e["archiveprefix"] == "arXiv" for e in arxiv)


def test_zh_plan_prefers_chinese_books(bundled):
    plan = build_plan(curriculum=bundled, request=PlanRequest(goals=["adamw"], language="zh"))
    langs = [
        s.resources[0].get("language")
        for s in plan.steps
        if s.resources and s.resources[0]["type"] == "book"
    ]
    assert langs.count("zh") > langs.count("en")


def test_exports_read_the_plan_s_own_reading_list(bundled, monkeypatch):
    """A plan carries its reading list: chosen once, read by every export and route."""
    import planner.plan
    from planner.export import render_plan

    calls = []
    real = planner.plan.group_readings
    monkeypatch.setattr(
        planner.plan, "group_readings", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    plan = build_plan(
        curriculum=bundled,
        request=PlanRequest(goals=["knowledge-distillation"], owned_books=["cover-thomas-2e"]),
    )
    for fmt in ("md", "bibtex", "ics", "svg", "json"):
        render_plan(bundled, plan, fmt)
    assert len(calls) == 1
    books = [b["book"] for b in plan.reading_list["books"]]
    assert "cover-thomas-2e" in books  # chosen with the request's owned books
    assert "reading" not in plan.model_dump() and "_reading" not in plan.model_dump_json()
