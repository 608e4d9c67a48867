"""The learner API on SQLite and PostgreSQL: profiles, progress, plans, auth, isolation."""

from __future__ import annotations


def new_learner(client, **overrides):
    body = {
        "display_name": "Ada",
        "language": "en",
        "hours_per_week": 4,
        "goals": ["kl"],
        "owned_books": [],
    }
    body.update(overrides)
    r = client.post("/learners", json=body)
    assert r.status_code == 201, r.text
    data = r.json()
    return data["id"], {"Authorization": f"Bearer {data['token']}"}


def test_create_get_patch_delete(learner_client):
    lid, auth = new_learner(learner_client)
    me = learner_client.get(f"/learners/{lid}", headers=auth).json()
    assert me["display_name"] == "Ada" and me["goals"] == ["kl"] and "token_hash" not in me
    r = learner_client.patch(
        f"/learners/{lid}", headers=auth, json={"language": "zh", "hours_per_week": 8}
    )
    assert r.status_code == 200 and r.json()["language"] == "zh" and r.json()["goals"] == ["kl"]
    assert learner_client.delete(f"/learners/{lid}", headers=auth).status_code == 204
    assert (
        learner_client.get(f"/learners/{lid}", headers=auth).status_code == 401
    )  # token died with it


def test_token_is_random_and_only_a_hash_is_stored(learner_client):
    from sqlmodel import Session, select

    from store.models import Learner

    lid, auth = new_learner(learner_client)
    token = auth["Authorization"].split()[1]
    assert token.startswith("sp_") and len(token) >= 43
    with Session(learner_client.app.state.engine) as s:
        row = s.exec(select(Learner).where(Learner.id == lid)).one()
    assert token not in row.token_hash and len(row.token_hash) == 64


def test_learner_plan_takes_a_depth(learner_client):
    lid, auth = new_learner(learner_client)

    def steps(depth):
        r = learner_client.get(f"/learners/{lid}/plan", params={"depth": depth}, headers=auth)
        assert r.status_code == 200, r.text
        return [s["id"] for s in r.json()["steps"]]

    # calculus is only a recommended prerequisite of entropy, two edges below the goal kl
    assert "calculus" not in steps("essentials") and "calculus" not in steps("standard")
    assert "calculus" in steps("thorough")
    bad = learner_client.get(f"/learners/{lid}/plan", params={"depth": "deep"}, headers=auth)
    assert bad.status_code == 422 and "depth" in bad.text


def test_progress_changes_the_plan(learner_client):
    lid, auth = new_learner(learner_client)
    before = [
        s["id"] for s in learner_client.get(f"/learners/{lid}/plan", headers=auth).json()["steps"]
    ]
    assert "probability" in before and "entropy" in before
    for cid in ("probability", "logarithms"):
        r = learner_client.put(
            f"/learners/{lid}/progress/{cid}", headers=auth, json={"status": "mastered"}
        )
        assert r.status_code == 200 and r.json()["status"] == "mastered"
    again = learner_client.put(
        f"/learners/{lid}/progress/probability", headers=auth, json={"status": "mastered"}
    )
    assert again.status_code == 200  # idempotent
    learner_client.put(
        f"/learners/{lid}/progress/entropy", headers=auth, json={"status": "learning"}
    )
    progress = learner_client.get(f"/learners/{lid}/progress", headers=auth).json()
    assert progress["count"] == 3
    assert {p["concept_id"]: p["status"] for p in progress["data"]}["entropy"] == "learning"
    after = [
        s["id"] for s in learner_client.get(f"/learners/{lid}/plan", headers=auth).json()["steps"]
    ]
    assert "probability" not in after and "entropy" in after  # learning is not mastered
    nxt = learner_client.get(f"/learners/{lid}/next", headers=auth).json()
    assert [x["id"] for x in nxt["data"]] == ["entropy"]
    assert (
        learner_client.delete(f"/learners/{lid}/progress/probability", headers=auth).status_code
        == 204
    )
    assert (
        learner_client.delete(f"/learners/{lid}/progress/probability", headers=auth).status_code
        == 204
    )
    assert learner_client.get(f"/learners/{lid}/progress", headers=auth).json()["count"] == 2


def test_unknown_concept_progress_is_422_and_stores_nothing(learner_client):
    lid, auth = new_learner(learner_client)
    r = learner_client.put(
        f"/learners/{lid}/progress/entrpy", headers=auth, json={"status": "mastered"}
    )
    assert r.status_code == 422 and r.json()["error"]["details"]["suggestions"]["entrpy"] == [
        "entropy"
    ]
    r = learner_client.put(
        f"/learners/{lid}/progress/entropy", headers=auth, json={"status": "done"}
    )
    assert r.status_code == 422
    assert learner_client.get(f"/learners/{lid}/progress", headers=auth).json()["count"] == 0


def test_unknown_goal_at_creation_is_422(learner_client):
    r = learner_client.post("/learners", json={"display_name": "B", "goals": ["klx"]})
    assert r.status_code == 422 and r.json()["error"]["details"]["ids"] == ["klx"]


def test_auth_and_isolation(learner_client):
    a, auth_a = new_learner(learner_client, display_name="A")
    b, auth_b = new_learner(learner_client, display_name="B")
    learner_client.put(
        f"/learners/{a}/progress/probability", headers=auth_a, json={"status": "mastered"}
    )
    assert learner_client.get(f"/learners/{a}").status_code == 401
    assert (
        learner_client.get(
            f"/learners/{a}", headers={"Authorization": "Bearer sp_wrong"}
        ).status_code
        == 401
    )
    assert (
        learner_client.get(f"/learners/{a}", headers={"Authorization": "Basic abc"}).status_code
        == 401
    )
    routes = [
        ("get", f"/learners/{a}", None),
        ("patch", f"/learners/{a}", {"display_name": "x"}),
        ("delete", f"/learners/{a}", None),
        ("get", f"/learners/{a}/progress", None),
        ("put", f"/learners/{a}/progress/kl", {"status": "mastered"}),
        ("delete", f"/learners/{a}/progress/probability", None),
        ("get", f"/learners/{a}/plan", None),
        ("get", f"/learners/{a}/next", None),
        ("post", f"/learners/{a}/plans", None),
        ("get", f"/learners/{a}/plans", None),
        ("get", f"/learners/{a}/export", None),
    ]
    for method, url, body in routes:
        r = learner_client.request(method, url, headers=auth_b, json=body)
        assert r.status_code == 404, (method, url, r.status_code)  # B cannot see A exists
    mine = learner_client.get(f"/learners/{a}/export", headers=auth_a).json()
    assert (
        mine["learner"]["display_name"] == "A"
        and len(mine["progress"]) == 1
        and mine["plans"] == []
    )
    assert learner_client.get(f"/learners/{b}/progress", headers=auth_b).json()["count"] == 0


def test_saved_plan_and_diff_after_curriculum_change(learner_client, mini_copy):
    from api.main import create_app
    from api.settings import Settings
    from graph import load_curriculum

    lid, auth = new_learner(learner_client)
    saved = learner_client.post(f"/learners/{lid}/plans", headers=auth).json()
    assert saved["changes"] is None and saved["plan"]["goals"] == ["kl"]
    got = learner_client.get(f"/learners/{lid}/plans/{saved['id']}", headers=auth).json()
    assert got["plan"] == saved["plan"] and got["changes"] is None
    # a new curriculum version: kl no longer needs entropy but needs calculus
    text = (mini_copy / "concepts.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - id: entropy\n        reason: {en: KL is cross-entropy minus entropy., zh: KL 等于交叉熵减熵。}\n",
        "",
    )
    (mini_copy / "concepts.yaml").write_text(text, encoding="utf-8")
    changed = load_curriculum(mini_copy)
    url = learner_client.app.state.settings.database_url
    from fastapi.testclient import TestClient

    with TestClient(create_app(settings=Settings(database_url=url), curriculum=changed)) as other:
        view = other.get(f"/learners/{lid}/plans/{saved['id']}", headers=auth).json()
        other.app.state.engine.dispose()
    assert view["curriculum_version"] != view["current_curriculum_version"]
    assert "entropy" in view["changes"]["removed"] and view["changes"]["unchanged"] is False
    listing = learner_client.get(f"/learners/{lid}/plans", headers=auth).json()
    assert listing["count"] == 1 and listing["data"][0]["goals"] == ["kl"]
    assert learner_client.get(f"/learners/{lid}/plans/nope", headers=auth).status_code == 404
    bad = learner_client.post(f"/learners/{lid}/plans", headers=auth, json={"goals": ["nope"]})
    assert bad.status_code == 422


def test_learner_without_goals(learner_client):
    lid, auth = new_learner(learner_client, goals=[])
    r = learner_client.get(f"/learners/{lid}/plan", headers=auth)
    assert r.status_code == 422 and r.json()["error"]["code"] == "no_goals"
    r = learner_client.post(f"/learners/{lid}/plans", headers=auth, json={"goals": ["entropy"]})
    assert r.status_code == 201 and r.json()["plan"]["goals"] == ["entropy"]


def test_ids_a_newer_curriculum_dropped_are_named_not_hidden(learner_client, mini_copy):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import Settings
    from graph import load_curriculum

    lid, auth = new_learner(learner_client, goals=["kl", "entropy"])
    learner_client.put(
        f"/learners/{lid}/progress/calculus", headers=auth, json={"status": "mastered"}
    )
    path = mini_copy / "concepts.yaml"
    text = path.read_text(encoding="utf-8").replace("  - id: kl\n", "  - id: kl-divergence\n")
    path.write_text(
        text.replace("  - id: calculus\n", "  - id: calculus-1\n")
        .replace("[calculus, logarithms]", "[calculus-1, logarithms]")
        .replace("      - id: calculus\n", "      - id: calculus-1\n"),
        encoding="utf-8",
    )
    url = learner_client.app.state.settings.database_url
    with TestClient(
        create_app(settings=Settings(database_url=url), curriculum=load_curriculum(mini_copy))
    ) as other:
        plan = other.get(f"/learners/{lid}/plan", headers=auth).json()
        nxt = other.get(f"/learners/{lid}/next", headers=auth).json()
        other.app.state.engine.dispose()
    assert plan["goals"] == ["entropy"]
    assert any("goals 'kl'" in n for n in plan["notes"]) and any(
        "known 'calculus'" in n for n in plan["notes"]
    )
    assert nxt["notes"] == plan["notes"]
