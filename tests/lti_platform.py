"""An LTI 1.3 platform of our own for the tests, following 1EdTech LTI Core 1.3 and the
Security Framework 1.0: its RSA keys, its JWKS served over real HTTP, the OIDC step of the
login (it answers the tool's authorization redirect with a signed id_token), and every
way a launch can be forged.

It shares no code with studypath's LTI side: its tokens are made here with joserfc from
the claims the specifications list.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from joserfc import jwk, jwt

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def rsa_key(kid: str) -> jwk.RSAKey:
    return jwk.RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256", "use": "sig"})


class Platform:
    """One platform: ``issuer`` is its own HTTP server, which serves ``/jwks``."""

    def __init__(self, client_id: str = "studypath-tool", deployment: str = "deployment-1") -> None:
        self.keys = [rsa_key("platform-key-1")]
        self.client_id = client_id
        self.deployment = deployment
        self.jwks_requests = 0
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                if urlparse(self.path).path != "/jwks":
                    self.send_error(404)
                    return
                platform.jwks_requests += 1
                body = json.dumps(
                    {"keys": [k.as_dict(private=False) for k in platform.keys]}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                url = urlparse(self.path)
                if url.path == "/token":
                    status, answer = platform.token(parse_qs(raw.decode()))
                elif url.path.endswith("/scores"):
                    status, answer = platform.score(
                        url.path, url.query, self.headers, json.loads(raw or b"null")
                    )
                else:
                    status, answer = 404, {"error": "not found"}
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        # Assignment and Grade Services: how the platform reads the tool's keys (set by the
        # test), the access tokens it issued, the scores it received, and an outage switch
        self.tool_jwks: Any = None
        self.access_tokens: set[str] = set()
        self.scores: list[dict[str, Any]] = []
        self.scores_down = False
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def registration(self) -> dict[str, Any]:
        """What an administrator passes to `studypath lti add-platform`."""
        return {
            "issuer": self.issuer,
            "client_id": self.client_id,
            "auth_url": f"{self.issuer}/auth",
            "token_url": f"{self.issuer}/token",
            "jwks_url": f"{self.issuer}/jwks",
            "deployments": [self.deployment],
        }

    def rotate(self) -> None:
        """A new signing key, listed first; the old one stays listed."""
        self.keys.insert(0, rsa_key(f"platform-key-{len(self.keys) + 1}"))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def claims(
        self,
        *,
        nonce: str,
        target_link_uri: str,
        sub: str = "user-1",
        goals: str = "softmax",
        roles: list[str] | None = None,
        **changes: Any,
    ) -> dict[str, Any]:
        """A resource link launch's claims (LTI Core 5.3, Security Framework 5.1.2)."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": [self.client_id],
            "azp": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": "Ada Lovelace",
            "locale": "en-US",
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment,
            LTI + "target_link_uri": target_link_uri,
            LTI + "resource_link": {"id": "link-1", "title": "Study plan"},
            LTI + "roles": roles if roles is not None else [LEARNER],
            LTI + "context": {"id": "course-1", "title": "Foundations of LLMs"},
            LTI + "custom": {"goals": goals},
        }
        for name, value in changes.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return claims

    def deep_linking_claims(
        self, *, nonce: str, target_link_uri: str, roles: list[str] | None = None, **settings: Any
    ) -> dict[str, Any]:
        """A Deep Linking request's claims (DL 4.4): no resource link, the settings claim."""
        claims = self.claims(
            nonce=nonce,
            target_link_uri=target_link_uri,
            sub="teacher-1",
            roles=roles if roles is not None else [INSTRUCTOR],
            **{LTI + "message_type": "LtiDeepLinkingRequest", LTI + "resource_link": None},
        )
        claims[DL + "deep_linking_settings"] = {
            "deep_link_return_url": f"{self.issuer}/deep-link-return",
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "accept_multiple": True,
            "data": "platform-opaque-7",
            **settings,
        }
        return claims

    def read_deep_linking_response(self, token: str, tool_jwks: dict[str, Any]) -> dict[str, Any]:
        """The tool's LtiDeepLinkingResponse, checked as a platform checks it (SEC 5.2):
        signed by a key of the tool's JWKS, from our client id, to us, not expired."""
        decoded = jwt.decode(token, jwk.KeySet.import_key_set(tool_jwks), algorithms=["RS256"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": self.client_id},
            aud={"essential": True, "value": self.issuer},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True},
        ).validate(decoded.claims)
        return dict(decoded.claims)

    def sign(
        self, claims: dict[str, Any], key: jwk.RSAKey | None = None, kid: str | None = None
    ) -> str:
        key = key or self.keys[0]
        header = {"alg": "RS256", "typ": "JWT", "kid": kid or key.as_dict()["kid"]}
        return jwt.encode(header, claims, key)

    def token(self, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        """The token endpoint (Security Framework 4.1): client credentials with a JWT
        assertion signed by a key of the tool's JWKS, from and about the client id, to us."""
        field = {k: v[0] for k, v in form.items()}
        if (
            field.get("grant_type") != "client_credentials"
            or field.get("client_assertion_type")
            != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        ):
            return 400, {"error": "unsupported_grant_type"}
        try:
            decoded = jwt.decode(
                field["client_assertion"],
                jwk.KeySet.import_key_set(self.tool_jwks()),
                algorithms=["RS256"],
            )
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self.client_id},
                sub={"essential": True, "value": self.client_id},
                aud={"essential": True, "value": f"{self.issuer}/token"},
                exp={"essential": True},
                jti={"essential": True},
            ).validate(decoded.claims)
        except Exception as err:  # noqa: BLE001 (any failure is the same refusal)
            return 401, {"error": "invalid_client", "error_description": str(err)}
        if AGS_SCORE not in field.get("scope", "").split():
            return 400, {"error": "invalid_scope"}
        token = uuid.uuid4().hex
        self.access_tokens.add(token)
        return 200, {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": AGS_SCORE,
        }

    def score(self, path: str, query: str, headers: Any, body: Any) -> tuple[int, dict[str, Any]]:
        """A line item's scores endpoint (AGS 2.0): a bearer token we issued, the score media
        type, and the fields a score has."""
        if self.scores_down:
            return 503, {"error": "maintenance"}
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth.split(" ", 1)[1] not in self.access_tokens:
            return 401, {"error": "invalid_token"}
        if headers.get("Content-Type") != "application/vnd.ims.lis.v1.score+json":
            return 415, {"error": "unsupported media type"}
        needed = {
            "userId",
            "scoreGiven",
            "scoreMaximum",
            "activityProgress",
            "gradingProgress",
            "timestamp",
        }
        if not isinstance(body, dict) or not needed <= set(body):
            return 400, {"error": "not a score"}
        self.scores.append({"path": path, "query": query, **body})
        return 200, {}

    @staticmethod
    def authorization(location: str) -> dict[str, str]:
        """The tool's redirect to /auth, read as the platform reads it."""
        parsed = urlparse(location)
        return {k: v[0] for k, v in parse_qs(parsed.query).items()}


def new_sub() -> str:
    return f"user-{uuid.uuid4().hex[:12]}"
