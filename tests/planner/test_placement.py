"""Placement over the prerequisite order: bounded, consistent, and accurate on simulated learners."""

from __future__ import annotations

import random
import statistics

import pytest

from benchmarks.placement_sim import measure, run_one, simulated_knowledge
from graph.parse import bundled_data_dir
from graph.questions import QuestionBank, load_questions
from graph.schema import Question
from planner import placement


@pytest.fixture(scope="module")
def bank(bundled):
    return load_questions(bundled_data_dir(), bundled.concepts)


def _numeric_bank(curriculum) -> QuestionBank:
    return QuestionBank.of(
        [
            Question(
                id=f"{c}-n",
                concept=c,
                kind="numeric",
                prompt={"en": "?"},
                answer=1.0,
                explanation={"en": "."},
            )
            for c in curriculum.concepts
        ]
    )


def test_a_truthful_learner_is_placed_exactly_when_every_concept_has_a_question(bundled):
    bank = _numeric_bank(bundled)
    rng = random.Random(3)
    concepts = placement.coverage(bundled, ["rlhf-ppo"])
    for _ in range(40):
        knows = simulated_knowledge(bundled, concepts, rng)
        out = run_one(bundled, bank, ["rlhf-ppo"], knows, rng, slip=0.0)
        assert out.precision == 1.0 and out.asked <= placement.MAX_QUESTIONS
        assert out.recall == 1.0 or out.asked == placement.MAX_QUESTIONS


def test_a_pass_implies_required_prerequisites_and_a_fail_excludes_dependents(bundled):
    bank = _numeric_bank(bundled)
    state = placement.new_state(bundled, bank, ["kl-divergence"])
    order = placement.required_order(bundled, state["concepts"])
    first = bank.question(state["current"]).concept
    passed = placement.answer(state, bundled, bank, state["current"], True)
    assert order.ancestors[first] <= set(placement.known(passed)) and first in placement.known(
        passed
    )
    failed = placement.answer(state, bundled, bank, state["current"], False)
    assert not (order.descendants[first] | {first}) & set(placement.known(failed))
    assert state["asked"] == 0  # the state given is not changed
    with pytest.raises(ValueError):
        placement.answer(failed, bundled, bank, "not-the-current-question", True)


def test_a_right_choice_is_confirmed_by_the_concepts_other_question(bundled):
    c = "shannon-entropy"
    qs = [
        Question(
            id=f"{c}-c{i}",
            concept=c,
            kind="choice",
            prompt={"en": "?"},
            choices=[{"en": "a"}, {"en": "b"}],
            answer=0,
            explanation={"en": "."},
        )
        for i in range(2)
    ]
    bank = QuestionBank.of(qs)
    state = placement.new_state(bundled, bank, [c])
    state = placement.answer(state, bundled, bank, state["current"], True)
    assert state["current"] == f"{c}-c1" and placement.known(state) == []
    lucky_once = placement.answer(state, bundled, bank, state["current"], False)
    assert lucky_once["current"] is None and placement.known(lucky_once) == []


def test_simulated_learners_are_placed_with_precision_and_recall_of_at_least_0_9(bundled, bank):
    # the bundled questions, learners who slip 5% of the time and guess on choices
    for goals in (["knowledge-distillation"], ["transformer-block"], ["rlhf-ppo"]):
        out = measure(bundled, bank, goals, learners=200, slip=0.05, seed=7)
        assert max(o.asked for o in out) <= placement.MAX_QUESTIONS
        assert statistics.mean(o.precision for o in out) >= 0.9, goals
        assert statistics.mean(o.recall for o in out) >= 0.9, goals
