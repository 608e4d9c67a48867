"""How a front door (the service, the CLI) gets its curriculum: plainly, or through the
cache of validated curricula (graph.storage.cache) that large curricula need.

The plain path is graph.loader.load_curriculum and knows nothing of this package.
"""

from __future__ import annotations

import os

from graph.curriculum import Curriculum
from graph.loader import load_curriculum
from graph.parse import Progress, resolve_data_dir
from graph.storage.cache import cached_load


def open_curriculum(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    strict: bool = False,
    cache: bool = True,
    progress: Progress | None = None,
) -> Curriculum:
    """The curriculum of ``data_dir`` (see load_curriculum), from the cache when ``cache``:
    built, written to a memory-mapped file keyed by the files' content and mapped back,
    so later starts and other workers skip validation (graph.storage.cache)."""
    if cache:
        directory = resolve_data_dir(data_dir)
        if directory.is_dir():
            return cached_load(directory, strict=strict, progress=progress)
    return load_curriculum(data_dir, strict=strict, progress=progress)
