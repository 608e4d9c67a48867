"""Schedule (DESIGN.md 4.3): steps fill consecutive weeks of ``hours_per_week``.

A step may span weeks; it is placed in the week where it starts and ``end_week`` says
where it ends. With a start date, week k starts on start_date + 7(k-1) days and the
finish date is the day the last hour falls in, counting a week's hours as spread evenly
over its seven days.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from planner.errors import PlanInputError

EPS = 1e-9


def schedule(
    hours: list[tuple[str, float]], *, hours_per_week: float, start_date: date | None = None
) -> tuple[list[tuple[int, int]], list[dict[str, Any]], date | None]:
    """Week spans per step, the weeks (planner.models.Week fields), and the finish date.

    Examples
    --------
    >>> spans, weeks, _ = schedule([("a", 4), ("b", 4)], hours_per_week=6)
    >>> spans
    [(1, 1), (1, 2)]
    >>> [(w["week"], w["hours"], w["steps"]) for w in weeks]
    [(1, 6.0, ['a', 'b']), (2, 2.0, ['b'])]
    """
    spans: list[tuple[int, int]] = []
    per_week: dict[int, list[str]] = {}
    per_week_hours: dict[int, float] = {}
    clock = 0.0
    for step_id, h in hours:
        start_week = int(math.floor(clock / hours_per_week + EPS)) + 1
        end_clock = clock + h
        end_week = max(start_week, int(math.ceil(end_clock / hours_per_week - EPS)))
        spans.append((start_week, end_week))
        for w in range(start_week, end_week + 1):
            lo = max(clock, (w - 1) * hours_per_week)
            hi = min(end_clock, w * hours_per_week)
            per_week.setdefault(w, []).append(step_id)
            per_week_hours[w] = per_week_hours.get(w, 0.0) + max(0.0, hi - lo)
        clock = end_clock
    if start_date and per_week:
        _check_calendar(start_date, max(per_week))
    weeks = []
    for w in sorted(per_week):
        ws = start_date + timedelta(days=7 * (w - 1)) if start_date else None
        weeks.append(
            {
                "week": w,
                "start_date": ws,
                "end_date": ws + timedelta(days=6) if ws else None,
                "hours": round(per_week_hours[w], 4),
                "steps": per_week[w],
            }
        )
    finish = None
    if start_date and hours:
        days = clock / hours_per_week * 7
        finish = start_date + timedelta(days=max(0, math.ceil(days - EPS) - 1))
    return spans, weeks, finish


def _check_calendar(start_date: date, last_week: int) -> None:
    """Every date of the plan, and the day after its last week (an iCalendar DTEND), must
    exist: date arithmetic past 9999-12-31 would fail deep inside an export."""
    room = (date.max - start_date).days
    needed = 7 * last_week
    if needed > room:
        latest = date.max - timedelta(days=needed)
        raise PlanInputError(
            "start_date",
            f"the plan runs {last_week} weeks from {start_date.isoformat()}, past the last "
            f"date a calendar can hold (9999-12-31); start on {latest.isoformat()} or earlier",
        )
