"""Planner input and output models (the shapes clients rely on; see DESIGN.md section 5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

MAX_GOALS = 50
MAX_KNOWN = 10_000
MIN_HOURS_PER_WEEK = 0.5
MAX_HOURS_PER_WEEK = 80.0

Language = Literal["en", "zh"]
# How much of the graph a plan walks (DESIGN.md section 4): required edges only; plus the
# goals' own recommended prerequisites (each with its required closure); every edge.
Depth = Literal["essentials", "standard", "thorough"]
DEPTHS: tuple[Depth, ...] = ("essentials", "standard", "thorough")


class PlanRequest(BaseModel):
    """What a learner asks for. Limits are part of the contract and named in errors."""

    model_config = ConfigDict(extra="forbid")

    goals: list[str] = Field(
        min_length=1, max_length=MAX_GOALS, description="concept ids, in priority order"
    )
    known: list[str] = Field(default_factory=list, max_length=MAX_KNOWN)
    depth: Depth = Field(
        default="standard",
        description="essentials: required edges only; standard: also the goals' own "
        "recommended prerequisites, each with its required closure; thorough: every edge",
    )
    include_recommended: bool | None = Field(
        default=None,
        description="older form of depth: true is thorough, false is essentials",
    )
    hours_per_week: float = Field(default=6.0, ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK)
    start_date: date | None = None
    language: Language = "en"
    owned_books: list[str] = Field(default_factory=list, max_length=1000)
    prefer_free: bool = False

    @field_validator("goals", "known", "owned_books")
    @classmethod
    def _no_blank(cls, ids: list[str]) -> list[str]:
        cleaned = [i.strip() for i in ids]
        if any(not i for i in cleaned):
            raise ValueError("ids must not be empty")
        if any(len(i) > 120 for i in cleaned):
            raise ValueError("an id is longer than 120 characters")
        return list(dict.fromkeys(cleaned))  # keep priority order, drop repeats

    @model_validator(mode="after")
    def _depth_from_include_recommended(self) -> PlanRequest:
        if self.include_recommended is None:
            return self
        implied: Depth = "thorough" if self.include_recommended else "essentials"
        if "depth" in self.model_fields_set and self.depth != implied:
            raise ValueError(
                f"include_recommended={str(self.include_recommended).lower()} means "
                f"depth={implied}, but depth={self.depth} was given; give only depth"
            )
        self.depth = implied
        return self


class Link(BaseModel):
    prerequisite: str
    dependent: str
    reason: str | None


class Why(BaseModel):
    goal: str
    chain: list[Link]
    text: str


class Step(BaseModel):
    index: int
    id: str
    name: str
    discipline: str
    kind: str | None
    level: int | None
    hours: float
    week: int
    end_week: int
    start_date: date | None = None
    is_goal: bool
    serves: list[str]
    why: Why
    resources: list[dict[str, Any]]
    run: str | None


class Week(BaseModel):
    week: int
    start_date: date | None = None
    end_date: date | None = None
    hours: float
    steps: list[str]


class Plan(BaseModel):
    curriculum_version: str
    goals: list[str]
    known_goals: list[str]
    known: list[str]
    language: Language
    hours_per_week: float
    depth: Depth
    include_recommended: bool = Field(description="depth == thorough (the older form)")
    steps: list[Step]
    weeks: list[Week]
    total_hours: float
    total_weeks: int
    start_date: date | None = None
    finish_date: date | None = None
    any_of_choices: list[dict[str, Any]] = Field(default_factory=list)
    notes: list[str] = Field(
        default_factory=list, description="what the caller should know, e.g. ids left out"
    )
    # The plan's reading list ({books, papers}, planner.reading), from the readings chosen
    # with the plan (the request's owned books and preferences): the Markdown and BibTeX
    # exports and /reading-lists read it instead of choosing again. Grouped on first use
    # (a JSON answer never needs it) and kept; carried on the value, not in the JSON shape.
    _reading: dict[str, Any] | None = PrivateAttr(default=None)
    _reading_source: Callable[[], dict[str, Any]] | None = PrivateAttr(default=None)

    def read_later(self, source: Callable[[], dict[str, Any]]) -> None:
        """Set how the reading list is made when first asked for."""
        self._reading, self._reading_source = None, source

    @property
    def reading_list(self) -> dict[str, Any]:
        """Books by first use with their chapters in plan order, and papers apart."""
        if self._reading is None:
            source = self._reading_source
            self._reading = source() if source is not None else {"books": [], "papers": []}
        return self._reading
