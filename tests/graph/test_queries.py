from __future__ import annotations

import pytest

from graph import load_curriculum
from graph.errors import UnknownConceptError
from graph.queries import dependent_closure, prerequisite_closure, shortest_chain
from tests.factories import make_curriculum


def test_closures_respect_strength():
    c = make_curriculum([("a", "b"), ("b", "c")], recommended=[("x", "c")])
    assert prerequisite_closure(c, "c") == {"b": 1, "x": 1, "a": 2}
    assert prerequisite_closure(c, "c", include_recommended=False) == {"b": 1, "a": 2}
    assert dependent_closure(c, "a") == {"b": 1, "c": 2}


def test_shortest_chain_with_reasons_and_none_when_unreachable():
    c = make_curriculum([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d"), ("d", "e")])
    chain = shortest_chain(c, "a", "e")
    assert [(x.prerequisite, x.dependent) for x in chain] == [("a", "b"), ("b", "d"), ("d", "e")]
    assert chain[0].reason == "b uses a"
    assert shortest_chain(c, "e", "a") is None


def test_unknown_concept_has_suggestions():
    c = make_curriculum([("entropy", "kl")])
    with pytest.raises(UnknownConceptError) as info:
        prerequisite_closure(c, "entrpy")
    assert info.value.suggestions["entrpy"] == ["entropy"]


def test_version_ignores_formatting_but_not_content(mini_copy, mini):
    path = mini_copy / "concepts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text("# a comment\n" + text.replace("hours: 2\n", "hours: 2.0\n"), encoding="utf-8")
    assert load_curriculum(mini_copy).version == mini.version
    path.write_text(text.replace("hours: 2\n", "hours: 3\n", 1), encoding="utf-8")
    assert load_curriculum(mini_copy).version != mini.version
