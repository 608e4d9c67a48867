"""Questions (DESIGN.md section 10): a curriculum's optional questions.yaml, parsed and checked
with file and line like the other two files, and the grading of an answer.

A question tests one concept: multiple choice (``answer`` is a 0-based index into
``choices``) or numeric (``answer`` a number, right within an absolute ``tolerance``). A
numeric question may name ``computed_by``, the function of the concept's implementation
whose result is the answer; the test suite calls it, so the data cannot drift from the code.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from graph.errors import DataValidationError, Problem, UnknownIdError, close_matches
from graph.parse import top_level_list, unknown_top_level_keys, validation_problems
from graph.schema import Concept, Question
from graph.validate import implementation_path
from graph.yaml_source import read_yaml

QUESTIONS_FILE = "questions.yaml"
PER_CONCEPT_STRICT = 2


@dataclass(frozen=True)
class QuestionBank:
    """The questions of a curriculum, by id and by concept (in file order)."""

    questions: dict[str, Question] = field(default_factory=dict)
    by_concept: dict[str, tuple[Question, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, questions: Collection[Question]) -> QuestionBank:
        grouped: dict[str, list[Question]] = {}
        for q in questions:
            grouped.setdefault(q.concept, []).append(q)
        return cls({q.id: q for q in questions}, {c: tuple(qs) for c, qs in grouped.items()})

    def question(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise UnknownIdError(
                [question_id],
                {question_id: close_matches(question_id, self.questions)},
                kind="question",
            ) from None

    def for_concept(self, concept_id: str) -> tuple[Question, ...]:
        return self.by_concept.get(concept_id, ())


def _functions_of(path: Path) -> set[str] | None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def check_questions(
    directory: Path,
    concepts: Mapping[str, Concept],
    *,
    strict: bool = False,
    source_of: Callable[[str], Path] | None = implementation_path,
) -> tuple[QuestionBank, list[Problem]]:
    """Parse ``directory/questions.yaml`` (absent: an empty bank) and check it against the
    concepts. When the file exists, ``strict`` demands both languages everywhere and at
    least two questions per concept; ``source_of(module)`` locates an implementation's source so that a
    ``computed_by`` must name a function it defines (None skips that check)."""
    path = directory / QUESTIONS_FILE
    if not path.exists():
        return QuestionBank(), []  # questions are optional for a curriculum
    doc, problems = read_yaml(path)
    if doc is not None and not isinstance(doc, dict):
        problems.append(
            Problem(
                "invalid-value",
                "the top level must be a mapping with 'questions:'",
                file=QUESTIONS_FILE,
                line=1,
            )
        )
        doc = None
    problems += unknown_top_level_keys(doc, QUESTIONS_FILE, {"questions"})
    entries = (
        top_level_list(doc, "questions", file=QUESTIONS_FILE, problems=problems)
        if doc is not None
        else []
    )
    found: list[Question] = []
    seen: dict[str, int | None] = {}
    functions: dict[str, set[str] | None] = {}
    for index, raw in enumerate(entries):
        line = getattr(raw, "line", None)
        if not isinstance(raw, dict):
            problems.append(
                Problem(
                    "invalid-value",
                    "each question must be a mapping",
                    field=f"questions[{index}]",
                    file=QUESTIONS_FILE,
                    line=line,
                )
            )
            continue
        try:
            q = Question.model_validate(raw)
        except ValidationError as err:
            qid = raw.get("id") if isinstance(raw.get("id"), str) else None
            for p in validation_problems(
                err, raw, file=QUESTIONS_FILE, concept_id=None, prefix=f"questions[{index}]."
            ):
                problems.append(
                    Problem(
                        p.code,
                        (f"question '{qid}': " if qid else "") + p.message,
                        p.file,
                        p.line,
                        raw.get("concept") if isinstance(raw.get("concept"), str) else None,
                        (p.field or "").rstrip(".") or None,
                    )
                )
            continue
        if q.id in seen:
            problems.append(
                Problem(
                    "duplicate-id",
                    f"question id '{q.id}' is already defined at line {seen[q.id]}",
                    field="id",
                    file=QUESTIONS_FILE,
                    line=line,
                )
            )
            continue
        seen[q.id] = line
        concept = concepts.get(q.concept)
        if concept is None:
            hint = close_matches(q.concept, concepts)
            more = f" (did you mean {', '.join(hint)}?)" if hint else ""
            problems.append(
                Problem(
                    "unknown-id",
                    f"question '{q.id}' is about an unknown concept '{q.concept}'{more}",
                    concept_id=q.concept,
                    field="concept",
                    file=QUESTIONS_FILE,
                    line=line,
                )
            )
            continue
        if strict:
            texts = [
                ("prompt", q.prompt),
                ("explanation", q.explanation),
                *((f"choices[{i}]", c) for i, c in enumerate(q.choices or [])),
            ]
            for name, t in texts:
                for language in ("en", "zh"):
                    if not getattr(t, language):
                        problems.append(
                            Problem(
                                "missing-language",
                                f"question '{q.id}' has no {language} text (--strict)",
                                concept_id=q.concept,
                                field=f"{name}.{language}",
                                file=QUESTIONS_FILE,
                                line=line,
                            )
                        )
        if q.computed_by is not None and source_of is not None:
            module = concept.implementation
            if module is None:
                problems.append(
                    Problem(
                        "invalid-value",
                        f"question '{q.id}' names computed_by but concept '{q.concept}' has no implementation",
                        concept_id=q.concept,
                        field="computed_by",
                        file=QUESTIONS_FILE,
                        line=line,
                    )
                )
            else:
                if module not in functions:
                    functions[module] = _functions_of(source_of(module))
                defined = functions[module]
                if defined is not None and q.computed_by.function not in defined:
                    problems.append(
                        Problem(
                            "unknown-id",
                            f"question '{q.id}': {module} defines no function '{q.computed_by.function}'",
                            concept_id=q.concept,
                            field="computed_by.function",
                            file=QUESTIONS_FILE,
                            line=line,
                        )
                    )
        found.append(q)
    bank = QuestionBank.of(found)
    if strict:
        for cid in concepts:
            count = len(bank.for_concept(cid))
            if count < PER_CONCEPT_STRICT:
                problems.append(
                    Problem(
                        "too-few-questions",
                        f"has {count} question(s); --strict needs {PER_CONCEPT_STRICT}",
                        file=QUESTIONS_FILE,
                        concept_id=cid,
                        field="questions",
                    )
                )
    return bank, problems


def load_questions(
    directory: Path,
    concepts: Mapping[str, Concept],
    *,
    strict: bool = False,
    check_functions: bool = True,
) -> QuestionBank:
    """:func:`check_questions`, raising DataValidationError when anything is wrong.
    ``check_functions=False`` skips reading implementation sources for ``computed_by`` (the
    service's start-up: `studypath validate` and the tests check them)."""
    source_of = implementation_path if check_functions else None
    bank, problems = check_questions(directory, concepts, strict=strict, source_of=source_of)
    if problems:
        raise DataValidationError(problems)
    return bank
