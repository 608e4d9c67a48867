"""What the planner reads of one concept, gathered once per curriculum and concept.

A plan reads the same few facts of every step (its name in each language, its order key,
the reasons of its prerequisite edges, its candidate readings with the book's language
and the citation resolved to titles). A curriculum never changes, so they are gathered on
first use and kept in a bounded cache: a plan's cost is its walk and order, not
re-reading models (docs/benchmarks.md, "the plain-Python floor").
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from graph.citations import resolve_citation
from graph.curriculum import Curriculum
from graph.schema import Concept, Resource

# Concepts whose facts are kept: the largest plans touch a few thousand; a million-concept
# curriculum keeps only the recently planned ones.
FACTS_CACHE = 65_536


class Reading(NamedTuple):
    """One candidate reading of a step, with what the choice weighs."""

    position: int  # in the concept's pool: ties keep the curriculum's order
    book: str | None
    language: str
    free: bool
    resource: Resource
    cited: dict[str, Any]  # graph.citations.resolve_citation


class Facts(NamedTuple):
    name_en: str
    name_zh: str
    discipline: str
    order_key: tuple[int, int, int]  # (discipline rank, level, first core book chapter)
    kind: str | None
    level: int | None
    hours: float
    run: str | None
    reasons: dict[str, tuple[str | None, str | None]]  # prerequisite id -> reason (en, zh)
    readings: tuple[Reading, ...]  # core resources, or all when none is core

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh" else self.name_en

    def reason(self, prerequisite: str, language: str) -> str | None:
        en, zh = self.reasons[prerequisite]
        return zh if language == "zh" else en


def _chapter(c: Concept) -> int:
    """The chapter of the first core book reading: the planner's tie-break follows the book."""
    for r in c.resources:
        if r.role == "core" and r.book is not None and r.chapter is not None:
            return int(r.chapter)
    return 10**6


@lru_cache(maxsize=FACTS_CACHE)
def facts(curriculum: Curriculum, concept_id: str) -> Facts:
    c = curriculum.concepts[concept_id]
    reasons: dict[str, tuple[str | None, str | None]] = {}
    for pre in c.prerequisites:
        text = (pre.reason.get("en"), pre.reason.get("zh")) if pre.reason else (None, None)
        for member in pre.members:
            reasons.setdefault(member, text)  # the first entry naming it, as Curriculum.edge
    pool = [r for r in c.resources if r.role == "core"] or list(c.resources)
    readings = []
    for index, r in enumerate(pool):
        if r.book is not None:
            book = curriculum.books[r.book]
            language, free = book.language, book.free_url is not None
        else:
            paper = curriculum.papers[r.paper or ""]
            language, free = "en", paper.arxiv is not None or paper.url is not None
        readings.append(Reading(index, r.book, language, free, r, resolve_citation(curriculum, r)))
    return Facts(
        name_en=c.name.get("en"),
        name_zh=c.name.get("zh"),
        discipline=c.discipline,
        order_key=(curriculum.discipline_rank(c.discipline), c.level or 0, _chapter(c)),
        kind=c.kind,
        level=c.level,
        hours=c.hours,
        run=f"studypath run {concept_id}" if c.implementation else None,
        reasons=reasons,
        readings=tuple(readings),
    )
