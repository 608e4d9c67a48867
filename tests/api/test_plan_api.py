from __future__ import annotations


def test_get_and_post_plans_agree(client):
    posted = client.post(
        "/plans",
        json={"goals": ["kl"], "known": ["logarithms"], "hours_per_week": 3, "language": "zh"},
    )
    got = client.get(
        "/plans", params={"goals": "kl", "known": "logarithms", "hours_per_week": 3, "lang": "zh"}
    )
    assert posted.status_code == got.status_code == 200
    assert posted.json() == got.json()
    steps = posted.json()["steps"]
    assert [s["id"] for s in steps] == ["probability", "entropy", "kl"]
    assert set(steps[0]) >= {
        "id",
        "name",
        "discipline",
        "hours",
        "week",
        "serves",
        "why",
        "resources",
        "run",
    }


def test_unknown_goal_is_422_naming_each(client):
    r = client.post("/plans", json={"goals": ["kll", "entrpy"], "known": ["probability"]})
    assert r.status_code == 422
    details = r.json()["error"]["details"]
    assert details["ids"] == ["kll", "entrpy"] and details["suggestions"]["entrpy"] == ["entropy"]
    r = client.get("/plans", params={"goals": "kl", "known": "nope"})
    assert r.status_code == 422 and r.json()["error"]["details"]["ids"] == ["nope"]


def test_limits_are_named(client):
    r = client.post("/plans", json={"goals": [f"g{i}" for i in range(51)]})
    assert r.status_code == 422 and "'goals'" in r.json()["error"]["message"]
    r = client.get("/plans", params={"goals": ",".join(f"g{i}" for i in range(51))})
    assert r.status_code == 422 and "limit is 50" in r.json()["error"]["message"]
    r = client.get("/plans", params={"goals": "kl", "hours_per_week": 100})
    assert r.status_code == 422 and "hours_per_week" in r.json()["error"]["message"]
    r = client.get("/plans", params={"goals": ","})
    assert r.status_code == 422


def test_formats(client):
    for fmt, needle in [
        ("md", "# Study plan"),
        ("bibtex", "@book{"),
        ("ics", "BEGIN:VCALENDAR"),
        ("mermaid", "flowchart TD"),
        ("dot", "digraph"),
    ]:
        r = client.get("/plans", params={"goals": "kl", "format": fmt})
        assert r.status_code == 200 and needle in r.text, fmt


def test_reading_list_and_next(client):
    rl = client.post("/reading-lists", json={"goals": ["kl"]}).json()
    assert [b["book"] for b in rl["books"]] == ["book-a"]
    chapters = [c["chapter"] for c in rl["books"][0]["chapters"]]
    assert chapters[0] == 1
    nxt = client.get("/next", params={"known": "probability,logarithms"}).json()
    assert [x["id"] for x in nxt["data"]] == ["calculus", "entropy"]  # calculus unlocks two


def test_depth_walks_more_of_the_graph_at_each_level(client):
    def steps(query):
        answer = client.get(f"/plans?{query}")
        assert answer.status_code == 200, answer.text
        return {s["id"] for s in answer.json()["steps"]}

    # entropy's own recommended prerequisite (calculus) is standard; kl's is two edges away
    assert "calculus" not in steps("goals=entropy&depth=essentials")
    assert "calculus" in steps("goals=entropy")  # standard is the default
    assert "calculus" not in steps("goals=kl")
    assert "calculus" in steps("goals=kl&depth=thorough")
    assert steps("goals=kl&include_recommended=true") == steps("goals=kl&depth=thorough")
    assert steps("goals=entropy&include_recommended=false") == steps(
        "goals=entropy&depth=essentials"
    )
    body = client.post("/plans", json={"goals": ["entropy"], "depth": "essentials"}).json()
    assert body["depth"] == "essentials" and body["include_recommended"] is False


def test_depth_errors_name_the_parameter(client):
    bad = client.get("/plans?goals=kl&depth=deep")
    assert bad.status_code == 422 and "depth" in bad.text
    both = client.get("/plans?goals=kl&depth=standard&include_recommended=true")
    assert both.status_code == 422
    assert "depth=thorough" in both.json()["error"]["message"]


def test_goals_may_be_given_by_exact_english_or_chinese_name(client):
    by_id = client.get("/plans", params={"goals": "entropy"}).json()
    for name in ("Shannon entropy", "shannon ENTROPY", "香农熵"):
        answer = client.get("/plans", params={"goals": name})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["goals"] == ["entropy"] and body["steps"] == by_id["steps"]
        assert body["notes"] == [f"goal '{name}' is the concept 'entropy'"]
    unknown = client.get("/plans", params={"goals": "Shannon entrop"})
    assert unknown.status_code == 422 and "Shannon entrop" in unknown.text
