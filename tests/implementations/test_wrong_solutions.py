"""Hand-made wrong solutions fail the reference's checks, naming the check they break.

Each file of wrong_solutions/ is what a learner with one classic misconception would write
for a concept (softmax over the wrong axis, KL with its arguments swapped, Adam without bias
correction, ...). It is named <discipline>__<module>.py, says its misconception in its
docstring and lists in ``BREAKS`` the checks of implementations.<discipline>.<module> that
must fail. Grading it with the module's own checks must fail those checks by name.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

from implementations.exercise import exercise, grade, load_file, module_file

FOLDER = Path(__file__).resolve().parent / "wrong_solutions"
FILES = sorted(p for p in FOLDER.glob("*__*.py") if not p.name.startswith("_"))


def _module(path: Path) -> str:
    discipline, _, name = path.stem.partition("__")
    return f"{discipline}.{name}"


def test_the_folder_covers_many_concepts_and_disciplines() -> None:
    assert len(FILES) >= 20, [p.name for p in FILES]
    disciplines = {_module(p).split(".")[0] for p in FILES}
    assert len(disciplines) >= 5, disciplines


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_wrong_solution_fails_the_checks_it_names(path: Path) -> None:
    module = _module(path)
    assert module_file(module).exists(), f"no implementation module {module}"
    name = f"studypath_wrong_solution_{path.stem}"
    try:
        learner = load_file(path, name)
    finally:
        sys.modules.pop(name, None)
    doc = (learner.__doc__ or "").strip()
    assert doc, "the docstring must say which misconception the file holds"
    breaks = getattr(learner, "BREAKS", None)
    assert isinstance(breaks, list) and breaks and all(isinstance(b, str) for b in breaks)
    for fn in exercise(module).functions:  # every exercise function is written
        assert callable(getattr(learner, fn.name, None)), f"{path.name} lacks {fn.name}"

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overflow and the like are part of being wrong
        report = grade(module, learner)

    names = [c.name for c in report.checks]
    failed = {c.name: c.detail for c in report.checks if not c.passed}
    assert not report.ok, "the wrong solution passes every check"
    unknown = [b for b in breaks if b not in names]
    assert not unknown, f"BREAKS names checks {module} does not have: {unknown}"
    caught = [b for b in breaks if b in failed]
    assert caught == breaks, f"expected to fail but passed: {sorted(set(breaks) - set(caught))}"
    # the file runs: some check passes, or fails on a wrong value rather than an exception
    ran = [c.name for c in report.checks if c.passed or not c.detail.startswith("raised")]
    assert ran, f"every check failed by an exception: {failed}"
