"""Placement (DESIGN.md section 10): where to start, found with at most 30 questions.

A learner's knowledge is taken to be closed under required prerequisites: who knows a
concept knows what it requires. So an answer says something about many concepts at once:
a concept passed implies its required prerequisites (direct and transitive) are known, a
concept failed implies its required dependents are not. An any-of group implies nothing
about any one member. Each next question is on the unresolved concept whose answer, either
way, settles the most: the one maximising min(1 + unresolved ancestors, 1 + unresolved
descendants), a halving search over the prerequisite order.

Guessing is the noise a test must absorb: a right answer can be luck (a choice among four,
a number half-remembered), and a pass is the costly error, since it credits every required
prerequisite too. So a right answer is confirmed by the concept's other question when
there is one (the numeric question first: a right number is rarely a guess), and the
concept passes only if both are right; a wrong answer fails it at once. What the budget
leaves unresolved is not claimed as known. With 5% of numeric answers guessed right,
confirming only choice answers gave precision 0.82 on a 55-concept placement; confirming
every pass gives 0.95 for about 5 more questions (docs/questions.md).

The state is a plain JSON-able dict, so a placement can be stored between requests and
continued by any worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.curriculum import Curriculum
from graph.questions import QuestionBank
from graph.schema import Question
from graph.walk import walk
from planner.order import order_selection
from planner.select import select

MAX_QUESTIONS = 30


@dataclass(frozen=True)
class Order:
    """The required-edge order among the concepts a placement covers."""

    concepts: list[str]  # in plan order
    ancestors: dict[str, frozenset[str]]
    descendants: dict[str, frozenset[str]]


def coverage(curriculum: Curriculum, goals: list[str]) -> list[str]:
    """The concepts a placement for ``goals`` asks about: the steps of the default-depth
    plan with nothing known, in the plan's own order."""
    selection = select(curriculum, goals=goals, known=set(), depth="standard")
    return order_selection(
        curriculum, selected=selection.selected, goals=goals, edges=selection.edges
    )


def required_order(curriculum: Curriculum, concepts: list[str]) -> Order:
    inside = set(concepts)
    preds: dict[str, list[str]] = {c: [] for c in concepts}
    succs: dict[str, list[str]] = {c: [] for c in concepts}
    for c in concepts:
        for pre in curriculum.concepts[c].prerequisites:
            # an any-of group says nothing about any one member
            if pre.id is not None and pre.strength == "required" and pre.id in inside:
                preds[c].append(pre.id)
                succs[pre.id].append(c)
    ancestors = {c: frozenset(walk([c], preds.__getitem__)) - {c} for c in concepts}
    descendants = {c: frozenset(walk([c], succs.__getitem__)) - {c} for c in concepts}
    return Order(concepts, ancestors, descendants)


def new_state(curriculum: Curriculum, bank: QuestionBank, goals: list[str]) -> dict[str, Any]:
    """A placement over ``goals`` (ids already checked), before its first question."""
    concepts = coverage(curriculum, goals)
    state: dict[str, Any] = {
        "goals": goals,
        "concepts": concepts,
        "status": {},  # concept -> "known" | "unknown"
        "asked": 0,
        "answers": [],  # [question id, correct]
        "confirming": None,  # concept whose right answer awaits its second question
        "current": None,
    }
    state["current"] = _next_question(state, required_order(curriculum, concepts), bank)
    return state


def _questions_in_order(bank: QuestionBank, concept: str) -> list[Question]:
    # numeric first: a right number is strong evidence, a right choice may be a guess
    return sorted(bank.for_concept(concept), key=lambda q: q.kind != "numeric")


def _next_question(state: dict[str, Any], order: Order, bank: QuestionBank) -> str | None:
    if state["asked"] >= MAX_QUESTIONS:
        return None
    answered = {qid for qid, _ in state["answers"]}
    if state["confirming"] is not None:
        for q in _questions_in_order(bank, state["confirming"]):
            if q.id not in answered:
                return q.id
    status: dict[str, str] = state["status"]
    open_ = [c for c in order.concepts if c not in status]
    askable = [c for c in open_ if any(q.id not in answered for q in _questions_in_order(bank, c))]
    if not askable:
        return None
    unresolved = set(open_)
    position = {c: i for i, c in enumerate(order.concepts)}

    def gain(c: str) -> tuple[int, int, int]:
        up = len(order.ancestors[c] & unresolved)
        down = len(order.descendants[c] & unresolved)
        return (min(up, down) + 1, up + down, -position[c])

    best = max(askable, key=gain)
    return next(q.id for q in _questions_in_order(bank, best) if q.id not in answered)


def _settle(state: dict[str, Any], order: Order, concept: str, known: bool) -> None:
    status: dict[str, str] = state["status"]
    status[concept] = "known" if known else "unknown"
    implied: Iterable[str] = order.ancestors[concept] if known else order.descendants[concept]
    for c in implied:
        status.setdefault(c, "known" if known else "unknown")


def answer(
    state: dict[str, Any],
    curriculum: Curriculum,
    bank: QuestionBank,
    question_id: str,
    correct: bool,
) -> dict[str, Any]:
    """Record the answer to the current question and choose the next (``current`` None
    when the placement is done). Returns the updated state (the argument is not changed)."""
    if state.get("current") != question_id:
        raise ValueError(f"question '{question_id}' is not the current question")
    state = {**state, "status": dict(state["status"]), "answers": [*state["answers"]]}
    state["answers"].append([question_id, correct])
    state["asked"] += 1
    question = bank.question(question_id)
    concept = question.concept
    order = required_order(curriculum, state["concepts"])
    if state["confirming"] == concept:
        state["confirming"] = None
        _settle(state, order, concept, correct)
    elif not correct:
        _settle(state, order, concept, False)
    elif (
        any(q.id != question_id for q in bank.for_concept(concept))
        and state["asked"] < MAX_QUESTIONS
    ):
        state["confirming"] = concept  # a right answer may be luck: ask the other question
    else:
        _settle(state, order, concept, True)
    state["current"] = _next_question(state, order, bank)
    return state


def known(state: dict[str, Any]) -> list[str]:
    """The concepts the placement found known, in plan order: what /plans takes as known."""
    status: dict[str, str] = state["status"]
    return [c for c in state["concepts"] if status.get(c) == "known"]
