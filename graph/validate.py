"""Cross-reference checks over a parsed curriculum: ids, books, chapters, cycles, code.

Each check appends Problems; nothing stops at the first one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path

import networkx as nx
import numpy as np

from graph.errors import Problem, close_matches
from graph.parse import CONCEPTS_FILE, ParsedCurriculum, locate
from graph.schema import Citation, Concept

IMPLEMENTATIONS_ROOT = Path(__file__).resolve().parent.parent / "implementations"


def implementation_path(module: str) -> Path:
    """The file of an implementation module name such as ``compression.huffman_coding``.

    The name pattern (lowercase identifiers joined by dots) admits no path separators or
    '..', so the path always lies inside the implementations package.
    """
    return IMPLEMENTATIONS_ROOT.joinpath(*module.split(".")).with_suffix(".py")


def check_implementation(module: str, *, strict: bool = False) -> str | None:
    """Why ``module`` is not a usable implementation, or None when it is; with ``strict``
    it must also be an exercise: ``EXERCISE``, a literal list naming top-level functions.

    The source is parsed, never imported: validating a curriculum runs no code from it.
    """
    path = implementation_path(module)
    if not path.is_file():
        return f"module implementations.{module} not found (expected {path.relative_to(IMPLEMENTATIONS_ROOT.parent)})"
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, ValueError) as err:
        return f"module implementations.{module} cannot be imported: {err}"
    if not any(isinstance(n, ast.FunctionDef) and n.name == "run" for n in tree.body):
        return f"module implementations.{module} defines no run() function"
    if strict:
        return _exercise_problem(module, tree)
    return None


def _exercise_problem(module: str, tree: ast.Module) -> str | None:
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "EXERCISE"
        ):
            try:
                names = ast.literal_eval(node.value)
            except ValueError:
                names = None
            if (
                not isinstance(names, list)
                or not names
                or not all(isinstance(n, str) for n in names)
            ):
                return f"strict: implementations.{module}: EXERCISE must be a literal list of names"
            missing = [n for n in names if n not in functions]
            if missing:
                return f"strict: implementations.{module}: EXERCISE names no top-level function {missing}"
            return None
    return (
        f"strict: implementations.{module} is not an exercise (no EXERCISE list; DESIGN section 9)"
    )


# Close matches cost milliseconds each over a large curriculum: a file with 300,000
# unknown ids would spend an hour suggesting. The first ones get suggestions; the count of
# problems and every problem itself are still reported.
MAX_SUGGESTIONS = 100
_suggestions_left: ContextVar[int] = ContextVar("suggestions_left", default=MAX_SUGGESTIONS)


def _suggest(word: str, candidates: Mapping[str, object]) -> str:
    left = _suggestions_left.get()
    if left <= 0:
        return ""
    _suggestions_left.set(left - 1)
    matches = close_matches(word, candidates)
    return f" (did you mean {', '.join(repr(m) for m in matches)}?)" if matches else ""


def _citation_problems(
    parsed: ParsedCurriculum, c: Concept, cite: Citation, loc: tuple[object, ...]
) -> Iterator[Problem]:
    raw = parsed.raw_concepts.get(c.id)
    field = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")

    def problem(code: str, message: str, sub: str) -> Problem:
        return Problem(
            code,
            message,
            file=CONCEPTS_FILE,
            line=locate(raw, (*loc, sub)),
            concept_id=c.id,
            field=f"{field}.{sub}",
        )

    if cite.paper is not None and cite.paper not in parsed.papers:
        yield problem(
            "unknown-paper",
            f"no paper '{cite.paper}' in textbooks.yaml{_suggest(cite.paper, parsed.papers)}",
            "paper",
        )
    if cite.book is not None:
        book = parsed.books.get(cite.book)
        if book is None:
            yield problem(
                "unknown-book",
                f"no book '{cite.book}' in textbooks.yaml{_suggest(cite.book, parsed.books)}",
                "book",
            )
            return
        assert cite.chapter is not None
        if book.chapter(cite.chapter) is None:
            listed = ", ".join(str(ch.n) for ch in book.chapters) or "none"
            yield problem(
                "unknown-chapter",
                f"book '{book.id}' has no chapter {cite.chapter} in its verified chapter list (listed: {listed})",
                "chapter",
            )
        if cite.section is not None:
            if not cite.section.startswith(f"{cite.chapter}."):
                yield problem(
                    "unknown-section",
                    f"section '{cite.section}' is not in chapter {cite.chapter}",
                    "section",
                )
            else:
                listed_here = [s.n for s in book.sections if s.chapter == cite.chapter]
                if listed_here and cite.section not in listed_here:
                    yield problem(
                        "unknown-section",
                        f"book '{book.id}' lists no section {cite.section} "
                        f"(chapter {cite.chapter} has {', '.join(listed_here)})",
                        "section",
                    )


def _concept_problems(parsed: ParsedCurriculum, c: Concept, *, strict: bool) -> Iterator[Problem]:
    raw = parsed.raw_concepts.get(c.id)

    def at(code: str, message: str, *loc: object) -> Problem:
        field = ""
        for p in loc:
            field += f"[{p}]" if isinstance(p, int) else (f".{p}" if field else str(p))
        return Problem(
            code,
            message,
            file=CONCEPTS_FILE,
            line=locate(raw, loc),
            concept_id=c.id,
            field=field or None,
        )

    if c.discipline not in parsed.disciplines:
        yield at(
            "unknown-discipline",
            f"discipline '{c.discipline}' is not declared under 'disciplines:'"
            f"{_suggest(c.discipline, parsed.disciplines)}",
            "discipline",
        )
    seen: dict[str, int] = {}
    for i, pre in enumerate(c.prerequisites):
        for m, member in enumerate(pre.members):
            loc: tuple[object, ...] = (
                ("prerequisites", i, "any_of", m) if pre.any_of else ("prerequisites", i, "id")
            )
            if member == c.id:
                yield at("self-prerequisite", "a concept cannot be its own prerequisite", *loc)
            elif member not in parsed.concepts and member not in parsed.invalid_ids:
                yield at(
                    "unknown-prerequisite",
                    f"no concept '{member}'{_suggest(member, parsed.concepts)}",
                    *loc,
                )
            if member in seen:
                yield at(
                    "duplicate-prerequisite",
                    f"'{member}' is already listed as prerequisites[{seen[member]}]",
                    *loc,
                )
            else:
                seen[member] = i
        for k, cite in enumerate(pre.evidence):
            yield from _citation_problems(parsed, c, cite, ("prerequisites", i, "evidence", k))
        if strict and (pre.reason is None or not pre.reason.en or not pre.reason.zh):
            yield at(
                "incomplete",
                "strict: every prerequisite needs a reason in en and zh",
                "prerequisites",
                i,
            )
    for k, res in enumerate(c.resources):
        yield from _citation_problems(parsed, c, res, ("resources", k))
    for k, cite in enumerate(c.evidence):
        yield from _citation_problems(parsed, c, cite, ("evidence", k))
    for k, cite in enumerate(c.basis):
        yield from _citation_problems(parsed, c, cite, ("basis", k))
    if c.implementation is not None:
        why = check_implementation(c.implementation, strict=strict)
        if why:
            yield at("bad-implementation", why, "implementation")
    if strict:
        if not any(r.role == "core" for r in c.resources):
            yield at("incomplete", "strict: needs at least one core resource", "resources")
        if c.implementation is None:
            yield at("incomplete", "strict: needs an implementation", "implementation")
        for name in ("name", "summary"):
            text = getattr(c, name)
            if text is None or not text.en or not text.zh:
                yield at("incomplete", f"strict: {name} needs both en and zh", name)
        for name in ("kind", "level"):
            if getattr(c, name) is None:
                yield at("incomplete", f"strict: needs '{name}'", name)


# Above this many edges strongly connected components come from scipy's sparse-graph
# routines; below, from networkx, whose import every process pays anyway (scipy.sparse
# costs 0.2 s to import, more than the whole check of a small curriculum).
SPARSE_EDGES = 50_000


def _strong_components(
    n: int, src: list[int], dst: list[int], sparse_edges: int = SPARSE_EDGES
) -> np.ndarray:
    """A component label per concept index."""
    if len(src) > sparse_edges:
        # a networkx graph of every edge would cost about 2 KB per concept (2 GB at 10^6)
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        matrix = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
        labels: np.ndarray = connected_components(matrix, directed=True, connection="strong")[1]
        return labels
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(src, dst, strict=True))
    labels = np.zeros(n, dtype=np.int64)
    for label, component in enumerate(nx.strongly_connected_components(g)):
        labels[list(component)] = label
    return labels


def _cycle_problems(
    parsed: ParsedCurriculum, *, sparse_edges: int = SPARSE_EDGES
) -> Iterator[Problem]:
    # Components first (nearly always none is cyclic); then networkx finds one cycle
    # inside each cyclic component.
    ids = list(parsed.concepts)
    index = {cid: i for i, cid in enumerate(ids)}
    src: list[int] = []
    dst: list[int] = []
    for i, c in enumerate(parsed.concepts.values()):
        for pre in c.prerequisites:
            for member in pre.members:
                j = index.get(member)
                if j is not None and j != i:
                    src.append(j)
                    dst.append(i)
    n = len(ids)
    labels = _strong_components(n, src, dst, sparse_edges)
    sizes = np.bincount(labels) if n else np.zeros(0, dtype=np.int64)
    cyclic = set(np.flatnonzero(sizes >= 2).tolist())
    if not cyclic:
        return
    members: dict[int, list[str]] = {}
    for i in np.flatnonzero(np.isin(labels, list(cyclic))).tolist():
        members.setdefault(int(labels[i]), []).append(ids[i])
    for component in members.values():
        inside = set(component)
        # the component's edges, added in file order as a whole-graph build would
        g = nx.DiGraph()
        g.add_nodes_from(component)
        for cid in component:
            for pre in parsed.concepts[cid].prerequisites:
                for member in pre.members:
                    if member in inside and member != cid:
                        g.add_edge(member, cid)
        yield _cycle_problem(parsed, g, component)


def _cycle_problem(parsed: ParsedCurriculum, g: nx.DiGraph, component: list[str]) -> Problem:
    """One cycle of a strongly connected component, reported at the concept that closes it."""
    edges = nx.find_cycle(g, source=min(component))
    path = [u for u, _ in edges] + [edges[0][0]]
    closing = edges[-1][1]
    raw = parsed.raw_concepts.get(closing)
    return Problem(
        "cycle",
        "prerequisites form a cycle: "
        + " -> ".join(path)
        + f" ({len(path) - 1} concepts; each is a prerequisite of the next)",
        file=CONCEPTS_FILE,
        line=locate(raw, ("prerequisites",)),
        concept_id=closing,
        field="prerequisites",
    )


def check_references(parsed: ParsedCurriculum, *, strict: bool = False) -> list[Problem]:
    """Every cross-reference problem of a parsed curriculum, in file order."""
    problems: list[Problem] = []
    budget = _suggestions_left.set(MAX_SUGGESTIONS)
    try:
        for c in parsed.concepts.values():
            problems.extend(_concept_problems(parsed, c, strict=strict))
    finally:
        _suggestions_left.reset(budget)
    problems.extend(_cycle_problems(parsed))
    for book in parsed.books.values():
        numbers = [ch.n for ch in book.chapters]
        for n in sorted({n for n in numbers if numbers.count(n) > 1}):
            problems.append(
                Problem(
                    "duplicate-chapter",
                    f"book '{book.id}' lists chapter {n} twice",
                    file="textbooks.yaml",
                )
            )
    problems.sort(key=lambda p: (p.file or "", p.line or 0))
    return problems
