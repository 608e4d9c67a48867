"""A cache of validated curricula, keyed by the content of everything validation read.

Large curricula (10^5+ concepts) take seconds to parse and validate; a restart, or a
second uvicorn worker, then loads the pickled Curriculum instead. The key hashes the bytes
of concepts.yaml and textbooks.yaml, the strictness, the source of the graph package and
of the implementations it checked against, and the Python version: a stale cache, a
corrupt one, or one from another studypath version is rebuilt, never trusted. Concurrent
starts build it once (a file lock); the others wait and read it.

The cache folder ($STUDYPATH_CACHE_DIR, else $XDG_CACHE_HOME/studypath) is created private
(0700): a pickle is code, so nobody else may be able to write there.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from graph.curriculum import Curriculum

MAGIC = b"studypath-curriculum-cache-1\n"
GRAPH_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    chosen = os.environ.get("STUDYPATH_CACHE_DIR")
    base = (
        Path(chosen)
        if chosen
        else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "studypath"
    )
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    return base


def _code_fingerprint(implementations_root: Path) -> bytes:
    digest = hashlib.sha256()
    for folder in (GRAPH_PACKAGE, implementations_root):
        for path in sorted(folder.rglob("*.py")):
            stat = path.stat()
            digest.update(
                f"{path.relative_to(folder)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode()
            )
    return digest.digest()


def cache_key(directory: Path, *, strict: bool, implementations_root: Path) -> str:
    digest = hashlib.sha256()
    digest.update(MAGIC + sys.version.encode() + (b"strict" if strict else b"lenient"))
    digest.update(_code_fingerprint(implementations_root))
    for name in ("concepts.yaml", "textbooks.yaml"):
        with (directory / name).open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _read(path: Path, key: str) -> Curriculum | None:
    try:
        with path.open("rb") as f:
            if f.read(len(MAGIC)) != MAGIC or f.read(64).decode() != key:
                return None
            # millions of objects come back at once: the cyclic GC would rescan them
            # over and over (5x the time at 10^5 concepts)
            enabled = gc.isenabled()
            gc.disable()
            try:
                value = pickle.load(f)
            finally:
                if enabled:
                    gc.enable()
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        ValueError,
        AttributeError,
        ImportError,
        UnicodeDecodeError,
    ):
        return None  # corrupt or from an incompatible version: rebuild
    return value if isinstance(value, Curriculum) else None


def cached_load(
    directory: Path, *, strict: bool, implementations_root: Path, build: Callable[[], Curriculum]
) -> Curriculum:
    """The curriculum of ``directory`` from the cache, or built by ``build`` and cached.

    A curriculum that fails validation raises from ``build`` and is never cached.
    """
    try:
        key = cache_key(directory, strict=strict, implementations_root=implementations_root)
    except OSError:
        return build()  # unreadable files: let the loader report them
    folder = cache_dir()
    path = folder / f"{key[:32]}.pickle"
    found = _read(path, key)
    if found is not None:
        return found
    with (folder / f"{key[:32]}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process builds; the others wait, then read
        found = _read(path, key)
        if found is not None:
            return found
        curriculum = build()
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        enabled = gc.isenabled()
        gc.disable()  # pickling walks every object; no reason to let the GC rescan them meanwhile
        try:
            with tmp.open("wb") as f:
                f.write(MAGIC + key.encode())
                pickle.dump(curriculum, f, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            if enabled:
                gc.enable()
        os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
    return curriculum
