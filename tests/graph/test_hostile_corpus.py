"""The hostile-curriculum corpus (tests/fixtures/hostile, made by make_hostile.py): each
kind gets its named problem with file, line and field, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from api.cli import app
from graph import load_curriculum
from graph.errors import DataValidationError

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
EXPECTED = yaml.safe_load((CORPUS / "EXPECTED.yaml").read_text(encoding="utf-8"))
LIMIT = "60000"  # file-over-size-limit is checked against this limit


def test_corpus_is_complete():
    kinds = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert kinds == set(EXPECTED) and len(kinds) >= 25


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_kind_gets_its_named_problem(kind, monkeypatch):
    monkeypatch.setenv("STUDYPATH_MAX_CURRICULUM_BYTES", LIMIT)
    code, concept, field = EXPECTED[kind]
    with pytest.raises(DataValidationError) as info:
        load_curriculum(CORPUS / kind)
    matching = [
        p
        for p in info.value.problems
        if p.code == code and p.concept_id == concept and p.field == field
    ]
    assert matching, [p.render() for p in info.value.problems]
    problem = matching[0]
    assert problem.file in ("concepts.yaml", "textbooks.yaml")
    if code not in ("file-too-large", "file-missing"):
        assert problem.line is not None and problem.line >= 1


def test_validate_reports_every_folder_of_the_corpus(monkeypatch):
    monkeypatch.setenv("STUDYPATH_MAX_CURRICULUM_BYTES", LIMIT)
    folders = sorted(str(p) for p in CORPUS.iterdir() if p.is_dir())
    result = CliRunner().invoke(app, ["validate", *folders])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for kind, (code, _, _) in EXPECTED.items():
        assert f"[{code}]" in result.output, kind
    assert result.output.count("invalid:") == len(folders)
