"""Embed tokens on SQLite and PostgreSQL: minting, scope, expiry, revocation, and the embed
pages drawn for the learner who holds one (DESIGN.md section 11)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, func, select

from store.models import EmbedToken
from tests.api.test_learners import new_learner


def mint(client, lid, auth, **body):
    r = client.post(f"/learners/{lid}/embed-tokens", headers=auth, json=body or None)
    assert r.status_code == 201, r.text
    data = r.json()
    return data, {"Authorization": f"Bearer {data['token']}"}


def test_an_embed_token_reads_and_marks_progress_and_expires_when_asked(learner_client):
    lid, auth = new_learner(learner_client)
    before = datetime.now(UTC)
    issued, embed = mint(learner_client, lid, auth, ttl_seconds=600)
    assert issued["token"].startswith("spe_") and len(issued["token"]) >= 46
    assert issued["scope"] == ["read", "progress"]
    expires = datetime.fromisoformat(issued["expires_at"])
    assert before + timedelta(seconds=599) <= expires <= datetime.now(UTC) + timedelta(seconds=601)

    for path in ("", "/progress", "/plan", "/next", "/reviews"):
        assert learner_client.get(f"/learners/{lid}{path}", headers=embed).status_code == 200, path
    r = learner_client.put(
        f"/learners/{lid}/progress/entropy", headers=embed, json={"status": "mastered"}
    )
    assert r.status_code == 200, r.text
    # the learner's own token sees what the embed token marked
    own = learner_client.get(f"/learners/{lid}/progress", headers=auth).json()
    assert [p["concept_id"] for p in own["data"]] == ["entropy"]
    assert (
        learner_client.delete(f"/learners/{lid}/progress/entropy", headers=embed).status_code == 204
    )
    assert learner_client.get(f"/learners/{lid}/progress", headers=auth).json()["data"] == []


def test_an_embed_token_may_not_do_what_only_the_learner_may(learner_client):
    lid, auth = new_learner(learner_client)
    _, embed = mint(learner_client, lid, auth)
    refused = [
        learner_client.patch(f"/learners/{lid}", headers=embed, json={"hours_per_week": 9}),
        learner_client.delete(f"/learners/{lid}", headers=embed),
        learner_client.post(f"/learners/{lid}/embed-tokens", headers=embed),
        learner_client.delete(f"/learners/{lid}/embed-tokens", headers=embed),
        learner_client.post(
            f"/learners/{lid}/reviews/entropy", headers=embed, json={"rating": "good"}
        ),
        learner_client.post(f"/learners/{lid}/plans", headers=embed, json={}),
    ]
    for r in refused:
        assert r.status_code == 403, (r.request.method, r.request.url, r.text)
        assert r.json()["error"]["code"] == "forbidden"
        assert "embed token" in r.json()["error"]["message"]
    # nothing changed: the learner still exists with the hours they set
    me = learner_client.get(f"/learners/{lid}", headers=auth).json()
    assert me["hours_per_week"] == 4


def test_an_embed_token_is_no_key_to_another_learner(learner_client):
    lid, auth = new_learner(learner_client)
    other, _ = new_learner(learner_client, display_name="Grace")
    _, embed = mint(learner_client, lid, auth)
    r = learner_client.get(f"/learners/{other}", headers=embed)
    assert r.status_code == 404 and other in r.text  # as for an id that does not exist
    r = learner_client.put(
        f"/learners/{other}/progress/entropy", headers=embed, json={"status": "mastered"}
    )
    assert r.status_code == 404


def test_expired_revoked_and_deleted_tokens_are_refused(learner_client):
    engine = learner_client.app.state.engine
    lid, auth = new_learner(learner_client)
    _, old = mint(learner_client, lid, auth)
    _, live = mint(learner_client, lid, auth)
    with Session(engine) as s:  # the first token's time has come
        s.exec(
            update(EmbedToken)
            .where(EmbedToken.token_hash != _hash(live))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        s.commit()
    r = learner_client.get(f"/learners/{lid}", headers=old)
    assert r.status_code == 401 and "expired" in r.json()["error"]["message"]
    assert learner_client.get(f"/learners/{lid}", headers=live).status_code == 200

    # minting again sweeps the expired row away; revoking removes the rest
    mint(learner_client, lid, auth)
    assert _rows(engine) == 2
    r = learner_client.delete(f"/learners/{lid}/embed-tokens", headers=auth)
    assert r.status_code == 200 and r.json() == {"revoked": 2}
    assert learner_client.get(f"/learners/{lid}", headers=live).status_code == 401

    mint(learner_client, lid, auth)
    assert learner_client.delete(f"/learners/{lid}", headers=auth).status_code == 204
    assert _rows(engine) == 0  # the learner's tokens went with them


def test_a_learner_has_a_bounded_number_of_live_tokens(learner_client, monkeypatch):
    from store import embed_tokens

    monkeypatch.setattr(embed_tokens, "MAX_LIVE_PER_LEARNER", 3)
    lid, auth = new_learner(learner_client)
    for _ in range(3):
        mint(learner_client, lid, auth)
    r = learner_client.post(f"/learners/{lid}/embed-tokens", headers=auth)
    assert r.status_code == 409 and "revoke" in r.json()["error"]["message"]
    learner_client.delete(f"/learners/{lid}/embed-tokens", headers=auth)
    mint(learner_client, lid, auth)


def test_the_token_request_is_checked(learner_client):
    lid, auth = new_learner(learner_client)
    for body, field in (
        ({"ttl_seconds": 10}, "ttl_seconds"),
        ({"ttl_seconds": 10**6}, "ttl_seconds"),
        ({"scope": ["all"]}, "scope"),
    ):
        r = learner_client.post(f"/learners/{lid}/embed-tokens", headers=auth, json=body)
        assert r.status_code == 422 and field in r.text, r.text
    assert learner_client.post(f"/learners/{lid}/embed-tokens").status_code == 401


def test_the_plan_page_shows_the_learners_known_concepts_as_known(learner_client):
    lid, auth = new_learner(learner_client)
    _, embed = mint(learner_client, lid, auth)
    anonymous = learner_client.get("/embed/plan", params={"goals": "kl"})
    assert anonymous.status_code == 200 and 'class="mark"' not in anonymous.text
    assert "no-store" not in anonymous.headers.get("cache-control", "")
    before = _schedule(anonymous.text)
    assert "entropy" in before

    learner_client.put(
        f"/learners/{lid}/progress/entropy", headers=embed, json={"status": "mastered"}
    )
    mine = learner_client.get("/embed/plan", params={"goals": "kl"}, headers=embed)
    assert mine.status_code == 200
    assert mine.headers["cache-control"] == "no-store" and "Authorization" in mine.headers["vary"]
    assert f'data-learner="{lid}"' in mine.text and "data-session-expires=" in mine.text
    after = _schedule(mine.text)
    assert "entropy" not in after and set(after) < set(before)
    # entropy is drawn and listed as known, with a button to take the mark back
    assert re.search(r'<g class="step known" data-step="entropy"', mine.text)
    known_list = mine.text.split('class="week known-list"')[1].split("</div>")[0]
    assert 'data-step="entropy"' in known_list
    assert 'data-mark="unmark" data-concept="entropy"' in mine.text
    assert 'data-mark="mastered" data-concept="kl"' in mine.text
    # the downloads describe the plan on screen
    assert "known=entropy" in mine.text

    expired = {"Authorization": "Bearer spe_" + "x" * 43}
    r = learner_client.get("/embed/plan", params={"goals": "kl"}, headers=expired)
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")


def test_the_concept_page_offers_the_mark_that_fits(learner_client):
    lid, auth = new_learner(learner_client)
    _, embed = mint(learner_client, lid, auth)
    page = learner_client.get("/embed/concept/entropy", headers=embed).text
    assert 'data-mark="mastered" data-concept="entropy"' in page
    learner_client.put(
        f"/learners/{lid}/progress/entropy", headers=embed, json={"status": "mastered"}
    )
    page = learner_client.get("/embed/concept/entropy", params={"lang": "zh"}, headers=embed).text
    assert 'data-mark="unmark"' in page and "✓" in page


def _schedule(html: str) -> list[str]:
    """The step ids in the page's weekly schedule, in order (not the known list)."""
    schedule = html.split('class="schedule"')[1].split('class="week known-list"')[0]
    return re.findall(r'class="step-link[^"]*" data-step="([^"]+)"', schedule)


def _hash(headers: dict[str, str]) -> str:
    from store.auth import hash_token

    return hash_token(headers["Authorization"].split()[1])


def _rows(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(EmbedToken)).one()
