from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from graph import load_curriculum
from graph.curriculum import Curriculum
from graph.storage import open_curriculum

FIXTURES = Path(__file__).parent / "fixtures"

# Servers and CLI commands started by the tests cache curricula in a throwaway folder.
os.environ.setdefault("STUDYPATH_CACHE_DIR", tempfile.mkdtemp(prefix="studypath-test-cache-"))


# The shared fixtures come through the cache, as the service loads them: concepts parsed
# on demand from the mapped file. Curricula built from models (tests.factories, the
# *_in_memory fixtures) cover the other representation.
@pytest.fixture(scope="session")
def mini() -> Curriculum:
    return open_curriculum(FIXTURES / "mini", strict=True)


@pytest.fixture(scope="session")
def bundled() -> Curriculum:
    return open_curriculum(None, strict=True)


@pytest.fixture(scope="session")
def bundled_in_memory() -> Curriculum:
    return load_curriculum(None, strict=True)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini curriculum, for breaking on purpose."""
    dest = tmp_path / "curriculum"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest
