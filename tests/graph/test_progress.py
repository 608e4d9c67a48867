"""The load progress bar: drawn on a terminal, silent when stderr is a pipe or a file."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from benchmarks.synthetic_curriculum import write
from graph.storage.cache import CHILD_BUILD_BYTES

ROOT = Path(__file__).resolve().parents[2]


def _validate(folder: Path, stderr: int) -> int:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "validate", str(folder)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        timeout=300,
    ).returncode


def _on_a_terminal(args: list[str], env: dict[str, str] | None = None) -> str:
    """Run the CLI with stderr on a pseudo-terminal; what the terminal showed."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env={**os.environ, **(env or {})},
            timeout=300,
        )
        assert done.returncode == 0
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the terminal is closed once everything is read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    return seen.decode()


def test_a_large_first_load_draws_a_bar_on_a_terminal(tmp_path):
    write(12_000, tmp_path / "big")  # progress is reported every 10,000 concepts
    text = _on_a_terminal(["validate", str(tmp_path / "big")])
    assert "checking concepts 10,000/12,000" in text
    assert "[" + "#" * 23 + "....." + "]  83%" in text  # 10,000 of 12,000 on a 28-wide bar
    assert "\r\x1b[K" in text  # one line, rewritten in place


def test_the_bar_also_shows_when_a_child_process_builds_the_cache(tmp_path):
    write(16_000, tmp_path / "big")  # over 4 MiB of YAML: built in a child process
    assert (tmp_path / "big" / "concepts.yaml").stat().st_size > CHILD_BUILD_BYTES
    cache = {"STUDYPATH_CACHE_DIR": str(tmp_path / "cache")}
    text = _on_a_terminal(["show", "c1", "--data", str(tmp_path / "big")], cache)
    assert "checking concepts 10,000/16,000" in text and "done" in text
    assert list((tmp_path / "cache").glob("*.studypath-cache"))
    again = _on_a_terminal(["show", "c1", "--data", str(tmp_path / "big")], cache)
    assert "checking concepts" not in again  # from the cache: nothing to show


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    write(12_000, tmp_path / "big")
    log = tmp_path / "stderr.txt"
    with log.open("wb") as f:
        assert _validate(tmp_path / "big", f.fileno()) == 0
    assert "checking concepts" not in log.read_text()
