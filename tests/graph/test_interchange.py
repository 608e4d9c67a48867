"""Import and export round trips, foreign graphs, and what cannot be mapped."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph import interchange, load_curriculum
from graph.yaml_source import read_yaml, read_yaml_fast


@pytest.mark.parametrize("fmt", ["node-link", "csv", "graphml"])
@pytest.mark.parametrize("which", ["bundled", "mini"])
def test_export_then_import_gives_the_same_version(fmt, which, bundled, mini, tmp_path):
    c = bundled if which == "bundled" else mini
    runner = CliRunner()
    data_dir = str(c.source)
    target = tmp_path / (
        "out.json" if fmt == "node-link" else "out.graphml" if fmt == "graphml" else "csv"
    )
    r = runner.invoke(app, ["export", fmt, "--out", str(target), "--data", data_dir])
    assert r.exit_code == 0, r.output
    sources = (
        [str(target / "nodes.csv"), str(target / "edges.csv")] if fmt == "csv" else [str(target)]
    )
    r = runner.invoke(app, ["import", fmt, *sources, "--out", str(tmp_path / "back")])
    assert r.exit_code == 0, r.output
    assert load_curriculum(tmp_path / "back").version == c.version
    assert "not mapped" not in r.output
    # the loader's two parsers (Rust fast path, line-aware PyYAML) read the written files alike
    for name in ("concepts.yaml", "textbooks.yaml"):
        careful, problems = read_yaml(tmp_path / "back" / name)
        assert problems == [] and careful == read_yaml_fast(tmp_path / "back" / name)


def test_foreign_csv_maps_what_it_can_and_reports_the_rest(tmp_path):
    (tmp_path / "nodes.csv").write_text(
        "id,label,hours,colour\nalgebra,Algebra,3,red\ncalculus,Calculus,5,blue\nml,Machine learning,8,green\n",
        encoding="utf-8",
    )
    (tmp_path / "edges.csv").write_text(
        "prerequisite,concept,reason_en,weight_kg\nalgebra,calculus,Limits need algebra,1\ncalculus,ml,Gradients,2\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(
        app,
        [
            "import",
            "csv",
            str(tmp_path / "nodes.csv"),
            str(tmp_path / "edges.csv"),
            "--out",
            str(tmp_path / "cur"),
        ],
    )
    assert r.exit_code == 0, r.output
    assert (
        "not mapped: node.colour (3 time(s))" in r.output
        and "not mapped: edge.weight_kg (2 time(s))" in r.output
    )
    assert "discipline 'general' was not declared" in r.output
    c = load_curriculum(tmp_path / "cur")
    assert c.concepts["calculus"].name.en == "Calculus" and c.concepts["ml"].hours == 8
    assert c.edge("algebra", "calculus")[0].reason.en == "Limits need algebra"


def test_graphml_from_networkx(tmp_path):
    g = nx.DiGraph()
    g.add_node("a", label="Entropy", hours=2.5)
    g.add_node("b", label="KL divergence")
    g.add_edge("a", "b", reason="KL is cross-entropy minus entropy")
    nx.write_graphml(g, tmp_path / "g.graphml")
    concepts, books, report = interchange.from_graphml(tmp_path / "g.graphml")
    interchange.write_folder(tmp_path / "cur", concepts, books)
    c = load_curriculum(tmp_path / "cur")
    assert [p.id for p in c.concepts["b"].prerequisites] == ["a"] and c.concepts["a"].hours == 2.5


def test_any_of_groups_survive_node_link(mini):
    data = json.loads(json.dumps(interchange.to_node_link(mini)))
    groups = [e for e in data["links"] if e.get("group")]
    assert {e["source"] for e in groups} == {"calculus", "logarithms"}
    concepts_doc, _, _ = interchange.from_node_link(data)
    kl = next(c for c in concepts_doc["concepts"] if c["id"] == "kl")
    assert any(p.get("any_of") == ["calculus", "logarithms"] for p in kl["prerequisites"])
