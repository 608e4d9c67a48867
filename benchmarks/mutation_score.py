"""Mutation score of the reference implementations' checks (issue: checks that see a wrong core).

For every implementation module with an ``EXERCISE`` list, each function it names is mutated
one site at a time (arithmetic and comparison operators swapped, a numeric constant changed,
a sign or a ``not`` dropped, ``and``/``or`` swapped, max/min, argmax/argmin and sum/mean
swapped, an in-place update or a call statement deleted). The module's own ``run(f)`` then
grades the mutant exactly as ``studypath check`` grades a learner's file: the mutant is
killed when a check fails, ``run`` raises, or it runs past its time limit.

Mutants judged equivalent (no input the concept admits can tell them from the original) are
listed with a reason in benchmarks/mutation_equivalent/<discipline>.yaml
(``module: {mutant id: reason}``) and left out of the score.

    python benchmarks/mutation_score.py                     # every module, 2 processes
    python benchmarks/mutation_score.py information_theory.shannon_entropy --survivors
    python benchmarks/mutation_score.py --discipline llm --json out.json

Each module runs in its own child process (``--worker``), so a mutant that corrupts global
state or hangs in C code cannot touch the others; the parent stops a child after its budget.
"""

from __future__ import annotations

import argparse
import ast
import copy as copy_module
import importlib
import json
import random
import resource
import signal
import subprocess
import sys
import time
import types
import warnings
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

EQUIVALENT_DIR = Path(__file__).with_name("mutation_equivalent")
MAX_MUTANTS = 60  # per module; a larger set is sampled deterministically
SWAP_CALLS = {
    "max": "min",
    "min": "max",
    "argmax": "argmin",
    "argmin": "argmax",
    "maximum": "minimum",
    "minimum": "maximum",
    "sum": "mean",
    "mean": "sum",
    "log": "log2",
    "log2": "log",
    "amax": "amin",
    "amin": "amax",
    "nanmax": "nanmin",
    "nanmin": "nanmax",
}
BINOPS: dict[type, type] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.Pow: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
}
CMPOPS: dict[type, list[type]] = {
    ast.Lt: [ast.LtE, ast.Gt],
    ast.LtE: [ast.Lt, ast.GtE],
    ast.Gt: [ast.GtE, ast.Lt],
    ast.GtE: [ast.Gt, ast.LtE],
    ast.Eq: [ast.NotEq],
    ast.NotEq: [ast.Eq],
    ast.Is: [ast.IsNot],
    ast.IsNot: [ast.Is],
    ast.In: [ast.NotIn],
    ast.NotIn: [ast.In],
}


def module_path(module: str) -> Path:
    return ROOT / "implementations" / (module.replace(".", "/") + ".py")


def _exercise_functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "EXERCISE" for t in node.targets
        ):
            names = list(ast.literal_eval(node.value))
    return {
        n.name: n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in names
    }


def _docstring_nodes(fn: ast.FunctionDef) -> set[int]:
    first = fn.body[0] if fn.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        return {id(first), id(first.value)}
    return set()


def _sites(fn: ast.FunctionDef) -> list[tuple[int, str]]:
    """(index of the node in ast.walk order, variant) for every mutation of a function."""
    skip = _docstring_nodes(fn)
    out: list[tuple[int, str]] = []
    for i, node in enumerate(ast.walk(fn)):
        if id(node) in skip:
            continue
        if isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in BINOPS:
            out.append((i, "op"))
        if isinstance(node, ast.AugAssign):
            out.append((i, "delete"))
        if isinstance(node, ast.Compare):
            for k, _ in enumerate(CMPOPS.get(type(node.ops[0]), [])):
                out.append((i, f"cmp{k}"))
        if isinstance(node, ast.BoolOp):
            out.append((i, "boolop"))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
            out.append((i, "unary"))
        if isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
            out.append((i, "const"))
        if isinstance(node, ast.Attribute) and node.attr in SWAP_CALLS:
            out.append((i, "call"))
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and node is not fn.body[0]
        ):
            out.append((i, "delete"))
    return out


class _Mutate(ast.NodeTransformer):
    """Apply one variant to the node at one ast.walk index of one function."""

    def __init__(self, target: ast.AST, variant: str) -> None:
        self.target = target
        self.variant = variant
        self.description = ""

    def generic_visit(self, node: ast.AST) -> ast.AST | None:  # type: ignore[override]
        if node is not self.target:
            return super().generic_visit(node)
        before = ast.unparse(node).splitlines()[0][:60]
        new = self._apply(node)
        after = "<deleted>" if new is None else ast.unparse(new).splitlines()[0][:60]
        self.description = f"{before} -> {after}"
        return new

    def _apply(self, node: Any) -> ast.AST | None:
        v = self.variant
        if v == "op":
            node.op = BINOPS[type(node.op)]()
            return node
        if v == "delete":
            return ast.Pass()
        if v.startswith("cmp"):
            node.ops = [CMPOPS[type(node.ops[0])][int(v[3:])](), *node.ops[1:]]
            return node
        if v == "boolop":
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            return node
        if v == "unary":
            return node.operand
        if v == "const":
            value = node.value
            if isinstance(value, bool):
                node.value = not value
            elif isinstance(value, int):
                node.value = value + 1 if value != 1 else 0
            else:
                node.value = value * 2 if value != 0 else 1.0
            return node
        if v == "call":
            node.attr = SWAP_CALLS[node.attr]
            return node
        raise ValueError(v)


def mutants(module: str) -> list[dict[str, Any]]:
    """Every mutant of a module: id (stable across unrelated edits), line, description."""
    source = module_path(module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    found: list[dict[str, Any]] = []
    for name, fn in _exercise_functions(tree).items():
        seen: dict[str, int] = defaultdict(int)
        for index, variant in _sites(fn):
            copy = copy_module.deepcopy(fn)
            node = list(ast.walk(copy))[index]
            probe = _Mutate(node, variant)
            probe.visit(copy)
            key = f"{name}:{probe.description}"
            seen[key] += 1
            found.append(
                {
                    "id": f"{key}#{seen[key]}",
                    "function": name,
                    "index": index,
                    "variant": variant,
                    "line": getattr(node, "lineno", fn.lineno),
                }
            )
    return found


def _mutant_module(module: str, mutant: dict[str, Any]) -> types.ModuleType:
    path = module_path(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    fn = _exercise_functions(tree)[mutant["function"]]
    node = list(ast.walk(fn))[mutant["index"]]
    _Mutate(node, mutant["variant"]).visit(fn)
    ast.fix_missing_locations(tree)
    mod = types.ModuleType(f"implementations.{module}")
    mod.__file__ = str(path)
    exec(compile(tree, str(path), "exec"), mod.__dict__)
    return mod


class _TimeLimit(BaseException):
    """Not an Exception: Report.case must not catch it and run on past the budget."""


def _alarm(signum: int, frame: Any) -> None:
    raise _TimeLimit


def grade_mutants(module: str, limit: int = MAX_MUTANTS) -> dict[str, Any]:
    """Run in a worker: every (sampled) mutant of one module against its own checks."""
    import numpy as np

    warnings.simplefilter("ignore")
    reference = importlib.import_module(f"implementations.{module}")
    start = time.perf_counter()
    base = reference.run()
    base_seconds = time.perf_counter() - start
    if not base.ok:
        return {"module": module, "error": "the reference fails its own checks"}
    found = mutants(module)
    if len(found) > limit:
        found = sorted(random.Random(module).sample(found, limit), key=lambda m: m["index"])
    budget = max(2.0, 10 * base_seconds)
    signal.signal(signal.SIGALRM, _alarm)
    results = []
    for mutant in found:
        outcome = "survived"
        reason = ""
        try:
            mod = _mutant_module(module, mutant)
            signal.setitimer(signal.ITIMER_REAL, budget)
            try:
                with np.errstate(all="ignore"):
                    report = reference.run(mod)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            failed = [c.name for c in report.checks if not c.passed]
            if failed:
                outcome, reason = "killed", failed[0]
        except _TimeLimit:
            outcome, reason = "killed", f"ran past {budget:.1f} s"
        except Exception as err:  # a broken core that crashes run() outside a check
            outcome, reason = "killed", f"run() raised {type(err).__name__}"
        results.append({**mutant, "outcome": outcome, "by": reason})
    return {"module": module, "mutants": results, "reference_seconds": base_seconds}


def _worker_main(module: str, limit: int) -> None:
    print(json.dumps(grade_mutants(module, limit)))


def exercise_modules() -> list[str]:
    out = []
    for path in sorted((ROOT / "implementations").glob("*/*.py")):
        if path.name == "__init__.py":
            continue
        if "\nEXERCISE = " in path.read_text(encoding="utf-8"):
            out.append(f"{path.parent.name}.{path.stem}")
    return out


WORKER_MEMORY = 2 * 1024**3  # a mutant that allocates without bound meets MemoryError


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))


def _run_worker(module: str, limit: int, timeout: float) -> dict[str, Any]:
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", module, "--limit", str(limit)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        return {"module": module, "error": f"worker ran past {timeout:.0f} s"}
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"module": module, "error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def load_equivalent() -> dict[str, dict[str, str]]:
    """Judged-equivalent mutants: discipline files mapping module names to {id: reason}."""
    judged: dict[str, dict[str, str]] = {}
    for path in sorted(EQUIVALENT_DIR.glob("*.yaml")):
        for module, entries in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            judged[f"{path.stem}.{module}"] = dict(entries or {})
    return judged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="discipline.module (default: all exercises)")
    parser.add_argument("--discipline", help="only the modules of this discipline folder")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=MAX_MUTANTS, help="mutants per module")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per module")
    parser.add_argument("--survivors", action="store_true", help="list surviving mutants")
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker_main(args.worker, args.limit)
        return
    modules = args.modules or exercise_modules()
    if args.discipline:
        modules = [m for m in modules if m.split(".")[0] == args.discipline]
    equivalent = load_equivalent()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(lambda m: _run_worker(m, args.limit, args.timeout), modules))
    per_discipline: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    lines = []
    for res in results:
        module = res["module"]
        if "error" in res:
            lines.append(f"  ERROR {module}: {res['error']}")
            continue
        judged = equivalent.get(module, {})
        killed = sum(m["outcome"] == "killed" for m in res["mutants"])
        eq = [m for m in res["mutants"] if m["outcome"] == "survived" and m["id"] in judged]
        survivors = [
            m for m in res["mutants"] if m["outcome"] == "survived" and m["id"] not in judged
        ]
        tally = per_discipline[module.split(".")[0]]
        tally[0] += 1
        tally[1] += len(res["mutants"]) - len(eq)
        tally[2] += killed
        tally[3] += len(eq)
        meaningful = len(res["mutants"]) - len(eq)
        score = killed / meaningful if meaningful else 1.0
        if args.survivors or score < 0.95:
            lines.append(f"  {module}: {killed}/{meaningful} killed ({score:.0%}), {len(eq)} equivalent")
            if args.survivors:
                for m in survivors:
                    lines.append(f"      survived line {m['line']}: {m['id']}")
    print("\n".join(lines))
    print(f"\n{'discipline':<20} {'modules':>7} {'mutants':>8} {'killed':>7} {'equiv.':>7} {'score':>7}")
    total = [0, 0, 0, 0]
    for disc in sorted(per_discipline):
        t = per_discipline[disc]
        total = [a + b for a, b in zip(total, t, strict=True)]
        print(f"{disc:<20} {t[0]:>7} {t[1]:>8} {t[2]:>7} {t[3]:>7} {t[2] / max(t[1], 1):>7.1%}")
    print(
        f"{'all':<20} {total[0]:>7} {total[1]:>8} {total[2]:>7} {total[3]:>7} "
        f"{total[2] / max(total[1], 1):>7.1%}   floor 95.0%   ({time.perf_counter() - start:.0f} s)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
