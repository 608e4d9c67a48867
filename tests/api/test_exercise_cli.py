"""`studypath exercise` and `studypath check`: stubs, grading in a limited child process,
exit codes, hints, and a passed check recorded as verified progress on a real server."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.live import json_call, live_server, run_cli

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "implementations" / "information_theory" / "shannon_entropy.py"


def studypath(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, timeout=timeout)


def test_exercise_writes_a_stub_in_either_language(tmp_path):
    out = tmp_path / "mine.py"
    r = studypath("exercise", "shannon-entropy", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "def entropy(p, base=2.0):" in text and "def binary_entropy(q):" in text
    assert "raise NotImplementedError" in text and ">>> round(entropy" in text
    assert f"studypath check shannon-entropy {out}" in text
    zh = studypath("exercise", "shannon-entropy", "--lang", "zh").stdout
    assert "香农熵" in zh and "def entropy(p, base=2.0):" in zh
    again = studypath("exercise", "shannon-entropy", "--out", str(out))
    assert again.returncode == 4 and "exists" in again.stderr  # never overwrites
    assert studypath("exercise", "no-such-concept").returncode == 4


def test_the_untouched_stub_fails_and_the_reference_passes(tmp_path):
    stub = tmp_path / "stub.py"
    studypath("exercise", "shannon-entropy", "--out", str(stub))
    r = studypath("check", "shannon-entropy", str(stub))
    assert r.returncode == 1
    assert "[FAIL] uniform entropy equals log2 n: raised NotImplementedError" in r.stdout
    assert "0 passed" in r.stdout and "--hint" in r.stdout
    mine = tmp_path / "mine.py"
    shutil.copy(REFERENCE, mine)
    ok = studypath("check", "shannon-entropy", str(mine), "--json")
    report = json.loads(ok.stdout)
    assert ok.returncode == 0 and report["ok"] and report["status"] == "passed"
    assert all(c["passed"] for c in report["checks"]) and len(report["checks"]) >= 5
    assert report["limits"] == {"wall_seconds": 60.0, "memory_mb": 2048}


def test_a_wrong_solution_fails_naming_the_check_and_hints_on_request(tmp_path):
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "import numpy as np\n"
        "def entropy(p, base=2.0):\n"
        "    p = np.asarray(p, float)\n"
        "    return float(-np.sum(p * np.log2(p + 1e-300)))  # ignores base\n"
        "def binary_entropy(q):\n"
        "    return entropy([q, 1 - q])\n",
        encoding="utf-8",
    )
    r = studypath("check", "shannon-entropy", str(wrong), "--hint")
    assert r.returncode == 1
    assert "[FAIL] other bases: natural log and base 10 by hand" in r.stdout
    assert "[PASS] uniform entropy equals log2 n" in r.stdout
    assert "Hint:" in r.stdout and "Key idea:" not in r.stdout
    both = studypath("check", "shannon-entropy", str(wrong), "--hint", "--hint", "--lang", "zh")
    assert "提示：" in both.stdout and "关键思路：" in both.stdout


def test_a_missing_function_fails_only_its_checks(tmp_path):
    half = tmp_path / "half.py"
    half.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("def binary_entropy", "def other")
    )
    report = json.loads(studypath("check", "shannon-entropy", str(half), "--json").stdout)
    failed = {c["name"]: c["detail"] for c in report["checks"] if not c["passed"]}
    assert failed and all("binary_entropy" in d or "earlier check" in d for d in failed.values())
    assert any(c["passed"] for c in report["checks"])


@pytest.mark.parametrize(
    "body,expect",
    [
        ("def entropy(p, base=2.0):\n    while True:\n        pass\n", "wall-clock limit of 3 s"),
        ("import time\nwhile True:\n    time.sleep(1)\n", "wall-clock limit of 3 s"),
        ("x = bytearray(8 * 1024**3)\n", "memory"),
        ("def entropy(p, base=2.0):\n    return [0] * (10**10)\n", ""),
        ("def entropy(:\n", "failed to import"),
        ("import os\nos._exit(3)\n", ""),
    ],
)
def test_files_that_loop_allocate_or_crash_are_stopped_and_reported(tmp_path, body, expect):
    path = tmp_path / "bad.py"
    path.write_text(body + "def binary_entropy(q):\n    return 0.0\n", encoding="utf-8")
    start = time.monotonic()
    r = studypath("check", "shannon-entropy", str(path), "--wall-seconds", "3", "--json")
    took = time.monotonic() - start
    report = json.loads(r.stdout)
    assert took < 30
    if "def entropy" in body and "[0] *" in body:  # a MemoryError inside one check fails it
        assert r.returncode == 1 and not report["ok"]
        return
    assert r.returncode == 2 and report["status"] in ("error", "limit"), report
    assert expect in report["message"], report["message"]


def test_usage_errors_exit_4(tmp_path):
    assert studypath("check", "shannon-entropy", str(tmp_path / "nope.py")).returncode == 4
    assert studypath("check", "no-such-concept", str(REFERENCE)).returncode == 4
    assert studypath("check", "shannon-entropy").returncode == 4  # missing FILE
    r = studypath("check", "shannon-entropy", str(REFERENCE), "--learner", "x")
    assert r.returncode == 4 and "together" in r.stderr


def test_a_pass_is_recorded_as_verified_and_counts_as_known(tmp_path):
    env = {"STUDYPATH_DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}"}
    with live_server(env) as (base, _):

        def call(method: str, path: str, body=None, token=None):  # type: ignore[no-untyped-def]
            return json_call(base, method, path, body, token)

        _, made = call("POST", "/learners", {"display_name": "v", "goals": ["kl-divergence"]})
        lid, token = made["id"], made["token"]
        _, before = call("GET", f"/learners/{lid}/plan", token=token)
        assert "shannon-entropy" in [s["id"] for s in before["steps"]]
        mine = tmp_path / "mine.py"
        shutil.copy(REFERENCE, mine)
        args = ["check", "shannon-entropy", str(mine), "--learner", lid, "--token", token]
        r = studypath(*args, "--api", base)
        assert r.returncode == 0 and "recorded as verified" in r.stderr, r.stderr
        _, progress = call("GET", f"/learners/{lid}/progress", token=token)
        row = progress["data"][0]
        assert row["concept_id"] == "shannon-entropy" and row["status"] == "verified"
        ev = row["evidence"]
        assert ev["checks_passed"] == ev["checks_total"] >= 5 and len(ev["file_sha256"]) == 64
        _, after = call("GET", f"/learners/{lid}/plan", token=token)
        assert "shannon-entropy" not in [s["id"] for s in after["steps"]]
        _, exported = call("GET", f"/learners/{lid}/export", token=token)
        assert exported["progress"][0]["evidence"]["file_sha256"] == ev["file_sha256"]
        refused = studypath(*args[:-1], "sp_wrong", "--api", base)
        assert refused.returncode == 3 and "401" in refused.stderr
        # a failed check records nothing
        stub = tmp_path / "stub.py"
        studypath("exercise", "shannon-entropy", "--out", str(stub))
        failed = studypath(
            "check", "shannon-entropy", str(stub), "--learner", lid, "--token", token, "--api", base
        )
        assert failed.returncode == 1 and "recorded" not in failed.stderr


def test_verified_needs_complete_evidence(learner_client):
    made = learner_client.post("/learners", json={"display_name": "e"}).json()
    auth = {"Authorization": f"Bearer {made['token']}"}
    path = f"/learners/{made['id']}/progress/kl"
    assert learner_client.put(path, json={"status": "verified"}, headers=auth).status_code == 422
    partial = {
        "curriculum_version": "x",
        "checks_passed": 3,
        "checks_total": 5,
        "file_sha256": "0" * 64,
        "checked_at": "2026-12-02T00:00:00Z",
    }
    r = learner_client.put(path, json={"status": "verified", "evidence": partial}, headers=auth)
    assert r.status_code == 422
    full = dict(partial, checks_passed=5)
    r = learner_client.put(path, json={"status": "verified", "evidence": full}, headers=auth)
    assert r.status_code == 200 and r.json()["evidence"]["checks_total"] == 5
    mastered = learner_client.put(path, json={"status": "mastered"}, headers=auth).json()
    assert mastered["evidence"] is None  # evidence belongs to the verified mark only


def test_the_exercise_route_serves_the_stub_without_running_anything(tmp_path):
    from api.main import create_app
    from api.settings import Settings

    client = TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'e.db'}")))
    r = client.get("/concepts/shannon-entropy/exercise", params={"lang": "zh"})
    body = r.json()
    assert r.status_code == 200 and body["check_command"].startswith(
        "studypath check shannon-entropy"
    )
    assert [f["name"] for f in body["functions"]] == ["entropy", "binary_entropy"]
    assert "香农熵" in body["stub"]
    assert client.get("/concepts/no-such/exercise").status_code == 404
