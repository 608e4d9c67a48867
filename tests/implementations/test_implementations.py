"""Every reference implementation of the bundled curriculum runs and passes its checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import load_curriculum
from graph.validate import IMPLEMENTATIONS_ROOT
from implementations._common import Report
from implementations.runner import run_module

BUNDLED = load_curriculum(None)
MODULES = sorted({c.implementation for c in BUNDLED.concepts.values() if c.implementation})


@pytest.mark.parametrize("module", MODULES)
def test_implementation_passes(module: str) -> None:
    result = run_module(module)
    failed = [f"{c.name}: {c.detail}" for c in result.report.checks if not c.passed]
    assert result.report.ok, failed or "no checks"
    assert len(result.report.checks) >= 2, (
        "each implementation compares with at least two references"
    )


def test_every_module_file_belongs_to_a_concept() -> None:
    files = {
        ".".join(p.relative_to(IMPLEMENTATIONS_ROOT).with_suffix("").parts)
        for p in Path(IMPLEMENTATIONS_ROOT).glob("*/*.py")
        if p.name != "__init__.py"
    }
    assert files - set(MODULES) == set(), "modules no concept uses"


def test_report_contract() -> None:
    r = Report("t")
    assert not r.ok  # no checks is not a pass
    r.check_close("close", 1.0, 1.0 + 1e-12)
    assert r.ok
    r.check_close("far", 1.0, 1.1, rtol=1e-3)
    assert not r.ok and "FAIL" in r.render()
