"""docs/seed-coverage.md names only ids that exist; LLM techniques are tied to the
disciplines with evidence."""

from __future__ import annotations

import re
from pathlib import Path

from graph.queries import prerequisite_closure

DOC = Path(__file__).resolve().parents[2] / "docs" / "seed-coverage.md"
FIVE = {"information-theory", "control", "optimization", "compression", "perception"}
# Techniques whose real prerequisites lie in one discipline only (named, not hidden).
SINGLE_DISCIPLINE = {
    "softmax-temperature-dark-knowledge": "a property of the softmax and its entropy"
}


def test_every_id_in_the_seed_coverage_page_exists(bundled):
    ids = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", DOC.read_text(encoding="utf-8")))
    known = set(bundled.concepts) | set(bundled.books) | set(bundled.disciplines)
    assert ids and ids - known == set()


def test_edges_from_the_five_disciplines_into_techniques_carry_evidence(bundled):
    missing = [
        (c.id, m)
        for c in bundled.concepts.values()
        if c.discipline == "llm"
        for p in c.prerequisites
        for m in p.members
        if bundled.concepts[m].discipline in FIVE and not p.evidence
    ]
    assert missing == []


def test_techniques_reach_two_disciplines(bundled):
    few = {}
    for c in bundled.concepts.values():
        if c.discipline != "llm":
            continue
        reach = {bundled.concepts[x].discipline for x in prerequisite_closure(bundled, c.id)} & FIVE
        if len(reach) < 2:
            few[c.id] = sorted(reach)
    assert set(few) == set(SINGLE_DISCIPLINE), few
