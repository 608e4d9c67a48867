"""Load a curriculum folder (concepts.yaml + textbooks.yaml) into a validated Curriculum.

Every problem is collected in one pass and raised together as DataValidationError, each
with file, line, concept id and field: a curriculum author fixes them all at once. This is
the plain path: parse (graph.parse), check (graph.validate), build. Keeping a validated
copy for large curricula is a storage choice the front doors make (graph.storage).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from graph.curriculum import Curriculum
from graph.errors import DataValidationError, Problem
from graph.memory import (
    BUDGET_ENV,
    CAREFUL_BYTES_PER_BYTE,
    FAST_BYTES_PER_BYTE,
    gib,
    memory_budget,
)
from graph.parse import (
    CONCEPTS_FILE,
    ParsedCurriculum,
    Progress,
    parse_folder,
    resolve_data_dir,
)
from graph.validate import check_references


def load_curriculum(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> Curriculum:
    """Load and validate a curriculum folder; raise DataValidationError listing every problem.

    Parameters
    ----------
    data_dir : path, optional
        The folder; defaults to $STUDYPATH_DATA_DIR, then the bundled curriculum.
    strict : bool
        Also demand completeness: resources, implementation, both languages, level, kind.
    progress : callable, optional
        ``progress(phase, done=None, total=None)`` at each phase and every 10,000
        concepts checked, for a terminal bar (graph.progress.TerminalProgress).

    Raises
    ------
    DataValidationError
        With ``problems``: every problem found, each with file, line, concept id, field.
    """
    curriculum = build_curriculum(data_dir, strict=strict, progress=progress)
    if progress is not None:
        progress("done")
    return curriculum


def build_curriculum(
    data_dir: str | os.PathLike[str] | None, *, strict: bool, progress: Progress | None
) -> Curriculum:
    """Parse, validate and build, with the cyclic GC paused (the cache calls this too)."""
    # Loading allocates millions of small objects that all live on; the cyclic garbage
    # collector would rescan them again and again (about 3x the load time at 10^5 concepts).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(
            data_dir,
            strict=strict,
            progress=progress or (lambda *_: None),
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def _parse_and_check(directory: Path, strict: bool, progress: Progress) -> ParsedCurriculum:
    """Parse and check a folder; raise DataValidationError with every problem found.

    The fast path (no line numbers) serves valid curricula; at the first sign of a
    problem everything is read again carefully, so every problem gets its line, unless
    that careful read would not fit the memory budget: then the problems the fast path
    found are reported without lines, with a problem saying why.
    """
    size = _file_size(directory / CONCEPTS_FILE)
    budget = memory_budget()
    if size * FAST_BYTES_PER_BYTE > budget:
        raise DataValidationError([_over_budget(size, FAST_BYTES_PER_BYTE, budget, "checked")])
    progress("reading")
    parsed = parse_folder(directory, fast=True, progress=progress)
    progress("validating references and cycles")
    found: list[Problem] = []
    if parsed is not None:
        found = list(parsed.problems) or check_references(parsed, strict=strict)
        if not found:
            return parsed
    if size * CAREFUL_BYTES_PER_BYTE > budget:
        note = _over_budget(size, CAREFUL_BYTES_PER_BYTE, budget, "re-read with line numbers")
        raise DataValidationError([*found, note])
    del parsed, found  # the careful read must not hold the fast one's objects too
    progress("re-reading with line numbers")
    careful = parse_folder(directory)
    assert careful is not None
    problems = list(careful.problems)
    problems.extend(check_references(careful, strict=strict))
    if problems:
        raise DataValidationError(problems)
    return careful


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # missing or unreadable: the reader reports it
        return 0


def _over_budget(size: int, factor: int, budget: int, doing: str) -> Problem:
    return Problem(
        "too-large-for-memory",
        f"{size:,} bytes would need about {gib(size * factor)} of memory to be {doing} "
        f"(about {factor} bytes per byte of YAML), over the budget of {gib(budget)}; "
        f"raise {BUDGET_ENV} on a larger machine, or split the curriculum",
        file=CONCEPTS_FILE,
    )


def _load(
    data_dir: str | os.PathLike[str] | None,
    *,
    strict: bool,
    progress: Progress,
) -> Curriculum:
    directory = resolve_data_dir(data_dir)
    try:
        parsed = _parse_and_check(directory, strict, progress)
    except MemoryError:
        raise DataValidationError(
            [
                Problem(
                    "out-of-memory",
                    "the curriculum did not fit in memory while it was checked "
                    f"(budget {gib(memory_budget())}, {BUDGET_ENV})",
                    file=CONCEPTS_FILE,
                )
            ]
        ) from None
    progress("building the graph")
    return Curriculum(
        disciplines=parsed.disciplines,
        concepts=parsed.concepts,
        books=parsed.books,
        papers=parsed.papers,
        source=directory,
    )
