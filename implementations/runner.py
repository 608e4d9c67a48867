"""Run a concept's reference implementation by module name (``studypath run``, the tests)."""

from __future__ import annotations

import importlib
import re
import time
from dataclasses import dataclass

from implementations._common import Report

MODULE_NAME = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+$")


@dataclass
class RunResult:
    module: str
    report: Report
    seconds: float


def load_run(module: str):  # type: ignore[no-untyped-def]
    """The ``run`` function of ``implementations.<module>``; only that package is importable."""
    if not MODULE_NAME.fullmatch(module):
        raise ValueError(f"'{module}' is not an implementation module name")
    mod = importlib.import_module(f"implementations.{module}")
    run = getattr(mod, "run", None)
    if not callable(run):
        raise ValueError(f"implementations.{module} has no run() function")
    return run


def run_module(module: str) -> RunResult:
    """Import and run one implementation, timing ``run()`` alone (not the import)."""
    run = load_run(module)
    start = time.perf_counter()
    report = run()
    seconds = time.perf_counter() - start
    if not isinstance(report, Report):
        raise TypeError(
            f"implementations.{module}.run() returned {type(report).__name__}, not Report"
        )
    return RunResult(module=module, report=report, seconds=seconds)
