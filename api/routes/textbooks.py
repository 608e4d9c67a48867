"""Books (with chapter lists) and papers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import CurriculumDep, require_in_path
from api.responses import BookList, PaperList, PaperView
from graph.schema import Book

books_router = APIRouter(prefix="/textbooks", tags=["curriculum"])
papers_router = APIRouter(prefix="/papers", tags=["curriculum"])


@books_router.get("", response_model=BookList, response_model_exclude_unset=True)
async def list_books(curriculum: CurriculumDep) -> dict[str, Any]:
    """Every book with its verified chapter list."""
    data = [b.model_dump(exclude_none=True) for b in curriculum.books.values()]
    return {"data": data, "count": len(data)}


@books_router.get("/{book_id}", response_model=Book, response_model_exclude_unset=True)
async def get_book(book_id: str, curriculum: CurriculumDep) -> dict[str, Any]:
    """One book."""
    require_in_path(curriculum, "book", book_id)
    return curriculum.books[book_id].model_dump(exclude_none=True)


@papers_router.get("", response_model=PaperList, response_model_exclude_unset=True)
async def list_papers(curriculum: CurriculumDep) -> dict[str, Any]:
    """Every paper."""
    data = [dict(p.model_dump(exclude_none=True), link=p.link) for p in curriculum.papers.values()]
    return {"data": data, "count": len(data)}


@papers_router.get("/{paper_id}", response_model=PaperView, response_model_exclude_unset=True)
async def get_paper(paper_id: str, curriculum: CurriculumDep) -> dict[str, Any]:
    """One paper."""
    require_in_path(curriculum, "paper", paper_id)
    p = curriculum.papers[paper_id]
    return dict(p.model_dump(exclude_none=True), link=p.link)
