"""Service health and version."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as dist_version
from typing import Any

from fastapi import APIRouter

from api.deps import CurriculumDep
from api.responses import Health, VersionInfo

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=Health)
async def health() -> dict[str, str]:
    """Liveness: the process is up and its curriculum is loaded (GET or HEAD, for load
    balancers)."""
    return {"status": "ok"}


router.add_api_route("/health", health, methods=["HEAD"], include_in_schema=False)


@router.get("/version", response_model=VersionInfo)
async def version(curriculum: CurriculumDep) -> dict[str, Any]:
    """The app version, the curriculum version hash and the curriculum's counts."""
    try:
        app_version = dist_version("studypath")
    except PackageNotFoundError:
        app_version = "unknown"
    return {
        "app_version": app_version,
        "curriculum_version": curriculum.version,
        "counts": curriculum.stats(),
    }
