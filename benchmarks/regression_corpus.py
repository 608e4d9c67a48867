"""Record or compare the service's answers on a fixed corpus of requests (issue 16).

Before a refactoring that must not change what clients see, record the answers of the
current code; after it, compare. Answers that carry fresh values (tokens, timestamps, new
ids) are normalised: those keys are replaced by a placeholder, so only the shape and the
stable values are compared.

    python benchmarks/regression_corpus.py --record /tmp/before.json [--data DIR]
    python benchmarks/regression_corpus.py --compare /tmp/before.json [--data DIR]

Exit status 1 and a list of the differing requests when the answers differ.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VOLATILE = {
    "token",
    "created_at",
    "updated_at",
    "checked_at",
    "saved_at",
    "app_version",
    "generated_at",
    "plan_id",
    "learner_id",
    "id_token",
    "expires_at",
}
ZH_FROM_JANUARY = {"language": "zh", "start_date": "2026-01-05"}
HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")
GOALS = [
    "knowledge-distillation",
    "transformer-block",
    "rlhf-ppo",
    "compressed-sensing",
    "shannon-entropy",
    "lora",
    "clip",
]


def _normalise(value: Any, learner: str | None) -> Any:
    if isinstance(value, dict):
        return {
            k: ("<volatile>" if k in VOLATILE else _normalise(v, learner)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_normalise(v, learner) for v in value]
    if isinstance(value, str):
        if learner:
            value = value.replace(learner, "<learner>")
        return HEX_ID.sub("<uuid>", value)
    return value


def _requests() -> list[tuple[str, str, dict[str, Any] | None]]:
    reqs: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", "/health", None),
        ("GET", "/version", None),
        ("GET", "/disciplines", None),
        ("GET", "/disciplines/control", None),
        ("GET", "/concepts?limit=500", None),
        ("GET", "/concepts?q=entropy", None),
        ("GET", "/concepts?discipline=llm&kind=technique", None),
        ("GET", "/concepts?level=2&offset=5&limit=7", None),
        ("GET", "/textbooks", None),
        ("GET", "/textbooks/cover-thomas-2e", None),
        ("GET", "/papers", None),
        ("GET", "/papers/shannon-1948", None),
        ("GET", "/graph/report", None),
        ("GET", "/graph?format=json", None),
        ("GET", "/concepts/nope", None),
        ("GET", "/plans?goals=nope", None),
        ("GET", "/next?known=shannon-entropy", None),
    ]
    for g in GOALS:
        reqs += [
            ("GET", f"/concepts/{g}", None),
            ("GET", f"/concepts/{g}/prerequisites", None),
            ("GET", f"/concepts/{g}/prerequisites?closure=true", None),
            ("GET", f"/concepts/{g}/dependents?closure=true&include_recommended=false", None),
            ("GET", f"/concepts/{g}/implementation", None),
            ("GET", f"/concepts/{g}/exercise?lang=zh", None),
            ("GET", f"/plans?goals={g}", None),
            ("GET", f"/plans?goals={g}&lang=zh", None),
            ("GET", f"/plans?goals={g}&include_recommended=true&format=md", None),
            ("GET", f"/plans?goals={g}&format=bibtex", None),
            ("GET", f"/plans?goals={g}&format=ics&start_date=2026-01-05", None),
            ("GET", f"/plans?goals={g}&format=svg", None),
            ("GET", f"/plans?goals={g}&format=mermaid", None),
            ("GET", f"/embed/plan?goals={g}&lang=zh", None),
            ("GET", f"/embed/concept/{g}", None),
            (
                "POST",
                "/plans",
                {
                    "goals": [g],
                    "known": ["shannon-entropy"],
                    "language": "zh",
                    "start_date": "2026-01-05",
                },
            ),
            ("POST", "/reading-lists", {"goals": [g]}),
        ]
    return reqs


def _learner_requests(client: Any) -> list[tuple[str, Any, str | None]]:
    out: list[tuple[str, Any, str | None]] = []
    r = client.post("/learners", json={"display_name": "Ada", "language": "en", "goals": ["lora"]})
    body = r.json()
    lid, tok = body.get("id"), body.get("token")
    h = {"Authorization": f"Bearer {tok}"}
    seq = [
        ("PUT", f"/learners/{lid}/progress/gradient-descent", {"status": "mastered"}),
        ("PUT", f"/learners/{lid}/progress/lora", {"status": "learning"}),
        ("GET", f"/learners/{lid}", None),
        ("GET", f"/learners/{lid}/progress", None),
        ("GET", f"/learners/{lid}/plan", None),
        ("GET", f"/learners/{lid}/next", None),
        ("POST", f"/learners/{lid}/plans", {"goals": ["lora"]}),
        ("GET", f"/learners/{lid}/plans", None),
        ("GET", f"/learners/{lid}/export", None),
        ("PATCH", f"/learners/{lid}", {"display_name": "Ada L."}),
    ]
    out.append(("POST /learners", _answer(r, lid), lid))
    for method, path, body in seq:
        resp = client.request(method, path, json=body, headers=h)
        out.append((f"{method} {path.replace(lid, '<learner>')}", _answer(resp, lid), lid))
        if method == "POST" and path.endswith("/plans"):
            pid = resp.json().get("id", "none")
            again = client.get(f"/learners/{lid}/plans/{pid}", headers=h)
            out.append(("GET /learners/<learner>/plans/<saved>", _answer(again, lid), lid))
    return out


def _answer(resp: Any, learner: str | None) -> Any:
    kind = resp.headers.get("content-type", "")
    payload: Any = resp.json() if kind.startswith("application/json") else resp.text
    return {"status": resp.status_code, "type": kind, "body": _normalise(payload, learner)}


def collect(data: str | None) -> dict[str, Any]:
    tmp = tempfile.mkdtemp(prefix="studypath-corpus-")
    os.environ["STUDYPATH_DATABASE_URL"] = f"sqlite:///{tmp}/corpus.db"
    os.environ["STUDYPATH_CACHE_DIR"] = tmp
    os.environ["STUDYPATH_CACHE"] = "false"
    if data:
        os.environ["STUDYPATH_DATA_DIR"] = data
    from fastapi.testclient import TestClient

    from api.main import create_app

    answers: dict[str, Any] = {}
    with TestClient(create_app()) as client:
        for method, path, body in _requests():
            key = f"{method} {path}" + (f" {json.dumps(body, sort_keys=True)}" if body else "")
            answers[key] = _answer(client.request(method, path, json=body), None)
        for key, ans, _ in _learner_requests(client):
            answers[key] = ans
    return answers


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--record", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--data", help="curriculum folder (default: the bundled one)")
    args = ap.parse_args()
    answers = collect(args.data)
    if args.record:
        args.record.write_text(json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True))
        print(f"recorded {len(answers)} answers to {args.record}")
        return 0
    if args.compare:
        before = json.loads(args.compare.read_text())
        diff = [k for k in sorted(set(before) | set(answers)) if before.get(k) != answers.get(k)]
        for k in diff:
            print(f"differs: {k}")
        print(f"{len(answers)} answers, {len(diff)} differ from {args.compare}")
        return 1 if diff else 0
    ap.error("give --record FILE or --compare FILE")
    return 2


if __name__ == "__main__":
    sys.exit(main())
