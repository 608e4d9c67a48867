"""The Curriculum: validated models around a compact graph of prerequisite edges.

Edges point from a prerequisite to the concept that needs it. Each edge carries
``strength`` ("required" or "recommended") and ``group``: None for a plain prerequisite,
or the index of the any-of group in the dependent's ``prerequisites`` list.

``concepts`` is a mapping of id to model: a dict when the curriculum was built from
models, a ``StoredConcepts`` reading JSON on demand when it came from the cache
(graph.compact explains why).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import TypeAdapter

from graph.compact import KINDS, PrerequisiteGraph, concept_columns, find_text, search_text
from graph.errors import (
    MAX_SUGGESTED_IDS,
    UnknownConceptError,
    UnknownIdError,
    close_matches,
)
from graph.schema import Book, Concept, Discipline, Paper, Prerequisite, concept_matches

# Goals by name: the name index is built for curricula up to this size.
NAME_INDEX_MAX_CONCEPTS = 200_000

DISCIPLINE_ORDER = (
    "foundations",
    "information-theory",
    "control",
    "optimization",
    "compression",
    "perception",
    "deep-learning",
    "llm",
)


class Curriculum:
    """An immutable, validated curriculum. Build it with ``graph.load_curriculum``."""

    def __init__(
        self,
        *,
        disciplines: dict[str, Discipline],
        concepts: Mapping[str, Concept],
        books: dict[str, Book],
        papers: dict[str, Paper],
        source: Path | None = None,
        graph: PrerequisiteGraph | None = None,
        columns: dict[str, np.ndarray] | None = None,
        text: tuple[Any, np.ndarray] | None = None,
        version: str | None = None,
    ) -> None:
        """From validated models; graph.storage.cache also passes the derived parts and the version
        it stored, so that a mapped curriculum is not rebuilt from every model."""
        if graph is None:
            ids = list(concepts)
            graph = PrerequisiteGraph.from_concepts(
                ids, {cid: i for i, cid in enumerate(ids)}, concepts.values()
            )
        self.disciplines = disciplines
        self.concepts = concepts
        self.books = books
        self.papers = papers
        self.source = source
        self.graph = graph
        self.columns = (
            columns
            if columns is not None
            else concept_columns(concepts.values(), list(disciplines))
        )
        # search text and offsets (graph.compact.search_text)
        self.text = text if text is not None else search_text(concepts.values())
        self._roots = graph.roots()
        self.version = version or compute_version(self)

    def roots(self) -> list[str]:
        """Concepts with no prerequisites, computed once at load."""
        return self._roots

    # -- lookup -------------------------------------------------------------------

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def __len__(self) -> int:
        return len(self.graph)

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
        table: Mapping[str, Any] = {
            "concept": self.concepts,
            "book": self.books,
            "paper": self.papers,
            "discipline": self.disciplines,
        }[kind]
        unknown = [i for i in dict.fromkeys(ids) if i not in table]
        if unknown:
            cls = UnknownConceptError if kind == "concept" else UnknownIdError
            suggested = {i: self.suggest(i, table) for i in unknown[:MAX_SUGGESTED_IDS]}
            raise cls(unknown, suggested, kind=kind)

    def id_for_name(self, name: str) -> str | None:
        """The concept whose English (case-insensitive) or Chinese name is exactly ``name``;
        None when no concept, or more than one, has it. Curricula over
        ``NAME_INDEX_MAX_CONCEPTS`` concepts answer ids only (the index would cost more
        memory than the whole mapped curriculum)."""
        index = self._name_index
        return index.get(name.strip().casefold()) if index is not None else None

    @functools.cached_property
    def _name_index(self) -> dict[str, str] | None:
        if len(self) > NAME_INDEX_MAX_CONCEPTS:
            return None
        index: dict[str, str | None] = {}
        for cid, c in self.concepts.items():
            for text in {c.name.en, c.name.zh} - {None}:
                key = str(text).strip().casefold()
                index[key] = None if key in index and index[key] != cid else cid
        return {k: v for k, v in index.items() if v is not None}  # ambiguous names dropped

    def suggest(self, word: str, table: Iterable[str] | None = None, n: int = 3) -> list[str]:
        """Close matches for a mistyped id."""
        return close_matches(word, table if table is not None else self.concepts, n=n)

    def stats(self) -> dict[str, Any]:
        """Counts per discipline and kind, edges, books, papers, hours (computed once)."""
        return copy.deepcopy(self._stats)

    # -- structure ---------------------------------------------------------------

    def direct_dependents(self, concept_id: str) -> list[str]:
        self.concept(concept_id)
        return sorted(self.graph.successors(concept_id))

    def edge(self, prerequisite: str, dependent: str) -> tuple[Prerequisite, dict[str, Any]]:
        """The prerequisite entry of ``dependent`` that names ``prerequisite``, and its edge data."""
        # read from the model, not the arrays: explanations call this thousands of times
        for index, pre in enumerate(self.concepts[dependent].prerequisites):
            if pre.id == prerequisite:
                return pre, {"strength": pre.strength, "group": None}
            if pre.any_of is not None and prerequisite in pre.any_of:
                return pre, {"strength": pre.strength, "group": index}
        raise KeyError((prerequisite, dependent))

    def ids_where(
        self,
        *,
        discipline: str | None = None,
        kind: str | None = None,
        level: int | None = None,
        text: str | None = None,
    ) -> list[str]:
        """Ids (in file order) of the concepts matching every filter given: discipline,
        kind, level, and ``text`` in the id, names or summaries (case-insensitive). Read
        from columns and the search text, building no model: fast at a million concepts."""
        cols = self.columns
        mask = np.ones(len(self.graph), dtype=bool)
        if text is not None:
            blob, offsets = self.text
            hits = find_text(blob, offsets, text)
            if hits is None:  # a query with a control separator: check each concept
                hits = [i for i, c in enumerate(self.concepts.values()) if concept_matches(c, text)]
            found = np.zeros(len(self.graph), dtype=bool)
            found[hits] = True
            mask &= found
        if discipline is not None:
            names = list(self.disciplines)
            mask &= cols["discipline"] == (names.index(discipline) if discipline in names else -2)
        if kind is not None:
            mask &= cols["kind"] == (KINDS.index(kind) if kind in KINDS else -2)
        if level is not None:
            mask &= cols["level"] == level
        ids = self.graph.ids
        return [ids[i] for i in np.flatnonzero(mask).tolist()]

    @functools.cached_property
    def _stats(self) -> dict[str, Any]:
        cols = self.columns
        names = list(self.disciplines)
        declared = cols["discipline"][cols["discipline"] >= 0]  # -1: not declared (invalid)
        counts = np.bincount(declared, minlength=len(names)).tolist()
        per_discipline = {d: counts[i] for i, d in enumerate(names)}
        kinds, first, count = np.unique(cols["kind"], return_index=True, return_counts=True)
        per_kind = {
            (KINDS[k] if k >= 0 else "unspecified"): int(n)
            for _, k, n in sorted(zip(first.tolist(), kinds.tolist(), count.tolist(), strict=True))
        }
        return {
            "concepts": len(self.graph),
            "edges": self.graph.number_of_edges(),
            "disciplines": len(self.disciplines),
            "books": len(self.books),
            "papers": len(self.papers),
            "implementations": int(np.count_nonzero(cols["implementation"])),
            "hours": round(math.fsum(cols["hours"].tolist()), 2),
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
