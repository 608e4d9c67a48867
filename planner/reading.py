"""Reading lists (DESIGN.md 4.5): one core resource per step, then books by first use.

The choice for a step prefers, in this order: a book the learner owns, the requested
language, something free to read online (moved before language with ``prefer_free``),
and a book the list already uses (fewer books to get). Ties keep the curriculum's order.
"""

from __future__ import annotations

from typing import Any

from graph.citations import resolve_citation
from graph.curriculum import Curriculum
from graph.schema import Resource


def _is_free(curriculum: Curriculum, r: Resource) -> bool:
    if r.book is not None:
        return curriculum.books[r.book].free_url is not None
    paper = curriculum.papers[r.paper or ""]
    return paper.arxiv is not None or paper.url is not None


def _language(curriculum: Curriculum, r: Resource) -> str:
    return curriculum.books[r.book].language if r.book is not None else "en"


def choose_resource(
    curriculum: Curriculum,
    resources: list[Resource],
    *,
    language: str,
    owned: set[str],
    used_books: set[str],
    prefer_free: bool,
) -> Resource | None:
    """The one core resource to read for a step (supplementary ones only if no core)."""
    pool = [r for r in resources if r.role == "core"] or list(resources)
    if not pool:
        return None

    def score(item: tuple[int, Resource]) -> tuple[int, ...]:
        index, r = item
        owned_ = int(r.book in owned) if r.book else 0
        lang = int(_language(curriculum, r) == language)
        free = int(_is_free(curriculum, r))
        used = int(r.book in used_books) if r.book else 0
        middle = (free, lang) if prefer_free else (lang, free)
        return (-owned_, -middle[0], -middle[1], -used, index)

    return min(enumerate(pool), key=score)[1]


def reading_list(
    curriculum: Curriculum,
    step_ids: list[str],
    *,
    language: str = "en",
    owned_books: list[str] | None = None,
    prefer_free: bool = False,
) -> tuple[dict[str, Resource | None], dict[str, Any]]:
    """The chosen resource per step, and the list: books by first use, papers apart."""
    owned = set(owned_books or [])
    used_books: set[str] = set()
    chosen: dict[str, Resource | None] = {}
    for sid in step_ids:
        r = choose_resource(
            curriculum,
            list(curriculum.concepts[sid].resources),
            language=language,
            owned=owned,
            used_books=used_books,
            prefer_free=prefer_free,
        )
        chosen[sid] = r
        if r is not None and r.book is not None:
            used_books.add(r.book)
    books: dict[str, dict[str, Any]] = {}
    papers: dict[str, dict[str, Any]] = {}
    for sid in step_ids:
        r = chosen[sid]
        if r is None:
            continue
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
            data = resolve_citation(curriculum, r)
            entry = papers.setdefault(r.paper or "", dict(data, steps=[]))
            entry["steps"].append(sid)
    return chosen, {"books": list(books.values()), "papers": list(papers.values())}
