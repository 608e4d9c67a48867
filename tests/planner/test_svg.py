"""The plan drawing: known concepts are drawn as known, above what needs them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from planner.models import PlanRequest
from planner.plan import build_plan
from planner.svg import to_svg

SVG = "{http://www.w3.org/2000/svg}"


def _nodes(svg: str) -> dict[str, tuple[str, float, float]]:
    """Each drawn concept: its class and its box's top-left corner, read from the SVG."""
    out = {}
    for g in ET.fromstring(svg).iter(f"{SVG}g"):
        if "data-step" in g.attrib:
            rect = g.find(f"{SVG}rect")
            out[g.attrib["data-step"]] = (
                g.attrib["class"],
                float(rect.attrib["x"]),
                float(rect.attrib["y"]),
            )
    return out


def test_known_concepts_are_drawn_as_known_in_topological_layers(mini):
    plan = build_plan(curriculum=mini, request=PlanRequest(goals=["kl"], known=["entropy"]))
    assert "entropy" not in [s.id for s in plan.steps]
    plain = _nodes(to_svg(mini, plan))
    assert "entropy" not in plain and set(plain) == {s.id for s in plan.steps}

    drawn = _nodes(to_svg(mini, plan, known=["entropy"]))
    assert drawn["entropy"][0] == "step known"
    assert {i for i, (cls, _, _) in drawn.items() if "known" not in cls.split()} == {
        s.id for s in plan.steps
    }
    # every prerequisite edge between drawn concepts points down the page
    for u, v in mini.graph.edges():
        if u in drawn and v in drawn:
            assert drawn[u][2] < drawn[v][2], (u, v)
    assert len({(x, y) for _, x, y in drawn.values()}) == len(drawn)  # no two boxes overlap
    zh = build_plan(
        curriculum=mini, request=PlanRequest(goals=["kl"], known=["entropy"], language="zh")
    )
    assert "✓ 香农熵" in to_svg(mini, zh, known=["entropy"])
