"""Exercises (DESIGN.md section 9): stubs for a learner, and grading a learner's file.

A module's ``EXERCISE`` names the functions a learner writes. ``stub_source`` writes them
with the reference's signatures, a docstring in English or Chinese (``DOC_ZH``) with a
worked example, and bodies that raise NotImplementedError. ``check_file`` grades a
learner's file with the module's own checks in a child process group with a wall-clock
and an address-space limit; the child is killed with SIGKILL when it exceeds them.

The child is ``python -m implementations.exercise MODULE FILE``: it imports the learner's
file, runs the checks and prints one JSON line. Nothing here is ever run by the server.
"""

from __future__ import annotations

import ast
import copy
import importlib
import importlib.util
import inspect
import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from implementations._common import Report
from implementations.runner import MODULE_NAME

WALL_SECONDS = 60.0
MEMORY_BYTES = 2 * 1024**3
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Function:
    name: str
    signature: str


@dataclass(frozen=True)
class Exercise:
    """What a learner writes for one implementation module."""

    module: str
    functions: list[Function]
    docs: dict[str, dict[str, str]]  # language -> function name -> docstring
    hints: dict[str, tuple[str, str]]  # language -> (nudge, key idea)


ROOT = Path(__file__).resolve().parent


def reference_module(module: str) -> types.ModuleType:
    module_file(module)  # the name is checked before anything is imported
    return importlib.import_module(f"implementations.{module}")


def module_file(module: str) -> Path:
    """The source file of ``implementations.<module>`` (without importing it)."""
    if not MODULE_NAME.fullmatch(module):
        raise ValueError(f"'{module}' is not an implementation module name")
    return ROOT / (module.replace(".", "/") + ".py")


def _signature(fn: ast.FunctionDef) -> str:
    """The reference's parameters with kinds and defaults, annotations dropped."""
    args = copy.deepcopy(fn.args)
    for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
        if a is not None:
            a.annotation = None
    return f"({ast.unparse(args)})"


def exercise(module: str) -> Exercise:
    """The exercise of an implementation module, read from its source (nothing is run, so
    the server can serve stubs); ValueError when it declares none."""
    tree = ast.parse(module_file(module).read_text(encoding="utf-8"))
    values: dict[str, Any] = {}
    defs: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in ("EXERCISE", "DOC_ZH", "HINTS"):
                values[target.id] = ast.literal_eval(node.value)
        elif isinstance(node, ast.FunctionDef):
            defs[node.name] = node
    names = values.get("EXERCISE") or []
    if not names:
        raise ValueError(f"implementations.{module} declares no EXERCISE")
    zh = values.get("DOC_ZH", {})
    docs: dict[str, dict[str, str]] = {"en": {}, "zh": {}}
    functions = []
    for name in names:
        fn = defs[name]
        functions.append(Function(name, _signature(fn)))
        docs["en"][name] = inspect.cleandoc(ast.get_docstring(fn) or "")
        docs["zh"][name] = inspect.cleandoc(zh.get(name, ""))
    hints = {lang: tuple(h) for lang, h in values.get("HINTS", {}).items()}
    return Exercise(module, functions, docs, hints)  # type: ignore[arg-type]


def stub_source(
    module: str, *, concept_id: str, lang: str = "en", filename: str | None = None
) -> str:
    """A module a learner fills in: same names and parameters, bodies NotImplementedError."""
    ex = exercise(module)
    target = filename or "THIS_FILE"
    heading = {
        "en": f"Exercise for {concept_id}: write the functions below, then run\n"
        f"    studypath check {concept_id} {target}\n"
        "numpy and scipy are available; the checks are those of the reference implementation.",
        "zh": f"{concept_id} 的练习：写出下面的函数，然后运行\n"
        f"    studypath check {concept_id} {target}\n"
        "可以使用 numpy 和 scipy；评分用的检查与参考实现相同。",
    }[lang]
    parts = [f'"""{heading}\n"""', "", "import numpy as np", ""]
    for fn in ex.functions:
        doc = ex.docs[lang][fn.name] or ex.docs["en"][fn.name]
        body = textwrap.indent(f'"""{doc}\n"""\nraise NotImplementedError', "    ")
        parts += ["", f"def {fn.name}{fn.signature}:", body, ""]
    return "\n".join(parts).rstrip() + "\n"


class _Missing:
    """Stands in for a function the learner's file does not define: calling it raises."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise NameError(f"your file defines no function '{self.name}'")


def learner_namespace(module: str, learner: types.ModuleType) -> types.SimpleNamespace:
    """The learner's functions under the exercise's names (missing ones raise when called)."""
    names = exercise(module).functions
    return types.SimpleNamespace(
        **{
            f.name: getattr(learner, f.name, None)
            if callable(getattr(learner, f.name, None))
            else _Missing(f.name)
            for f in names
        }
    )


def load_file(path: Path, name: str = "learner_solution") -> types.ModuleType:
    """Import a learner's file as a module (in the child process only)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def grade(module: str, learner: types.ModuleType | types.SimpleNamespace) -> Report:
    """Run the module's checks on the learner's functions."""
    ref = reference_module(module)
    ns = learner if isinstance(learner, types.SimpleNamespace) else learner_namespace(
        module, learner
    )
    report: Report = ref.run(ns)
    return report


@dataclass
class CheckOutcome:
    """The result of grading one file: the report, or why there is none."""

    module: str
    status: str  # "passed" | "failed" | "error" | "limit"
    checks: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return {"passed": 0, "failed": 1}.get(self.status, 2)


def _limit_child(memory_bytes: int) -> None:
    os.setsid()  # its own process group: a learner's subprocesses die with it
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def check_file(
    module: str,
    path: Path,
    *,
    wall_seconds: float = WALL_SECONDS,
    memory_bytes: int = MEMORY_BYTES,
) -> CheckOutcome:
    """Grade a learner's file in a child process group with wall and memory limits."""
    start = time.monotonic()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", OPENBLAS_NUM_THREADS="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "implementations.exercise", module, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: _limit_child(memory_bytes),  # noqa: PLW1509 (no threads here)
        env=env,
    )
    try:
        out, err = proc.communicate(timeout=wall_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return CheckOutcome(
            module,
            "limit",
            message=f"stopped after the wall-clock limit of {wall_seconds:g} s",
            seconds=time.monotonic() - start,
        )
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever the learner's code left running
        except ProcessLookupError:
            pass
    seconds = time.monotonic() - start
    lines = out.decode("utf-8", "replace").strip().splitlines()
    result = None
    for line in reversed(lines):
        if line.startswith('{"studypath_grade"'):
            result = json.loads(line)["studypath_grade"]
            break
    if result is None:
        stderr = err.decode("utf-8", "replace")
        if proc.returncode < 0 and proc.returncode == -signal.SIGKILL:
            message = "killed (SIGKILL)"
        elif "MemoryError" in stderr:
            message = f"stopped at the memory limit of {memory_bytes // 1024**2} MiB"
            return CheckOutcome(module, "limit", message=message, seconds=seconds)
        else:
            tail = stderr.strip().splitlines()[-6:]
            message = "\n".join(tail) or f"the grader exited with {proc.returncode}"
        return CheckOutcome(module, "error", message=message, seconds=seconds)
    if result.get("error"):
        return CheckOutcome(module, "error", message=result["error"], seconds=seconds)
    checks = result["checks"]
    status = "passed" if checks and all(c["passed"] for c in checks) else "failed"
    return CheckOutcome(module, status, checks=checks, seconds=seconds)


def _child(module: str, path: str) -> None:
    """In the child: import the learner's file, grade it, print one JSON line."""
    import traceback
    import warnings

    warnings.simplefilter("ignore")
    try:
        learner = load_file(Path(path))
    except MemoryError:
        _emit({"error": f"your file ran out of memory while importing ({path})"})
        return
    except BaseException as err:  # noqa: BLE001 (a learner's import may raise anything)
        tb = traceback.format_exception_only(type(err), err)
        _emit({"error": "your file failed to import: " + "".join(tb).strip()})
        return
    try:
        report = grade(module, learner)
    except MemoryError:
        _emit({"error": "the checks ran out of memory"})
        return
    except Exception as err:  # noqa: BLE001
        _emit({"error": f"the checks stopped: {type(err).__name__}: {err}"})
        return
    _emit({"checks": report.to_dict()["checks"]})


def _emit(payload: dict[str, Any]) -> None:
    sys.stdout.write("\n" + json.dumps({"studypath_grade": payload}) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
