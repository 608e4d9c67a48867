"""Assignment and Grade Services against our own platform: a learner launched from a link
with a line item gets a score there, and a new one after verifying a concept; scores made
while the platform is down arrive once it is back."""

from __future__ import annotations

import time
from urllib.parse import urlparse

from tests.api.test_lti import TARGET, client, launch, platform  # noqa: F401  (fixtures)
from tests.lti_platform import AGS_ENDPOINT, AGS_SCORE, INSTRUCTOR, new_sub


def ags_launch(client, platform, sub, goals="softmax"):  # noqa: F811
    lineitem = f"{platform.issuer}/lineitems/7/lineitem?type_id=3"  # Moodle's shape
    claims = lambda a: platform.claims(  # noqa: E731
        nonce=a["nonce"],
        target_link_uri=TARGET,
        sub=sub,
        goals=goals,
        **{
            AGS_ENDPOINT: {
                "scope": [AGS_SCORE],
                "lineitem": lineitem,
                "lineitems": f"{platform.issuer}/lineitems",
            }
        },
    )
    r, _, _ = launch(client, platform, lambda a: platform.sign(claims(a)))
    assert r.status_code == 303, r.text[-400:]
    return urlparse(r.headers["location"]).fragment.removeprefix("embed_token=")


def scores_of(lms, sub, count, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [s for s in lms.scores if s["userId"] == sub]
        if len(found) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{count} scores for {sub} not received: {lms.scores}")


def plan_of(tool, goals):
    return [s["id"] for s in tool.get("/plans", params={"goals": goals}).json()["steps"]]


def test_a_learner_who_verifies_a_concept_gets_a_score(client, platform):  # noqa: F811
    platform.tool_jwks = lambda: client.get("/lti/jwks").json()
    sub = new_sub()
    token = ags_launch(client, platform, sub)
    (first,) = scores_of(platform, sub, 1)
    # the score goes to the line item's path with /scores, before its query
    assert first["path"] == "/lineitems/7/lineitem/scores" and first["query"] == "type_id=3"
    assert first["scoreGiven"] == 0 and first["activityProgress"] == "Initialized"
    assert first["scoreMaximum"] == 100 and first["gradingProgress"] == "FullyGraded"
    steps = plan_of(client, "softmax")
    lid = (
        client.get(
            "/embed/plan", params={"goals": "softmax"}, headers={"Authorization": f"Bearer {token}"}
        )
        .text.split('data-learner="')[1]
        .split('"')[0]
    )
    # the learner verifies the first concept of the plan (what `studypath check` sends)
    evidence = {
        "curriculum_version": client.app.state.curriculum.version,
        "checks_passed": 2,
        "checks_total": 2,
        "file_sha256": "0" * 64,
        "checked_at": "2026-12-03T10:00:00+00:00",
    }
    r = client.put(
        f"/learners/{lid}/progress/{steps[0]}",
        json={"status": "verified", "evidence": evidence},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 200, r.text
    second = scores_of(platform, sub, 2)[1]
    assert second["scoreGiven"] == round(100 / len(steps), 2)
    assert second["activityProgress"] == "InProgress"
    assert f"1 of {len(steps)} concepts" in second["comment"]
    # all of them: Completed, 100
    for c in steps[1:]:
        client.put(
            f"/learners/{lid}/progress/{c}",
            json={"status": "mastered"},
            headers={"Authorization": f"Bearer {token}"},
        )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        last = [s for s in platform.scores if s["userId"] == sub][-1]
        if last["scoreGiven"] == 100:
            break
        time.sleep(0.1)
    assert last["scoreGiven"] == 100 and last["activityProgress"] == "Completed"
    # the instructor's launch of the same link shows the class: this learner, 100 of 100
    lineitem = f"{platform.issuer}/lineitems/7/lineitem?type_id=3"
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.claims(
                nonce=a["nonce"],
                target_link_uri=TARGET,
                sub=new_sub(),
                roles=[INSTRUCTOR],
                **{AGS_ENDPOINT: {"scope": [AGS_SCORE], "lineitem": lineitem}},
            )
        ),
    )
    assert r.status_code == 200 and "Class progress" in r.text
    row = r.text.split("<tbody>")[1].split("</tbody>")[0]
    assert "Ada Lovelace" in row and "100 / 100" in row


def test_scores_wait_while_the_platform_is_down(client, platform):  # noqa: F811
    platform.tool_jwks = lambda: client.get("/lti/jwks").json()
    sub = new_sub()
    platform.scores_down = True
    try:
        token = ags_launch(client, platform, sub)
        lid = (
            client.get(
                "/embed/plan",
                params={"goals": "softmax"},
                headers={"Authorization": f"Bearer {token}"},
            )
            .text.split('data-learner="')[1]
            .split('"')[0]
        )
        client.put(
            f"/learners/{lid}/progress/softmax",
            json={"status": "mastered"},
            headers={"Authorization": f"Bearer {token}"},
        )
        time.sleep(1.5)  # at least one attempt failed meanwhile
        assert not [s for s in platform.scores if s["userId"] == sub]
    finally:
        platform.scores_down = False
    # only the latest score is owed: the one after the mark, sent once
    (only,) = scores_of(platform, sub, 1)
    time.sleep(1.0)
    assert len([s for s in platform.scores if s["userId"] == sub]) == 1
    assert only["scoreGiven"] > 0
