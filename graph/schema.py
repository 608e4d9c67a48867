"""pydantic models of the curriculum files (DESIGN.md section 2).

The format is deliberately lenient where curricula imported from other knowledge graphs
lack data (summary, kind, level, resources, implementation, one of the two languages) and
strict about what would make a plan wrong (ids, references, numbers). ``--strict``
completeness is checked in graph/validate.py, not here.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
IMPLEMENTATION_PATTERN = r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+$"
MAX_HOURS = 200.0  # one concept is one sitting to a few weeks; more is a data error

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=120)]

# Links a learner may click: http(s) only (a javascript: or data: URL is refused where it
# is read, so no export has to guess), no spaces, quotes, angle brackets or braces.
WEB_URL_PATTERN = r"^https?://[^\s<>\"'{}|\\^`]+$"
_WEB_URL = re.compile(WEB_URL_PATTERN)


def _web_url(value: str) -> str:
    if len(value) > 2000 or not _WEB_URL.match(value):
        raise ValueError(
            "a link must be an http:// or https:// URL without spaces, quotes, angle "
            f"brackets or braces; got {value[:80]!r}"
        )
    return value


WebUrl = Annotated[str, AfterValidator(_web_url)]
# A DOI without the characters that would end a BibTeX value or an HTML attribute.
DOI_PATTERN = r"^10\.\d{4,9}/[^\s{}<>\"'\\]+$"


class _Strict(BaseModel):
    # Unknown fields are errors: a misspelt "prerequisite:" must not silently drop edges.
    model_config = ConfigDict(extra="forbid", frozen=True)


# A YAML line break inside Chinese text folds into a space that Chinese typography does not
# have ("。 语言模型"); it is dropped between two Chinese characters or punctuation marks.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_FOLDED_SPACE = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


class Localized(_Strict):
    """Text in English and Chinese; at least one of the two."""

    en: str | None = None
    zh: str | None = None

    @field_validator("zh")
    @classmethod
    def _chinese_spacing(cls, value: str | None) -> str | None:
        return _FOLDED_SPACE.sub("", value) if value else value

    @model_validator(mode="after")
    def _one_language(self) -> Localized:
        if not (self.en and self.en.strip()) and not (self.zh and self.zh.strip()):
            raise ValueError("needs text in at least one language (en or zh)")
        return self

    def get(self, language: str) -> str:
        """The text in ``language``, falling back to the other language."""
        preferred = self.zh if language == "zh" else self.en
        return preferred or self.en or self.zh or ""


def _localize(value: Any) -> Any:
    # A plain string is English: curricula from other tools rarely have translations.
    return {"en": value} if isinstance(value, str) else value


class Citation(_Strict):
    """Evidence: a book chapter or a paper, with a note on what exactly it supports."""

    book: Id | None = None
    chapter: int | None = None
    section: str | None = None
    paper: Id | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _book_or_paper(self) -> Citation:
        if bool(self.book) == bool(self.paper):
            raise ValueError("a citation names exactly one of 'book' (with 'chapter') or 'paper'")
        if self.book and self.chapter is None:
            raise ValueError("a book citation needs a 'chapter'")
        return self


class Resource(Citation):
    """Something to read for a concept: a book chapter or a paper."""

    role: Literal["core", "supplementary"] = "core"


class Prerequisite(_Strict):
    """``{id, reason, strength}`` or an any-of group ``{any_of: [ids], reason}``."""

    id: Id | None = None
    any_of: list[Id] | None = None
    reason: Localized | None = None
    strength: Literal["required", "recommended"] = "required"
    evidence: list[Citation] = Field(default_factory=list)

    _localize_reason = field_validator("reason", mode="before")(_localize)

    @model_validator(mode="after")
    def _id_or_group(self) -> Prerequisite:
        if (self.id is None) == (self.any_of is None):
            raise ValueError("a prerequisite has either 'id' or 'any_of'")
        if self.any_of is not None:
            if len(self.any_of) < 2:
                raise ValueError("an any_of group needs at least two members (use 'id' for one)")
            if len(set(self.any_of)) != len(self.any_of):
                raise ValueError("an any_of group names a member twice")
        return self

    @property
    def members(self) -> list[str]:
        return list(self.any_of) if self.any_of is not None else [self.id or ""]


class Concept(_Strict):
    id: Id
    name: Localized
    summary: Localized | None = None
    discipline: Id
    kind: Literal["foundation", "concept", "technique"] | None = None
    level: int | None = Field(default=None, ge=1, le=5)
    hours: float = Field(default=1.0, gt=0, le=MAX_HOURS)
    prerequisites: list[Prerequisite] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    implementation: str | None = Field(default=None, pattern=IMPLEMENTATION_PATTERN, max_length=200)
    evidence: list[Citation] = Field(default_factory=list)
    # What the strengths of this concept's prerequisite edges were judged against: a book
    # chapter (its book teaches the required prerequisites first) or the primary paper
    # (its method assumes them), with a note naming what the order or the text shows.
    basis: list[Citation] = Field(default_factory=list)

    _localize_text = field_validator("name", "summary", mode="before")(_localize)

    @field_validator("hours", mode="before")
    @classmethod
    def _finite_hours(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("hours must be a number, not true/false")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("hours must be a finite number")
        return value

    @field_validator("level", mode="before")
    @classmethod
    def _int_level(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("level must be a whole number from 1 to 5")
        return value


class Discipline(_Strict):
    id: Id
    name: Localized
    summary: Localized | None = None

    _localize_text = field_validator("name", "summary", mode="before")(_localize)


class Chapter(_Strict):
    n: int = Field(ge=0)
    title: str
    verified_from: str | None = None


class Section(_Strict):
    n: str = Field(pattern=r"^\d+(\.\d+)+$")
    title: str
    verified_from: str | None = None

    @property
    def chapter(self) -> int:
        return int(self.n.split(".")[0])


class Book(_Strict):
    id: Id
    title: str
    authors: list[str] = Field(min_length=1)
    translators: list[str] = Field(default_factory=list)
    edition: str | None = None
    year: int | None = Field(default=None, ge=1000, le=2100)
    publisher: str | None = None
    isbn: str | None = None
    doi: str | None = Field(default=None, pattern=DOI_PATTERN)
    language: Literal["en", "zh"]
    free_url: WebUrl | None = None
    url: WebUrl | None = None
    verified_from: dict[str, Any] | str | None = None
    chapters: list[Chapter] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)

    @field_validator("isbn")
    @classmethod
    def _isbn_shape(cls, value: str | None) -> str | None:
        if value is not None:
            digits = re.sub(r"[- ]", "", value)
            if not re.fullmatch(r"\d{9}[\dX]|\d{13}", digits):
                raise ValueError(f"'{value}' is not an ISBN-10 or ISBN-13")
        return value

    def chapter(self, n: int) -> Chapter | None:
        for ch in self.chapters:
            if ch.n == n:
                return ch
        return None


class Paper(_Strict):
    id: Id
    title: str
    authors: list[str] = Field(min_length=1)
    year: int = Field(ge=1000, le=2100)
    venue: str | None = None
    arxiv: str | None = Field(
        default=None, pattern=r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})$"
    )
    doi: str | None = Field(default=None, pattern=DOI_PATTERN)
    url: WebUrl | None = None
    verified_from: str | None = None

    @property
    def link(self) -> str | None:
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


def concept_matches(c: Concept, query: str) -> bool:
    """Case-insensitive text search over id, names and summaries in both languages."""
    q = query.casefold()
    texts = [c.id, c.name.en, c.name.zh]
    if c.summary:
        texts += [c.summary.en, c.summary.zh]
    return any(q in t.casefold() for t in texts if t)


# questions.yaml

QuestionText = Annotated[Localized, BeforeValidator(_localize)]
MAX_CHOICES = 8
DEFAULT_TOLERANCE = 1e-9  # a numeric answer's default absolute tolerance


class ComputedBy(_Strict):
    """``function(*args, **kwargs)`` of the concept's implementation module gives the answer."""

    function: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=80)
    args: list[Any] = Field(default_factory=list, max_length=32)
    kwargs: dict[str, Any] = Field(default_factory=dict, max_length=32)


class Question(_Strict):
    """One question of questions.yaml (DESIGN.md section 10)."""

    id: Id
    concept: Id
    kind: Literal["choice", "numeric"]
    prompt: QuestionText
    choices: list[QuestionText] | None = Field(default=None, max_length=MAX_CHOICES)
    answer: int | float
    tolerance: float | None = Field(default=None, ge=0)
    explanation: QuestionText
    computed_by: ComputedBy | None = None

    @model_validator(mode="after")
    def _kind_fits(self) -> Question:
        if self.kind == "choice":
            if not self.choices or len(self.choices) < 2:
                raise ValueError("a choice question needs at least 2 choices")
            if not isinstance(self.answer, int) or not 0 <= self.answer < len(self.choices):
                raise ValueError(
                    f"answer must be a 0-based index of a choice (0..{len(self.choices) - 1})"
                )
            if self.tolerance is not None or self.computed_by is not None:
                raise ValueError("tolerance and computed_by belong to numeric questions")
        else:
            if self.choices is not None:
                raise ValueError("a numeric question has no choices")
            if isinstance(self.answer, bool) or not math.isfinite(self.answer):
                raise ValueError("a numeric answer must be a finite number")
        return self

    def grade(self, answer: int | float) -> bool:
        """Whether ``answer`` (already checked by :func:`answer_problem`) is right."""
        if self.kind == "choice":
            return answer == self.answer
        tolerance = DEFAULT_TOLERANCE if self.tolerance is None else self.tolerance
        return abs(float(answer) - float(self.answer)) <= tolerance

    def answer_problem(self, answer: Any) -> str | None:
        """Why ``answer`` is not an answer to this question at all, or None."""
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            return "the answer must be a number (a choice index for a choice question)"
        if self.kind == "choice":
            assert self.choices is not None
            if not isinstance(answer, int) and not float(answer).is_integer():
                return "a choice question takes the 0-based index of a choice"
            if not 0 <= answer < len(self.choices):
                last = len(self.choices) - 1
                return f"choice {answer} is out of range: this question has choices 0..{last}"
        elif not math.isfinite(answer):
            return "the answer must be a finite number"
        return None
