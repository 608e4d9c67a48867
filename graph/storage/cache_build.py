"""The child process that builds a large curriculum's cache:
``python -m graph.storage.cache_build``.

graph.storage.cache starts it as a fresh interpreter rather than through multiprocessing: a
multiprocessing child re-imports the parent's main script, and a script that loads a
curriculum at top level (no ``if __name__ == "__main__":`` guard) would then wait forever
on the cache lock its own parent holds.

stdin: a pickle of ``(directory, strict, path, key, progress)`` from the parent. Exit
status: WRITTEN, UNWRITTEN (the cache could not be written: a full disk, say), or INVALID
with a pickle of the problems on stdout. Anything else is a crash, whose traceback went to
the inherited stderr.
"""

from __future__ import annotations

import pickle
import sys

from graph.errors import DataValidationError
from graph.storage.cache import INVALID, UNWRITTEN, WRITTEN, build_and_write


def main() -> int:
    directory, strict, path, key, progress = pickle.load(sys.stdin.buffer)
    try:
        unwritten = build_and_write(directory, strict, path, key, progress)
    except DataValidationError as err:
        sys.stdout.buffer.write(pickle.dumps(err.problems))
        return INVALID
    return WRITTEN if unwritten is None else UNWRITTEN


if __name__ == "__main__":
    sys.exit(main())
