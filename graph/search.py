"""Concept search ranked by relevance, with typo tolerance (rapidfuzz).

A concept's score is its best field: the id, the English and Chinese names, then the
summaries at half weight. Within a field an exact match beats a prefix, a prefix beats a
whole word ("lion" finds the Lion optimiser, not "million"), and a word beats a typo
within rapidfuzz's similarity ratio of 85 ("distilation" finds distillation). Chinese is
matched by characters: "熵" is in "香农熵" and "交叉熵". Ties keep the file order.

Ranking reads every concept's names, so curricula above ``RANK_LIMIT`` concepts keep the
substring search of graph.compact in file order (documented in docs/api.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from graph.curriculum import Curriculum
from graph.schema import Concept

RANK_LIMIT = 50_000
TYPO_RATIO = 85.0  # rapidfuzz ratio (0-100) above which a word counts as a misspelling
HAN_TYPO_RATIO = 70.0  # Chinese words are short: one wrong character of four is 75
_WORD = re.compile(r"[0-9a-z]+|[\u4e00-\u9fff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _field_score(query: str, text: str, *, fuzzy: bool) -> float:
    t = text.casefold()
    if not t:
        return 0.0
    if t == query:
        return 100.0
    if t.startswith(query):
        return 90.0
    if _HAN.search(query):
        if query in t:
            return 80.0
        # a Chinese typo: characters in common, over names of a few characters
        best = fuzz.ratio(query, t) if fuzzy and len(query) >= 3 else 0.0
        return 60.0 * best / 100.0 if best >= HAN_TYPO_RATIO else 0.0
    if re.search(rf"(?<![0-9a-z]){re.escape(query)}", t):
        return 80.0  # starts a word (an id segment, a word of a name)
    if not fuzzy or len(query) < 4:
        return 0.0
    words = _WORD.findall(t)
    best = max([fuzz.ratio(query, t), *(fuzz.ratio(query, w) for w in words)])
    return 60.0 * best / 100.0 if best >= TYPO_RATIO else 0.0


def score(concept: Concept, query: str) -> float:
    """How well ``concept`` matches ``query`` (casefolded); 0 when it does not."""
    q = " ".join(query.casefold().split())
    if not q:
        return 0.0
    best = 0.0
    for text in (concept.id, concept.name.en or "", concept.name.zh or ""):
        best = max(best, _field_score(q, text, fuzzy=True))
    if best < 80.0 and concept.summary is not None:
        for text in (concept.summary.en or "", concept.summary.zh or ""):
            best = max(best, 0.5 * _field_score(q, text, fuzzy=False))
    return best


def search(curriculum: Curriculum, query: str, among: Iterable[str]) -> list[str]:
    """The ids of ``among`` (concept ids in file order) that match ``query``, best first."""
    scored = [(score(curriculum.concepts[i], query), n, i) for n, i in enumerate(among)]
    return [i for s, _, i in sorted((t for t in scored if t[0] > 0), key=lambda t: (-t[0], t[1]))]
