"""Reading lists (DESIGN.md 4.5): one core resource per step, then books by first use.

The choice for a step prefers, in this order: a book the learner owns, the requested
language, something free to read online (moved before language with ``prefer_free``),
and a book the list already uses (fewer books to get). Ties keep the curriculum's order.
"""

from __future__ import annotations

from typing import Any

from graph.curriculum import Curriculum
from planner.facts import Reading, facts


def choose_reading(
    readings: tuple[Reading, ...],
    *,
    language: str,
    owned: set[str],
    used_books: set[str],
    prefer_free: bool,
) -> Reading | None:
    """The one reading for a step among its candidates (planner.facts)."""
    if not readings:
        return None

    def score(r: Reading) -> tuple[int, ...]:
        owned_ = int(r.book in owned) if r.book else 0
        lang = int(r.language == language)
        used = int(r.book in used_books) if r.book else 0
        middle = (int(r.free), lang) if prefer_free else (lang, int(r.free))
        return (-owned_, -middle[0], -middle[1], -used, r.position)

    return min(readings, key=score)


def choose_readings(
    curriculum: Curriculum,
    step_ids: list[str],
    *,
    language: str = "en",
    owned_books: list[str] | None = None,
    prefer_free: bool = False,
) -> dict[str, Reading | None]:
    """The chosen reading per step, in step order (a book once used is preferred after)."""
    owned = set(owned_books or [])
    used_books: set[str] = set()
    chosen: dict[str, Reading | None] = {}
    for sid in step_ids:
        r = choose_reading(
            facts(curriculum, sid).readings,
            language=language,
            owned=owned,
            used_books=used_books,
            prefer_free=prefer_free,
        )
        chosen[sid] = r
        if r is not None and r.book is not None:
            used_books.add(r.book)
    return chosen


def group_readings(
    curriculum: Curriculum, chosen: dict[str, Reading | None], owned_books: list[str]
) -> dict[str, Any]:
    """The reading list of chosen readings (in step order): books by first use, each with
    its chapters and the steps that read them, and papers apart."""
    owned = set(owned_books)
    books: dict[str, dict[str, Any]] = {}
    papers: dict[str, dict[str, Any]] = {}
    for sid, reading in chosen.items():
        if reading is None:
            continue
        r = reading.resource
        if r.book is not None:
            book = curriculum.books[r.book]
            entry = books.setdefault(
                book.id,
                {
                    "book": book.id,
                    "title": book.title,
                    "authors": book.authors,
                    "language": book.language,
                    "year": book.year,
                    "edition": book.edition,
                    "publisher": book.publisher,
                    "isbn": book.isbn,
                    "free_url": book.free_url,
                    "owned": book.id in owned,
                    "chapters": [],
                },
            )
            chapter = next(
                (
                    c
                    for c in entry["chapters"]
                    if c["chapter"] == r.chapter and c.get("section") == r.section
                ),
                None,
            )
            if chapter is None:
                ch = book.chapter(r.chapter or 0)
                chapter = {"chapter": r.chapter, "title": ch.title if ch else None, "steps": []}
                if r.section:
                    chapter["section"] = r.section
                entry["chapters"].append(chapter)
            chapter["steps"].append(sid)
        else:
            entry = papers.setdefault(r.paper or "", dict(reading.cited, steps=[]))
            entry["steps"].append(sid)
    return {"books": list(books.values()), "papers": list(papers.values())}
