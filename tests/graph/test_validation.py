"""Each kind of curriculum problem is reported, with file, line, concept id and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import graph.validate as validate_module
from api.cli import app
from graph import load_curriculum
from graph.errors import DataValidationError, Problem


def problems_of(folder: Path, *, strict: bool = False) -> list[Problem]:
    with pytest.raises(DataValidationError) as info:
        load_curriculum(folder, strict=strict)
    return info.value.problems


def edit(folder: Path, old: str, new: str, file: str = "concepts.yaml") -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, needle: str, file: str = "concepts.yaml", occurrence: int = 1) -> int:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[occurrence - 1]


def only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


def test_mini_fixture_is_valid_and_strict(mini):
    assert len(mini) == 5
    assert mini.graph.number_of_edges() == 6


def test_unknown_prerequisite_with_line_and_suggestion(mini_copy):
    edit(mini_copy, "      - id: entropy\n", "      - id: entrpy\n")
    p = only(problems_of(mini_copy), "unknown-prerequisite")
    assert (p.file, p.concept_id, p.field) == ("concepts.yaml", "kl", "prerequisites[0].id")
    assert p.line == line_of(mini_copy, "- id: entrpy")
    assert "entropy" in p.message  # close-match suggestion


def test_cycle_reports_its_path(mini_copy):
    edit(
        mini_copy, "    prerequisites: []\n", "    prerequisites:\n      - {id: kl, reason: loop}\n"
    )
    p = only(problems_of(mini_copy), "cycle")
    assert "entropy -> kl -> probability -> entropy" in p.message
    assert p.line is not None


def test_unknown_book_chapter_section_and_paper(mini_copy):
    edit(
        mini_copy,
        '{book: book-a, chapter: 2, section: "2.1", role: core}',
        "{book: book-a, chapter: 7, role: core}",
    )
    edit(
        mini_copy, "{paper: paper-a, role: supplementary}", "{paper: paper-b, role: supplementary}"
    )
    edit(
        mini_copy,
        "      - {book: book-a, chapter: 1, role: core}\n",
        "      - {book: book-z, chapter: 1, role: core}\n",
    )
    problems = problems_of(mini_copy)
    chapter = only(problems, "unknown-chapter")
    assert chapter.concept_id == "entropy" and chapter.field == "resources[0].chapter"
    assert chapter.line == line_of(mini_copy, "chapter: 7")
    assert only(problems, "unknown-paper").field == "resources[1].paper"
    assert only(problems, "unknown-book").concept_id == "probability"


def test_basis_is_checked_like_any_citation(mini_copy):
    edit(
        mini_copy,
        "    evidence:\n      - {paper: paper-a, note: Section 6.}",
        "    evidence:\n      - {paper: paper-a, note: Section 6.}\n"
        "    basis:\n      - {book: book-a, chapter: 9, note: taught after entropy}",
    )
    chapter = only(problems_of(mini_copy), "unknown-chapter")
    assert chapter.field == "basis[0].chapter"
    assert chapter.line == line_of(mini_copy, "chapter: 9")


def test_unknown_section(mini_copy):
    edit(mini_copy, 'section: "2.1"', 'section: "2.9"')
    assert "2.9" in only(problems_of(mini_copy), "unknown-section").message


def test_duplicate_id_unknown_discipline_bad_level_and_hours(mini_copy):
    edit(mini_copy, "  - id: calculus\n", "  - id: logarithms\n")
    edit(
        mini_copy,
        "discipline: information-theory\n    kind: concept\n    level: 2\n    hours: 3",
        "discipline: info-theory\n    kind: concept\n    level: 9\n    hours: -3",
    )
    problems = problems_of(mini_copy)
    dup = only(problems, "duplicate-id")
    assert dup.concept_id == "logarithms" and dup.line == line_of(
        mini_copy, "- id: logarithms", occurrence=2
    )
    fields = {(p.concept_id, p.field) for p in problems if p.code == "invalid-value"}
    assert ("entropy", "level") in fields and ("entropy", "hours") in fields
    # entropy failed its schema, so its discipline is not checked; the field errors name it


def test_unknown_discipline(mini_copy):
    edit(
        mini_copy,
        "discipline: information-theory\n    kind: concept\n    level: 2\n    hours: 3",
        "discipline: info-theory\n    kind: concept\n    level: 2\n    hours: 3",
    )
    p = only(problems_of(mini_copy), "unknown-discipline")
    assert p.concept_id == "entropy" and "information-theory" in p.message


def test_missing_and_unimportable_implementation(mini_copy, tmp_path, monkeypatch):
    root = tmp_path / "impl"
    (root / "foundations").mkdir(parents=True)
    (root / "foundations" / "probability_distributions.py").write_text(
        "def run():\n    return None\n"
    )
    (root / "foundations" / "broken.py").write_text("def run(:\n")
    monkeypatch.setattr(validate_module, "IMPLEMENTATIONS_ROOT", root)
    edit(
        mini_copy,
        "implementation: foundations.probability_distributions\n  - id: logarithms",
        "implementation: foundations.missing_module\n  - id: logarithms",
    )
    edit(
        mini_copy,
        "implementation: foundations.probability_distributions\n  - id: calculus",
        "implementation: foundations.broken\n  - id: calculus",
    )
    problems = [p for p in problems_of(mini_copy) if p.code == "bad-implementation"]
    assert {p.concept_id for p in problems} == {"probability", "logarithms"}
    assert any("not found" in p.message for p in problems)
    assert any("cannot be imported" in p.message for p in problems)


def test_implementation_outside_package_is_refused(mini_copy):
    edit(
        mini_copy,
        "implementation: foundations.probability_distributions\n  - id: logarithms",
        "implementation: ../../etc/passwd\n  - id: logarithms",
    )
    p = only(problems_of(mini_copy), "invalid-value")
    assert p.field == "implementation" and p.concept_id == "probability"


def test_strict_demands_resources_and_implementation(mini_copy):
    edit(
        mini_copy,
        "    resources:\n      - {book: book-a, chapter: 2, role: core}\n"
        "    implementation: foundations.probability_distributions\n    evidence:",
        "    evidence:",
    )
    load_curriculum(mini_copy)  # fine without --strict
    problems = problems_of(mini_copy, strict=True)
    assert {(p.concept_id, p.field) for p in problems} == {
        ("kl", "resources"),
        ("kl", "implementation"),
    }


def test_yaml_syntax_error_and_duplicate_key(mini_copy):
    edit(mini_copy, "    level: 1\n    hours: 2\n", "    level: 1\n    level: 2\n    hours: 2\n")
    p = only(problems_of(mini_copy), "duplicate-key")
    assert p.line == line_of(mini_copy, "level: 2")
    edit(mini_copy, "  - id: kl\n", "  - id: kl\n   bad: [\n")
    p = only(problems_of(mini_copy), "yaml-syntax")
    assert p.file == "concepts.yaml" and p.line is not None


def test_unknown_field_is_an_error(mini_copy):
    edit(
        mini_copy,
        "    kind: foundation\n    level: 1\n    hours: 2\n",
        "    kind: foundation\n    level: 1\n    hours: 2\n    prerequisite: []\n",
    )
    p = only(problems_of(mini_copy), "invalid-value")
    assert p.field == "prerequisite" and "unknown field" in p.message


def test_all_problems_in_one_pass_from_the_cli(mini_copy):
    edit(
        mini_copy, "    prerequisites: []\n", "    prerequisites:\n      - {id: kl, reason: loop}\n"
    )
    edit(
        mini_copy,
        "      - id: logarithms\n        reason: {en: Information",
        "      - id: logarithm\n        reason: {en: Information",
    )
    edit(
        mini_copy,
        "{book: book-a, chapter: 2, role: core}",
        "{book: book-a, chapter: 5, role: core}",
    )
    result = CliRunner().invoke(app, ["validate", str(mini_copy)])
    assert result.exit_code == 1
    out = result.output
    assert "[cycle]" in out and "[unknown-prerequisite]" in out and "[unknown-chapter]" in out
    assert "concepts.yaml:" in out and "3 problem(s)" in out


def test_validate_ok_exit_code(mini_copy):
    result = CliRunner().invoke(app, ["validate", str(mini_copy), "--strict"])
    assert result.exit_code == 0, result.output
    assert "valid (strict): 5 concepts" in result.output


def test_fast_and_careful_readers_agree_on_the_bundled_data():
    from graph.parse import bundled_data_dir, parse_folder

    fast = parse_folder(bundled_data_dir(), fast=True)
    careful = parse_folder(bundled_data_dir())
    assert fast is not None, "the bundled data should take the fast path"
    assert (
        fast.concepts == careful.concepts
        and fast.books == careful.books
        and fast.papers == careful.papers
    )


def test_yaml_12_scalars_stay_strings(mini_copy):
    # YAML 1.1 would turn these into booleans and dates; names must stay text
    edit(mini_copy, "name: {en: Calculus, zh: 微积分}", "name: {en: yes, zh: 2020-01-01}")
    c = load_curriculum(mini_copy)
    assert c.concepts["calculus"].name.en == "yes"


@pytest.mark.parametrize("sparse_edges", [0, 10**9])  # scipy's components, networkx's
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_cycles_found_are_one_per_cyclic_component_as_networkx_sees_them(sparse_edges, data):
    from pathlib import Path

    import networkx as nx

    from graph.parse import ParsedCurriculum
    from graph.validate import _cycle_problems
    from tests.factories import make_concept

    n = data.draw(st.integers(1, 14))
    ids = [f"n{i}" for i in range(n)]
    pairs = [(u, v) for u in ids for v in ids if u != v]
    edges = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=30)) if pairs else []
    concepts = {
        v: make_concept(v, prerequisites=[{"id": u} for u, w in edges if w == v]) for v in ids
    }
    parsed = ParsedCurriculum(directory=Path("."), concepts=concepts)
    problems = list(_cycle_problems(parsed, sparse_edges=sparse_edges))
    g = nx.DiGraph(edges)
    g.add_nodes_from(ids)
    cyclic = [c for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert len(problems) == len(cyclic)
    for p in problems:
        path = p.message.split(": ", 1)[1].split(" (")[0].split(" -> ")
        assert path[0] == path[-1] and len(set(path)) == len(path) - 1
        assert all(g.has_edge(u, v) for u, v in zip(path, path[1:], strict=False))
        assert p.concept_id == path[-1]  # reported where the cycle closes


def test_strict_demands_that_implementations_are_exercises(tmp_path, monkeypatch):
    from graph.validate import check_implementation

    root = tmp_path / "impl" / "foundations"
    root.mkdir(parents=True)
    (root / "plain.py").write_text("def f(x):\n    return x\n\ndef run(f=None):\n    return None\n")
    (root / "wrong.py").write_text(
        "EXERCISE = ['g']\ndef f(x):\n    return x\ndef run(f=None):\n    pass\n"
    )
    (root / "ok.py").write_text(
        "EXERCISE = ['f']\ndef f(x):\n    return x\ndef run(f=None):\n    pass\n"
    )
    monkeypatch.setattr(validate_module, "IMPLEMENTATIONS_ROOT", tmp_path / "impl")
    assert check_implementation("foundations.plain") is None  # lenient: a runnable module
    assert "not an exercise" in (check_implementation("foundations.plain", strict=True) or "")
    assert "['g']" in (check_implementation("foundations.wrong", strict=True) or "")
    assert check_implementation("foundations.ok", strict=True) is None


def test_a_folded_line_break_in_chinese_text_leaves_no_space():
    # YAML folds a line break into a space; Chinese typography has none between characters
    from graph.schema import Localized

    folded = Localized(zh="分配到各个取值上。 语言模型是 next-token 上的分布")
    assert folded.zh == "分配到各个取值上。语言模型是 next-token 上的分布"
