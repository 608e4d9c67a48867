"""questions.yaml: parsed and checked with file and line, and held to the implementations."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from graph.parse import bundled_data_dir
from graph.questions import QUESTIONS_FILE, check_questions, load_questions

CHOICE = """
  - id: {qid}
    concept: {concept}
    kind: choice
    prompt: {{en: "Which?", zh: "哪一个？"}}
    choices:
      - {{en: "a", zh: "甲"}}
      - {{en: "b", zh: "乙"}}
    answer: {answer}
    explanation: {{en: "Because.", zh: "因为。"}}
"""


def _write(folder: Path, body: str) -> Path:
    (folder / QUESTIONS_FILE).write_text("questions:\n" + body, encoding="utf-8")
    return folder


def test_bundled_questions_are_valid_and_each_computed_answer_is_what_the_implementation_gives(
    bundled,
):
    bank = load_questions(bundled_data_dir(), bundled.concepts)
    computed = [q for q in bank.questions.values() if q.computed_by is not None]
    assert len(computed) >= 40
    for q in computed:
        module = importlib.import_module(
            "implementations." + bundled.concepts[q.concept].implementation
        )
        got = float(
            getattr(module, q.computed_by.function)(*q.computed_by.args, **q.computed_by.kwargs)
        )
        tolerance = q.tolerance if q.tolerance is not None else 1e-9
        assert abs(got - q.answer) <= tolerance, (q.id, got, q.answer)


def test_bundled_questions_meet_strict(bundled):
    # two per concept, both languages in every prompt, choice and explanation
    bank, problems = check_questions(bundled_data_dir(), bundled.concepts, strict=True)
    assert problems == []
    assert set(bank.by_concept) == set(bundled.concepts)
    assert {q.kind for q in bank.questions.values()} == {"choice", "numeric"}


def test_problems_name_file_line_and_field(mini, mini_copy):
    concept = next(iter(mini.concepts))
    body = (
        CHOICE.format(qid="q-one", concept=concept, answer=0)
        + CHOICE.format(qid="q-one", concept=concept, answer=1)  # duplicate id
        + CHOICE.format(qid="q-two", concept="no-such-concept", answer=0)
        + CHOICE.format(qid="q-three", concept=concept, answer=2)  # out of range
    )
    _write(mini_copy, body)
    _, problems = check_questions(mini_copy, mini.concepts)
    rendered = [p.render() for p in problems]
    assert any("duplicate-id" in r and "questions.yaml:13" in r for r in rendered), rendered
    assert any(
        "unknown concept 'no-such-concept'" in r and "questions.yaml:23" in r for r in rendered
    ), rendered
    assert any(
        "0-based index" in r and "q-three" in r and "questions.yaml:33" in r and "questions[3]" in r
        for r in rendered
    ), rendered
    assert len(problems) == 3


def test_strict_demands_two_questions_per_concept_and_both_languages(mini, mini_copy):
    concept = next(iter(mini.concepts))
    one_language = CHOICE.format(qid="q-one", concept=concept, answer=0).replace(
        ', zh: "哪一个？"', ""
    )
    _write(mini_copy, one_language)
    assert check_questions(mini_copy, mini.concepts)[1] == []
    problems = check_questions(mini_copy, mini.concepts, strict=True)[1]
    codes = {(p.code, p.concept_id) for p in problems}
    assert ("missing-language", concept) in codes
    assert {p.concept_id for p in problems if p.code == "too-few-questions"} == set(mini.concepts)


def test_numeric_questions_grade_within_tolerance_and_computed_by_must_exist(bundled, tmp_path):
    shutil.copytree(bundled_data_dir(), tmp_path / "data", ignore=shutil.ignore_patterns("__*"))
    folder = tmp_path / "data"
    _write(
        folder,
        """
  - id: kl-num
    concept: kl-divergence
    kind: numeric
    prompt: {en: "D?", zh: "D？"}
    answer: 0.5
    tolerance: 0.01
    computed_by: {function: no_such_function, args: [1]}
    explanation: {en: "x", zh: "x"}
""",
    )
    bank, problems = check_questions(folder, bundled.concepts)
    assert [p.field for p in problems] == ["computed_by.function"]
    q = bank.questions["kl-num"]
    assert q.grade(0.509) and not q.grade(0.52)
    assert q.answer_problem(float("nan")) is not None and q.answer_problem(True) is not None


def test_a_missing_file_is_an_empty_bank(mini, mini_copy):
    bank, problems = check_questions(mini_copy, mini.concepts, strict=True)
    assert problems == [] and bank.questions == {}


@pytest.mark.parametrize("text", ["questions: 3\n", "- a\n", "questions:\n  - 3\n"])
def test_malformed_files_are_reported_not_raised(mini, mini_copy, text):
    (mini_copy / QUESTIONS_FILE).write_text(text, encoding="utf-8")
    _, problems = check_questions(mini_copy, mini.concepts)
    assert problems and all(p.file == QUESTIONS_FILE for p in problems)
