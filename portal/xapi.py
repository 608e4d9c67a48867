"""xAPI 1.0.3 statements for what a learner does in studypath (DESIGN.md section 12).

Pure functions: an event and the curriculum in, a statement (a JSON-ready dict) out. The
statement's id and timestamp are fixed here, when the event happens, so that the copy in
the outbox, every delivery attempt and the LRS's record are the same statement.

Vocabulary: ADL verbs (http://adlnet.gov/expapi/verbs/...), the learner as an Agent with
an account on studypath's home page, a concept as a lesson activity and a question as a
cmi.interaction activity (xAPI 1.0.3, Data, 2.4.4.1), names and descriptions in English
(en-US) and Chinese (zh-CN).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from graph.curriculum import Curriculum
from graph.schema import DEFAULT_TOLERANCE, Localized, Question

XAPI_VERSION = "1.0.3"
ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"
VERB_DISPLAY: dict[str, dict[str, str]] = {
    "completed": {"en-US": "completed", "zh-CN": "完成"},
    "passed": {"en-US": "passed", "zh-CN": "通过"},
    "failed": {"en-US": "failed", "zh-CN": "未通过"},
    "answered": {"en-US": "answered", "zh-CN": "回答"},
    "experienced": {"en-US": "experienced", "zh-CN": "复习"},
}
# a review's rating, as FSRS numbers it (1 again .. 4 easy), for result.score
RATING_SCORES = {"again": 1, "hard": 2, "good": 3, "easy": 4}


def language_map(text: Localized | None) -> dict[str, str]:
    """A Localized text as an xAPI language map; a language the curriculum lacks is left out."""
    if text is None:
        return {}
    out = {}
    if text.en:
        out["en-US"] = text.en
    if text.zh:
        out["zh-CN"] = text.zh
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def actor(home_page: str, learner_id: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": home_page, "name": learner_id}}


def concept_activity(home_page: str, curriculum: Curriculum, concept_id: str) -> dict[str, Any]:
    concept = curriculum.concepts[concept_id]
    definition: dict[str, Any] = {
        "type": ADL_ACTIVITIES + "lesson",
        "name": language_map(concept.name),
    }
    description = language_map(concept.summary)
    if description:
        definition["description"] = description
    return {
        "objectType": "Activity",
        "id": f"{home_page}/concepts/{concept_id}",
        "definition": definition,
    }


def question_activity(home_page: str, question: Question) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "type": ADL_ACTIVITIES + "cmi.interaction",
        "name": language_map(question.prompt),
        "interactionType": question.kind,  # "choice" or "numeric", both xAPI interaction types
    }
    if question.kind == "choice" and question.choices:
        definition["choices"] = [
            {"id": str(k), "description": language_map(c)} for k, c in enumerate(question.choices)
        ]
        definition["correctResponsesPattern"] = [str(question.answer)]
    else:
        tolerance = DEFAULT_TOLERANCE if question.tolerance is None else question.tolerance
        low, high = question.answer - tolerance, question.answer + tolerance
        # xAPI's numeric pattern is "min[:]max" (Data, 2.4.4.1.3)
        definition["correctResponsesPattern"] = [f"{low:g}[:]{high:g}"]
    return {
        "objectType": "Activity",
        "id": f"{home_page}/questions/{question.id}",
        "definition": definition,
    }


def _statement(
    home_page: str,
    learner_id: str,
    verb: str,
    obj: dict[str, Any],
    *,
    curriculum: Curriculum,
    language: str,
    result: dict[str, Any] | None = None,
    parent: dict[str, Any] | None = None,
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "platform": "studypath",
        "language": "zh-CN" if language == "zh" else "en-US",
        # which curriculum the concept ids refer to
        "extensions": {f"{home_page}/xapi/curriculum-version": curriculum.version},
    }
    if parent is not None:
        context["contextActivities"] = {"parent": [parent]}
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": actor(home_page, learner_id),
        "verb": {"id": ADL_VERBS + verb, "display": VERB_DISPLAY[verb]},
        "object": obj,
        "context": context,
        "timestamp": _now(),
    }
    if result is not None:
        statement["result"] = result
    return statement


def progress_statement(
    home_page: str,
    curriculum: Curriculum,
    learner_id: str,
    concept_id: str,
    status: str,
    evidence: dict[str, Any] | None,
    language: str = "en",
) -> dict[str, Any] | None:
    """mastered -> completed; verified (every check passed) -> passed; other statuses
    (learning) are not an outcome and make no statement."""
    obj = concept_activity(home_page, curriculum, concept_id)
    if status == "mastered":
        return _statement(
            home_page,
            learner_id,
            "completed",
            obj,
            curriculum=curriculum,
            language=language,
            result={"completion": True},
        )
    if status == "verified":
        return check_statement(
            home_page, curriculum, learner_id, concept_id, evidence or {}, language=language
        )
    return None


def check_statement(
    home_page: str,
    curriculum: Curriculum,
    learner_id: str,
    concept_id: str,
    evidence: dict[str, Any],
    *,
    language: str = "en",
) -> dict[str, Any]:
    """An exercise check: passed when every check passed, else failed, with the count as score."""
    passed, total = int(evidence.get("checks_passed", 0)), int(evidence.get("checks_total", 0))
    success = total > 0 and passed == total
    result: dict[str, Any] = {"success": success, "completion": success}
    if total > 0:
        result["score"] = {
            "raw": passed,
            "min": 0,
            "max": total,
            "scaled": round(passed / total, 4),
        }
    return _statement(
        home_page,
        learner_id,
        "passed" if success else "failed",
        concept_activity(home_page, curriculum, concept_id),
        curriculum=curriculum,
        language=language,
        result=result,
    )


def answer_statement(
    home_page: str,
    curriculum: Curriculum,
    learner_id: str,
    question: Question,
    answer: float,
    correct: bool,
    language: str = "en",
) -> dict[str, Any]:
    """A graded answer to a question, within its concept."""
    response = str(int(answer)) if question.kind == "choice" else f"{answer:g}"
    return _statement(
        home_page,
        learner_id,
        "answered",
        question_activity(home_page, question),
        curriculum=curriculum,
        language=language,
        result={"success": correct, "response": response},
        parent=concept_activity(home_page, curriculum, question.concept),
    )


def review_statement(
    home_page: str,
    curriculum: Curriculum,
    learner_id: str,
    concept_id: str,
    rating: str,
    language: str = "en",
) -> dict[str, Any]:
    """A spaced-repetition review: the concept experienced again, the rating as the result."""
    return _statement(
        home_page,
        learner_id,
        "experienced",
        concept_activity(home_page, curriculum, concept_id),
        curriculum=curriculum,
        language=language,
        result={
            "response": rating,
            "score": {"raw": RATING_SCORES[rating], "min": 1, "max": 4},
        },
    )


def placement_activity(
    home_page: str, curriculum: Curriculum, placement_id: str, goals: list[str]
) -> dict[str, Any]:
    """A placement as an assessment activity, named after its goals in both languages."""
    names_en = ", ".join(
        curriculum.concepts[g].name.get("en") for g in goals if g in curriculum.concepts
    )
    names_zh = "、".join(
        curriculum.concepts[g].name.get("zh") for g in goals if g in curriculum.concepts
    )
    return {
        "objectType": "Activity",
        "id": f"{home_page}/placements/{placement_id}",
        "definition": {
            "type": ADL_ACTIVITIES + "assessment",
            "name": {"en-US": f"Placement: {names_en}", "zh-CN": f"摸底测验：{names_zh}"},
        },
    }


def placement_answer_statement(
    home_page: str,
    curriculum: Curriculum,
    learner_id: str,
    placement: dict[str, Any],
    question: Question,
    answer: float,
    correct: bool,
    language: str = "en",
) -> dict[str, Any]:
    """An answer within a placement: the question answered, the placement as its parent."""
    statement = answer_statement(
        home_page, curriculum, learner_id, question, answer, correct, language
    )
    statement["context"]["contextActivities"] = {
        "parent": [placement],
        "grouping": [concept_activity(home_page, curriculum, question.concept)],
    }
    return statement


def placement_completed_statement(
    home_page: str,
    curriculum: Curriculum,
    learner_id: str,
    placement: dict[str, Any],
    known: list[str],
    asked: int,
    language: str = "en",
) -> dict[str, Any]:
    """The end of a placement: completed, with the concepts it found known."""
    return _statement(
        home_page,
        learner_id,
        "completed",
        placement,
        curriculum=curriculum,
        language=language,
        result={
            "completion": True,
            "extensions": {
                f"{home_page}/xapi/known-concepts": [f"{home_page}/concepts/{c}" for c in known],
                f"{home_page}/xapi/questions-asked": asked,
            },
        },
    )
