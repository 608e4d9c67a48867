"""Text renderings of a (sub)graph: node-link JSON, Mermaid and Graphviz DOT."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from graph.curriculum import Curriculum

# One colour per discipline, distinguishable for the common colour-vision deficiencies
# (Okabe-Ito palette).
DISCIPLINE_COLOURS = {
    "foundations": "#999999",
    "information-theory": "#0072B2",
    "control": "#D55E00",
    "optimization": "#009E73",
    "compression": "#CC79A7",
    "perception": "#E69F00",
    "llm": "#56B4E9",
}
FALLBACK_COLOUR = "#F0E442"


def colour(discipline: str) -> str:
    return DISCIPLINE_COLOURS.get(discipline, FALLBACK_COLOUR)


def _edges(curriculum: Curriculum, ids: set[str]) -> list[tuple[str, str, dict[str, Any]]]:
    graph = curriculum.graph
    return sorted((u, v, d) for u in ids for v, d in graph.succ[u].items() if v in ids)


def node_link(curriculum: Curriculum, ids: Iterable[str], language: str = "en") -> dict[str, Any]:
    """networkx-style node-link data (``nodes``, ``links``) for the given concepts."""
    chosen = set(ids)
    nodes = []
    for cid in sorted(chosen):
        c = curriculum.concepts[cid]
        nodes.append(
            {
                "id": cid,
                "name": c.name.get(language),
                "discipline": c.discipline,
                "kind": c.kind,
                "level": c.level,
                "hours": c.hours,
            }
        )
    links = []
    for u, v, d in _edges(curriculum, chosen):
        entry, _ = curriculum.edge(u, v)
        links.append(
            {
                "source": u,
                "target": v,
                "strength": d["strength"],
                "any_of": d["group"] is not None,
                "reason": entry.reason.get(language) if entry.reason else None,
            }
        )
    return {
        "directed": True,
        "multigraph": False,
        "graph": {"version": curriculum.version},
        "nodes": nodes,
        "links": links,
    }


def _mermaid_id(cid: str) -> str:
    return "n_" + re.sub(r"[^a-zA-Z0-9_]", "_", cid)


def _mermaid_label(text: str) -> str:
    # Mermaid labels are quoted; quotes and markup characters become entities.
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def to_mermaid(
    curriculum: Curriculum,
    ids: Iterable[str],
    *,
    language: str = "en",
    highlight: Iterable[str] = (),
    order: list[str] | None = None,
) -> str:
    """A Mermaid flowchart (top-down) with one class per discipline and goals highlighted."""
    chosen = list(order) if order is not None else sorted(set(ids))
    marked = set(highlight)
    lines = ["flowchart TD"]
    for cid in chosen:
        c = curriculum.concepts[cid]
        label = _mermaid_label(c.name.get(language))
        shape = f'(["{label}"])' if cid in marked else f'["{label}"]'
        lines.append(f"    {_mermaid_id(cid)}{shape}")
    for u, v, d in _edges(curriculum, set(chosen)):
        arrow = "-->" if d["strength"] == "required" else "-.->"
        lines.append(f"    {_mermaid_id(u)} {arrow} {_mermaid_id(v)}")
    used = sorted({curriculum.concepts[c].discipline for c in chosen})
    for disc in used:
        cls = "d_" + re.sub(r"[^a-zA-Z0-9_]", "_", disc)
        lines.append(f"    classDef {cls} fill:{colour(disc)},stroke:#333,color:#000")
        members = ",".join(
            _mermaid_id(c) for c in chosen if curriculum.concepts[c].discipline == disc
        )
        lines.append(f"    class {members} {cls}")
    if marked:
        lines.append("    classDef goal stroke:#000,stroke-width:4px")
        lines.append(
            "    class " + ",".join(_mermaid_id(c) for c in chosen if c in marked) + " goal"
        )
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid DOT string


def to_dot(
    curriculum: Curriculum,
    ids: Iterable[str],
    *,
    language: str = "en",
    highlight: Iterable[str] = (),
) -> str:
    """A Graphviz digraph, prerequisites pointing to what needs them."""
    chosen = sorted(set(ids))
    marked = set(highlight)
    lines = [
        "digraph studypath {",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
    ]
    for cid in chosen:
        c = curriculum.concepts[cid]
        extra = ", penwidth=3" if cid in marked else ""
        lines.append(
            f"  {_dot_quote(cid)} [label={_dot_quote(c.name.get(language))}, "
            f"fillcolor={_dot_quote(colour(c.discipline))}{extra}];"
        )
    for u, v, d in _edges(curriculum, set(chosen)):
        style = "" if d["strength"] == "required" else " [style=dashed]"
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"
