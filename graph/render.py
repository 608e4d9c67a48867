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
    "deep-learning": "#F0E442",
    "llm": "#56B4E9",
}
FALLBACK_COLOUR = "#000000"


def colour(discipline: str) -> str:
    return DISCIPLINE_COLOURS.get(discipline, FALLBACK_COLOUR)


def light(hex_colour: str, amount: float = 0.5) -> str:
    """``hex_colour`` mixed with white: an opaque fill that black text reads well on."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))

    def mix(c: int) -> int:
        return round(c + (255 - c) * amount)

    return f"#{mix(r):02x}{mix(g):02x}{mix(b):02x}"


def _edges(curriculum: Curriculum, ids: set[str]) -> list[tuple[str, str, dict[str, Any]]]:
    graph = curriculum.graph
    return sorted(
        (u, v, graph.edge_data(u, v)) for u in ids for v in graph.successors(u) if v in ids
    )


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


def neighbourhood_svg(
    curriculum: Curriculum, concept_id: str, *, language: str = "en", limit: int = 12
) -> str:
    """A small SVG: direct prerequisites on the left, the concept, direct dependents on the right."""
    import html

    def esc(s: str) -> str:
        return html.escape(s, quote=True)

    graph = curriculum.graph
    left = sorted(graph.predecessors(concept_id))[:limit]
    right = sorted(graph.successors(concept_id))[:limit]
    w, h, gap, col = 170, 34, 10, 230
    rows = max(len(left), len(right), 1)
    height = 20 + rows * (h + gap)
    width = 3 * col - (col - w) + 40
    x_of = {0: 20, 1: 20 + col, 2: 20 + 2 * col}

    def ys(n: int) -> list[float]:
        top = (height - (n * h + (n - 1) * gap)) / 2
        return [top + k * (h + gap) for k in range(n)]

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'font-family="system-ui, sans-serif" role="img">',
        '<defs><marker id="arr" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    cy = height / 2
    for side, ids in ((0, left), (2, right)):
        for y in ys(len(ids)):
            x1, x2 = (x_of[0] + w, x_of[1]) if side == 0 else (x_of[1] + w, x_of[2])
            y1, y2 = (y + h / 2, cy) if side == 0 else (cy, y + h / 2)
            out.append(
                f'<path d="M{x1},{y1:.1f} C{(x1 + x2) / 2},{y1:.1f} {(x1 + x2) / 2},{y2:.1f} {x2},{y2:.1f}" '
                'fill="none" stroke="#555" marker-end="url(#arr)"/>'
            )

    def box(x: float, y: float, cid: str, main: bool) -> None:
        c = curriculum.concepts[cid]
        name = c.name.get(language)
        short = name if len(name) <= 24 else name[:23] + "…"
        stroke = 'stroke="#000" stroke-width="3"' if main else 'stroke="#333"'
        out.append(
            f'<g class="node" data-concept="{esc(cid)}"><title>{esc(name)}</title>'
            f'<rect x="{x}" y="{y:.1f}" width="{w}" height="{h}" rx="7" fill="{light(colour(c.discipline))}" '
            f"{stroke}/>"
            f'<text x="{x + w / 2}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" font-size="12">{esc(short)}</text></g>'
        )

    for y, cid in zip(ys(len(left)), left, strict=True):
        box(x_of[0], y, cid, False)
    box(x_of[1], cy - h / 2, concept_id, True)
    for y, cid in zip(ys(len(right)), right, strict=True):
        box(x_of[2], y, cid, False)
    out.append("</svg>")
    return "\n".join(out) + "\n"
