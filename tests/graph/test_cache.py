"""The curriculum cache: reused when nothing changed, rebuilt when anything did."""

from __future__ import annotations

import os

import pytest

import graph.loader as loader
from graph import load_curriculum
from graph.errors import DataValidationError
from graph.storage import open_curriculum


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYPATH_CACHE_DIR", str(tmp_path / "cache"))


def _no_parsing(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("the cache should have been used")


def test_second_load_comes_from_the_cache(mini_copy, monkeypatch):
    first = open_curriculum(mini_copy)
    monkeypatch.setattr(loader, "parse_folder", _no_parsing)
    second = open_curriculum(mini_copy)
    assert second.version == first.version and set(second.concepts) == set(first.concepts)
    assert list(second.graph.edges(data=True)) == list(first.graph.edges(data=True))


def test_a_changed_file_is_read_again(mini_copy):
    first = open_curriculum(mini_copy)
    path = mini_copy / "concepts.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("hours: 5", "hours: 6"), encoding="utf-8"
    )
    assert open_curriculum(mini_copy).version != first.version


def test_a_corrupt_cache_is_rebuilt(mini_copy, tmp_path):
    first = open_curriculum(mini_copy)
    for f in (tmp_path / "cache").glob("*.studypath-cache"):
        f.write_bytes(f.read_bytes()[:200])  # truncated
    assert open_curriculum(mini_copy).version == first.version


def test_an_invalid_curriculum_is_never_cached(mini_copy, tmp_path):
    path = mini_copy / "concepts.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("      - id: entropy\n", "      - id: entrpy\n"),
        encoding="utf-8",
    )
    for _ in range(2):
        with pytest.raises(DataValidationError):
            open_curriculum(mini_copy)
    assert list((tmp_path / "cache").glob("*.studypath-cache")) == []


def test_strict_and_lenient_are_cached_apart(mini_copy, monkeypatch):
    open_curriculum(mini_copy)
    monkeypatch.setattr(loader, "parse_folder", _no_parsing)
    with pytest.raises(AssertionError, match="cache should have been used"):
        open_curriculum(mini_copy, strict=True)


def test_the_mapped_curriculum_equals_the_one_built_in_memory(bundled, bundled_in_memory):
    a, b = bundled_in_memory, bundled
    assert b.version == a.version and b.stats() == a.stats()
    assert list(b.concepts) == list(a.concepts)
    assert all(b.concepts[i] == a.concepts[i] for i in a.concepts)
    assert list(b.concepts.values()) == list(a.concepts.values())
    assert (b.disciplines, b.books, b.papers) == (a.disciplines, a.books, a.papers)
    assert list(b.graph.edges(data=True)) == list(a.graph.edges(data=True))
    assert b.roots() == a.roots()


def test_a_flipped_byte_anywhere_is_caught_and_rebuilt(mini_copy, tmp_path):
    first = open_curriculum(mini_copy)
    (path,) = (tmp_path / "cache").glob("*.studypath-cache")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF  # inside the concepts or arrays: no length check would notice
    path.write_bytes(bytes(data))
    again = open_curriculum(mini_copy)
    assert again.version == first.version
    assert list(again.concepts.values()) == list(first.concepts.values())
    assert path.read_bytes() != bytes(data)  # rewritten


def test_large_curricula_are_built_in_a_child_process(mini_copy, monkeypatch):
    import resource

    import graph.storage.cache as cache

    monkeypatch.setattr(cache, "CHILD_BUILD_BYTES", 0)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    built = open_curriculum(mini_copy)
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime > before  # a child worked
    assert built.version == load_curriculum(mini_copy).version


def test_problems_found_in_the_child_reach_the_caller_whole(mini_copy, monkeypatch, tmp_path):
    import graph.storage.cache as cache

    monkeypatch.setattr(cache, "CHILD_BUILD_BYTES", 0)
    path = mini_copy / "concepts.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("      - id: entropy\n", "      - id: entrpy\n"),
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as caught:
        open_curriculum(mini_copy)
    (problem,) = [p for p in caught.value.problems if p.code == "unknown-prerequisite"][:1]
    assert problem.file == "concepts.yaml" and problem.line and problem.concept_id
    assert list((tmp_path / "cache").glob("*.studypath-cache")) == []


def test_workers_starting_together_build_once(mini_copy, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    log = tmp_path / "builds.log"
    worker = f"""
import os, graph.loader as loader
real = loader.parse_folder
def counted(*args, **kwargs):
    with open({str(log)!r}, "a") as f:
        f.write(f"{{os.getpid()}}\\n")
    return real(*args, **kwargs)
loader.parse_folder = counted
from graph import load_curriculum
from graph.storage import open_curriculum
print(open_curriculum({str(mini_copy)!r}).version)
"""
    env = {"STUDYPATH_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", worker], cwd=root, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    versions = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert versions == {load_curriculum(mini_copy).version}
    assert len(set(log.read_text().split())) == 1  # one process parsed; two mapped its file


def test_an_edited_curriculum_replaces_its_old_cache_file(mini_copy, tmp_path):
    open_curriculum(mini_copy)
    (old,) = (tmp_path / "cache").glob("*.studypath-cache")
    path = mini_copy / "concepts.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("hours: 5", "hours: 6"), encoding="utf-8"
    )
    open_curriculum(mini_copy)
    (new,) = (tmp_path / "cache").glob("*.studypath-cache")
    assert new != old and not old.exists()


def test_another_curriculum_keeps_its_cache_file(mini_copy, tmp_path):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(mini_copy, other)
    (other / "concepts.yaml").write_text(
        (other / "concepts.yaml").read_text(encoding="utf-8").replace("hours: 5", "hours: 7"),
        encoding="utf-8",
    )
    open_curriculum(mini_copy)
    open_curriculum(other)
    assert len(list((tmp_path / "cache").glob("*.studypath-cache"))) == 2


def test_without_a_usable_cache_folder_the_load_still_works(
    mini_copy, tmp_path, monkeypatch, caplog
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("STUDYPATH_CACHE_DIR", str(blocker))
    with caplog.at_level("WARNING", logger="studypath"):
        c = open_curriculum(mini_copy)
    assert c.version == load_curriculum(mini_copy).version
    assert "no curriculum cache" in caplog.text


def test_a_full_disk_while_writing_serves_the_curriculum_uncached(
    mini_copy, tmp_path, monkeypatch, caplog
):
    import errno

    import graph.storage.cache as cache

    def full(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        path.with_suffix(f".tmp{os.getpid()}").write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache, "write_cache", full)
    with caplog.at_level("WARNING", logger="studypath"):
        c = open_curriculum(mini_copy)
    assert c.version == load_curriculum(mini_copy).version
    assert "No space left on device" in caplog.text
    assert list((tmp_path / "cache").iterdir()) == [next((tmp_path / "cache").glob("*.lock"))]


def test_a_script_without_a_main_guard_can_load_a_large_curriculum(mini_copy, tmp_path):
    # A multiprocessing child would re-run this script and wait on its parent's lock forever.
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "portal_script.py"
    script.write_text(
        "import graph.storage.cache\n"
        "graph.storage.cache.CHILD_BUILD_BYTES = 0  # build in the child, as for a large curriculum\n"
        "from graph.storage import open_curriculum\n"
        f"print(open_curriculum({str(mini_copy)!r}).version)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "STUDYPATH_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == load_curriculum(mini_copy).version
