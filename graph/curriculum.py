"""The Curriculum: validated models around a networkx DiGraph of prerequisite edges.

Edges point from a prerequisite to the concept that needs it. Each edge carries
``strength`` ("required" or "recommended") and ``group``: None for a plain prerequisite,
or the index of the any-of group in the dependent's ``prerequisites`` list.
"""

from __future__ import annotations

import copy
import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import TypeAdapter

from graph.errors import UnknownConceptError, UnknownIdError, close_matches
from graph.schema import Book, Concept, Discipline, Paper, Prerequisite

DISCIPLINE_ORDER = (
    "foundations",
    "information-theory",
    "control",
    "optimization",
    "compression",
    "perception",
    "llm",
)


class Curriculum:
    """An immutable, validated curriculum. Build it with ``graph.load_curriculum``."""

    def __init__(
        self,
        *,
        disciplines: dict[str, Discipline],
        concepts: dict[str, Concept],
        books: dict[str, Book],
        papers: dict[str, Paper],
        source: Path | None = None,
    ) -> None:
        self.disciplines = disciplines
        self.concepts = concepts
        self.books = books
        self.papers = papers
        self.source = source
        self.graph = nx.DiGraph()
        self.graph.add_nodes_from(concepts)
        for c in concepts.values():
            for index, pre in enumerate(c.prerequisites):
                group = index if pre.any_of is not None else None
                for member in pre.members:
                    self.graph.add_edge(member, c.id, strength=pre.strength, group=group)
        self._roots = sorted(n for n in self.graph if self.graph.in_degree(n) == 0)
        self.version = compute_version(self)

    def roots(self) -> list[str]:
        """Concepts with no prerequisites, computed once at load."""
        return self._roots

    # -- lookup -------------------------------------------------------------------

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def __len__(self) -> int:
        return len(self.concepts)

    def concept(self, concept_id: str) -> Concept:
        """The concept with this id; UnknownConceptError with suggestions otherwise."""
        try:
            return self.concepts[concept_id]
        except KeyError:
            raise UnknownConceptError(
                [concept_id], {concept_id: self.suggest(concept_id)}
            ) from None

    def require_known(self, ids: Iterable[str], *, kind: str = "concept") -> None:
        """Raise one error naming every id that is not in the curriculum."""
        table: dict[str, Any] = {
            "concept": self.concepts,
            "book": self.books,
            "paper": self.papers,
            "discipline": self.disciplines,
        }[kind]
        unknown = [i for i in dict.fromkeys(ids) if i not in table]
        if unknown:
            cls = UnknownConceptError if kind == "concept" else UnknownIdError
            raise cls(unknown, {i: self.suggest(i, table) for i in unknown}, kind=kind)

    def suggest(self, word: str, table: Iterable[str] | None = None, n: int = 3) -> list[str]:
        """Close matches for a mistyped id."""
        return close_matches(word, table if table is not None else self.concepts, n=n)

    def stats(self) -> dict[str, Any]:
        """Counts per discipline and kind, edges, books, papers, hours (computed once)."""
        return copy.deepcopy(self._stats)

    # -- structure ---------------------------------------------------------------

    def prerequisite_entries(self, concept_id: str) -> list[Prerequisite]:
        return list(self.concept(concept_id).prerequisites)

    def direct_prerequisites(self, concept_id: str) -> list[str]:
        self.concept(concept_id)
        return sorted(self.graph.predecessors(concept_id))

    def direct_dependents(self, concept_id: str) -> list[str]:
        self.concept(concept_id)
        return sorted(self.graph.successors(concept_id))

    def edge(self, prerequisite: str, dependent: str) -> tuple[Prerequisite, dict[str, Any]]:
        """The prerequisite entry of ``dependent`` that names ``prerequisite``, and its edge data."""
        data = self.graph.edges[prerequisite, dependent]
        concept = self.concepts[dependent]
        if data["group"] is not None:
            return concept.prerequisites[data["group"]], data
        for pre in concept.prerequisites:
            if pre.id == prerequisite:
                return pre, data
        raise KeyError((prerequisite, dependent))

    @functools.cached_property
    def _stats(self) -> dict[str, Any]:
        per_discipline: dict[str, int] = {d: 0 for d in self.disciplines}
        per_kind: dict[str, int] = {}
        for c in self.concepts.values():
            per_discipline[c.discipline] = per_discipline.get(c.discipline, 0) + 1
            kind = c.kind or "unspecified"
            per_kind[kind] = per_kind.get(kind, 0) + 1
        return {
            "concepts": len(self.concepts),
            "edges": self.graph.number_of_edges(),
            "disciplines": len(self.disciplines),
            "books": len(self.books),
            "papers": len(self.papers),
            "implementations": sum(1 for c in self.concepts.values() if c.implementation),
            "hours": round(sum(c.hours for c in self.concepts.values()), 2),
            "per_discipline": per_discipline,
            "per_kind": per_kind,
        }

    def discipline_rank(self, discipline: str) -> int:
        """Position of a discipline: the canonical order first, then declaration order."""
        if discipline in DISCIPLINE_ORDER:
            return DISCIPLINE_ORDER.index(discipline)
        return len(DISCIPLINE_ORDER) + list(self.disciplines).index(discipline)


_ADAPTERS = {
    name: TypeAdapter(list[model])  # type: ignore[valid-type]
    for name, model in (
        ("disciplines", Discipline),
        ("concepts", Concept),
        ("books", Book),
        ("papers", Paper),
    )
}


def compute_version(curriculum: Curriculum) -> str:
    """A short hash of the canonical content: formatting and order in the files do not count.

    Items are sorted by id and serialized with pydantic's JSON encoder, whose field order
    is fixed by the models, so equal content always gives equal bytes.
    """
    digest = hashlib.sha256()
    for name, items in (
        ("disciplines", curriculum.disciplines),
        ("concepts", curriculum.concepts),
        ("books", curriculum.books),
        ("papers", curriculum.papers),
    ):
        digest.update(name.encode())
        digest.update(
            _ADAPTERS[name].dump_json([items[k] for k in sorted(items)], exclude_none=True)
        )
    return digest.hexdigest()[:16]
