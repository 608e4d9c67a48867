"""What changed between two orderings of study steps (saved plan versus replanned)."""

from __future__ import annotations

from typing import Any

from graph.diff import diff_records


def _lcs(a: list[str], b: list[str]) -> set[str]:
    """Ids in a longest common subsequence of ``a`` and ``b`` (those that kept their order)."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
            )
    keep: set[str] = set()
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            keep.add(a[i])
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return keep


def diff_plan_steps(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, Any]:
    """A saved plan's steps against a fresh plan's: added, removed, reordered, and changed
    (fields that differ, e.g. hours or the chosen reading), through graph.diff."""
    fields = ("name", "discipline", "hours", "resources", "run")
    records = diff_records(
        {s["id"]: {f: s.get(f) for f in fields} for s in old},
        {s["id"]: {f: s.get(f) for f in fields} for s in new},
    )
    order = diff_steps([s["id"] for s in old], [s["id"] for s in new])
    return {
        **order,
        "changed": records["changed"],
        "unchanged": order["unchanged"] and not records["changed"],
    }


def diff_steps(old: list[str], new: list[str]) -> dict[str, Any]:
    """Steps added, removed, and reordered (common steps outside a longest common order).

    Examples
    --------
    >>> diff_steps(["a", "b", "c"], ["b", "a", "c", "d"])
    {'added': ['d'], 'removed': [], 'reordered': ['a'], 'unchanged': False}
    """
    old_set, new_set = set(old), set(new)
    common_old = [s for s in old if s in new_set]
    common_new = [s for s in new if s in old_set]
    kept = _lcs(common_old, common_new)
    reordered = [s for s in common_new if s not in kept]
    added = [s for s in new if s not in old_set]
    removed = [s for s in old if s not in new_set]
    return {
        "added": added,
        "removed": removed,
        "reordered": reordered,
        "unchanged": not (added or removed or reordered),
    }
