"""A quality report for curriculum authors: what to fix and where the weight lies."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from graph.closures import BUDGET_BYTES, closure_sizes, redundant_edges
from graph.curriculum import Curriculum
from graph.render import colour

NOT_CHECKED = f"not checked (the closures would need more than {BUDGET_BYTES >> 20} MB to scan)"


class Smallest:
    """The first ``limit`` items in sorted order (all of them when ``limit`` is None) and
    how many there were, holding at most 2 x limit items: a report over 10^6 concepts
    served over HTTP lists a page of each finding, not a million ids."""

    def __init__(self, limit: int | None, key: Callable[[Any], Any] | None = None) -> None:
        self.limit, self.key = limit, key
        self.items: list[Any] = []
        self.total = 0

    def add(self, item: Any) -> None:
        self.total += 1
        self.items.append(item)
        if self.limit is not None and len(self.items) >= 2 * max(self.limit, 1):
            self.items.sort(key=self.key)
            del self.items[self.limit :]

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.add(item)

    def result(self) -> list[Any]:
        self.items.sort(key=self.key)
        return self.items if self.limit is None else self.items[: self.limit]


def quality_report(
    curriculum: Curriculum,
    *,
    max_closure: int = 60,
    scan_budget_bytes: int = BUDGET_BYTES,
    limit: int | None = None,
) -> dict[str, Any]:
    """Counts, hours, gaps (edges without reasons, concepts without readings or code),
    isolated concepts, the longest chain, redundant edges, oversized closures, books used.

    The two closure checks are None when scanning them would take more than
    ``scan_budget_bytes`` (graph.closures). With ``limit`` each list holds its first
    ``limit`` entries; ``totals`` always gives the full count of each."""
    graph = curriculum.graph
    stats = curriculum.stats()
    cols = curriculum.columns
    hours = {
        d: round(math.fsum(cols["hours"][cols["discipline"] == i].tolist()), 2)
        for i, d in enumerate(curriculum.disciplines)
    }
    no_reason, no_resources, no_core = Smallest(limit), Smallest(limit), Smallest(limit)
    books: dict[str, dict[str, Any]] = {}
    # one pass over the models: at 10^6 concepts each is parsed from the cache file
    for c in curriculum.concepts.values():
        no_reason.extend(
            f"{m} -> {c.id}" for p in c.prerequisites if p.reason is None for m in p.members
        )
        if not c.resources:
            no_resources.add(c.id)
        elif not any(r.role == "core" for r in c.resources):
            no_core.add(c.id)
        edge_evidence = (e for p in c.prerequisites for e in p.evidence)
        for r in [*c.resources, *c.evidence, *c.basis, *edge_evidence]:
            if r.book:
                b = books.setdefault(
                    r.book,
                    {
                        "book": r.book,
                        "title": curriculum.books[r.book].title,
                        "chapters": set(),
                        "concepts": set(),
                    },
                )
                b["chapters"].add(r.chapter)
                b["concepts"].add(c.id)
    no_implementation = Smallest(limit)
    no_implementation.extend(
        graph.ids[i] for i in np.flatnonzero(cols["implementation"] == 0).tolist()
    )
    isolated = Smallest(limit)
    isolated.extend(
        graph.ids[i] for i in np.flatnonzero(graph.in_degrees() + graph.out_degrees() == 0).tolist()
    )
    longest = graph.longest_chain()
    found = Smallest(limit)
    redundant: Smallest | None = found
    if redundant_edges(graph, found=found.add, budget_bytes=scan_budget_bytes) is None:
        redundant = None
    sizes = closure_sizes(graph, budget_bytes=scan_budget_bytes)
    oversized: Smallest | None = None
    if sizes is not None:
        oversized = Smallest(limit, key=lambda x: (-x["closure"], x["id"]))
        oversized.extend(
            {"id": graph.ids[i], "closure": size}
            for i, size in enumerate(sizes)
            if size > max_closure
        )
    lists: dict[str, Smallest | None] = {
        "edges_without_reason": no_reason,
        "concepts_without_resources": no_resources,
        "concepts_without_core_resource": no_core,
        "concepts_without_implementation": no_implementation,
        "isolated_concepts": isolated,
        "redundant_edges": redundant,
        "concepts_with_large_closure": oversized,
    }
    books_used = sorted(
        (
            {
                "book": b["book"],
                "title": b["title"],
                "chapters": sorted(b["chapters"]),
                "concepts": len(b["concepts"]),
            }
            for b in books.values()
        ),
        key=lambda b: (-b["concepts"], b["book"]),
    )
    return {
        "curriculum_version": curriculum.version,
        "counts": {
            "concepts": stats["concepts"],
            "edges": stats["edges"],
            "per_discipline": stats["per_discipline"],
            "per_kind": stats["per_kind"],
        },
        "hours_per_discipline": hours,
        **{key: None if found is None else found.result() for key, found in lists.items()},
        "totals": {key: None if found is None else found.total for key, found in lists.items()},
        "limit": limit,
        "longest_chain": longest,
        "max_closure": max_closure,
        "books_used": books_used,
        "books_unused": sorted(set(curriculum.books) - set(books)),
    }


def render_text(report: dict[str, Any]) -> str:
    c = report["counts"]
    lines = [
        f"curriculum {report['curriculum_version']}: {c['concepts']} concepts, {c['edges']} edges"
    ]
    for d, n in c["per_discipline"].items():
        lines.append(f"  {d:<22} {n:>5} concepts  {report['hours_per_discipline'].get(d, 0):>8g} h")
    checks = [
        ("edges without a reason", "edges_without_reason"),
        ("concepts without resources", "concepts_without_resources"),
        ("concepts without a core resource", "concepts_without_core_resource"),
        ("concepts without an implementation", "concepts_without_implementation"),
        ("isolated concepts", "isolated_concepts"),
        ("redundant (transitive) edges", "redundant_edges"),
    ]
    for label, key in checks:
        items = report[key]
        if items is None:
            lines.append(f"{label}: {NOT_CHECKED}")
            continue
        lines.append(
            f"{label}: {report['totals'][key]}"
            + (
                ": " + ", ".join(items[:12]) + (" ..." if report["totals"][key] > 12 else "")
                if items
                else ""
            )
        )
    big = report["concepts_with_large_closure"]
    if big is None:
        lines.append(f"closure sizes: {NOT_CHECKED}")
    else:
        lines.append(
            f"concepts needing more than {report['max_closure']} required concepts: "
            f"{report['totals']['concepts_with_large_closure']}"
            + (": " + ", ".join(f"{x['id']} ({x['closure']})" for x in big[:8]) if big else "")
        )
    chain = report["longest_chain"]
    lines.append(f"longest prerequisite chain ({len(chain)} concepts): " + " -> ".join(chain))
    lines.append(
        f"books cited: {len(report['books_used'])}; unused: {', '.join(report['books_unused']) or 'none'}"
    )
    for b in report["books_used"][:10]:
        lines.append(
            f"  {b['book']:<24} {b['concepts']:>4} concepts, chapters {', '.join(map(str, b['chapters']))}"
        )
    return "\n".join(lines) + "\n"


def chart_svg(report: dict[str, Any]) -> str:
    """Concepts and hours per discipline as horizontal bars."""
    per = report["counts"]["per_discipline"]
    hours = report["hours_per_discipline"]
    rows = list(per)
    width, bar, gap, left = 640, 18, 10, 170
    height = 40 + len(rows) * (2 * bar + gap)
    max_n = max(per.values(), default=1) or 1
    max_h = max(hours.values(), default=1) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="sans-serif" font-size="12">',
        f'<text x="{left}" y="16" font-weight="bold">concepts (dark) and study hours (light) per discipline</text>',
    ]
    for i, d in enumerate(rows):
        y = 30 + i * (2 * bar + gap)
        w1 = (width - left - 60) * per[d] / max_n
        w2 = (width - left - 60) * hours.get(d, 0) / max_h
        out.append(
            f'<text x="{left - 8}" y="{y + bar + 4}" text-anchor="end">{html.escape(d)}</text>'
        )
        out.append(f'<rect x="{left}" y="{y}" width="{w1:.1f}" height="{bar}" fill="{colour(d)}"/>')
        out.append(f'<text x="{left + w1 + 4:.1f}" y="{y + bar - 4}">{per[d]}</text>')
        out.append(
            f'<rect x="{left}" y="{y + bar}" width="{w2:.1f}" height="{bar}" fill="{colour(d)}" fill-opacity="0.45"/>'
        )
        out.append(
            f'<text x="{left + w2 + 4:.1f}" y="{y + 2 * bar - 4}">{hours.get(d, 0):g} h</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def render_markdown(report: dict[str, Any], chart_file: str | None = None) -> str:
    """A Markdown page for authors; the chart is an SVG file next to it (or inline)."""
    lines = [f"# Curriculum quality report (`{report['curriculum_version']}`)", ""]
    lines.append(
        f"![concepts and hours per discipline]({chart_file})" if chart_file else chart_svg(report)
    )
    lines += ["", "| discipline | concepts | hours |", "| --- | --- | --- |"]
    for d, n in report["counts"]["per_discipline"].items():
        lines.append(f"| {d} | {n} | {report['hours_per_discipline'].get(d, 0):g} |")
    lines += ["", "## To fix", ""]
    for label, key in (
        ("Edges without a reason", "edges_without_reason"),
        ("Concepts without resources", "concepts_without_resources"),
        ("Concepts without a core resource", "concepts_without_core_resource"),
        ("Concepts without an implementation", "concepts_without_implementation"),
        ("Isolated concepts", "isolated_concepts"),
        ("Redundant (transitive) edges", "redundant_edges"),
    ):
        items = report[key]
        if items is None:
            lines.append(f"- **{label}**: {NOT_CHECKED}")
            continue
        lines.append(
            f"- **{label}**: {report['totals'][key]}"
            + (" — " + ", ".join(f"`{x}`" for x in items[:30]) if items else "")
        )
    big = report["concepts_with_large_closure"]
    if big:
        lines.append(
            f"- **More than {report['max_closure']} required prerequisites**: "
            + ", ".join(f"`{x['id']}` ({x['closure']})" for x in big[:30])
        )
    lines += [
        "",
        "## Structure",
        "",
        f"Longest prerequisite chain ({len(report['longest_chain'])} concepts): "
        + " → ".join(f"`{x}`" for x in report["longest_chain"]),
        "",
        "## Books",
        "",
        "| book | concepts | chapters |",
        "| --- | --- | --- |",
    ]
    for b in report["books_used"]:
        lines.append(
            f"| {b['title']} (`{b['book']}`) | {b['concepts']} | {', '.join(map(str, b['chapters']))} |"
        )
    if report["books_unused"]:
        lines += [
            "",
            "Books listed but never cited: " + ", ".join(f"`{b}`" for b in report["books_unused"]),
        ]
    return "\n".join(lines) + "\n"
