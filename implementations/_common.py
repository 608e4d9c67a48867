"""The contract every reference implementation follows (DESIGN.md sections 8 and 9).

A concept module exposes ``run(f=None) -> Report``. A report has a title, figures (numbers a
learner can look at) and named checks, each comparing the implementation with an
independent reference: a closed form, a brute-force computation, a library result or an
invariant. ``main(run)`` prints the report and exits non-zero when a check fails, so
``python -m implementations.<discipline>.<module>`` behaves like ``studypath run``.

Exercises: ``EXERCISE`` lists the module's top-level functions a learner writes. ``run``
takes the functions it tests as a parameter ``f`` (any object with those attributes: the
module itself by default, a learner's module when grading), so the same checks grade the
reference and a learner. Each check is a ``with r.case(name) as c:`` block: a learner
function that raises fails that check, by name, and the later checks still run.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Check:
    """One named property compared against an independent reference."""

    name: str
    passed: bool
    detail: str = ""


def _close(actual: Any, expected: Any, rtol: float, atol: float) -> tuple[bool, str]:
    a = np.asarray(actual, dtype=float)
    e = np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        return False, f"shape {a.shape} != expected {e.shape}"
    passed = bool(np.allclose(a, e, rtol=rtol, atol=atol))
    if a.size == 1:
        detail = f"got {a.item():.6g}, expected {e.item():.6g}"
    else:
        err = float(np.max(np.abs(a - e))) if a.size else 0.0
        detail = f"max abs difference {err:.3g} over {a.size} values"
    return passed, f"{detail} (rtol={rtol:g}, atol={atol:g})"


class Case:
    """The verdict of one check, built up inside ``with report.case(name) as c``.

    Every assertion made on it must hold; its details are joined in the report.
    """

    def __init__(self) -> None:
        self.results: list[tuple[bool, str]] = []

    def true(self, passed: bool | np.bool_, detail: str = "") -> bool:
        """Assert a condition; ``detail`` says what was compared."""
        self.results.append((bool(passed), detail))
        return bool(passed)

    def close(self, actual: Any, expected: Any, *, rtol: float = 1e-7, atol: float = 0.0) -> bool:
        """Assert that two numbers or arrays agree within tolerances (numpy.allclose)."""
        passed, detail = _close(actual, expected, rtol, atol)
        self.results.append((passed, detail))
        return passed

    def equal(self, actual: Any, expected: Any) -> bool:
        """Assert exact equality (arrays elementwise, with equal shapes)."""
        a, e = np.asarray(actual), np.asarray(expected)
        passed = a.shape == e.shape and bool(np.all(a == e))
        shown = f"got {_short(actual)}, expected {_short(expected)}"
        self.results.append((passed, shown))
        return passed


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value.tolist() if isinstance(value, np.ndarray) else value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_prefix_free(words: Any) -> bool:
    """Pairwise reference for codes: no codeword is a prefix of another (none repeats)."""
    ws = list(words)
    return all(
        not ws[j].startswith(ws[i]) for i in range(len(ws)) for j in range(len(ws)) if i != j
    )


def solution(f: Any, module_name: str) -> Any:
    """The functions a module's checks test: ``f`` when given, else the module itself."""
    return f if f is not None else sys.modules[module_name]


@dataclass
class Report:
    """What ``run()`` returns: a title, figures and checks."""

    title: str
    figures: dict[str, Any] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there is at least one check and every check passed."""
        return bool(self.checks) and all(c.passed for c in self.checks)

    def figure(self, name: str, value: Any) -> None:
        """Record a figure; numpy scalars become plain Python numbers."""
        if isinstance(value, np.generic):
            value = value.item()
        self.figures[name] = value

    def check(self, name: str, passed: bool | np.bool_, detail: str = "") -> bool:
        """Record a check and return whether it passed."""
        self.checks.append(Check(name=name, passed=bool(passed), detail=detail))
        return bool(passed)

    @contextmanager
    def case(self, name: str) -> Iterator[Case]:
        """One named check. An exception inside fails this check only, naming it."""
        verdict = Case()
        try:
            yield verdict
        except Exception as err:  # a learner's function may raise anything
            tb = err.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next  # the innermost frame: where it was raised
            in_run = tb is not None and tb.tb_frame.f_code.co_name == "run"
            if isinstance(err, UnboundLocalError | NameError) and in_run:
                # raised by run() itself: a value an earlier, failed check should have made
                self.check(
                    name, False, "not checked: it needs a result of an earlier check that failed"
                )
                return
            message = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
            self.check(name, False, "raised " + (message[:300]))
            return
        if not verdict.results:
            self.check(name, False, "the check recorded no result")
            return
        passed = all(p for p, _ in verdict.results)
        details = [d for p, d in verdict.results if d and (not p or passed)]
        self.check(name, passed, "; ".join(details)[:600])

    def check_close(
        self,
        name: str,
        actual: Any,
        expected: Any,
        *,
        rtol: float = 1e-7,
        atol: float = 0.0,
    ) -> bool:
        """Check that two numbers or arrays agree within tolerances (numpy.allclose)."""
        passed, detail = _close(actual, expected, rtol, atol)
        return self.check(name, passed, detail)

    def render(self) -> str:
        """The report as plain text for a terminal."""
        lines = [self.title, "=" * len(self.title)]
        for key, value in self.figures.items():
            lines.append(f"  {key}: {_format_value(value)}")
        for c in self.checks:
            mark = "PASS" if c.passed else "FAIL"
            lines.append(f"  [{mark}] {c.name}" + (f": {c.detail}" if c.detail else ""))
        passed = sum(c.passed for c in self.checks)
        lines.append(f"{passed} passed, {len(self.checks) - passed} failed")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the report."""
        return {
            "title": self.title,
            "ok": self.ok,
            "figures": {k: _jsonable(v) for k, v in self.figures.items()},
            "checks": [
                {"name": c.name, "passed": c.passed, "detail": c.detail} for c in self.checks
            ],
        }


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def exercise_module(module: ModuleType) -> list[str]:
    """The names in a module's ``EXERCISE`` (empty when it has none)."""
    names = getattr(module, "EXERCISE", None)
    return list(names) if names else []


def main(run: Callable[[], Report]) -> None:
    """Run a concept module from the command line: print, exit 1 on a failed check."""
    report = run()
    print(report.render())
    sys.exit(0 if report.ok else 1)
