"""`studypath placement` and `studypath review` against a real server, as a learner runs them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.live import json_call, live_server, run_cli

ROOT = Path(__file__).resolve().parents[2]


def studypath(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=stdin)


def test_placement_and_review_from_the_terminal(tmp_path):
    env = {"STUDYPATH_DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}"}
    with live_server(env) as (base, _):

        def call(method: str, path: str, body=None, token=None):  # type: ignore[no-untyped-def]
            return json_call(base, method, path, body, token)

        # a learner who answers "x" first (refused, asked again) and then 0 to everything
        r = studypath(
            "placement",
            "--goal",
            "知识蒸馏",
            "--lang",
            "zh",
            "--api",
            base,
            stdin="x\n" + "0\n" * 80,
        )
        assert r.returncode == 0, r.stderr
        assert "请输入一个数。" in r.stdout and "第 1 题" in r.stdout
        assert "共答" in r.stdout and "studypath plan --goal 知识蒸馏" in r.stdout
        asked = int(r.stdout.split("共答 ")[1].split(" ")[0])
        assert 1 <= asked <= 30

        _, made = call("POST", "/learners", {"display_name": "r"})
        lid, token = made["id"], made["token"]
        for concept in ("shannon-entropy", "kl-divergence"):
            call("PUT", f"/learners/{lid}/progress/{concept}", {"status": "mastered"}, token)
        auth = ["--learner", lid, "--token", token, "--api", base]
        listed = studypath("review", *auth)
        assert (
            listed.returncode == 0
            and "2 review(s)" in listed.stdout
            and "kl-divergence" in listed.stdout
        )
        rated = studypath("review", "kl-divergence", "--rating", "good", *auth)
        assert rated.returncode == 0 and "credited: shannon-entropy" in rated.stdout, rated.stdout
        refused = studypath(
            "review",
            "kl-divergence",
            "--rating",
            "good",
            "--learner",
            lid,
            "--token",
            "bad",
            "--api",
            base,
        )
        assert refused.returncode == 3 and "401" in refused.stderr
