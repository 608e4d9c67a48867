"""LTI 1.3 launches from our own platform (tests/lti_platform.py), on SQLite and
PostgreSQL: a learner lands in the plan; every forged, expired, replayed, wrong-audience
and wrong-deployment launch is refused and makes no learner."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from joserfc import jwk
from sqlmodel import Session, func, select

from api.main import create_app
from api.settings import Settings
from portal.lti import new_key
from store import lti as stored
from store.models import Learner, LtiKey, LtiUser
from tests.dbs import clear, postgres_database  # noqa: F401  (fixture)
from tests.live import run_cli
from tests.lti_platform import INSTRUCTOR, LTI, Platform, new_sub, rsa_key

TOOL = "https://testserver"
TARGET = f"{TOOL}/lti/launch"


@pytest.fixture(scope="module")
def platform() -> Iterator[Platform]:
    p = Platform()
    yield p
    p.close()


@pytest.fixture
def client(db_url, bundled, platform) -> Iterator[TestClient]:
    app = create_app(settings=Settings(database_url=db_url, public_url=TOOL), curriculum=bundled)
    # https: the state cookie is Secure, as a browser needs it for the platform's cross-site post
    with TestClient(app, base_url=TOOL, follow_redirects=False) as c:
        with Session(app.state.engine) as s:
            stored.add_platform(s, **platform.registration)
        yield c
    with app.state.engine.begin() as conn:
        for table in ("lti_user", "lti_login", "lti_deployment", "lti_platform", "lti_key"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
    clear(app.state.engine)
    app.state.engine.dispose()


def login(client, platform, **params):
    """Step 1 and 2: the platform starts the login, the tool redirects to the platform."""
    query = {
        "iss": platform.issuer,
        "login_hint": "hint-1",
        "target_link_uri": TARGET,
        "client_id": platform.client_id,
        "lti_message_hint": "msg-1",
        **params,
    }
    r = client.get("/lti/login", params=query)
    assert r.status_code == 302, r.text
    assert r.headers["location"].startswith(f"{platform.issuer}/auth?")
    return platform.authorization(r.headers["location"])


def learners(client) -> int:
    with Session(client.app.state.engine) as s:
        return s.exec(select(func.count()).select_from(Learner)).one()


def launch(client, platform, token_for, **form):
    """Steps 2 and 3: the platform answers the auth request with a signed id_token."""
    auth = login(client, platform)
    token = token_for(auth)
    return (
        client.post("/lti/launch", data={"id_token": token, "state": auth["state"], **form}),
        auth,
        token,
    )


def test_the_auth_request_follows_the_security_framework(client, platform):
    auth = login(client, platform)
    assert auth["scope"] == "openid" and auth["response_type"] == "id_token"
    assert auth["response_mode"] == "form_post" and auth["prompt"] == "none"
    assert auth["client_id"] == platform.client_id and auth["redirect_uri"] == TARGET
    assert auth["login_hint"] == "hint-1" and auth["lti_message_hint"] == "msg-1"
    assert len(auth["state"]) >= 32 and len(auth["nonce"]) >= 32
    # the state is also this browser's cookie, which the cross-site post carries back
    cookie = client.cookies.get(f"studypath_lti_state_{auth['state'][:16]}")
    assert cookie == auth["state"]
    # POST works as GET does (the platform chooses)
    r = client.post(
        "/lti/login", data={"iss": platform.issuer, "login_hint": "h", "target_link_uri": TARGET}
    )
    assert r.status_code == 302


def test_a_learner_is_launched_into_the_plan_of_the_link(client, platform):
    sub = new_sub()
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.claims(
                nonce=a["nonce"],
                target_link_uri=TARGET,
                sub=sub,
                goals="softmax,cross-entropy",
                locale="zh-CN",
            )
        ),
    )
    assert r.status_code == 303, r.text
    target = urlparse(r.headers["location"])
    assert target.path == "/embed/plan"
    assert parse_qs(target.query) == {"goals": ["softmax,cross-entropy"], "lang": ["zh"]}
    token = target.fragment.removeprefix("embed_token=")
    assert token.startswith("spe_")
    page = client.get(f"{target.path}?{target.query}", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 200 and "data-learner=" in page.text
    with Session(client.app.state.engine) as s:
        (user,) = s.exec(select(LtiUser).where(LtiUser.sub == sub)).all()
        learner = s.get(Learner, user.learner_id)
        assert learner.display_name == "Ada Lovelace" and learner.language == "zh"
    # the next launch of the same user is the same learner
    before = learners(client)
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(platform.claims(nonce=a["nonce"], target_link_uri=TARGET, sub=sub)),
    )
    assert r.status_code == 303 and learners(client) == before
    # and the platform's key rotation is followed: a new kid makes the tool fetch again
    platform.rotate()
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(platform.claims(nonce=a["nonce"], target_link_uri=TARGET, sub=sub)),
    )
    assert r.status_code == 303, r.text


FORGERIES = {
    "signed by another key with the platform's kid": (
        lambda p, a: p.sign(
            p.claims(nonce=a["nonce"], target_link_uri=TARGET),
            key=rsa_key("x"),
            kid="platform-key-1",
        ),
        "signature",
    ),
    "signed by an unknown key": (
        lambda p, a: p.sign(
            p.claims(nonce=a["nonce"], target_link_uri=TARGET), key=rsa_key("stranger")
        ),
        "signature",
    ),
    "unsigned (alg none)": (
        lambda p, a: _unsigned(p.claims(nonce=a["nonce"], target_link_uri=TARGET)),
        "signature",
    ),
    "expired": (
        lambda p, a: p.sign(
            p.claims(
                nonce=a["nonce"],
                target_link_uri=TARGET,
                exp=int(time.time()) - 120,
                iat=int(time.time()) - 420,
            )
        ),
        "claims",
    ),
    "issued an hour ago": (
        lambda p, a: p.sign(
            p.claims(nonce=a["nonce"], target_link_uri=TARGET, iat=int(time.time()) - 3600)
        ),
        "issued",
    ),
    "issued in the future": (
        lambda p, a: p.sign(
            p.claims(
                nonce=a["nonce"],
                target_link_uri=TARGET,
                iat=int(time.time()) + 3600,
                exp=int(time.time()) + 4000,
            )
        ),
        "claims",
    ),
    "for another tool": (
        lambda p, a: p.sign(
            p.claims(nonce=a["nonce"], target_link_uri=TARGET, aud=["another-tool"])
        ),
        "not for this tool",
    ),
    "for this tool and an untrusted one": (
        lambda p, a: p.sign(
            p.claims(nonce=a["nonce"], target_link_uri=TARGET, aud=[p.client_id, "another-tool"])
        ),
        "does not trust",
    ),
    "authorized for another party": (
        lambda p, a: p.sign(p.claims(nonce=a["nonce"], target_link_uri=TARGET, azp="another-tool")),
        "azp",
    ),
    "from another issuer": (
        lambda p, a: p.sign(
            p.claims(nonce=a["nonce"], target_link_uri=TARGET, iss="https://evil.example")
        ),
        "claims",
    ),
    "with another nonce": (
        lambda p, a: p.sign(p.claims(nonce="not-the-one", target_link_uri=TARGET)),
        "claims",
    ),
    "without a nonce": (
        lambda p, a: p.sign(_without(p.claims(nonce=a["nonce"], target_link_uri=TARGET), "nonce")),
        "claims",
    ),
    "of an unregistered deployment": (
        lambda p, a: p.sign(
            p.claims(
                nonce=a["nonce"], target_link_uri=TARGET, **{LTI + "deployment_id": "deployment-9"}
            )
        ),
        "deployment",
    ),
    "of another LTI version": (
        lambda p, a: p.sign(
            p.claims(nonce=a["nonce"], target_link_uri=TARGET, **{LTI + "version": "1.1"})
        ),
        "version",
    ),
    "for another target": (
        lambda p, a: p.sign(p.claims(nonce=a["nonce"], target_link_uri=f"{TOOL}/elsewhere")),
        "target_link_uri",
    ),
    "anonymous (no sub)": (
        lambda p, a: p.sign(p.claims(nonce=a["nonce"], target_link_uri=TARGET, sub=None)),
        "sub",
    ),
    "without a resource link": (
        lambda p, a: p.sign(
            p.claims(nonce=a["nonce"], target_link_uri=TARGET, **{LTI + "resource_link": None})
        ),
        "resource_link",
    ),
    "not a JWT": (lambda p, a: "this is not a token", "JWT"),
}


def _without(claims, name):
    return {k: v for k, v in claims.items() if k != name}


def _unsigned(claims) -> str:
    import base64
    import json

    def part(value) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT', 'kid': 'platform-key-1'})}.{part(claims)}."


@pytest.mark.parametrize("case", list(FORGERIES))
def test_a_forged_launch_is_refused_and_makes_no_learner(client, platform, case):
    forge, reason = FORGERIES[case]
    before = learners(client)
    r, _, _ = launch(client, platform, lambda a: forge(platform, a))
    assert r.status_code == 401, (case, r.status_code, r.text[:300])
    message = html.unescape(r.text.split("<main", 1)[1])
    assert "LTI launch refused" in message and reason in message, (case, message[:400])
    assert "location" not in r.headers
    assert learners(client) == before


def test_a_replayed_launch_is_refused(client, platform):
    r, auth, token = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.claims(nonce=a["nonce"], target_link_uri=TARGET, sub=new_sub())
        ),
    )
    assert r.status_code == 303
    before = learners(client)
    # the attacker holds the browser's cookie too: only the used state stops the replay
    client.cookies.set(f"studypath_lti_state_{auth['state'][:16]}", auth["state"])
    again = client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert again.status_code == 401 and "already used" in again.text
    assert learners(client) == before


def test_a_launch_in_another_browser_is_refused(client, platform):
    auth = login(client, platform)
    token = platform.sign(
        platform.claims(nonce=auth["nonce"], target_link_uri=TARGET, sub=new_sub())
    )
    before = learners(client)
    client.cookies.clear()  # the post reaches a browser without the login's state cookie
    r = client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert r.status_code == 401 and "browser that started it" in r.text
    assert learners(client) == before


def test_two_launches_started_at_once_in_one_browser_both_land(client, platform):
    first, second = login(client, platform), login(client, platform)  # two tabs
    for auth in (second, first):
        token = platform.sign(
            platform.claims(nonce=auth["nonce"], target_link_uri=TARGET, sub=new_sub())
        )
        r = client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})
        assert r.status_code == 303, r.text[-300:]


@pytest.mark.parametrize(
    "params,reason",
    [
        ({"iss": "https://unknown.example"}, "not registered"),
        ({"login_hint": ""}, "lacks login_hint"),
        ({"target_link_uri": "https://elsewhere.example/launch"}, "is not a page of"),
    ],
)
def test_a_bad_login_is_refused(client, platform, params, reason):
    query = {"iss": platform.issuer, "login_hint": "h", "target_link_uri": TARGET, **params}
    r = client.get("/lti/login", params=query)
    assert r.status_code == 400 and reason in r.text


def test_the_tools_keys_rotate_and_the_old_one_stays_listed_for_a_while(client):
    first = client.get("/lti/jwks").json()["keys"]
    assert len(first) == 1 and {"kty", "n", "e", "kid", "alg", "use"} == set(first[0])
    jwk.KeySet.import_key_set({"keys": first})  # a valid public key set
    with Session(client.app.state.engine) as s:
        new, _ = stored.rotate_key(s, new_key)
    listed = client.get("/lti/jwks").json()["keys"]
    assert [k["kid"] for k in listed] == [first[0]["kid"], new.kid]
    # once the overlap has passed, the old key is no longer listed
    with Session(client.app.state.engine) as s:
        old = s.get(LtiKey, first[0]["kid"])
        old.retired_at = old.retired_at - stored.KEY_OVERLAP
        s.add(old)
        s.commit()
    assert [k["kid"] for k in client.get("/lti/jwks").json()["keys"]] == [new.kid]


def test_an_instructor_launch_shows_the_class_and_the_plan(client, platform):
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.claims(
                nonce=a["nonce"], target_link_uri=TARGET, sub=new_sub(), roles=[INSTRUCTOR]
            )
        ),
    )
    assert r.status_code == 200 and "Class progress" in r.text
    # without a line item there are no scores to show, and the page says why
    assert "no line item" in r.text
    assert re.search(
        rf'href="{TOOL}/embed/plan\?goals=softmax&amp;lang=en#embed_token=spe_', r.text
    )


def test_platforms_are_registered_listed_and_removed_by_the_cli(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    args = [
        "--issuer",
        "https://moodle.example",
        "--client-id",
        "c1",
        "--auth-url",
        "https://moodle.example/mod/lti/auth.php",
        "--token-url",
        "https://moodle.example/mod/lti/token.php",
        "--jwks-url",
        "https://moodle.example/mod/lti/certs.php",
        "--url",
        url,
    ]
    added = run_cli("lti", "add-platform", *args, "--deployment-id", "1", "--deployment-id", "2")
    assert added.returncode == 0 and "deployments: 1, 2" in added.stdout, added.stderr
    listed = run_cli("lti", "list", "--url", url)
    assert "https://moodle.example" in listed.stdout and "certs.php" in listed.stdout
    clash = run_cli(
        "lti",
        "add-platform",
        *[
            a if a != "https://moodle.example/mod/lti/certs.php" else "https://other.example/jwks"
            for a in args
        ],
        "--deployment-id",
        "3",
    )
    assert clash.returncode == 1 and "other URLs" in clash.stderr
    bad = run_cli(
        "lti",
        "add-platform",
        *[a if a != "https://moodle.example/mod/lti/auth.php" else "ftp://x" for a in args],
        "--deployment-id",
        "1",
    )
    assert bad.returncode == 4 and "--auth-url" in bad.stderr
    removed = run_cli(
        "lti", "remove", "--issuer", "https://moodle.example", "--client-id", "c1", "--url", url
    )
    assert removed.returncode == 0
    assert "no platforms registered" in run_cli("lti", "list", "--url", url).stdout
    key = run_cli("lti", "rotate-key", "--url", url)
    assert key.returncode == 0 and key.stdout.startswith("new key ")
