"""A real uvicorn server on loopback for tests that need one (browser, faults)."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from api.server import GRACEFUL_SHUTDOWN_SECONDS, PROTOCOL

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:  # type: ignore[type-arg]
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


@contextmanager
def live_server(
    env: dict[str, str],
    *,
    workers: int = 1,
    port: int | None = None,
    ready_timeout: float = 60,
    root: Path = ROOT,
) -> Iterator[tuple[str, subprocess.Popen]]:  # type: ignore[type-arg]
    """uvicorn serving the checkout at ``root`` (another one: benchmarks of an older
    revision), with the options `studypath serve` uses where that checkout has them."""
    port = port or free_port()
    guarded = (root / "api" / "server.py").exists()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            # the options `studypath serve` gives uvicorn (api.server.uvicorn_options)
            *(
                [
                    "--http",
                    PROTOCOL,
                    "--timeout-graceful-shutdown",
                    str(GRACEFUL_SHUTDOWN_SECONDS),
                    "--timeout-keep-alive",
                    "5",
                ]
                if guarded
                else []
            ),
        ],
        cwd=root,
        env={**os.environ, **env},
    )
    try:
        wait_ready(port, proc, ready_timeout)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def json_call(
    base: str, method: str, path: str, body: object = None, token: str | None = None
) -> tuple[int, object]:
    """One JSON request to a live server: (status, decoded answer)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse()
    return r.status, json.loads(r.read() or b"null")


def run_cli(*args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`studypath ARGS` in a child process, as a learner runs it, without STUDYPATH_* settings
    of the test run (the cache folder excepted)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("STUDYPATH_") or k == "STUDYPATH_CACHE_DIR"
    }
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )
