"""What a route calls to report an event as xAPI: the statement to queue with the change,
or None when no LRS is configured (STUDYPATH_XAPI_ENDPOINT unset)."""

from __future__ import annotations

from typing import Any

from api.xapi_sender import XapiSender
from graph.curriculum import Curriculum
from graph.schema import Question
from planner.placement import known as placement_known
from portal import xapi
from store.models import Placement


class XapiEvents:
    def __init__(self, home_page: str | None, sender: XapiSender | None) -> None:
        self.home_page = (home_page or "").rstrip("/")
        self.sender = sender

    @property
    def enabled(self) -> bool:
        return self.sender is not None

    def progress(
        self,
        curriculum: Curriculum,
        learner_id: str,
        language: str,
        concept_id: str,
        status: str,
        evidence: dict[str, Any] | None,
    ) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        return xapi.progress_statement(
            self.home_page, curriculum, learner_id, concept_id, status, evidence, language
        )

    def check(
        self,
        curriculum: Curriculum,
        learner_id: str,
        language: str,
        concept_id: str,
        evidence: dict[str, Any],
    ) -> dict[str, Any] | None:
        """An exercise check run: passed or failed, with the checks as score."""
        if not self.enabled:
            return None
        return xapi.check_statement(
            self.home_page, curriculum, learner_id, concept_id, evidence, language=language
        )

    def answer(
        self,
        curriculum: Curriculum,
        learner_id: str,
        language: str,
        question: Question,
        answer: float,
        correct: bool,
    ) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        return xapi.answer_statement(
            self.home_page, curriculum, learner_id, question, answer, correct, language
        )

    def review(
        self, curriculum: Curriculum, learner_id: str, language: str, concept_id: str, rating: str
    ) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        return xapi.review_statement(
            self.home_page, curriculum, learner_id, concept_id, rating, language
        )

    def placement(
        self,
        curriculum: Curriculum,
        row: Placement,
        question: Question,
        answer: float,
        correct: bool,
        state: dict[str, Any],
    ) -> list[dict[str, Any]]:
        """An answer in a learner's placement, and its completion when it was the last."""
        if not self.enabled or row.learner_id is None:
            return []
        activity = xapi.placement_activity(self.home_page, curriculum, row.id, state["goals"])
        out = [
            xapi.placement_answer_statement(
                self.home_page,
                curriculum,
                row.learner_id,
                activity,
                question,
                answer,
                correct,
                row.language,
            )
        ]
        if state.get("current") is None:
            out.append(
                xapi.placement_completed_statement(
                    self.home_page,
                    curriculum,
                    row.learner_id,
                    activity,
                    placement_known(state),
                    state["asked"],
                    row.language,
                )
            )
        return out

    def queued(self) -> None:
        """After the change and its statement were committed: send it now."""
        if self.sender is not None:
            self.sender.notify()
