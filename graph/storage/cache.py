"""A cache of validated curricula in a compact, memory-mapped file.

Large curricula (10^5+ concepts) take seconds to minutes to parse and validate. The first
load writes what it built to one file; later starts, and every other worker, map that
file instead: the edge arrays and columns are used in place, concepts are parsed from
their JSON when asked for (graph.compact). The operating system shares the mapped pages
between workers, so a million-concept curriculum costs each worker its id index and
little else.

The key hashes the bytes of concepts.yaml and textbooks.yaml, the strictness, the source
of the graph package and of the implementations it checked against, and the Python
version. A stale cache, one from another studypath version, or a corrupt one (its
BLAKE2 digest is checked on every read) is rebuilt, never trusted. Concurrent starts build
it once (a file lock); the others wait and read it. Large curricula are built in a child
process, so the serving process never holds the full set of models (docs/scale.md). A new
cache file removes the older ones built from the same folder.

File layout::

    MAGIC, key (64 hex chars), sections (each 64-byte aligned),
    header JSON, header length (8 bytes, little-endian), digest (32 bytes), END
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import logging
import mmap
import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from pydantic import TypeAdapter, ValidationError

from graph.compact import PrerequisiteGraph, StoredConcepts
from graph.curriculum import Curriculum
from graph.errors import DataValidationError
from graph.files import FileProblem, iter_curriculum_chunks, max_curriculum_bytes
from graph.loader import build_curriculum
from graph.schema import Book, Concept, Discipline, Paper
from graph.validate import IMPLEMENTATIONS_ROOT

# The child that builds a large curriculum's cache (graph.storage.cache_build) and what its
# exit status means.
CHILD_MODULE = "graph.storage.cache_build"
WRITTEN, INVALID, UNWRITTEN = 0, 3, 4

MAGIC = b"studypath-curriculum-cache-2\n"
END = b"\nstudypath-end\n"
DIGEST_SIZE = 32
ALIGN = 64
GRAPH_PACKAGE = Path(__file__).resolve().parent
# concepts.yaml above this size is built in a child process (about 10^4 concepts): the
# serving process then keeps only the mapped file, not the models the build made.
CHILD_BUILD_BYTES = 4 << 20

log = logging.getLogger("studypath")
_CONCEPT = TypeAdapter(Concept)
_LISTS: dict[str, TypeAdapter[Any]] = {
    "disciplines": TypeAdapter(list[Discipline]),
    "books": TypeAdapter(list[Book]),
    "papers": TypeAdapter(list[Paper]),
}


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
        for block in iter_curriculum_chunks(directory / name, max_bytes=max_curriculum_bytes()):
            digest.update(block)
    return digest.hexdigest()


# -- writing ------------------------------------------------------------------------


class _Writer:
    """Appends aligned sections to a file while hashing everything written."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
        self.offset = 0
        self.sections: dict[str, dict[str, Any]] = {}

    def put(self, data: bytes | memoryview) -> None:
        self.f.write(data)
        self.digest.update(data)
        self.offset += len(data)

    def align(self) -> None:
        self.put(b"\0" * (-self.offset % ALIGN))

    def blob(self, name: str, data: bytes) -> None:
        self.align()
        self.sections[name] = {"offset": self.offset, "length": len(data)}
        self.put(data)

    def array(self, name: str, values: np.ndarray) -> None:
        values = np.ascontiguousarray(values)
        self.align()
        self.sections[name] = {
            "offset": self.offset,
            "length": int(values.shape[0]),
            "dtype": values.dtype.str,
        }
        self.put(memoryview(values).cast("B"))  # type: ignore[arg-type]  # numpy is a buffer


def write_cache(path: Path, key: str, curriculum: Curriculum, progress: Any = None) -> None:
    """Write ``curriculum`` to ``path`` atomically (a reader sees the old file or the new)."""
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    ids = curriculum.graph.ids
    with tmp.open("wb") as f:
        w = _Writer(f)
        w.put(MAGIC + key.encode())
        w.blob("ids", "\n".join(ids).encode())
        w.align()
        start = w.offset
        offsets = np.empty(len(ids) + 1, dtype=np.int64)
        offsets[0] = 0
        for i, cid in enumerate(ids):
            w.put(_CONCEPT.dump_json(curriculum.concepts[cid], exclude_none=True))
            offsets[i + 1] = w.offset - start
            if progress is not None and i % 50000 == 0 and len(ids) > 50000:
                progress("writing the cache", i, len(ids))
        w.sections["concepts"] = {"offset": start, "length": w.offset - start}
        w.array("concept_offsets", offsets)
        for name, values in curriculum.graph.arrays().items():
            w.array(name, values)
        for name, values in curriculum.columns.items():
            w.array(f"column_{name}", values)
        text, text_offsets = curriculum.text
        w.blob("search_text", bytes(text))
        w.array("search_offsets", text_offsets)
        for name, adapter in _LISTS.items():
            items = getattr(curriculum, name)
            w.blob(name, adapter.dump_json(list(items.values()), exclude_none=True))
        header = json.dumps(
            {
                "version": curriculum.version,
                "count": len(ids),
                "source": str(curriculum.source),
                "sections": w.sections,
            }
        ).encode()
        w.put(header + struct.pack("<Q", len(header)))
        f.write(w.digest.digest() + END)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# -- reading ------------------------------------------------------------------------


def _digest_of(path: Path, length: int) -> bytes:
    digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
    with path.open("rb") as f:
        remaining = length
        while remaining:
            block = f.read(min(remaining, 1 << 22))
            if not block:
                break
            digest.update(block)
            remaining -= len(block)
    return digest.digest()


def read_cache(path: Path, key: str, directory: Path) -> Curriculum | None:
    """The curriculum in ``path`` if it is intact and made for ``key``; None otherwise."""
    try:
        return _read(path, key, directory)
    except (OSError, ValueError, KeyError, TypeError, struct.error, ValidationError):
        return None  # corrupt or from an incompatible version: rebuild


def _read(path: Path, key: str, directory: Path) -> Curriculum | None:
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        tail = len(END) + DIGEST_SIZE + 8
        if size < len(MAGIC) + 64 + tail or f.read(len(MAGIC) + 64) != MAGIC + key.encode():
            return None
        f.seek(size - tail)
        (header_length,) = struct.unpack("<Q", f.read(8))
        digest, end = f.read(DIGEST_SIZE), f.read()
        if end != END or header_length > size:
            return None
        if _digest_of(path, size - len(END) - DIGEST_SIZE) != digest:
            return None
        f.seek(size - tail - header_length)
        header = json.loads(f.read(header_length))
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    sections: dict[str, dict[str, Any]] = header["sections"]

    def blob(name: str) -> bytes:
        s = sections[name]
        return mapped[s["offset"] : s["offset"] + s["length"]]

    def array(name: str) -> np.ndarray:
        s = sections[name]
        return np.frombuffer(mapped, np.dtype(s["dtype"]), s["length"], s["offset"])

    count = header["count"]
    ids = blob("ids").decode().split("\n") if count else []
    if len(ids) != count:
        return None
    index = dict(zip(ids, range(count), strict=True))
    concepts_at = sections["concepts"]["offset"]
    offsets = array("concept_offsets") + concepts_at
    graph = PrerequisiteGraph(ids, index, {n: array(n) for n in PrerequisiteGraph.ARRAYS})
    columns = {
        name.removeprefix("column_"): array(name) for name in sections if name.startswith("column_")
    }
    # the map itself, with offsets into it: mmap.find searches without copying
    search_offsets = array("search_offsets") + sections["search_text"]["offset"]
    lists = {name: adapter.validate_json(blob(name)) for name, adapter in _LISTS.items()}
    return Curriculum(
        disciplines={d.id: d for d in lists["disciplines"]},
        concepts=StoredConcepts(ids, index, offsets, mapped),
        books={b.id: b for b in lists["books"]},
        papers={p.id: p for p in lists["papers"]},
        source=directory,
        graph=graph,
        columns=columns,
        text=(mapped, search_offsets),
        version=header["version"],
    )


# -- loading through the cache -------------------------------------------------------------


def build_and_write(
    directory: Path, strict: bool, path: Path, key: str, progress: Any
) -> Curriculum | None:
    """Validate the folder and write its cache; DataValidationError when it has problems.

    Returns the curriculum when the cache could not be written (a full disk, a read-only
    folder), so that the caller serves it without one; None when the file is in place.
    """

    curriculum = build_curriculum(directory, strict=strict, progress=progress)
    enabled = gc.isenabled()
    gc.disable()  # writing touches every model; no reason to let the GC rescan them
    try:
        write_cache(path, key, curriculum, progress)
    except OSError as err:
        log.warning("could not write the curriculum cache %s (%s); serving without it", path, err)
        path.with_suffix(f".tmp{os.getpid()}").unlink(missing_ok=True)
        return curriculum
    finally:
        if enabled:
            gc.enable()
        if progress is not None:
            progress("done")
    prune(path.parent, keep=path, source=directory)
    return None


def _build_in_child(
    directory: Path, strict: bool, path: Path, key: str, progress: Any
) -> Curriculum | None:

    try:
        payload = pickle.dumps((directory, strict, path, key, progress))
    except (pickle.PicklingError, AttributeError, TypeError):
        # a lambda cannot cross to the child; the build just runs unseen
        payload = pickle.dumps((directory, strict, path, key, None))
    paths = [str(GRAPH_PACKAGE.parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    done = subprocess.run(
        [sys.executable, "-m", CHILD_MODULE],
        input=payload,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        check=False,
    )
    if done.returncode == INVALID:
        raise DataValidationError(pickle.loads(done.stdout))
    if done.returncode == UNWRITTEN:  # build here, as without a cache
        log.warning("building %s in the serving process: the cache could not be written", directory)

        return build_curriculum(directory, strict=strict, progress=progress)
    if done.returncode != WRITTEN:
        raise RuntimeError(
            f"building the cache of {directory} failed in its child process "
            f"(exit status {done.returncode}; its messages are above)"
        )
    return None


def _source_of(path: Path) -> str | None:
    """The curriculum folder a cache file was built from (None if unreadable)."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            tail = len(END) + DIGEST_SIZE + 8
            f.seek(size - tail)
            (length,) = struct.unpack("<Q", f.read(8))
            if length > size:
                return None
            f.seek(size - tail - length)
            return str(json.loads(f.read(length)).get("source"))
    except (OSError, ValueError, struct.error):
        return None


def prune(folder: Path, *, keep: Path, source: Path) -> list[Path]:
    """Remove older cache files of the same curriculum folder; returns what was removed.

    Every edit of a curriculum makes a new cache file (a new key); without this they would
    pile up, about 550 MB each at 10^6 concepts. A worker still mapping a removed file keeps its
    pages until it exits (the file is unlinked, not truncated).
    """
    removed = []
    for other in folder.glob("*.studypath-cache"):
        if other != keep and _source_of(other) == str(source):
            try:
                other.unlink()
                other.with_suffix(".lock").unlink(missing_ok=True)
                removed.append(other)
            except OSError:
                continue  # another process pruned it first
    return removed


def cached_load(directory: Path, *, strict: bool, progress: Any = None) -> Curriculum:
    """The curriculum of ``directory`` from the cache, built and cached first if needed.

    A curriculum that fails validation raises DataValidationError and is never cached.
    Where no cache can be kept (an unwritable folder, a full disk) the curriculum is
    built without one, with a warning in the log: slower, never wrong.
    """

    try:
        key = cache_key(directory, strict=strict, implementations_root=IMPLEMENTATIONS_ROOT)
    except (OSError, FileProblem):  # unreadable or unsafe files: the loader reports them
        return build_curriculum(directory, strict=strict, progress=progress)
    try:
        folder = cache_dir()
        lock = (folder / f"{key[:32]}.lock").open("w")
    except OSError as err:
        log.warning("no curriculum cache (%s); loading %s without it", err, directory)
        return build_curriculum(directory, strict=strict, progress=progress)
    path = folder / f"{key[:32]}.studypath-cache"
    with lock:
        found = read_cache(path, key, directory)
        if found is not None:
            return found
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process builds; the others wait, then read
        found = read_cache(path, key, directory)
        if found is not None:
            return found
        big = (directory / "concepts.yaml").stat().st_size > CHILD_BUILD_BYTES
        built = (_build_in_child if big else build_and_write)(
            directory, strict, path, key, progress
        )
    if built is not None:
        return built
    found = read_cache(path, key, directory)
    if found is None:
        raise OSError(f"the curriculum cache {path} could not be read back after writing it")
    return found
