"""Differences between two versions of records keyed by id: concepts, edges, books,
papers of two curricula (``studypath diff``), and the steps of a saved plan against a
fresh one (learner saved plans). One function, ``diff_records``, serves both."""

from __future__ import annotations

from typing import Any

from graph.curriculum import Curriculum


def diff_records(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Ids added, removed, and changed (with the fields that differ), each sorted.

    Examples
    --------
    >>> diff_records({"a": {"x": 1}, "b": {"x": 1}}, {"b": {"x": 2}, "c": {"x": 1}})
    {'added': ['c'], 'removed': ['a'], 'changed': {'b': ['x']}}
    """
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = {}
    for key in sorted(set(old) & set(new)):
        a, b = old[key], new[key]
        fields = sorted(f for f in set(a) | set(b) if a.get(f) != b.get(f))
        if fields:
            changed[key] = fields
    return {"added": added, "removed": removed, "changed": changed}


def _concepts(c: Curriculum) -> dict[str, dict[str, Any]]:
    return {
        cid: x.model_dump(mode="json", exclude_none=True, exclude={"id", "prerequisites"})
        for cid, x in c.concepts.items()
    }


def _edges(c: Curriculum) -> dict[str, dict[str, Any]]:
    out = {}
    for cid, x in c.concepts.items():
        for pre in x.prerequisites:
            for member in pre.members:
                out[f"{member} -> {cid}"] = {
                    "strength": pre.strength,
                    "reason": pre.reason.model_dump(exclude_none=True) if pre.reason else None,
                    "any_of": list(pre.any_of) if pre.any_of else None,
                    "evidence": [
                        e.model_dump(mode="json", exclude_none=True) for e in pre.evidence
                    ],
                }
    return out


def diff_curricula(old: Curriculum, new: Curriculum) -> dict[str, Any]:
    """What changed from ``old`` to ``new``: concepts, edges, disciplines, books, papers."""

    def dump(items: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {
            k: v.model_dump(mode="json", exclude_none=True, exclude={"id"})
            for k, v in items.items()
        }

    result: dict[str, Any] = {
        "old_version": old.version,
        "new_version": new.version,
        "concepts": diff_records(_concepts(old), _concepts(new)),
        "edges": diff_records(_edges(old), _edges(new)),
        "disciplines": diff_records(dump(old.disciplines), dump(new.disciplines)),
        "books": diff_records(dump(old.books), dump(new.books)),
        "papers": diff_records(dump(old.papers), dump(new.papers)),
    }
    result["unchanged"] = old.version == new.version
    return result


def render_diff(diff: dict[str, Any]) -> str:
    """The diff as text for a terminal or a pull-request comment."""
    lines = [f"curriculum {diff['old_version']} -> {diff['new_version']}"]
    if diff["unchanged"]:
        return lines[0] + ": no changes\n"
    for part in ("concepts", "edges", "disciplines", "books", "papers"):
        d = diff[part]
        if not (d["added"] or d["removed"] or d["changed"]):
            continue
        lines.append(
            f"{part}: {len(d['added'])} added, {len(d['removed'])} removed, {len(d['changed'])} changed"
        )
        lines += [f"  + {x}" for x in d["added"]]
        lines += [f"  - {x}" for x in d["removed"]]
        lines += [f"  ~ {x} ({', '.join(fields)})" for x, fields in d["changed"].items()]
    return "\n".join(lines) + "\n"
