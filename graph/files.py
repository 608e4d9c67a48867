"""Reading a curriculum file safely: a regular file inside its folder, within a byte budget.

A curriculum folder may come from anyone. Its files are opened without blocking (a FIFO
would hang a plain open), checked to be regular files after opening (a link to /dev/zero
or /dev/urandom is refused, not read forever), resolved to stay inside the folder (a link
to /etc/passwd is refused), and read with a budget: at most ``max_bytes`` + 1 bytes are
ever read, whatever the file claims its size is.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from graph.errors import Problem

# Curriculum files of a million concepts are a few hundred MiB; above this, refuse.
MAX_FILE_BYTES = 512 * 1024 * 1024


def max_curriculum_bytes() -> int:
    """The file-size limit: $STUDYPATH_MAX_CURRICULUM_BYTES, read at each load."""
    return int(os.environ.get("STUDYPATH_MAX_CURRICULUM_BYTES", MAX_FILE_BYTES))


class FileProblem(Exception):
    """A curriculum file that cannot be read; ``problem`` says why, naming the file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.render())
        self.problem = problem


def read_curriculum_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of ``path``, a regular file inside its own folder, at most ``max_bytes``."""
    return b"".join(iter_curriculum_chunks(path, max_bytes=max_bytes))


def iter_curriculum_chunks(path: Path, *, max_bytes: int) -> Iterator[bytes]:
    """The bytes of ``path`` in chunks of 1 MiB, checked as ``read_curriculum_bytes`` does.

    A generator: FileProblem is raised when it is iterated, at the first chunk at latest.
    """
    name = path.name
    folder = path.parent.resolve()
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError) as err:  # missing, or a loop of links
        reason = getattr(err, "strerror", None) or str(err)
        raise FileProblem(
            Problem("file-missing", f"cannot read {path}: {reason}", file=name)
        ) from None
    if not real.is_relative_to(folder):
        raise FileProblem(
            Problem(
                "file-outside-folder",
                f"{path} is a link to {real}, outside the curriculum folder {folder}",
                file=name,
            )
        )
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise FileProblem(
            Problem("file-missing", f"cannot read {path}: {err.strerror}", file=name)
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "a FIFO"
                if stat.S_ISFIFO(info.st_mode)
                else "a device"
                if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "a folder"
                if stat.S_ISDIR(info.st_mode)
                else "a socket or other special file"
            )
            raise FileProblem(
                Problem("not-a-regular-file", f"{path} is {kind}, not a regular file", file=name)
            )
        if info.st_size > max_bytes:
            raise FileProblem(_too_large(name, info.st_size, max_bytes))
        os.set_blocking(fd, True)
        read = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            read += len(chunk)
            if read > max_bytes:  # it grew while being read
                raise FileProblem(_too_large(name, read, max_bytes))
            yield chunk
    finally:
        os.close(fd)


def _too_large(name: str, size: int, limit: int) -> Problem:
    return Problem(
        "file-too-large",
        f"{size} bytes is over the limit of {limit} bytes (STUDYPATH_MAX_CURRICULUM_BYTES)",
        file=name,
    )
