"""Errors of the curriculum layer: typed, each carrying the ids and places involved."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a curriculum, located as precisely as the data allows."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    concept_id: str | None = None
    field: str | None = None

    def render(self) -> str:
        """``file:line: [code] concept 'id' field: message``, the usual compiler shape."""
        where = self.file or "<curriculum>"
        if self.line is not None:
            where += f":{self.line}"
        parts = [f"{where}: [{self.code}]"]
        if self.concept_id:
            parts.append(f"concept '{self.concept_id}'")
        if self.field:
            parts.append(f"field '{self.field}':")
        elif self.concept_id:
            parts[-1] += ":"
        parts.append(self.message)
        return " ".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "concept_id": self.concept_id,
            "field": self.field,
        }


class CurriculumError(Exception):
    """Base of every curriculum error."""


class DataValidationError(CurriculumError):
    """A curriculum folder has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = "\n".join(p.render() for p in problems[:20])
        more = f"\n... and {count - 20} more" if count > 20 else ""
        super().__init__(f"{count} problem(s) in the curriculum:\n{head}{more}")

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        # pickled when a cache build in a child process reports to its parent
        return (type(self), (self.problems,))


class UnknownIdError(CurriculumError):
    """Ids that do not exist, with close matches for each."""

    kind = "id"

    def __init__(
        self, ids: Iterable[str], suggestions: dict[str, list[str]], *, kind: str | None = None
    ):
        self.ids = list(ids)
        self.suggestions = suggestions
        if kind:
            self.kind = kind
        shown = ", ".join(
            f"'{i}'"
            + (f" (did you mean {', '.join(suggestions[i])}?)" if suggestions.get(i) else "")
            for i in self.ids[:MAX_NAMED_IDS]
        )
        more = len(self.ids) - MAX_NAMED_IDS
        tail = f" and {more} more (all listed in details.ids)" if more > 0 else ""
        super().__init__(f"unknown {self.kind} {shown}{tail}")


class UnknownConceptError(UnknownIdError):
    kind = "concept"


MAX_SUGGESTION_CANDIDATES = 20000
# An error names the first ids in its message and suggests spellings for the first ones
# only: close matches cost milliseconds each, and a request may carry 10,000 unknown ids.
MAX_NAMED_IDS = 20
MAX_SUGGESTED_IDS = 10


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Close spellings of ``word`` among ``candidates`` (difflib ratio >= 0.6).

    difflib over 10^5+ ids takes seconds, so a large set is first narrowed to the ids
    that share a hyphen-separated word with ``word``.
    """
    pool = list(candidates)
    if len(pool) > MAX_SUGGESTION_CANDIDATES:
        words = set(word.split("-"))
        pool = [c for c in pool if words & set(c.split("-"))][:MAX_SUGGESTION_CANDIDATES]
    return difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
