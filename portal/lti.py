"""LTI 1.3 messages (1EdTech LTI Core 1.3, Security Framework 1.0): the tool's keys, and
the checks on a platform's id_token. Pure functions on top of joserfc; no web code.

Why joserfc: it is maintained, BSD-licensed, needs only ``cryptography``, verifies against
a key set choosing the key by ``kid``, and validates any claim with a leeway. PyLTI1p3
(maintenance-only, Django and Flask adapters, blocking HTTP, its own ``aud`` check turned
off) would still leave the LTI rules to us; docs/lti.md says more.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Collection, Mapping
from typing import Any

from joserfc import jwk, jwt
from joserfc.errors import JoseError

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
TARGET_LINK_URI = LTI + "target_link_uri"
RESOURCE_LINK = LTI + "resource_link"
ROLES = LTI + "roles"
CUSTOM = LTI + "custom"
CONTEXT = LTI + "context"
LAUNCH_PRESENTATION = LTI + "launch_presentation"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTRUCTOR_ROLES = {MEMBERSHIP + r for r in ("Instructor", "Administrator", "ContentDeveloper")}
ALGORITHM = "RS256"
# exp and iat may be off by this much: clocks of platform and tool differ a little
LEEWAY_SECONDS = 60
# an id_token issued longer ago than this is refused even before its exp
MAX_AGE_SECONDS = 600


class LaunchRefused(Exception):
    """The launch is not accepted; the message says which rule it broke."""


def new_key(kid: str) -> dict[str, Any]:
    """A new RSA signing key of the tool, as a private JWK."""
    key = jwk.RSAKey.generate_key(2048, parameters={"kid": kid, "alg": ALGORITHM, "use": "sig"})
    return dict(key.as_dict(private=True))


def public_jwks(private_keys: Collection[Mapping[str, Any]]) -> dict[str, Any]:
    """The tool's JWKS: the public halves only."""
    keys = []
    for k in private_keys:
        public = {name: k[name] for name in ("kty", "n", "e", "kid", "alg", "use")}
        keys.append(public)
    return {"keys": keys}


def sign(claims: Mapping[str, Any], private_key: Mapping[str, Any]) -> str:
    key = jwk.RSAKey.import_key(dict(private_key))
    return jwt.encode(
        {"alg": ALGORITHM, "kid": private_key["kid"], "typ": "JWT"}, dict(claims), key
    )


def unverified_header(token: str) -> dict[str, Any]:
    """The JOSE header, before any check (to choose the key by its kid)."""
    try:
        head = token.split(".", 1)[0]
        value = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (ValueError, IndexError) as err:
        raise LaunchRefused(f"the id_token is not a JWT ({err})") from None
    if not isinstance(value, dict):
        raise LaunchRefused("the id_token's header is not a JSON object")
    return value


def verify_id_token(
    token: str,
    platform_jwks: Mapping[str, Any],
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    now: float | None = None,
) -> dict[str, Any]:
    """The claims of a platform's id_token, after the Security Framework's checks (5.1.3):
    signature by a key of the platform's JWKS (RS256 only), ``iss`` exactly the platform,
    ``aud`` containing our client id and nothing else we do not trust, ``azp`` our client
    id when given, ``exp`` not passed and ``iat`` not in
    the future nor too old (a small leeway), and ``nonce`` the one we issued at login."""
    moment = int(now if now is not None else time.time())
    try:
        keys = jwk.KeySet.import_key_set(dict(platform_jwks))  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as err:
        raise LaunchRefused(f"the platform's JWKS cannot be read ({err})") from None
    try:
        decoded = jwt.decode(token, keys, algorithms=[ALGORITHM])
    except JoseError as err:
        raise LaunchRefused(
            f"the id_token's signature is not the platform's ({err.error})"
        ) from None
    except ValueError as err:
        raise LaunchRefused(f"the id_token cannot be read ({err})") from None
    claims = dict(decoded.claims)
    registry = jwt.JWTClaimsRegistry(
        now=moment,
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as err:
        raise LaunchRefused(
            f"the id_token's claims are not accepted ({err.description or err.error})"
        ) from None
    audiences = claims.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else audiences
    if not isinstance(audiences, list) or client_id not in audiences:
        raise LaunchRefused(
            f"the id_token is not for this tool (aud does not contain '{client_id}')"
        )
    # other audiences are parties this tool does not know, so it trusts none (5.1.3, 3)
    if any(a != client_id for a in audiences):
        raise LaunchRefused("the id_token names audiences this tool does not trust")
    if claims.get("azp") is not None and claims["azp"] != client_id:
        raise LaunchRefused(f"the id_token's azp is not '{client_id}'")
    if not isinstance(claims.get("iat"), int | float) or claims["iat"] < moment - MAX_AGE_SECONDS:
        raise LaunchRefused(f"the id_token was issued more than {MAX_AGE_SECONDS} s ago")
    return claims


def check_resource_link_launch(claims: Mapping[str, Any], deployments: Collection[str]) -> None:
    """LTI Core 5.3: the message claims of a resource link launch, and a registered deployment."""
    if claims.get(VERSION) != "1.3.0":
        raise LaunchRefused(f"LTI version {claims.get(VERSION)!r} is not 1.3.0")
    deployment = claims.get(DEPLOYMENT_ID)
    if not isinstance(deployment, str) or deployment not in deployments:
        raise LaunchRefused(f"deployment {deployment!r} is not registered for this platform")
    kind = claims.get(MESSAGE_TYPE)
    if kind not in ("LtiResourceLinkRequest", "LtiDeepLinkingRequest"):
        raise LaunchRefused(f"message type {kind!r} is not one this tool takes")
    if kind == "LtiResourceLinkRequest":
        link = claims.get(RESOURCE_LINK)
        if not isinstance(link, dict) or not isinstance(link.get("id"), str) or not link["id"]:
            raise LaunchRefused("the launch has no resource_link id")
    if not isinstance(claims.get(ROLES), list):
        raise LaunchRefused("the launch has no roles claim")
    sub = claims.get("sub")
    # a Deep Linking request may come without a user (DL 2.0, 2023); a launch may not
    if kind == "LtiResourceLinkRequest" and (not isinstance(sub, str) or not sub or len(sub) > 255):
        raise LaunchRefused("the launch names no user (sub); anonymous launches are not taken")


def language_of(claims: Mapping[str, Any]) -> str:
    """studypath's language for a launch: Chinese for a zh… locale, else English."""
    return "zh" if str(claims.get("locale", "")).lower().startswith("zh") else "en"


def is_instructor(claims: Mapping[str, Any]) -> bool:
    return any(role in INSTRUCTOR_ROLES for role in claims.get(ROLES, []))
