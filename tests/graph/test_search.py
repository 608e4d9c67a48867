"""Search ranks by relevance and tolerates typos (issue 21's examples on the bundled data)."""

from __future__ import annotations

from graph.search import score, search


def test_the_concept_named_comes_first(bundled):
    ids = list(bundled.concepts)
    assert search(bundled, "rlhf", ids)[0] == "rlhf-ppo"
    assert search(bundled, "Adam", ids)[:2] == ["adam", "adamw"]
    assert search(bundled, "kl", ids)[0] == "kl-divergence"


def test_a_word_is_not_matched_inside_another_word(bundled):
    lion = search(bundled, "lion", list(bundled.concepts))
    assert lion[0] == "lion-optimizer"
    million = [
        c.id for c in bundled.concepts.values() if "million" in (c.summary.en or "").casefold()
    ]
    assert million and not set(million) & set(lion) - {"lion-optimizer", "sign-descent-signsgd"}


def test_misspellings_and_chinese_characters_are_found(bundled):
    ids = list(bundled.concepts)
    assert search(bundled, "distilation", ids)[0] == "knowledge-distillation"
    assert "transformer-block" in search(bundled, "transfomer", ids)[:5]
    entropy = search(bundled, "熵", ids)
    assert {"shannon-entropy", "cross-entropy", "conditional-entropy"} <= set(entropy[:10])


def test_scores_order_exact_prefix_word_typo_and_summary(bundled):
    kl = bundled.concepts["kl-divergence"]
    assert score(kl, "kl-divergence") > score(kl, "kl") > score(kl, "divergence") > 0
    assert score(kl, "divergense") > 0  # a typo of a word of the name
    assert score(kl, "zzzz") == 0 and score(kl, "   ") == 0
