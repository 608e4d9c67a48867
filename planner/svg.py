"""The plan drawn as a layered graph in SVG (no external renderer needed).

Layout: each step sits in the layer after its deepest prerequisite in the plan (longest
path layering); within a layer, steps are ordered by a few barycentre sweeps to reduce
crossings, starting from plan order. Nodes are coloured by discipline (the Okabe-Ito
palette of graph.render) with a legend; goals have a thick border; every label is
XML-escaped.
"""

from __future__ import annotations

import heapq
import html
import unicodedata
from collections.abc import Sequence

from graph.curriculum import Curriculum
from graph.render import colour, light
from planner.models import Plan
from planner.text import text

NODE_W, NODE_H, GAP_X, GAP_Y, MARGIN = 176, 50, 24, 46, 20
FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'PingFang SC', sans-serif"


def _text_width(text: str) -> float:
    """Approximate width in units of an average Latin character (CJK counts double)."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def _wrap(text: str, limit: float = 24.0, lines: int = 2) -> list[str]:
    words = text.split(" ") if _text_width(text) == len(text) else list(text)
    joiner = " " if _text_width(text) == len(text) else ""
    out: list[str] = [""]
    for w in words:
        candidate = (out[-1] + joiner + w) if out[-1] else w
        if _text_width(candidate) <= limit or not out[-1]:
            out[-1] = candidate
        else:
            out.append(w)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, len(out[-1]) - 1)] + "…"
    return out


def drawn_ids(plan: Plan, curriculum: Curriculum, known: Sequence[str] = ()) -> list[str]:
    """The plan's steps and the ``known`` concepts drawn with them, in a topological order
    (known ones first where the order allows: they come before what needs them)."""
    ids = [s.id for s in plan.steps]
    extra = [k for k in dict.fromkeys(known) if k not in set(ids)]
    if not extra:
        return ids
    nodes = extra + ids
    rank = {n: i for i, n in enumerate(nodes)}
    waiting = {n: sum(1 for p in curriculum.graph.predecessors(n) if p in rank) for n in nodes}
    ready = [(rank[n], n) for n in nodes if waiting[n] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, n = heapq.heappop(ready)
        order.append(n)
        for m in curriculum.graph.successors(n):
            if m in waiting:
                waiting[m] -= 1
                if waiting[m] == 0:
                    heapq.heappush(ready, (rank[m], m))
    return order


def layout(
    plan: Plan, curriculum: Curriculum, known: Sequence[str] = ()
) -> tuple[dict[str, tuple[float, float]], int, int]:
    """Node centres, and the drawing's width and height."""
    ids = drawn_ids(plan, curriculum, known)
    inplan = set(ids)
    preds = {i: [p for p in curriculum.graph.predecessors(i) if p in inplan] for i in ids}
    layer: dict[str, int] = {}
    for i in ids:  # plan order is topological
        layer[i] = 1 + max((layer[p] for p in preds[i]), default=-1)
    layers: list[list[str]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for i in ids:
        layers[layer[i]].append(i)
    succs: dict[str, list[str]] = {i: [] for i in ids}
    for i in ids:
        for p in preds[i]:
            succs[p].append(i)
    pos = {i: float(k) for row in layers for k, i in enumerate(row)}
    for sweep in range(4):
        rows = layers[1:] if sweep % 2 == 0 else layers[-2::-1]
        for row in rows:

            def bary(i: str, down: bool = sweep % 2 == 0) -> float:
                nb = preds[i] if down else succs[i]
                return sum(pos[n] for n in nb) / len(nb) if nb else pos[i]

            row.sort(key=lambda i: (bary(i), pos[i]))
            for k, i in enumerate(row):
                pos[i] = float(k)
    widest = max((len(r) for r in layers), default=1)
    width = MARGIN * 2 + widest * NODE_W + (widest - 1) * GAP_X
    centres = {}
    for depth, row in enumerate(layers):
        row_w = len(row) * NODE_W + (len(row) - 1) * GAP_X
        x0 = (width - row_w) / 2
        for k, i in enumerate(row):
            centres[i] = (
                x0 + k * (NODE_W + GAP_X) + NODE_W / 2,
                MARGIN + depth * (NODE_H + GAP_Y) + NODE_H / 2,
            )
    height = MARGIN * 2 + len(layers) * NODE_H + max(0, len(layers) - 1) * GAP_Y
    return centres, int(width), int(height)


def to_svg(
    curriculum: Curriculum, plan: Plan, *, legend: bool = True, known: Sequence[str] = ()
) -> str:
    """A standalone SVG document of the plan, in the plan's language.

    ``legend=False`` leaves the discipline legend out (a page that shows its own).
    ``known`` concepts (outside the plan because the learner knows them) are drawn too,
    greyed and ticked, with their edges into the plan, instead of vanishing.
    """
    lang = plan.language

    def esc(s: str) -> str:
        return html.escape(s, quote=True)

    centres, width, height = layout(plan, curriculum, known)
    disciplines = list(dict.fromkeys(s.discipline for s in plan.steps))
    legend_h = 28 + 22 * len(disciplines) if legend else 0
    total_h = height + legend_h
    width = max(width, 260)
    title = text(
        lang,
        "title_for",
        goals=", ".join(curriculum.concepts[g].name.get(lang) for g in plan.goals),
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_h}" width="{width}" height="{total_h}" '
        f'font-family="{esc(FONT)}" role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        f'<rect width="{width}" height="{total_h}" fill="#ffffff"/>',
    ]
    inplan = set(centres)
    for target in centres:
        x2, y2 = centres[target]
        for p in sorted(curriculum.graph.predecessors(target)):
            if p not in inplan:
                continue
            x1, y1 = centres[p]
            y1b, y2t = y1 + NODE_H / 2, y2 - NODE_H / 2
            mid = (y1b + y2t) / 2
            dash = (
                ""
                if curriculum.graph.edge_data(p, target)["strength"] == "required"
                else ' stroke-dasharray="5,4"'
            )
            out.append(
                f'<path d="M{x1:.1f},{y1b:.1f} C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2t:.1f}" '
                f'fill="none" stroke="#555" stroke-width="1.3"{dash} marker-end="url(#arrow)"/>'
            )
    steps = {s.id for s in plan.steps}
    for known_id in (c for c in centres if c not in steps):
        concept = curriculum.concepts[known_id]
        name = concept.name.get(lang)
        cx, cy = centres[known_id]
        out.append(
            f'<g class="step known" data-step="{esc(known_id)}" data-discipline="{esc(concept.discipline)}" '
            f'tabindex="0" role="button"><title>{esc(name)} · {esc(text(lang, "known"))} · {esc(known_id)}</title>'
            f'<rect x="{cx - NODE_W / 2:.1f}" y="{cy - NODE_H / 2:.1f}" width="{NODE_W}" height="{NODE_H}" '
            'rx="9" fill="#eeeeee" stroke="#999999" stroke-width="1" stroke-dasharray="4,3"/>'
        )
        lines = _wrap(f"✓ {name}")
        for n, line in enumerate(lines):
            ty = cy + (n - (len(lines) - 1) / 2) * 15 + 5
            out.append(
                f'<text x="{cx:.1f}" y="{ty:.1f}" text-anchor="middle" font-size="12.5" fill="#555">{esc(line)}</text>'
            )
        out.append("</g>")
    for s in plan.steps:
        cx, cy = centres[s.id]
        x, y = cx - NODE_W / 2, cy - NODE_H / 2
        stroke, sw = ("#000", 3.5) if s.is_goal else ("#333", 1)
        cls = "step goal" if s.is_goal else "step"
        out.append(
            f'<g class="{cls}" data-step="{esc(s.id)}" data-discipline="{esc(s.discipline)}" '
            f'tabindex="0" role="button"><title>{esc(s.name)} · {s.hours:g} h · {esc(s.id)}</title>'
        )
        fill = light(colour(s.discipline))
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="9" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{sw}"/>'
        )
        lines = _wrap(f"{s.index}. {s.name}")
        for k, line in enumerate(lines):
            ty = cy + (k - (len(lines) - 1) / 2) * 15 + 5
            out.append(
                f'<text x="{cx:.1f}" y="{ty:.1f}" text-anchor="middle" font-size="12.5" fill="#000">{esc(line)}</text>'
            )
        out.append("</g>")
    if legend:
        ly = height + 8
        heading = text(lang, "legend")
        out.append(
            f'<text x="{MARGIN}" y="{ly + 12}" font-size="12" font-weight="bold">{heading}</text>'
        )
        for k, d in enumerate(disciplines):
            yy = ly + 22 + 22 * k
            out.append(
                f'<rect x="{MARGIN}" y="{yy}" width="16" height="14" rx="3" fill="{colour(d)}" stroke="#333"/>'
            )
            out.append(
                f'<text x="{MARGIN + 24}" y="{yy + 12}" font-size="12">'
                f"{esc(curriculum.disciplines[d].name.get(lang))}</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"
