"""A progress bar for long loads, drawn on a terminal's stderr and nowhere else.

A first load of 10^5+ concepts takes tens of seconds; the author should see it move. The
loader calls ``progress(phase, done, total)``; phases without a count show elapsed time
only. The object is picklable, so a cache build in a child process draws the same bar.
"""

from __future__ import annotations

import sys
import time

WIDTH = 28


def render_bar(phase: str, done: int | None, total: int | None, elapsed: float) -> str:
    """One line: ``[#####.....]  40%  checking concepts 40,000/100,000   12.3 s``.

    Examples
    --------
    >>> render_bar("checking concepts", 1, 4, 2.0)
    '[#######.....................]  25%  checking concepts 1/4    2.0 s'
    >>> render_bar("reading", None, None, 0.5)
    '[ ... ]  reading    0.5 s'
    """
    if done is None or not total:
        return f"[ ... ]  {phase} {elapsed:6.1f} s"
    fraction = min(max(done / total, 0.0), 1.0)
    filled = round(fraction * WIDTH)
    bar = "#" * filled + "." * (WIDTH - filled)
    return f"[{bar}] {fraction:4.0%}  {phase} {done:,}/{total:,} {elapsed:6.1f} s"


class TerminalProgress:
    """Rewrites one stderr line in place when stderr is a terminal; silent otherwise."""

    def __init__(self) -> None:
        self.started = time.time()  # wall clock: the child process that builds shares it

    def __call__(self, phase: str, done: int | None = None, total: int | None = None) -> None:
        stream = sys.stderr
        if not stream.isatty():
            return
        stream.write("\r\033[K  " + render_bar(phase, done, total, time.time() - self.started))
        if phase == "done":
            stream.write("\n")
        stream.flush()
