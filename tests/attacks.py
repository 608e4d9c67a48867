"""Client side of the attack tests and benchmarks/hardening.py: plain HTTP calls on
loopback with a time-out, a prober that samples latencies while an attack runs, junk
URLs, and a process's resident memory."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import threading
import time
from pathlib import Path

PROBE_PATHS = ("/health", "/concepts/shannon-entropy/prerequisites?closure=true")


def call(
    base: str,
    method: str,
    path: str,
    body: object = None,
    token: str | None = None,
    timeout: float = 30,
    headers: dict[str, str] | None = None,
) -> tuple[int | None, dict[str, str], bytes, float]:
    """(status, headers, body, seconds); status None when the connection failed or the
    answer did not come within ``timeout``."""
    host, port = base.removeprefix("http://").split(":")
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    start = time.monotonic()
    try:
        conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        conn.request(method, path, json.dumps(body) if body is not None else None, sent)
        r = conn.getresponse()
        data = r.read()
        conn.close()
    except OSError:
        return None, {}, b"", time.monotonic() - start
    return r.status, {k.lower(): v for k, v in r.getheaders()}, data, time.monotonic() - start


def probe_while(
    base: str, busy: threading.Event, timeout: float = 30
) -> list[tuple[int | None, float]]:
    """(status, seconds) of /health and a curriculum route, alternately, while ``busy``
    is set; a distinct query each time, so the route runs rather than the response cache."""
    seen = []
    i = 0
    while busy.is_set():
        path = PROBE_PATHS[i % 2] + (f"&probe={i}" if i % 2 else "")
        status, _, _, took = call(base, "GET", path, timeout=timeout)
        seen.append((status, took))
        i += 1
        time.sleep(0.02)
    return seen


def send_junk(base: str, worker: int, n: int, timeout: float = 30) -> list[int]:
    """``n`` GET /version requests on one keep-alive connection, each with a distinct
    query string of 16 KB (just under the limit): what a response cache must not keep."""
    host, port = base.removeprefix("http://").split(":")
    junk = "j" * (16 * 1024 - 40)
    statuses = []
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    for i in range(n):
        try:
            conn.request("GET", f"/version?k{worker}x{i}={junk}")
            r = conn.getresponse()
            r.read()
            statuses.append(r.status)
        except OSError:
            statuses.append(0)
            conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    conn.close()
    return statuses


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def sigterm_under_writers(
    base: str,
    proc: subprocess.Popen,
    writers: int = 50,
    wait: float = 30,  # type: ignore[type-arg]
) -> float | None:
    """Seconds from SIGTERM to exit while ``writers`` threads keep creating learners (each
    stops when the server stops answering); None when it was still running after ``wait``."""
    stop = threading.Event()

    def keep_writing() -> None:
        while not stop.is_set():
            if call(base, "POST", "/learners", {"display_name": "s"}, timeout=10)[0] is None:
                return

    threads = [threading.Thread(target=keep_writing, daemon=True) for _ in range(writers)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    start = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(wait)
        return time.monotonic() - start
    except subprocess.TimeoutExpired:
        return None
    finally:
        stop.set()
