"""Resolve resources and evidence to what a reader needs: titles, chapter titles, links."""

from __future__ import annotations

from typing import Any

from graph.curriculum import Curriculum
from graph.schema import Citation, Resource


def resolve_citation(curriculum: Curriculum, cite: Citation) -> dict[str, Any]:
    """A citation as plain data with the book or paper details filled in."""
    out: dict[str, Any] = {}
    if isinstance(cite, Resource):
        out["role"] = cite.role
    if cite.book is not None:
        book = curriculum.books[cite.book]
        chapter = book.chapter(cite.chapter or 0)
        out.update(
            type="book",
            book=book.id,
            title=book.title,
            authors=book.authors,
            language=book.language,
            chapter=cite.chapter,
            chapter_title=chapter.title if chapter else None,
            free_url=book.free_url,
        )
        if cite.section:
            out["section"] = cite.section
            section = next((s for s in book.sections if s.n == cite.section), None)
            if section:
                out["section_title"] = section.title
    else:
        paper = curriculum.papers[cite.paper or ""]
        out.update(
            type="paper",
            paper=paper.id,
            title=paper.title,
            authors=paper.authors,
            year=paper.year,
            venue=paper.venue,
            link=paper.link,
        )
    if cite.note:
        out["note"] = cite.note
    return out


def cite_label(curriculum: Curriculum, cite: Citation) -> str:
    """A one-line reference such as ``Cover & Thomas, Elements of ..., ch. 2 (Entropy, ...)``."""
    data = resolve_citation(curriculum, cite)
    authors = data["authors"]
    who = authors[0].split()[-1] + (
        " et al."
        if len(authors) > 2
        else f" & {authors[1].split()[-1]}"
        if len(authors) == 2
        else ""
    )
    if data["type"] == "book":
        where = f"ch. {data['chapter']}"
        if data.get("chapter_title"):
            where += f" ({data['chapter_title']})"
        if data.get("section"):
            where += f", §{data['section']}"
        return f"{who}, {data['title']}, {where}"
    return f"{who} ({data['year']}), {data['title']}"
