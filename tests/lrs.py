"""A real Learning Record Store for the xAPI tests: Ralph (ralph-malph on PyPI), started as
a process of its own with its file-system backend and one Basic-auth user.

Ralph pins an older FastAPI than studypath, so it lives in a virtual environment of its
own: .venv-ralph at the repository root (or STUDYPATH_TEST_RALPH_VENV), made from
tests/ralph-requirements.lock; .ci/run makes it. A test module imports this module first:
the import skips it, with the reason, when that environment is missing.

Ralph 5.1.0's file-system LRS backend writes with the "create" operation, which refuses
an existing file: it stores the first statement and answers 500 to every later one. The
launcher below starts Ralph's own app with that backend's default operation set to
"append", the operation its data backend offers for adding to a file; nothing else of
Ralph is changed.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(os.environ.get("STUDYPATH_TEST_RALPH_VENV", ROOT / ".venv-ralph"))
RALPH = VENV / "bin" / "ralph"
if not RALPH.exists() and os.environ.get("CI"):  # CI installs it: missing there is a failure
    raise RuntimeError(f"Ralph is not installed at {VENV}; .ci/run makes it")
if not RALPH.exists():
    pytest.skip(
        f"Ralph (an LRS) is not installed at {VENV}: python3 -m venv .venv-ralph && "
        ".venv-ralph/bin/pip install -r tests/ralph-requirements.lock (CI does this)",
        allow_module_level=True,
    )

USER, PASSWORD = "studypath", "lrs-secret"
LAUNCHER = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Ralph:
    """One Ralph LRS on a data folder that outlives its restarts."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("RALPH_", "STUDYPATH_"))},
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "data"),
            "RALPH_AUTH_FILE": str(workdir / "auth.json"),
            "RALPH_APP_DIR": str(workdir / "app"),
        }
        (workdir / "data").mkdir(parents=True, exist_ok=True)
        (workdir / "app").mkdir(exist_ok=True)
        self.process: subprocess.Popen[bytes] | None = None
        subprocess.run(
            [
                str(RALPH),
                "auth",
                "-u",
                USER,
                "-p",
                PASSWORD,
                "-s",
                "all",
                "-M",
                "mailto:studypath-tests@example.org",
                "-N",
                "studypath",
                "-w",
            ],
            cwd=workdir,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        log = (self.workdir / "ralph.log").open("ab")
        # its own folder as the working directory: Ralph also reads a .env from there
        self.process = subprocess.Popen(
            [str(VENV / "bin" / "python"), "-c", LAUNCHER, str(self.port)],
            cwd=self.workdir,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Ralph exited: {(self.workdir / 'ralph.log').read_text()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2
                ):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("Ralph did not answer /__heartbeat__ within 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def _get(self, path: str) -> Any:
        auth = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Authorization": f"Basic {auth}", "X-Experience-API-Version": "1.0.3"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def statements(self, agent: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every statement the LRS holds (of ``agent``), following its ``more`` links."""
        query = {"limit": "100"}
        if agent is not None:
            query["agent"] = json.dumps(agent)
        page = self._get("/xAPI/statements?" + urllib.parse.urlencode(query))
        out = list(page["statements"])
        while page.get("more") and page["statements"]:
            page = self._get(page["more"])
            out.extend(page["statements"])
        return out
