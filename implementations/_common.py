"""The contract every reference implementation follows (DESIGN.md section 8).

A concept module exposes ``run() -> Report``. A report has a title, figures (numbers a
learner can look at) and named checks, each comparing the implementation with an
independent reference: a closed form, a brute-force computation, a library result or an
invariant. ``main(run)`` prints the report and exits non-zero when a check fails, so
``python -m implementations.<discipline>.<module>`` behaves like ``studypath run``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Check:
    """One named property compared against an independent reference."""

    name: str
    passed: bool
    detail: str = ""


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
        a = np.asarray(actual, dtype=float)
        e = np.asarray(expected, dtype=float)
        if a.shape != e.shape:
            return self.check(name, False, f"shape {a.shape} != expected {e.shape}")
        passed = bool(np.allclose(a, e, rtol=rtol, atol=atol))
        if a.size == 1:
            detail = f"got {a.item():.6g}, expected {e.item():.6g}"
        else:
            err = float(np.max(np.abs(a - e))) if a.size else 0.0
            detail = f"max abs difference {err:.3g} over {a.size} values"
        return self.check(name, passed, f"{detail} (rtol={rtol:g}, atol={atol:g})")

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


def main(run: Callable[[], Report]) -> None:
    """Run a concept module from the command line: print, exit 1 on a failed check."""
    report = run()
    print(report.render())
    sys.exit(0 if report.ok else 1)
