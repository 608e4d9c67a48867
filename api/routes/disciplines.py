"""The disciplines of the curriculum."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import CurriculumDep, require_in_path
from api.responses import DisciplineList, DisciplineView

router = APIRouter(prefix="/disciplines", tags=["curriculum"])


def _view(curriculum: Any, did: str) -> dict[str, Any]:
    d = curriculum.disciplines[did]
    count = curriculum.stats()["per_discipline"].get(did, 0)
    return {
        "id": d.id,
        "name": d.name.model_dump(),
        "summary": d.summary.model_dump() if d.summary else None,
        "concepts": count,
    }


@router.get("", response_model=DisciplineList, response_model_exclude_unset=True)
async def list_disciplines(curriculum: CurriculumDep) -> dict[str, Any]:
    """All disciplines with their concept counts."""
    data = [_view(curriculum, d) for d in curriculum.disciplines]
    return {"data": data, "count": len(data)}


@router.get("/{discipline_id}", response_model=DisciplineView, response_model_exclude_unset=True)
async def get_discipline(discipline_id: str, curriculum: CurriculumDep) -> dict[str, Any]:
    """One discipline."""
    require_in_path(curriculum, "discipline", discipline_id)
    return _view(curriculum, discipline_id)
