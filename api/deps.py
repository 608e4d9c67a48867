"""Dependencies: the curriculum loaded at start-up, as an Annotated alias tests can override."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.errors import NotFound
from graph.curriculum import Curriculum
from graph.errors import UnknownIdError
from graph.schema import Concept


def get_curriculum(request: Request) -> Curriculum:
    return request.app.state.curriculum  # type: ignore[no-any-return]


CurriculumDep = Annotated[Curriculum, Depends(get_curriculum)]


def concept_or_404(curriculum: Curriculum, concept_id: str) -> Concept:
    """A concept named in the path: unknown is 404 with suggestions."""
    try:
        return curriculum.concept(concept_id)
    except UnknownIdError as err:
        raise NotFound(err) from None


def require_in_path(curriculum: Curriculum, table: str, item_id: str) -> None:
    try:
        curriculum.require_known([item_id], kind=table)
    except UnknownIdError as err:
        raise NotFound(err) from None
