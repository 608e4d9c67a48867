"""The memory a curriculum load may take, and what it is expected to take.

Parsing YAML into models costs a constant factor over the file's size; the factors below
were measured as the peak resident memory of ``studypath validate`` over the size of
concepts.yaml on synthetic curricula of 10^4 to 10^5 concepts (docs/reliability.md):
the fast path (the Rust parser, a valid file) and the careful path (PyYAML with line
numbers, taken when the file has problems). A load that would need more than the budget
is refused up front with a named problem instead of dying with a MemoryError.
"""

from __future__ import annotations

import os
import resource

FAST_BYTES_PER_BYTE = 40
CAREFUL_BYTES_PER_BYTE = 100
BUDGET_ENV = "STUDYPATH_VALIDATE_MEMORY_BYTES"


def physical_memory() -> int:
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError):  # pragma: no cover - not POSIX
        return 8 * 1024**3


def memory_budget() -> int:
    """$STUDYPATH_VALIDATE_MEMORY_BYTES, else 3/4 of physical memory or of the address-space
    limit of this process, whichever is smaller."""
    chosen = os.environ.get(BUDGET_ENV)
    if chosen:
        return int(chosen)
    budget = physical_memory() * 3 // 4
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        budget = min(budget, soft * 3 // 4)
    return budget


def gib(n: float) -> str:
    return f"{n / 1024**3:.1f} GiB"
