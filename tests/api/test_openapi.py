"""/openapi.json describes every answer: each JSON answer names a model whose fields are
typed (the fuzz tests then hold every real answer to that schema)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def spec(mini):
    from api.main import create_app

    return create_app(curriculum=mini).openapi()


def _json_answers(spec):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for code, answer in op.get("responses", {}).items():
                if code.startswith("2"):
                    for media, content in answer.get("content", {}).items():
                        yield f"{method.upper()} {path} {code} {media}", media, content


def test_every_json_answer_names_a_model(spec):
    untyped = [
        where
        for where, media, content in _json_answers(spec)
        if media == "application/json" and "$ref" not in content.get("schema", {})
    ]
    assert untyped == []


def test_answers_of_other_media_types_are_not_announced_as_json(spec):
    css = [w for w, media, _ in _json_answers(spec) if w.split()[1].endswith(".css")]
    assert css and all(w.endswith("text/css") for w in css), css


def test_every_answer_model_has_typed_fields(spec):
    schemas = spec["components"]["schemas"]
    named = {
        content["schema"]["$ref"].rsplit("/", 1)[-1]
        for _, media, content in _json_answers(spec)
        if media == "application/json"
    }
    assert {"Plan", "ConceptDetail", "ReadingList", "QualityReport", "LearnerExport"} <= named
    loose = [n for n in named if not schemas[n].get("properties")]
    assert loose == []
    # A model that accepted any extra key would describe nothing about it.
    assert [n for n in named if schemas[n].get("additionalProperties") is True] == []
