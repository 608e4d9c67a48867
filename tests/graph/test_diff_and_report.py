from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph import load_curriculum
from graph.diff import diff_curricula
from graph.report import quality_report, render_markdown, render_text


def test_diff_names_concepts_and_edges(mini, mini_copy):
    path = mini_copy / "concepts.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    hours: 5\n", "    hours: 6\n")  # calculus changes
    text = text.replace(
        "      - id: calculus\n        strength: recommended\n",
        "      - id: calculus\n        strength: required\n",
    )
    text = text.replace("  - id: kl\n", "  - id: kl2\n")  # renamed: one removed, one added
    path.write_text(text, encoding="utf-8")
    new = load_curriculum(mini_copy)
    d = diff_curricula(mini, new)
    assert d["concepts"]["added"] == ["kl2"] and d["concepts"]["removed"] == ["kl"]
    assert d["concepts"]["changed"] == {"calculus": ["hours"]}
    assert d["edges"]["changed"] == {"calculus -> entropy": ["strength"]}
    assert "entropy -> kl" in d["edges"]["removed"] and "entropy -> kl2" in d["edges"]["added"]
    r = CliRunner().invoke(app, ["diff", str(mini.source), str(mini_copy)])
    assert r.exit_code == 0 and "~ calculus (hours)" in r.output and "+ kl2" in r.output


def test_report_finds_what_to_fix(mini_copy):
    path = mini_copy / "concepts.yaml"
    text = path.read_text(encoding="utf-8")
    # a redundant edge: kl already needs entropy, which needs probability
    text = text.replace(
        "      - any_of: [calculus, logarithms]\n",
        "      - id: probability\n      - any_of: [calculus, logarithms]\n",
    )
    path.write_text(text, encoding="utf-8")
    report = quality_report(load_curriculum(mini_copy), max_closure=2)
    assert report["edges_without_reason"] == ["probability -> kl"]
    assert "probability -> kl" in report["redundant_edges"]
    assert [x["id"] for x in report["concepts_with_large_closure"]] == ["kl"]
    assert report["longest_chain"][-1] == "kl" and report["isolated_concepts"] == []
    assert report["books_used"][0]["chapters"] == [1, 2]
    md = render_markdown(report)
    assert "<svg" in md and "`probability -> kl`" in md


def test_a_report_over_the_scan_budget_skips_only_the_closure_checks(mini):
    full = quality_report(mini)
    big = quality_report(mini, scan_budget_bytes=0)
    assert big["redundant_edges"] is None and big["concepts_with_large_closure"] is None
    for key in ("longest_chain", "isolated_concepts", "edges_without_reason", "books_used"):
        assert big[key] == full[key]
    assert "redundant (transitive) edges: not checked" in render_text(big)
    assert "closure sizes: not checked" in render_text(big)
    assert "not checked" in render_markdown(big)


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_a_limited_report_lists_the_first_entries_and_counts_them_all(bundled, limit):
    full = quality_report(bundled, max_closure=10)
    short = quality_report(bundled, max_closure=10, limit=limit)
    for key, total in short["totals"].items():
        assert total == len(full[key]) and short[key] == full[key][:limit], key
    assert f"redundant (transitive) edges: {len(full['redundant_edges'])}" in render_text(short)
