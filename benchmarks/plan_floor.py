"""The plain-Python floor of a computed plan, side by side with the planner (issue 16).

The floor is a program written for speed alone: it turns the curriculum into plain dicts
and tuples once, then answers each plan request with a walk, an order, the explanations,
the schedule and the readings over those, and serialises with orjson. It produces the
same JSON bytes as ``build_plan(...).model_dump_json()`` (checked on every goal set before
timing), so the ratio compares equal work.

    python benchmarks/plan_floor.py [--repeat 300]

Prints, per goal set: steps, bytes, the planner's time (``plan_json``, what GET /plans
answers with: the planner's stages, then serialisation of their plain data),
the floor's time, their ratio (target: at most 2), and for comparison the time of the
Plan value (``build_plan`` + ``model_dump_json``, what the exports and POST /plans use).
"""

from __future__ import annotations

import argparse
import heapq
import math
import platform
import sys
import time
from collections import deque
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.citations import resolve_citation  # noqa: E402
from graph.curriculum import Curriculum  # noqa: E402
from graph.storage import open_curriculum  # noqa: E402
from planner.models import MAX_GOALS, PlanRequest  # noqa: E402
from planner.plan import build_plan, plan_json  # noqa: E402

EPS = 1e-9
START = date(2027, 1, 4)


class Floor:
    """The curriculum as plain data, built once (not timed)."""

    def __init__(self, c: Curriculum) -> None:
        self.version = c.version
        self.row: dict[str, tuple[Any, ...]] = {}
        for cid, x in c.concepts.items():
            pres, reasons = [], {}
            for p in x.prerequisites:
                reason = (p.reason.get("en"), p.reason.get("zh")) if p.reason else (None, None)
                pres.append((p.id, tuple(p.any_of) if p.any_of else None, p.strength, reason))
                for m in p.any_of or (p.id,):
                    reasons.setdefault(m, reason)
            core = [r for r in x.resources if r.role == "core"] or list(x.resources)
            res = []
            for index, r in enumerate(core):
                if r.book is not None:
                    b = c.books[r.book]
                    lang, free = b.language, b.free_url is not None
                else:
                    pp = c.papers[r.paper or ""]
                    lang, free = "en", pp.arxiv is not None or pp.url is not None
                res.append((index, r.book, lang, free, resolve_citation(c, r)))
            self.row[cid] = (
                (x.name.get("en"), x.name.get("zh")),
                x.discipline,
                c.discipline_rank(x.discipline),
                x.kind,
                x.level,
                x.hours,
                f"studypath run {cid}" if x.implementation else None,
                pres,
                res,
                reasons,
            )

    def walk(self, start, known, blocked, depth, goals=frozenset()):
        order, groups, used = [], [], set()
        if start in known or start in blocked:
            return order, groups, used
        seen, queue = {start}, deque([start])
        while queue:
            node = queue.popleft()
            order.append(node)
            for index, (pid, any_of, strength, _) in enumerate(self.row[node][7]):
                if any_of is not None:
                    groups.append((node, index))
                    continue
                if strength == "recommended" and not (
                    depth == "thorough" or (depth == "standard" and node in goals)
                ):
                    continue
                if pid in known:
                    continue
                used.add((node, pid))
                if pid not in seen and pid not in blocked:
                    seen.add(pid)
                    queue.append(pid)
        return order, groups, used

    def plan(self, goals, known_list, hours_per_week, language, depth, start_date=None) -> bytes:
        row = self.row
        known = set(known_list)
        goal_set = frozenset(goals)
        selected: set[str] = set()
        edges: set[tuple[str, str]] = set()
        pending: deque = deque()
        choices = []
        for g in goals:
            o, gr, u = self.walk(g, known, selected, depth, goal_set)
            selected.update(o)
            edges |= u
            pending.extend(gr)
        while pending:
            dep, index = pending.popleft()
            members = row[dep][7][index][1]
            sat = [m for m in members if m in known or m in selected]
            if sat:
                edges |= {(dep, m) for m in sat if m in selected}
                continue
            best, best_walk, costs = None, None, {}
            for m in sorted(members):
                w = self.walk(m, known, selected, depth)
                cost = round(sum(row[n][5] for n in w[0]), 6)
                costs[m] = cost
                if best is None or (cost, m) < best:
                    best, best_walk = (cost, m), w
            o, gr, u = best_walk
            selected.update(o)
            edges |= u | {(dep, best[1])}
            pending.extend(gr)
            choices.append(
                {
                    "concept": dep,
                    "any_of": list(members),
                    "chosen": best[1],
                    "added_hours": costs,
                    "added": o,
                }
            )
        # order: every edge between planned concepts
        preds = {n: [] for n in selected}
        succs = {n: [] for n in selected}
        for v in selected:
            for pid, any_of, _, _ in row[v][7]:
                for u in any_of or (pid,):
                    if u in selected:
                        preds[v].append(u)
                        succs[u].append(v)
        result: list[str] = []
        emitted: set[str] = set()
        for goal in goals:
            if goal not in selected:
                continue
            part, q = {goal}, deque([goal])
            while q:
                for p in preds[q.popleft()]:
                    if p not in part:
                        part.add(p)
                        q.append(p)
            part -= emitted
            indeg = {n: sum(1 for p in preds[n] if p in part) for n in part}
            ready: dict[str, list] = {}
            for n in part:
                if indeg[n] == 0:
                    r = row[n]
                    heapq.heappush(ready.setdefault(r[1], []), (r[2], r[4] or 0, n))
            current = None
            while any(ready.values()):
                if current is None or not ready.get(current):
                    current = row[min(h[0] for h in ready.values() if h)[2]][1]
                node = heapq.heappop(ready[current])[2]
                result.append(node)
                emitted.add(node)
                for s in succs[node]:
                    if s in indeg:
                        indeg[s] -= 1
                        if indeg[s] == 0:
                            r = row[s]
                            heapq.heappush(ready.setdefault(r[1], []), (r[2], r[4] or 0, s))
        # goals served and the nearest goal's chain, over the walk's edges
        wpreds = {n: [] for n in selected}
        for d, p in edges:
            if d in selected and p in selected:
                wpreds[d].append(p)
        served = {n: [] for n in selected}
        for g in goals:
            if g in selected:
                seen, q = {g}, deque([g])
                while q:
                    node = q.popleft()
                    served[node].append(g)
                    for p in wpreds[node]:
                        if p not in seen:
                            seen.add(p)
                            q.append(p)
        toward: dict[str, str | None] = {}
        goal_of: dict[str, str] = {}
        q = deque()
        for g in goals:
            if g in selected and g not in toward:
                toward[g], goal_of[g] = None, g
                q.append(g)
        while q:
            node = q.popleft()
            for p in sorted(wpreds[node]):
                if p not in toward:
                    toward[p], goal_of[p] = node, goal_of[node]
                    q.append(p)
        li = 1 if language == "zh" else 0

        def name(i):
            n = row[i][0]
            return n[li] or n[0] or n[1] or ""

        def reason_of(p, d):
            return row[d][9][p][li]

        # schedule
        clock, spans, per_week, per_hours = 0.0, [], {}, {}
        for sid in result:
            h = row[sid][5]
            w0 = int(math.floor(clock / hours_per_week + EPS)) + 1
            end = clock + h
            w1 = max(w0, int(math.ceil(end / hours_per_week - EPS)))
            spans.append((w0, w1))
            for w in range(w0, w1 + 1):
                lo, hi = max(clock, (w - 1) * hours_per_week), min(end, w * hours_per_week)
                per_week.setdefault(w, []).append(sid)
                per_hours[w] = per_hours.get(w, 0.0) + max(0.0, hi - lo)
            clock = end
        weeks, week_start = [], {}
        for w in sorted(per_week):
            ws = start_date + timedelta(days=7 * (w - 1)) if start_date else None
            week_start[w] = ws
            weeks.append(
                {
                    "week": w,
                    "start_date": ws,
                    "end_date": ws + timedelta(days=6) if ws else None,
                    "hours": round(per_hours[w], 4),
                    "steps": per_week[w],
                }
            )
        finish = None
        if start_date and result:
            finish = start_date + timedelta(
                days=max(0, math.ceil(clock / hours_per_week * 7 - EPS) - 1)
            )
        # steps with their chosen reading
        used_books: set[str] = set()
        goal_set = set(goals)
        steps = []
        total = 0.0
        for index, (sid, (w0, w1)) in enumerate(zip(result, spans, strict=True), start=1):
            r = row[sid]
            pick = None
            if r[8]:
                pick = min(
                    r[8],
                    key=lambda x: (
                        -(x[2] == language),
                        -x[3],
                        -(x[1] in used_books if x[1] else 0),
                        x[0],
                    ),
                )
                if pick[1] is not None:
                    used_books.add(pick[1])
            chain, cur = [], sid
            while toward.get(cur) is not None:
                nxt = toward[cur]
                chain.append({"prerequisite": cur, "dependent": nxt, "reason": reason_of(cur, nxt)})
                cur = nxt
            g = goal_of.get(sid, sid)
            if not chain:
                text = "这是你的学习目标。" if li else "This is one of your goals."
            else:
                parts = []
                for link in chain:
                    why = (link["reason"] or "").strip().rstrip("。.")
                    if li:
                        parts.append(
                            f"{name(link['dependent'])}需要{name(link['prerequisite'])}"
                            + (f"（{why}）" if why else "")
                        )
                    else:
                        parts.append(
                            f"{name(link['dependent'])} needs {name(link['prerequisite'])}"
                            + (f" ({why})" if why else "")
                        )
                text = (
                    (f"为了目标「{name(g)}」：" + "；".join(parts) + "。")
                    if li
                    else (f"Toward {name(g)}: " + "; ".join(parts) + ".")
                )
            total += r[5]
            steps.append(
                {
                    "index": index,
                    "id": sid,
                    "name": name(sid),
                    "discipline": r[1],
                    "kind": r[3],
                    "level": r[4],
                    "hours": r[5],
                    "week": w0,
                    "end_week": w1,
                    "start_date": week_start.get(w0),
                    "is_goal": sid in goal_set,
                    "serves": served[sid],
                    "why": {"goal": g, "chain": chain, "text": text},
                    "resources": [pick[4]] if pick else [],
                    "run": r[6],
                }
            )
        return orjson.dumps(
            {
                "curriculum_version": self.version,
                "goals": goals,
                "known_goals": [g for g in goals if g in known],
                "known": known_list,
                "language": language,
                "hours_per_week": hours_per_week,
                "depth": depth,
                "include_recommended": depth == "thorough",
                "steps": steps,
                "weeks": weeks,
                "total_hours": round(total, 4),
                "total_weeks": len(weeks),
                "start_date": start_date,
                "finish_date": finish,
                "any_of_choices": choices,
                "notes": [],
            }
        )


def best_of_7(fn, repeat: int) -> float:
    """Best of 7 batches: the least disturbed by other work on the machine."""
    samples = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(repeat):
            fn()
        samples.append((time.perf_counter() - t) / repeat)
    return min(samples)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    c = open_curriculum(None)
    floor = Floor(c)
    llm = [i for i, x in c.concepts.items() if x.discipline == "llm"]
    cases = [
        ("knowledge-distillation, essentials", ["knowledge-distillation"], "essentials", "en"),
        ("knowledge-distillation", ["knowledge-distillation"], "standard", "en"),
        ("rlhf-ppo (zh)", ["rlhf-ppo"], "standard", "zh"),
        ("12 LLM goals, thorough", llm[:12], "thorough", "en"),
        (f"{min(len(llm), MAX_GOALS)} LLM goals, thorough", llm[:MAX_GOALS], "thorough", "en"),
    ]
    print(f"python {platform.python_version()}, {c.version}, {len(c)} concepts")
    print(
        f"{'goals':<38} {'steps':>5} {'bytes':>8} {'planner':>10} {'floor':>10} {'ratio':>6}"
        f" {'as a Plan':>10}"
    )
    worst = 0.0
    for label, goals, depth, lang in cases:
        start = START
        req = PlanRequest(
            goals=goals, depth=depth, language=lang, hours_per_week=7, start_date=start
        )
        ours = build_plan(curriculum=c, request=req).model_dump_json().encode()
        theirs = floor.plan(goals, [], 7.0, lang, depth, start)
        if ours != theirs:
            print(f"{label}: the floor's bytes differ from the planner's; fix the floor first")
            return 1
        steps = ours.count(b'"index":')
        div = max(1, 1000 // max(steps, 1))
        n = max(5, args.repeat * div // 10)
        if plan_json(curriculum=c, request=req) != ours:
            print(f"{label}: plan_json differs from the Plan's own JSON")
            return 1
        t_ours = best_of_7(lambda req=req: plan_json(curriculum=c, request=req), n)
        t_floor = best_of_7(lambda g=goals, la=lang, d=depth: floor.plan(g, [], 7.0, la, d, START), n)
        t_model = best_of_7(lambda req=req: build_plan(curriculum=c, request=req).model_dump_json(), n)
        worst = max(worst, t_ours / t_floor)
        print(
            f"{label:<38} {steps:>5} {len(ours):>8} {t_ours * 1e3:>8.3f} ms {t_floor * 1e3:>7.3f} ms "
            f"{t_ours / t_floor:>6.2f} {t_model * 1e3:>7.3f} ms"
        )
    print(f"worst ratio planner / floor: {worst:.2f} (target <= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
