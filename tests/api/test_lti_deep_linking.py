"""Deep Linking 2.0 from our own platform: an instructor picks goals in studypath, the
platform receives a signed LtiDeepLinkingResponse, and the link it makes launches a
learner into that plan."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlparse

from tests.api.test_lti import TARGET, client, launch, platform  # noqa: F401  (fixtures)
from tests.lti_platform import DL, LEARNER, LTI, new_sub


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, name
    return html.unescape(found.group(1))


def test_an_instructor_links_a_plan_and_a_learner_opens_it(client, platform):  # noqa: F811
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.deep_linking_claims(nonce=a["nonce"], target_link_uri=TARGET)
        ),
    )
    assert r.status_code == 200, r.text[-500:]
    assert "form-action 'self'" in r.headers["content-security-policy"]
    context = hidden(r.text, "context")
    # search in the picker, as GET /concepts?q= ranks: a misspelling finds the concept
    found = client.get("/lti/deep-link", params={"context": context, "q": "distilation"})
    assert found.status_code == 200
    assert re.search(r'name="goal" value="knowledge-distillation"', found.text)
    chosen = client.post(
        "/lti/deep-link",
        data={
            "context": context,
            "goal": ["knowledge-distillation", "softmax"],
            "title": "Week 3 plan",
            "action": "link",
        },
    )
    assert chosen.status_code == 200, chosen.text[-500:]
    return_url = f"{platform.issuer}/deep-link-return"
    assert f'action="{return_url}"' in chosen.text
    assert f"form-action {platform.issuer}" in chosen.headers["content-security-policy"]
    # the platform checks the response against the tool's published keys
    response = platform.read_deep_linking_response(
        hidden(chosen.text, "JWT"), client.get("/lti/jwks").json()
    )
    assert response[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert response[LTI + "version"] == "1.3.0"
    assert response[LTI + "deployment_id"] == platform.deployment
    assert response[DL + "data"] == "platform-opaque-7"
    (item,) = response[DL + "content_items"]
    assert item["type"] == "ltiResourceLink" and item["url"] == TARGET
    assert item["title"] == "Week 3 plan"
    assert item["custom"] == {"goals": "knowledge-distillation,softmax"}
    assert item["lineItem"]["scoreMaximum"] > 0
    # the platform makes the link; a learner launches it and lands in that plan
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.claims(
                nonce=a["nonce"],
                target_link_uri=item["url"],
                sub=new_sub(),
                roles=[LEARNER],
                goals=item["custom"]["goals"],
            )
        ),
    )
    assert r.status_code == 303
    assert parse_qs(urlparse(r.headers["location"]).query)["goals"] == [
        "knowledge-distillation,softmax"
    ]


def test_cancel_returns_no_item_and_the_data(client, platform):  # noqa: F811
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.deep_linking_claims(nonce=a["nonce"], target_link_uri=TARGET)
        ),
    )
    done = client.post(
        "/lti/deep-link", data={"context": hidden(r.text, "context"), "action": "cancel"}
    )
    response = platform.read_deep_linking_response(
        hidden(done.text, "JWT"), client.get("/lti/jwks").json()
    )
    assert response[DL + "content_items"] == [] and response[DL + "data"] == "platform-opaque-7"


def test_a_learner_cannot_open_the_picker(client, platform):  # noqa: F811
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.deep_linking_claims(nonce=a["nonce"], target_link_uri=TARGET, roles=[LEARNER])
        ),
    )
    assert r.status_code == 403 and "instructor" in r.text


def test_a_platform_that_takes_no_resource_link_is_refused(client, platform):  # noqa: F811
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.deep_linking_claims(
                nonce=a["nonce"], target_link_uri=TARGET, accept_types=["file"]
            )
        ),
    )
    assert r.status_code == 401 and "ltiResourceLink" in html.unescape(r.text)


def test_a_changed_picker_context_is_refused(client, platform):  # noqa: F811
    r, _, _ = launch(
        client,
        platform,
        lambda a: platform.sign(
            platform.deep_linking_claims(nonce=a["nonce"], target_link_uri=TARGET)
        ),
    )
    context = hidden(r.text, "context")
    head, body, sig = context.split(".")
    forged = f"{head}.{body[:-4]}AAAA.{sig}"
    bad = client.post(
        "/lti/deep-link", data={"context": forged, "goal": "softmax", "action": "link"}
    )
    assert bad.status_code == 401 and "JWT" not in bad.text
