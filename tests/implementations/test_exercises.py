"""Exercises: the untouched stub fails every check by name, the reference passes, the
worked examples in both languages are true of the reference, hints exist in both languages.

Modules are those that declare EXERCISE (DESIGN section 9).
"""

from __future__ import annotations

import doctest
import inspect
import types

import pytest

from implementations._common import exercise_module
from implementations.exercise import exercise, grade, reference_module, stub_source
from tests.implementations.test_implementations import MODULES

EXERCISES = [m for m in MODULES if exercise_module(reference_module(m))]


def _stub(module: str, lang: str) -> types.ModuleType:
    mod = types.ModuleType("stub")
    exec(compile(stub_source(module, concept_id="x", lang=lang), "stub.py", "exec"), mod.__dict__)
    return mod


@pytest.mark.parametrize("module", EXERCISES)
def test_stub_fails_every_check_and_reference_passes(module: str) -> None:
    reference = grade(module, reference_module(module))
    assert reference.ok, [c for c in reference.checks if not c.passed]
    names = [c.name for c in reference.checks]
    assert len(set(names)) == len(names), "check names must be unique"
    for lang in ("en", "zh"):
        stub = grade(module, _stub(module, lang))
        assert [c.name for c in stub.checks] == names, "the stub must meet every check, by name"
        passing = [c.name for c in stub.checks if c.passed]
        assert passing == [], f"checks an empty stub passes cannot grade: {passing}"


@pytest.mark.parametrize("module", EXERCISES)
def test_exercise_functions_and_docs(module: str) -> None:
    mod = reference_module(module)
    ex = exercise(module)
    for fn in ex.functions:
        obj = getattr(mod, fn.name)
        assert inspect.isfunction(obj) and obj.__module__ == mod.__name__, fn.name
        for lang in ("en", "zh"):
            doc = ex.docs[lang][fn.name]
            assert ">>>" in doc, f"{fn.name}: the {lang} docstring needs a worked example"
            examples = doctest.DocTestParser().get_doctest(
                doc, dict(vars(mod)), f"{module}.{fn.name}[{lang}]", None, 0
            )
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
            runner.run(examples, out=lambda _: None)
            assert runner.failures == 0, f"{fn.name}: the {lang} worked example is wrong"
    assert any("\u4e00" <= ch <= "\u9fff" for d in ex.docs["zh"].values() for ch in d)
    for lang in ("en", "zh"):
        nudge, key_idea = ex.hints[lang]
        assert nudge.strip() and key_idea.strip() and nudge != key_idea


def test_every_implementation_is_an_exercise() -> None:
    assert set(EXERCISES) == set(MODULES), sorted(set(MODULES) - set(EXERCISES))
