"""The JSON answers of the API, as models, so /openapi.json describes every answer.

Handlers build plain data (graph/views.py, planner/, graph/report.py) and name one of
these as their ``response_model``; the routes serialise with ``exclude_unset``, so a key
the view leaves out (a citation's section, a paper's DOI) stays out of the answer, exactly
as before the models existed, while a key set to null stays null.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph.schema import Book
from store.models import LearnerPublic, ProgressPublic


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Text(_Answer):
    """A text in English and Chinese (either may be null)."""

    en: str | None = None
    zh: str | None = None


class Health(_Answer):
    status: str = Field(examples=["ok"])


class Counts(_Answer):
    concepts: int
    edges: int
    per_discipline: dict[str, int]
    per_kind: dict[str, int]
    disciplines: int | None = None
    books: int | None = None
    papers: int | None = None
    implementations: int | None = None
    hours: float | None = None


class VersionInfo(_Answer):
    app_version: str
    curriculum_version: str = Field(description="hash of the curriculum files' content")
    counts: Counts


class DisciplineView(_Answer):
    id: str
    name: Text
    summary: Text | None = None
    concepts: int = Field(description="number of concepts in the discipline")


class DisciplineList(_Answer):
    data: list[DisciplineView]
    count: int


class ConceptBrief(_Answer):
    id: str
    name: Text
    discipline: str
    kind: str | None = None
    level: int | None = None
    hours: float


class ConceptPage(_Answer):
    data: list[ConceptBrief]
    count: int = Field(description="matches before paging")


class CitationView(_Answer):
    """A book chapter or a paper, with the book's or paper's details filled in."""

    type: str = Field(description="book | paper")
    role: str | None = Field(default=None, description="core | supplementary (resources only)")
    book: str | None = None
    paper: str | None = None
    title: str
    authors: list[str]
    language: str | None = None
    chapter: int | None = None
    chapter_title: str | None = None
    section: str | None = None
    section_title: str | None = None
    free_url: str | None = None
    year: int | None = None
    venue: str | None = None
    link: str | None = None
    note: str | None = None


class ImplementationInfo(_Answer):
    module: str
    command: str
    cli: str


class ImplementationSource(ImplementationInfo):
    concept_id: str
    source: str


class RelatedConcept(ConceptBrief):
    """A prerequisite (with its reason and evidence) or a dependent (with its distance)."""

    strength: str | None = None
    reason: Text | None = None
    evidence: list[CitationView] | None = None
    any_of: list[ConceptBrief] | None = Field(
        default=None, description="for an any-of prerequisite: its members (then no id)"
    )
    distance: int | None = Field(default=None, description="edges away, in a closure")
    # An any-of prerequisite has no id, name or discipline of its own.
    id: str | None = None  # type: ignore[assignment]
    name: Text | None = None  # type: ignore[assignment]
    discipline: str | None = None  # type: ignore[assignment]
    hours: float | None = None  # type: ignore[assignment]


class RelatedList(_Answer):
    data: list[RelatedConcept]
    count: int


class ConceptDetail(ConceptBrief):
    summary: Text | None = None
    discipline_name: Text
    prerequisites: list[RelatedConcept]
    dependents: list[ConceptBrief]
    resources: list[CitationView]
    evidence: list[CitationView]
    # the sources the prerequisites' strengths were judged against (docs/curriculum-format.md)
    basis: list[CitationView]
    implementation: ImplementationInfo | None = None


class BookList(_Answer):
    data: list[Book]
    count: int


class PaperView(_Answer):
    """A paper as in textbooks.yaml, with the link a learner follows."""

    id: str
    title: str
    authors: list[str]
    year: int
    venue: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    verified_from: str | None = None
    link: str | None = Field(default=None, description="the arXiv, DOI or web address")


class PaperList(_Answer):
    data: list[PaperView]
    count: int


class BookUse(_Answer):
    book: str
    title: str
    chapters: list[int]
    concepts: int


class QualityReport(_Answer):
    """The authors' quality report; a list is null when its scan exceeded its budget."""

    curriculum_version: str
    counts: Counts
    hours_per_discipline: dict[str, float]
    edges_without_reason: list[str] | None
    concepts_without_resources: list[str] | None
    concepts_without_core_resource: list[str] | None
    concepts_without_implementation: list[str] | None
    isolated_concepts: list[str] | None
    redundant_edges: list[str] | None
    concepts_with_large_closure: list[dict[str, Any]] | None
    totals: dict[str, int | None]
    limit: int
    longest_chain: list[str]
    max_closure: int
    books_used: list[BookUse]
    books_unused: list[str]


class ReadingChapter(_Answer):
    chapter: int
    title: str | None = None
    section: str | None = None
    steps: list[str] = Field(description="plan steps that read it, in plan order")


class ReadingBook(_Answer):
    book: str
    title: str
    authors: list[str]
    edition: str | None = None
    year: int | None = None
    publisher: str | None = None
    isbn: str | None = None
    language: str | None = None
    free_url: str | None = None
    owned: bool
    chapters: list[ReadingChapter]


class ReadingPaper(_Answer):
    type: str | None = None
    paper: str
    title: str
    authors: list[str]
    year: int | None = None
    venue: str | None = None
    link: str | None = None
    role: str | None = None
    steps: list[str]


class ReadingList(_Answer):
    curriculum_version: str
    goals: list[str]
    books: list[ReadingBook] = Field(description="books in order of first use")
    papers: list[ReadingPaper]


class NextConcept(_Answer):
    id: str
    name: Text
    discipline: str
    hours: float
    unlocks: int = Field(description="planned concepts this one helps make ready")


class NextList(_Answer):
    data: list[NextConcept]
    count: int
    notes: list[str] | None = Field(
        default=None, description="learner routes: stored ids the curriculum no longer has"
    )


class CheckRecorded(_Answer):
    concept_id: str
    sent_to_lrs: bool = Field(
        description="queued as an xAPI failed statement (false: no LRS is configured)"
    )


class ProgressList(_Answer):
    data: list[ProgressPublic]
    count: int


class PlanChanges(_Answer):
    added: list[str]
    removed: list[str]
    reordered: list[str]
    changed: dict[str, Any] = Field(description="steps whose name, hours, readings or run changed")
    unchanged: bool
    ids_no_longer_in_curriculum: list[str]


class SavedPlanView(_Answer):
    id: str
    created_at: datetime
    curriculum_version: str = Field(description="the curriculum the plan was computed on")
    current_curriculum_version: str
    request: dict[str, Any] = Field(description="the planner input (schema PlanRequest)")
    plan: dict[str, Any] = Field(
        description="the plan as computed when saved (schema Plan of that version)"
    )
    changes: PlanChanges | None = Field(
        description="null when the curriculum is unchanged; else what a fresh plan changes"
    )


class SavedPlanBrief(_Answer):
    id: str
    created_at: datetime
    curriculum_version: str
    goals: list[str]


class SavedPlanList(_Answer):
    data: list[SavedPlanBrief]
    count: int


class StoredPlan(_Answer):
    id: str
    created_at: datetime
    curriculum_version: str
    request: dict[str, Any]
    result: dict[str, Any]


class ReviewCardView(_Answer):
    concept_id: str
    due: datetime
    stability: float | None = None
    last_review: datetime | None = None


class ReviewList(_Answer):
    data: list[ReviewCardView]
    count: int


class ReviewEventView(_Answer):
    concept_id: str
    rating: str
    implicit: bool = Field(description="credited by a review of a dependent concept")
    reviewed_at: datetime


class ReviewResult(_Answer):
    concept_id: str
    due: datetime
    credited: list[str] = Field(
        description="enrolled required prerequisites credited with an implicit good review"
    )


class AnswerView(_Answer):
    question_id: str
    concept_id: str
    answer: float
    correct: bool
    answered_at: datetime


class LearnerExport(_Answer):
    learner: LearnerPublic
    progress: list[ProgressPublic]
    plans: list[StoredPlan]
    reviews: list[ReviewCardView]
    review_events: list[ReviewEventView]
    answers: list[AnswerView]


class QuestionView(_Answer):
    """A question in one language, without its answer."""

    id: str
    concept_id: str
    kind: str = Field(description="choice or numeric")
    prompt: str
    choices: list[str] | None = Field(
        default=None, description="choice questions: answer with the 0-based index"
    )


class QuestionList(_Answer):
    data: list[QuestionView]
    count: int


class AnswerResult(_Answer):
    correct: bool
    expected: float = Field(description="the right choice index, or the right number")
    tolerance: float | None = Field(default=None, description="numeric questions")
    explanation: str


class PlacementStep(_Answer):
    """Where a placement stands: the next question, or (done) the known set for /plans."""

    id: str
    asked: int = Field(description="answers received so far")
    done: bool
    question: QuestionView | None = None
    known: list[str] | None = Field(default=None, description="when done: pass as known to /plans")


class GraphNode(_Answer):
    id: str
    name: str = Field(description="in the requested language")
    discipline: str
    kind: str | None = None
    level: int | None = None
    hours: float


class GraphLink(_Answer):
    source: str = Field(description="the prerequisite")
    target: str = Field(description="the concept that needs it")
    strength: str
    any_of: bool
    reason: str | None = None


class NodeLinkGraph(_Answer):
    """networkx node-link JSON of the prerequisite graph."""

    directed: bool
    multigraph: bool
    graph: dict[str, Any] = Field(description="graph attributes: the curriculum version")
    nodes: list[GraphNode]
    links: list[GraphLink]


class EmbedTokenIssued(_Answer):
    token: str = Field(
        description="for the iframe's URL fragment (#embed_token=...), shown this once only"
    )
    expires_at: datetime
    scope: list[str] = Field(description="what the token allows: read, progress")


class EmbedTokensRevoked(_Answer):
    revoked: int
