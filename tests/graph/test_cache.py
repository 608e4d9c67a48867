"""The curriculum cache: reused when nothing changed, rebuilt when anything did."""

from __future__ import annotations

import pytest

import graph.loader as loader
from graph import load_curriculum
from graph.errors import DataValidationError


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYPATH_CACHE_DIR", str(tmp_path / "cache"))


def _no_parsing(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("the cache should have been used")


def test_second_load_comes_from_the_cache(mini_copy, monkeypatch):
    first = load_curriculum(mini_copy, cache=True)
    monkeypatch.setattr(loader, "parse_folder", _no_parsing)
    second = load_curriculum(mini_copy, cache=True)
    assert second.version == first.version and set(second.concepts) == set(first.concepts)
    assert list(second.graph.edges) == list(first.graph.edges)


def test_a_changed_file_is_read_again(mini_copy):
    first = load_curriculum(mini_copy, cache=True)
    path = mini_copy / "concepts.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("hours: 5", "hours: 6"), encoding="utf-8"
    )
    assert load_curriculum(mini_copy, cache=True).version != first.version


def test_a_corrupt_cache_is_rebuilt(mini_copy, tmp_path):
    first = load_curriculum(mini_copy, cache=True)
    for f in (tmp_path / "cache").glob("*.pickle"):
        f.write_bytes(f.read_bytes()[:200])  # truncated
    assert load_curriculum(mini_copy, cache=True).version == first.version


def test_an_invalid_curriculum_is_never_cached(mini_copy, tmp_path):
    path = mini_copy / "concepts.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("      - id: entropy\n", "      - id: entrpy\n"),
        encoding="utf-8",
    )
    for _ in range(2):
        with pytest.raises(DataValidationError):
            load_curriculum(mini_copy, cache=True)
    assert list((tmp_path / "cache").glob("*.pickle")) == []


def test_strict_and_lenient_are_cached_apart(mini_copy, monkeypatch):
    load_curriculum(mini_copy, cache=True)
    monkeypatch.setattr(loader, "parse_folder", _no_parsing)
    with pytest.raises(AssertionError, match="cache should have been used"):
        load_curriculum(mini_copy, cache=True, strict=True)
